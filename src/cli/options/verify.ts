// The options of ssj verify (declared once: they build the command and type its options).
import { JSON_OPTION, optionTable, type OptionsOf } from './define.js';

export const verifyOptions = optionTable([
  { flags: '--all', description: '复核台账中的全部记录（不给记录时的默认做法）' },
  // repeatable: a year's draws use several snapshots (the registry is revised in June and December); each draw is
  // checked with the file of its own snapshot
  { flags: '--entities <文件>', description: '在工作区之外复核：检查对象名录（快照 CSV 或导出的名录；可重复，各次抽取按名录快照选用）', repeat: true },
  { flags: '--inspectors <文件>', description: '在工作区之外复核：执法检查人员名录（可重复，同上）', repeat: true },
  // published files, folders or hashes to check the workspace against (docs/ledger.md)
  { flags: '--against <FILE_OR_HASH...>', description: '对照已公开的导出文件、年终材料文件夹或签字表上的哈希核对台账（见 docs/ledger.md）' },
  // the 回避 list (as imported, or its snapshot): lets verification from public files check teams and record hashes
  // repeatable: 回避 pairs declared between a draw and its 补抽 are in the 补抽's record only (the list as it stood then)
  { flags: '--conflicts <文件>', description: '在工作区之外复核：回避关系清单（供纪检监察复核检查组；不公开；可重复，年中更新过时给各个版本）', repeat: true },
  // check evidence records but not the evidence files themselves (a year-end copy without them)
  { flags: '--skip-evidence-files', description: '不逐个核对证据材料文件（只核对其登记）：用于不含证据文件的年终材料副本' },
  JSON_OPTION,
]);
export type VerifyOptions = OptionsOf<typeof verifyOptions>;
