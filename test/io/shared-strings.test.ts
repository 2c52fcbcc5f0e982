// The shared-strings scanner gives exactly what the saxes-based parser gives, or gives up (null) so that saxes
// parses the part: on every .xlsx fixture, and on hand-written and hostile parts cut into chunks anywhere.
import { readdirSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanSharedStrings } from '../../src/io/shared-strings.js';
import { parseSharedStrings } from '../../src/io/xlsx-parts.js';
import { xmlChunks } from '../../src/io/xml-stream.js';
import { openEntry, zipEntries } from '../../src/io/zip-directory.js';
import { FIXTURES } from '../helpers/workdir.js';

const files = ['quirks', 'sample', 'office'].flatMap((d) =>
  readdirSync(join(FIXTURES, d)).filter((f) => f.endsWith('.xlsx') && !f.startsWith('broken')).map((f) => join(FIXTURES, d, f)),
);

async function* pieces(bytes: Buffer, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
const outcome = async (f: () => Promise<string[] | null>) => {
  try {
    return await f();
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
};
/** What readXlsx gets: the scanner's strings, or saxes's when the scanner gives up. */
const both = async (bytes: Buffer, size: number) => {
  const fast = await outcome(() => scanSharedStrings(xmlChunks(pieces(bytes, size), '部件 ')));
  const ref = await outcome(() => parseSharedStrings(xmlChunks(pieces(bytes, 1 << 16), '部件 ')));
  return { fast, ref };
};

describe('shared strings scanner', () => {
  it('reads every fixture\'s shared strings as saxes does', async () => {
    let read = 0;
    for (const file of files) {
      const entries = await zipEntries(file, (await stat(file)).size);
      const entry = entries?.find((e) => e.name === 'xl/sharedStrings.xml');
      if (!entry) continue;
      const fast = await scanSharedStrings(xmlChunks(await openEntry(file, entry), '部件 '));
      const ref = await parseSharedStrings(xmlChunks(await openEntry(file, entry), '部件 '));
      expect(fast, file).toEqual(ref);
      read++;
    }
    expect(read).toBeGreaterThan(20);
  });

  const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n';
  const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const plain: [string, string][] = [
    ['plain', `${XML}<sst ${NS} count="3" uniqueCount="3"><si><t>序号</t></si><si><t>示例县兴业新城物业管理有限公司</t></si><si><t>914311221380203035</t></si></sst>`],
    ['runs, phonetic readings, properties', `${XML}<sst ${NS}><si><r><rPr><b/><sz val="11"/><rFont val="宋体"/><family val="3"/><charset val="134"/></rPr><t>欧阳</t></r><r><t xml:space="preserve"> 娜娜 </t></r><rPh sb="0" eb="2"><t>ōuyáng</t></rPh><phoneticPr fontId="1" type="noConversion"/></si><si><t>张三</t><rPh sb='0' eb='2'><t>zhāngsān</t></rPh></si></sst>`],
    ['entities, escapes, line ends', `${XML}<sst ${NS}><si><t>a&amp;b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#x4E2D;&#22269; &#x1F600;</t></si><si><t>tab_x0009_cr_x000D_ bell_x0007_</t></si><si><t>one\r\ntwo\rthree\nfour</t></si><si><t>&#13;&#10;</t></si></sst>`],
    ['empty and self-closing', `<sst ${NS}><si/><si><t/></si><si><t></t></si><si></si><si><r><t>x</t></r><r><t/></r></si></sst>\n`],
    ['a prefix', `${XML}<x:sst xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:si><x:t>前缀</x:t></x:si><x:si><x:r><x:t>富</x:t></x:r><x:r><x:t>文本</x:t></x:r></x:si></x:sst>`],
    ['a byte order mark, spaces in tags', `\uFEFF${XML}<sst ${NS} ><si ><t xml:space = "preserve" >  两端有空格  </t ></si ></sst >`],
    ['text outside <t>', `<sst ${NS}>\n  <si>\n    <t>a</t>\n  </si>\n  <si>stray<t>b</t></si>\n</sst>\n`],
    ['other elements', `<sst ${NS}><si><t>a</t></si><extLst><ext uri="{x}"><foo:bar xmlns:foo="urn:x" v="1"/></ext></extLst></sst>`],
  ];
  const hostile: [string, string][] = [
    ['a comment', `<sst ${NS}><si><t>a<!-- c -->b</t></si></sst>`],
    ['CDATA', `<sst ${NS}><si><t><![CDATA[<x>]]>y</t></si></sst>`],
    ['a doctype', `<!DOCTYPE sst [<!ENTITY e "x">]><sst ${NS}><si><t>&e;</t></si></sst>`],
    ['an unknown entity', `<sst ${NS}><si><t>a&nbsp;b</t></si></sst>`],
    ['a bare ampersand', `<sst ${NS}><si><t>AT&T</t></si></sst>`],
    ['a character reference XML does not allow', `<sst ${NS}><si><t>a&#1;b</t></si></sst>`],
    ['a control character', `<sst ${NS}><si><t>a\u0001b</t></si></sst>`],
    [']]> in text', `<sst ${NS}><si><t>a]]>b</t></si></sst>`],
    ['mismatched tags', `<sst ${NS}><si><t>a</si></t></sst>`],
    ['an unclosed element', `<sst ${NS}><si><t>a</t></si>`],
    ['two root elements', `<sst ${NS}><si><t>a</t></si></sst><sst/>`],
    ['text after the root', `<sst ${NS}><si><t>a</t></si></sst>junk`],
    ['a declaration not first', ` ${XML}<sst ${NS}><si><t>a</t></si></sst>`],
    ['a processing instruction inside', `<sst ${NS}><?pi x?><si><t>a</t></si></sst>`],
    ['a broken attribute', `<sst ${NS}><si><t xml:space=preserve>a</t></si></sst>`],
    ['an attribute holding an entity', `<sst ${NS} a="&amp;"><si><t>a</t></si></sst>`],
    ['bytes that are not UTF-8', `<sst ${NS}><si><t>a\u00ffb</t></si></sst>`],
    ['an empty part', ''],
    ['a string longer than a cell', `<sst ${NS}><si><t>${'长'.repeat(32_768)}</t></si></sst>`],
    ['a string at the limit', `<sst ${NS}><si><t>${'长'.repeat(32_767)}</t></si><si><r><t>${'a'.repeat(20_000)}</t></r><r><t>${'b'.repeat(12_768)}</t></r></si></sst>`],
  ];
  const bytesOf = (name: string, xml: string) => (name === 'bytes that are not UTF-8' ? Buffer.from(xml, 'latin1') : Buffer.from(xml, 'utf8'));

  it.each(plain)('%s: read by the scanner, as saxes reads it, in any chunking', async (name, xml) => {
    const bytes = bytesOf(name, xml);
    for (const size of [1, 2, 3, 5, 64, 1 << 16]) {
      const { fast, ref } = await both(bytes, size);
      expect(Array.isArray(ref), name).toBe(true);
      expect(fast, `${name} in chunks of ${size}`).toEqual(ref);
    }
  });

  it.each(hostile)('%s: the scanner gives up or agrees with saxes, in any chunking', async (name, xml) => {
    const bytes = bytesOf(name, xml);
    for (const size of [1, 3, 64, 1 << 16]) {
      const { fast, ref } = await both(bytes, size);
      if (fast !== null) expect(fast, `${name} in chunks of ${size}`).toEqual(ref);
    }
  });

  it('gives up on what saxes refuses', async () => {
    for (const [name, xml] of hostile) {
      const { fast, ref } = await both(bytesOf(name, xml), 7);
      if (typeof ref === 'string' && !ref.includes('超过')) expect(fast, name).toBeNull();
    }
  });
});

describe('a text node longer than any cell', () => {
  it('is refused within a few chunks (it was copied chunk by chunk up to the 8 MB run limit)', async () => {
    let read = 0;
    async function* bomb() {
      yield Buffer.from('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>');
      for (let i = 0; i < 200; i++) {
        read++;
        yield Buffer.alloc(1 << 16, 0x61);
      }
      yield Buffer.from('</t></si></sst>');
    }
    await expect(scanSharedStrings(bomb())).rejects.toThrow('共享字符串第 1 条超过 32767 个字符（Excel 一个单元格的上限）');
    expect(read).toBeLessThanOrEqual(6);
  });
});
