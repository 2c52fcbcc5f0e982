// A SHA-256 hash shown to be read aloud or copied by hand: its 16 groups of four in two lines of eight, so that it
// fits an 80-column terminal without a group broken over two lines.
import { groupsOf4 } from '../core/record.js';

/** The two lines of a hash's groups of four, each starting with `indent`. */
export function hashLines(hash: string, indent = '  '): [string, string] {
  const groups = groupsOf4(hash).split(' ');
  return [indent + groups.slice(0, 8).join(' '), indent + groups.slice(8).join(' ')];
}
