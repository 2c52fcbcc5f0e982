// ui/width.ts: string-width's answer for every text, loaded only when a text is not plain printable ASCII.
import realWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { loadWidth, stringWidth } from '../../src/ui/width.js';

describe('stringWidth', () => {
  it('measures as string-width does: ASCII, control characters, Chinese, full-width forms, emoji, combining marks', async () => {
    const texts = ['', 'abc', ' ~{}', 'a\tb', 'a\nb', '\u001b[31mred\u001b[0m', '中文', '清河县（光丰）机械', 'ＡＢＣ１２３', '😀', '👨‍👩‍👧', 'é', 'e\u0301', '\u200b', '한국어', 'ｶﾀｶﾅ', '・'];
    for (const t of texts) expect(stringWidth(t), JSON.stringify(t)).toBe(realWidth(t));
    await loadWidth();
    for (const t of texts) expect(stringWidth(t), JSON.stringify(t)).toBe(realWidth(t));
  });
});
