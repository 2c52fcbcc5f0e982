// The entry point: builds the command tree (commands load their modules only when run), and is the one
// place where errors become output and an exit code: 0 ok, 1 checks failed or input invalid, 2 usage error.
import { Command, CommanderError, Help } from 'commander';
import { createRequire } from 'node:module';
import { osError, SsjError } from '../core/errors.js';
import { c, err, json } from '../ui/output.js';
import stringWidth from 'string-width';
import { didYouMean } from '../ui/suggest.js';
import { wrapText } from '../ui/terminal.js';

const require = createRequire(import.meta.url);
const { version } = require('../../package.json') as { version: string };

/** Options every command receives. */
export interface GlobalOptions {
  /** -C: run as if started in this folder */
  cwd: string;
}

const TITLES: Record<string, string> = {
  'Usage:': '用法：',
  'Options:': '选项：',
  'Commands:': '命令：',
  'Arguments:': '参数：',
  'Global Options:': '全局选项：',
};

const zhUsage = (s: string) => s.replace('[options]', '[选项]').replace('[command]', '[命令]');

class ChineseHelp extends Help {
  override styleTitle(title: string): string {
    return c.bold(TITLES[title] ?? title);
  }
  override subcommandTerm(cmd: Command): string {
    return zhUsage(super.subcommandTerm(cmd));
  }
  override commandUsage(cmd: Command): string {
    return zhUsage(super.commandUsage(cmd));
  }
  /** columns on the terminal (a Chinese character takes two), so the descriptions line up */
  override displayWidth(str: string): number {
    return stringWidth(str);
  }
  /** wrap Chinese descriptions between characters, by display width */
  override boxWrap(str: string, width: number): string {
    if (width < this.minWidthToWrap) return str;
    return wrapText(str, width).join('\n');
  }
}

/** The command whose subcommand `typed` was meant to be: follows argv down the command tree. */
function parentOf(program: Command, argv: string[], typed: string): Command {
  let cmd = program;
  const args = argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-C') {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    if (a === typed) break;
    const next = cmd.commands.find((c) => c.name() === a || c.aliases().includes(a));
    if (!next) break;
    cmd = next;
  }
  return cmd;
}

/** commander's own error codes, said in Chinese. */
function commanderMessage(e: CommanderError, program?: Command, argv: string[] = []): string {
  const arg = /'([^']+)'/.exec(e.message)?.[1] ?? '';
  const theirs = /\(Did you mean (\S+?)\?\)/.exec(e.message)?.[1];
  switch (e.code) {
    case 'commander.unknownOption':
      return `不认识的选项 ${arg}${theirs ? `（是不是要用 ${theirs}？）` : ''}`;
    case 'commander.unknownCommand': {
      if (!program) return `不认识的命令 ${arg}`;
      const parent = parentOf(program, argv, arg);
      const names = parent.commands.map((c) => c.name()).filter((n) => n !== 'help');
      const hint = didYouMean(arg, names, parent.name() === 'import' ? 'list' : 'command') || (theirs ? `（是不是要用 ${theirs}？）` : '');
      return `${parent.name() === 'import' ? '不认识的名录' : '不认识的命令'} ${arg}${hint}`;
    }
    case 'commander.missingArgument':
      return `缺少参数 ${arg}`;
    case 'commander.optionMissingArgument':
      return `选项 ${arg} 后面需要跟一个值`;
    case 'commander.missingMandatoryOptionValue':
      return `缺少必需的选项 ${arg}`;
    case 'commander.excessArguments':
      return `参数太多了：${e.message.replace(/^error: /, '')}`;
    case 'commander.invalidArgument':
      return e.message.replace(/^error: /, '');
    default:
      return e.message.replace(/^error: /, '');
  }
}

/** Every command and subcommand gets the Chinese help, the Chinese help option and no process.exit. */
class SsjCommand extends Command {
  override createCommand(name?: string): Command {
    return new SsjCommand(name).helpOption('-h, --help', '显示帮助');
  }
  override createHelp(): Help {
    return Object.assign(new ChineseHelp(), this.configureHelp());
  }
}

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new SsjCommand('ssj');
  program
    .description('“双随机、一公开”抽查工具：导入名录库，公开可复核的随机抽取，填写抽查工作记录表，导出公开清单')
    .version(version, '-V, --version', '显示版本号')
    .helpOption('-h, --help', '显示帮助')
    .helpCommand('help [命令]', '显示某个命令的帮助')
    .option('-C <目录>', '在这个目录中运行（像 git -C），默认为当前目录')
    .showSuggestionAfterError(true)
    .enablePositionalOptions() // -C goes before the command, as in git; lets subcommands reuse option names
    .exitOverride()
    .configureOutput({ outputError: () => {} });

  const globals = (): GlobalOptions => ({ cwd: (program.opts()['C'] as string | undefined) ?? process.cwd() });
  const run = (load: () => Promise<(...a: any[]) => Promise<number>>) =>
    async (...args: unknown[]) => {
      const fn = await load();
      setExit(await fn(...args.slice(0, -1), globals()));
    };
  const sub = (name: string, description: string) => {
    return program.command(name).description(description);
  };

  sub('init [目录]', '创建工作区（ssj.json 及其文件夹）')
    .option('--org <单位名称>', '单位名称，如：示例县住房和城乡建设局')
    .option('--year <年度>', '年度，如：2026（默认为今年）')
    .option('--from <目录>', '从上一年度的工作区带入名录和设置（不带入抽取记录）')
    .option('--json', '以 JSON 输出结果')
    .action(run(async () => (await import('./init.js')).init));

  const imp = sub('import', '导入名录：inspectors（执法检查人员）、entities（检查对象）、items（抽查事项）、conflicts（回避关系）');
  for (const [kind, label] of [
    ['inspectors', '执法检查人员名录'],
    ['entities', '检查对象名录库'],
    ['items', '随机抽查事项清单'],
    ['conflicts', '回避关系清单'],
  ] as const) {
    imp
      .command(`${kind} <文件>`)
      .description(`导入${label}（.xlsx 或 .csv）`)
      .option('--sheet <工作表>', '只读这个工作表（可重复）', (v: string, prev: string[] = []) => [...prev, v])
      .option('--skip-invalid', '跳过有错误的行，只导入正确的行；被跳过的行写入 imports/rejects/ 中的 Excel 文件')
      .option('--json', '以 JSON 输出结果');
    if (kind === 'inspectors' || kind === 'items') {
      imp.commands.at(-1)!.option('--dept <部门>', '其他部门（部门联合抽查）的名录：与本单位的并存，只替换该部门原有的行');
    }
    imp.commands.at(-1)!
      .action(run(async () => {
        const { importList } = await import('./import.js');
        return (file: string, opts: Record<string, unknown>, g: GlobalOptions) => importList(kind, file, opts, g);
      }));
  }

  sub('list <名录>', '查看当前名录：inspectors、entities、items 或 conflicts')
    .option('--status <状态>', '只看 active（正常）或 gone（已退出）的检查对象')
    .option('--category <行业类别>', '只看某个行业类别 / 执法类别')
    .option('--all', `显示全部（默认只显示前 50 条；在终端中分页显示）`)
    .option('--json', '以 JSON 输出（数组）')
    .action(run(async () => (await import('./list.js')).list));

  const collect = (v: string, prev: string[] = []) => [...prev, v];
  const drawCmd = sub('draw', '随机抽取检查对象和执法检查人员（种子公开、结果可复核），记入抽取台账')
    .option('--item <事项编号>', '抽查事项编号（可重复：多个事项合并检查）', collect)
    .option('--round <次数>', '本年度第几次抽取（默认为下一次）')
    .option('--ratio <比例>', '抽查比例，如 0.05 或 5%（默认用事项清单中的比例）')
    .option('--count <数量>', '每个事项抽取的数量（代替比例）')
    .option('--seed <种子>', '直接给出随机种子（如事先公布的开奖号码）')
    .option('--witness <姓名>', '监督人员 / 见证人（可重复）', collect)
    .option('--entropy <数字>', '见证人输入的随机数字，按 --witness 的顺序（可重复）', collect)
    .option('--public <值>', '事先公布的公开随机数（如开奖号码），并入种子')
    .option('--public-name <说明>', '公开随机数的来源，如“2026-11-21 福彩3D 开奖号码”')
    .option('--operator <姓名>', '操作人员（默认为当前用户）')
    .option('--place <地点>', '抽取地点')
    .option('--where <字段=值>', '定向抽取：只在 区域、行业类别、监管责任股室 或 信用风险分类 符合的对象中抽取（可重复）', collect)
    .option('--strata <字段>', '按 区域 等字段分层，按比例分配抽取数量（最大余数法）')
    .option('--team-size <人数>', '每组执法人员人数（至少 2，默认见 ssj.json）')
    .option('--experts <人数>', '每组另加专家人数（不计入执法人员）')
    .option('--redraw', '再次抽取已抽过的事项和次数（须同时用 --reason 说明原因）')
    .option('--reason <原因>', '再次抽取的原因')
    .option('--present', '投屏模式：全屏大字，逐步显示（见证抽取时使用）')
    .option('--announced <公告编号>', '按事先公告抽取（ssj draw announce），与 --public 一起使用')
    .option('-y, --yes', '不询问确认')
    .option('--json', '以 JSON 输出结果')
    .action(run(async () => (await import('./draw.js')).draw));
  drawCmd
    .enablePositionalOptions() // `ssj draw replace … --reason` belongs to replace, not to draw
    .command('replace <记录>')
    .description('补抽：替换抽中的检查对象（如已注销）或检查人员（如需回避），记为原记录的补充记录')
    .option('--entity <代码>', '被替换的检查对象（统一社会信用代码或项目编号）')
    .option('--inspector <执法证号>', '被替换的检查人员')
    .option('--reason <原因>', '原因，如 注销、迁出、回避、离职')
    .option('--operator <姓名>', '操作人员（默认为当前用户）')
    .option('--json', '以 JSON 输出结果')
    .action(run(async () => (await import('./replace.js')).replace));
  drawCmd
    .command('announce')
    .description('事先公告：固定名录、检查对象池、抽取数量和将来公布的公开随机数来源，记入台账并生成公告文件')
    .option('--item <事项编号>', '抽查事项编号（可重复：多个事项合并检查）', collect)
    .option('--round <次数>', '本年度第几次抽取（默认为下一次）')
    .option('--where <字段=值>', '定向抽取的范围（可重复）', collect)
    .option('--strata <字段>', '按 区域 等字段分层')
    .option('--count <数量>', '每个事项抽取的数量（代替比例）')
    .option('--ratio <比例>', '抽查比例，如 0.05 或 5%')
    .option('--team-size <人数>', '每组执法人员人数')
    .option('--experts <人数>', '每组另加专家人数')
    .option('--source <描述>', '公开随机数的来源，如“中国福利彩票 3D 2026-03-16 开奖号码”')
    .option('--source-date <日期>', '公开随机数公布的日期（YYYY-MM-DD，须在今天之后）')
    .option('--operator <姓名>', '操作人员（默认为当前用户）')
    .option('--json', '以 JSON 输出结果')
    .action(run(async () => (await import('./announce.js')).announce));

  sub('verify [记录]', '复核抽取：按记录中的名录快照和种子重新抽取，并检查台账链条')
    .option('--all', '复核台账中的全部记录（不给记录时的默认做法）')
    .option('--entities <文件>', '在工作区之外复核：检查对象名录（快照 CSV 或导出的名录）')
    .option('--inspectors <文件>', '在工作区之外复核：执法检查人员名录')
    .option('--against <FILE_OR_HASH...>', '对照已公开的导出文件、年终材料文件夹或签字表上的哈希核对台账（见 docs/ledger.md）')
    .option('--conflicts <文件>', '在工作区之外复核：回避关系清单（供纪检监察复核检查组；不公开）')
    .option('--skip-evidence-files', '不逐个核对证据材料文件（只核对其登记）：用于不含证据文件的年终材料副本')
    .option('--json', '以 JSON 输出结果')
    .action(run(async () => (await import('./verify.js')).verify));

  sub('form <记录>', '填写抽查工作记录表（按模板生成可打印的 Excel 文件）')
    .option('--template <模板.xlsx>', '使用自己的模板（占位符写法见 docs/templates.md），默认用 templates/抽查工作记录表.xlsx')
    .option('-o, --output <文件.xlsx>', '输出文件（默认为工作区 forms/ 中以记录编号命名的文件）')
    .option('--json', '以 JSON 输出结果')
    .action(run(async () => (await import('./form.js')).form));

  const results = sub('results', '检查结果：生成填报表、导入检查结果、登记公示');
  results
    .command('sheet <记录>')
    .description('生成检查结果填报表（已填好抽中的检查对象、事项和检查组，下拉选择检查结果）')
    .option('-o, --output <文件.xlsx>', '输出文件（默认为工作区 results/ 中以记录编号命名的文件）')
    .option('--json', '以 JSON 输出结果')
    .action(run(async () => (await import('./results.js')).resultsSheet));
  results
    .command('import <文件>')
    .description('导入填好的检查结果填报表（每次导入保存为新的版本，旧版本保留）')
    .option('--json', '以 JSON 输出结果')
    .action(run(async () => (await import('./results.js')).resultsImport));
  results
    .command('publish <任务>')
    .description('登记某个抽查任务的检查结果已经公示')
    .option('--date <日期>', '公示日期，如 2026-12-01')
    .option('--url <网址>', '公示网址')
    .option('--json', '以 JSON 输出结果')
    .action(run(async () => (await import('./results.js')).resultsPublish));

  sub('export <清单>', '导出公开清单：items（抽查事项）、plan（年度计划）、draws（抽取结果）、results（检查结果）、entities（检查对象名录库）、inspectors（执法检查人员名录）、verifier（网页复核工具）；adjustments（名录库调整清单）、evidence（证据材料索引）')
    .option('--task <任务>', '只导出这个抽查任务（记录编号）')
    .option('--format <格式>', 'xlsx 或 csv（默认 xlsx）')
    .option('-o, --output <文件>', '输出文件（默认为工作区 exports/ 中的文件）')
    .option('--internal', '内部版本：包含联系电话、联络人、回避原因等不公开的内容')
    .option('--encoding <编码>', 'CSV 的编码：utf8（默认，带 BOM）或 gb18030')
    .option('--snapshot <快照>', 'entities、inspectors：导出某次抽取所用的名录（快照哈希或抽取记录编号；默认为当前名录）')
    .option('--json', '以 JSON 输出结果')
    .action(run(async () => (await import('./export.js')).exportList));

  sub('visits', '本年度要实施的检查：每个检查对象一行，多个任务抽中的合并检查（任务、事项、检查组）')
    .option('-o, --output <文件>', '同时写入 Excel 文件（.xlsx）')
    .option('--json', '以 JSON 输出（数组）')
    .action(run(async () => (await import('./visits.js')).visits));

  sub('status', '各抽查任务的进度和结果公示期限（逾期标红）')
    .option('--json', '以 JSON 输出（数组）')
    .action(run(async () => (await import('./status.js')).status));

  sub('due <日期>', '计算结果公示的截止日期：检查结束日期 + N 个工作日（按国务院节假日安排，含调休）')
    .option('--days <工作日数>', '工作日数（默认见 ssj.json，未在工作区中时为 20）')
    .option('--json', '以 JSON 输出结果')
    .action(run(async () => (await import('./due.js')).due));

  const planCmd = sub('plan', '生成年度抽查工作计划；--file 备案（记入台账），plan adjust 记录调整')
    .option('-o, --output <文件.xlsx>', '输出文件（默认为工作区 exports/ 中的文件）')
    .option('--file', '将本年度计划备案：记入抽取台账，生成备案文件（报上一级主管部门备案）')
    .option('--json', '以 JSON 输出（数组；--file 时为备案结果）')
    .action(run(async () => (await import('./plan.js')).plan));
  planCmd
    .enablePositionalOptions()
    .command('adjust')
    .description('记录计划调整：按当前的事项清单和设置生成新版本，记下与备案版本的差别（调整计划需逐级上报备案）')
    .option('--reason <原因>', '调整原因')
    .option('--json', '以 JSON 输出结果')
    .action(run(async () => {
      const { filePlan } = await import('./plan-file.js');
      return (opts: { reason?: string; json?: boolean }, g: GlobalOptions) => filePlan({ ...opts, adjust: true }, g);
    }));

  sub('attach <任务> <文件...>', '保存证据材料（照片、录像、签字的记录表、整改材料……）：按哈希保存，记入台账')
    .option('--kind <类别>', '材料类别：照片、视频、签字记录表、检查记录、整改材料、处罚决定、其他')
    .option('--entity <代码>', '材料所涉及的检查对象（统一社会信用代码或项目编号）')
    .option('--note <说明>', '说明')
    .option('--json', '以 JSON 输出结果')
    .action(run(async () => (await import('./attach.js')).attach));

  sub('rollup <工作区或年终材料...>', '汇总下属单位：逐个复核台账，合并各单位、各事项的抽查情况')
    .option('-o, --output <文件.xlsx>', '输出的汇总表')
    .option('--json', '以 JSON 输出结果')
    .action(run(async () => (await import('./rollup.js')).rollup));

  sub('report', '年度抽查情况报告：各事项是否达标、重复抽中、人员工作量、注销吊销迁出、补抽和台账复核')
    .option('--year <年度>', '年度（默认为工作区的年度）')
    .option('-o, --output <文件.xlsx>', '输出文件（默认为工作区 exports/ 中的文件）')
    .option('--json', '以 JSON 输出结果')
    .action(run(async () => (await import('./report.js')).report));

  sub('demo [目录]', '用自带的示例文件演示完整流程（创建工作区、导入名录……）')
    .option('--json', '以 JSON 输出结果')
    .action(run(async () => (await import('./demo.js')).demo));

  return program;
}

export async function main(argv: string[]): Promise<number> {
  let exit = 0;
  const program = buildProgram((code) => (exit = code));
  const wantsJson = argv.includes('--json');
  const { installSigint, isInterrupt, interruptMessage } = await import('./interrupt.js');
  if (process.stdin.isTTY) installSigint((line) => err(`${c.bad('✖')} ${line}`));
  try {
    await program.parseAsync(argv);
    return exit;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      if (e.code === 'commander.executeSubCommandAsync') return e.exitCode;
      const message = commanderMessage(e, program, argv);
      if (wantsJson) json({ ok: false, error: { code: 'USAGE', message } });
      else err(`${c.bad('✖')} ${message}\n  ${c.dim('用 ssj --help 或 ssj <命令> --help 查看用法')}`);
      return 2;
    }
    if (isInterrupt(e)) {
      // Ctrl-C at a prompt or a step: one line, exit 130 (the command said what it left behind)
      const message = e instanceof SsjError ? e.message : interruptMessage();
      if (wantsJson) json({ ok: false, error: { code: 'INTERRUPTED', message } });
      else err(`${c.bad('✖')} ${message}`);
      return 130;
    }
    if (e instanceof SsjError) {
      if (wantsJson) json({ ok: false, error: { code: e.code, message: e.message, hint: e.hint ?? null } });
      else err(`${c.bad('✖')} ${e.message}${e.hint ? `\n  ${c.dim('提示：')}${e.hint}` : ''}${debugStack(e.cause ?? e)}`);
      return e.exitCode;
    }
    const os = osError(e);
    if (os) {
      if (wantsJson) json({ ok: false, error: { code: os.code, message: os.message, hint: os.hint ?? null } });
      else err(`${c.bad('✖')} ${os.message}${os.hint ? `\n  ${c.dim('提示：')}${os.hint}` : ''}${debugStack(e)}`);
      return os.exitCode;
    }
    // the stack only with SSJ_DEBUG=1
    const message = process.env['SSJ_DEBUG'] === '1' ? ((e as Error)?.stack ?? String(e)) : String((e as Error)?.message ?? e);
    if (wantsJson) json({ ok: false, error: { code: 'INTERNAL', message: String((e as Error)?.message ?? e) } });
    else err(`${c.bad('✖')} ssj 内部错误，这不是您的操作问题。请把下面的信息发给维护人员${process.env['SSJ_DEBUG'] === '1' ? '' : '（用 SSJ_DEBUG=1 重新运行可看到详细信息）'}：\n${c.dim(message)}`);
    return 1;
  }
}

/** With SSJ_DEBUG=1, the stack of an error turned into a message (and of its cause). */
function debugStack(e: unknown): string {
  if (process.env['SSJ_DEBUG'] !== '1') return '';
  const stack = (e as Error)?.stack ?? String(e);
  return `\n${c.dim(stack)}`;
}
