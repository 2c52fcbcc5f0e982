// The entry point: builds the command tree (commands load their modules only when run), and is the one
// place where errors become output and an exit code: 0 ok, 1 checks failed or input invalid, 2 usage error.
import type * as Commander from 'commander';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { osError, SsjError } from '../core/errors.js';
import { c, err, json, jsonWritten, loadColours } from '../ui/output.js';
import { loadsOnDemand, loadWidth, stringWidth } from '../ui/width.js';
import { didYouMean, suggest } from '../ui/suggest.js';
import { wrapText } from '../ui/terminal.js';
import { addOptions, type ArgsOf, type OptionsOf, type OptionTable } from './options/define.js';
import { announceOptions } from './options/announce.js';
import { attachOptions } from './options/attach.js';
import { demoOptions } from './options/demo.js';
import { drawOptions } from './options/draw.js';
import { dueOptions } from './options/due.js';
import { exportOptions } from './options/export.js';
import { formOptions } from './options/form.js';
import { importDeptOptions, importOptions, type ImportOptions } from './options/import.js';
import { initOptions } from './options/init.js';
import { listOptions } from './options/list.js';
import { planAdjustOptions, planOptions, type PlanAdjustOptions } from './options/plan.js';
import { replaceOptions } from './options/replace.js';
import { reportOptions } from './options/report.js';
import { resultsImportOptions, resultsPublishOptions, resultsSheetOptions } from './options/results.js';
import { rollupOptions } from './options/rollup.js';
import { statusOptions } from './options/status.js';
import { verifyOptions } from './options/verify.js';
import { visitsOptions } from './options/visits.js';

const require = createRequire(import.meta.url);
const { version } = require('../../package.json') as { version: string };
// commander is CommonJS: required as such, not imported through Node's ES-module wrapper, which first scans its
// source for the names it exports (about 6 ms of every start)
const { Command, CommanderError, Help } = require('commander') as typeof Commander;
type Command = Commander.Command;
type CommanderError = Commander.CommanderError;
type Help = Commander.Help;

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

/** The commands typed in argv, in order, following it down the command tree (up to the word `stop`, when given). */
function typedCommands(program: Command, argv: string[], stop?: string): Command[] {
  const out: Command[] = [];
  let cmd = program;
  const args = argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-C') {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    if (a === stop) break;
    const next = cmd.commands.find((c) => c.name() === a || c.aliases().includes(a));
    if (!next) break;
    out.push((cmd = next));
  }
  return out;
}

/** The command whose subcommand `typed` was meant to be. */
const parentOf = (program: Command, argv: string[], typed: string): Command => typedCommands(program, argv, typed).at(-1) ?? program;

/** The command typed, with the commands above it ("draw replace"); `name` when none is found. */
const commandPath = (program: Command, argv: string[], name: string): string => typedCommands(program, argv).map((c) => c.name()).join(' ') || name;

/** What to type for an argument left out, where its name alone does not say. */
const MISSING_ARG_EXAMPLE: Record<string, string> = {
  记录: '记录编号如 2026-001，ssj status 列出各抽查任务',
  任务: '任务编号如 2026-001，ssj status 列出各抽查任务',
  日期: '如 2026-09-25',
};

/** commander's own error codes, said in Chinese. */
function commanderMessage(e: CommanderError, program?: Command, argv: string[] = []): string {
  const arg = /'([^']+)'/.exec(e.message)?.[1] ?? '';
  const theirs = /\(Did you mean (\S+?)\?\)/.exec(e.message)?.[1];
  switch (e.code) {
    case 'commander.unknownOption':
      // -C names the workspace for every command, so it comes before the command, as in git
      if (arg === '-C') return `-C 要写在命令之前，如 ssj -C 工作区目录 ${(program ? commandPath(program, argv, '') : '') || '命令'} …`;
      return `不认识的选项 ${arg}${theirs ? `（是不是要用 ${theirs}？）` : ''}`;
    case 'commander.unknownCommand': {
      if (!program) return `不认识的命令 ${arg}`;
      const parent = parentOf(program, argv, arg);
      const names = parent.commands.map((c) => c.name()).filter((n) => n !== 'help');
      const hint = didYouMean(arg, names, parent.name() === 'import' ? 'list' : 'command') || (theirs ? `（是不是要用 ${theirs}？）` : '');
      return `${parent.name() === 'import' ? '不认识的名录' : '不认识的命令'} ${arg}${hint}`;
    }
    case 'commander.missingArgument': {
      // name the command and show its usage line: "缺少参数 记录" alone does not say what to type
      const cmd = program ? typedCommands(program, argv).at(-1) : undefined;
      if (!cmd) return `缺少参数 ${arg}`;
      const name = `ssj ${commandPath(program!, argv, cmd.name())}`;
      const example = MISSING_ARG_EXAMPLE[arg];
      return `${name} 缺少参数「${arg}」（用法：${name} ${zhUsage(cmd.usage())}${example ? `；${example}` : ''}）`;
    }
    case 'commander.optionMissingArgument':
      return `选项 ${arg} 后面需要跟一个值`;
    case 'commander.missingMandatoryOptionValue':
      return `缺少必需的选项 ${arg}`;
    case 'commander.excessArguments': {
      // too many arguments for 'verify'. Expected 1 argument but got 3.
      const n = /Expected (\d+) arguments? but got (\d+)/.exec(e.message);
      if (!n) return `参数太多了：${e.message.replace(/^error: /, '')}`;
      const typed = program ? typedCommands(program, argv) : [];
      const name = `ssj ${typed.map((c) => c.name()).join(' ') || arg}`.trim();
      // a mistyped subcommand (ssj draw replce) is an argument to its parent: say which subcommand was meant
      const last = typed.at(-1);
      const subs = last?.commands.map((c) => c.name()).filter((x) => x !== 'help') ?? [];
      const first = last?.args[0];
      if (subs.length && Number(n[1]) === 0 && first !== undefined) {
        const meant = suggest(first, subs);
        return `${name} 没有子命令「${first}」${meant ? `（是不是要用 ${name} ${meant}？）` : `：它的子命令有 ${subs.join('、')}`}`;
      }
      const took = Number(n[1]) === 0 ? '不接受参数' : `只接受 ${n[1]} 个参数`;
      return `参数太多了：${name} ${took}，现在有 ${n[2]} 个（文件名或文字中有空格时，请用英文引号括起来，如 "2026年度 抽取结果.xlsx"）`;
    }
    case 'commander.invalidArgument':
      return e.message.replace(/^error: /, '');
    default:
      return e.message.replace(/^error: /, '');
  }
}

/** Where to read the usage of the command typed (the hint of every usage error; -C after the command is explained by
 * commanderMessage itself). */
function usageHint(program: Command, argv: string[]): string {
  const name = commandPath(program, argv, '');
  return name ? `用 ssj ${name} --help 查看用法` : '用 ssj --help 或 ssj <命令> --help 查看用法';
}

/** The hint of an error of ssj itself (INTERNAL), in --json as on the terminal. */
const INTERNAL_HINT = '这不是您的操作问题：用 SSJ_DEBUG=1 重新运行可看到详细信息，请把信息发给维护人员';

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

  const globals = (): GlobalOptions => {
    const dir = program.opts()['C'] as string | undefined;
    // -C 名录.xlsx: a file is not a folder to run in (as git -C says); a folder that does not exist is said by the command
    if (dir !== undefined) {
      let file = false;
      try {
        file = !statSync(resolve(dir)).isDirectory();
      } catch {
        // (missing: FOLDER_NOT_FOUND where the workspace is opened)
      }
      if (file) throw new SsjError('NOT_A_DIRECTORY', `-C 给的「${resolve(dir)}」是一个文件，不是文件夹`, { hint: '-C 后面写工作区的文件夹（或其中的任何子文件夹），如 ssj -C D:\\双随机\\2026年双随机 status' });
    }
    return { cwd: dir ?? process.cwd() };
  };
  /**
   * A command built from its usage and its option table: the command's function gets the positional arguments the
   * usage declares, the options the table declares (typed from the same table) and the global options.
   */
  const command = <const U extends string, const T extends OptionTable>(
    parent: Command, usage: U, description: string, options: T,
    load: () => Promise<(...a: [...ArgsOf<U>, OptionsOf<T>, GlobalOptions]) => Promise<number>>,
  ): Command =>
    addOptions(parent.command(usage).description(description), options).action(async (...args: unknown[]) => {
      const fn = await load();
      // commander passes the usage's arguments, then the options it parsed by the table, then the command itself
      const given = args.slice(0, -1) as [...ArgsOf<U>, OptionsOf<T>];
      setExit(await fn(...given, globals()));
    });
  const sub = <const U extends string, const T extends OptionTable>(
    usage: U, description: string, options: T,
    load: () => Promise<(...a: [...ArgsOf<U>, OptionsOf<T>, GlobalOptions]) => Promise<number>>,
  ) => command(program, usage, description, options, load);

  sub('init [目录]', '创建工作区（ssj.json 及其文件夹）', initOptions, async () => (await import('./init.js')).init);

  const imp = program.command('import').description('导入名录：inspectors（执法检查人员）、entities（检查对象）、items（抽查事项）、conflicts（回避关系）');
  for (const [kind, label] of [
    ['inspectors', '执法检查人员名录'],
    ['entities', '检查对象名录库'],
    ['items', '随机抽查事项清单'],
    ['conflicts', '回避关系清单'],
  ] as const) {
    // inspectors and items: also another department's list (部门联合抽查)
    const options = kind === 'inspectors' || kind === 'items' ? importDeptOptions : importOptions;
    command(imp, `${kind} <文件>`, `导入${label}（.xlsx 或 .csv）`, options, async () => {
      const { importList } = await import('./import.js');
      return (file: string, opts: ImportOptions, g: GlobalOptions) => importList(kind, file, opts, g);
    });
  }

  sub('list <名录>', '查看当前名录：inspectors、entities、items 或 conflicts', listOptions, async () => (await import('./list.js')).list);

  const drawCmd = sub('draw', '随机抽取检查对象和执法检查人员（种子公开、结果可复核），记入抽取台账', drawOptions,
    async () => {
      // a province's registry is hashed on a second thread: that thread starts now, while the draw's modules load
      const root = (await import('../io/workspace.js')).findWorkspaceRoot(globals().cwd);
      if (root) (await import('../io/snapshot-read.js')).prewarmHashWorker((await import('../io/store.js')).snapshotDir(root, 'entities'));
      return (await import('./draw.js')).draw;
    });
  drawCmd.enablePositionalOptions(); // `ssj draw replace … --reason` belongs to replace, not to draw
  command(drawCmd, 'replace <记录>', '补抽：替换抽中的检查对象（如已注销）或检查人员（如需回避），记为原记录的补充记录', replaceOptions,
    async () => (await import('./replace.js')).replace);
  command(drawCmd, 'announce', '事先公告：固定名录、检查对象池、抽取数量和将来公布的公开随机数来源，记入台账并生成公告文件', announceOptions,
    async () => (await import('./announce.js')).announce);

  sub('verify [记录]', '复核抽取：按记录中的名录快照和种子重新抽取，并检查台账链条', verifyOptions, async () => (await import('./verify.js')).verify);

  sub('form <记录>', '填写抽查工作记录表（按模板生成可打印的 Excel 文件）', formOptions, async () => (await import('./form.js')).form);

  const results = program.command('results').description('检查结果：生成填报表、导入检查结果、登记公示');
  command(results, 'sheet <记录>', '生成检查结果填报表（已填好抽中的检查对象、事项和检查组，下拉选择检查结果）', resultsSheetOptions,
    async () => (await import('./results.js')).resultsSheet);
  command(results, 'import <文件>', '导入填好的检查结果填报表（每次导入保存为新的版本，旧版本保留）', resultsImportOptions,
    async () => (await import('./results.js')).resultsImport);
  command(results, 'publish <任务>', '登记某个抽查任务的检查结果已经公示', resultsPublishOptions,
    async () => (await import('./results.js')).resultsPublish);

  sub('export <清单>', '导出公开清单：items（抽查事项）、plan（年度计划）、draws（抽取结果）、results（检查结果）、entities（检查对象名录库）、inspectors（执法检查人员名录）、verifier（网页复核工具）；adjustments（名录库调整清单）、evidence（证据材料索引）',
    exportOptions, async () => (await import('./export.js')).exportList);

  sub('visits', '本年度要实施的检查：每个检查对象一行，多个任务抽中的合并检查（任务、事项、检查组）', visitsOptions,
    async () => (await import('./visits.js')).visits);

  sub('status', '各抽查任务的进度和结果公示期限（逾期标红）', statusOptions, async () => (await import('./status.js')).status);

  sub('due <日期>', '计算结果公示的截止日期：检查结束日期 + N 个工作日（按国务院节假日安排，含调休）', dueOptions,
    async () => (await import('./due.js')).due);

  const planCmd = sub('plan', '生成年度抽查工作计划；--file 备案（记入台账），plan adjust 记录调整', planOptions,
    async () => (await import('./plan.js')).plan);
  planCmd.enablePositionalOptions();
  command(planCmd, 'adjust', '记录计划调整：按当前的事项清单和设置生成新版本，记下与备案版本的差别（调整计划需逐级上报备案）', planAdjustOptions,
    async () => {
      const { filePlan } = await import('./plan-file.js');
      return (opts: PlanAdjustOptions, g: GlobalOptions) => filePlan({ ...opts, adjust: true }, g);
    });

  sub('attach <任务> <文件...>', '保存证据材料（照片、录像、签字的记录表、整改材料……）：按哈希保存，记入台账', attachOptions,
    async () => (await import('./attach.js')).attach);

  sub('rollup <工作区或年终材料...>', '汇总下属单位：逐个复核台账，合并各单位、各事项的抽查情况', rollupOptions,
    async () => (await import('./rollup.js')).rollup);

  sub('report', '年度抽查情况报告：各事项是否达标、重复抽中、人员工作量、注销吊销迁出、补抽和台账复核', reportOptions,
    async () => (await import('./report.js')).report);

  sub('demo [目录]', '用自带的示例文件演示完整流程（创建工作区、导入名录……）', demoOptions, async () => (await import('./demo.js')).demo);

  return program;
}

export async function main(argv: string[]): Promise<number> {
  let exit = 0;
  const program = buildProgram((code) => (exit = code));
  const wantsJson = argv.includes('--json');
  await loadColours(argv);
  const { installSigint, isInterrupt, interruptMessage } = await import('./interrupt.js');
  if (!loadsOnDemand()) await loadWidth(); // (a Node that cannot require string-width when first needed: ui/width.ts)
  // Ctrl-C (or a script's kill -INT) outside a prompt: exit 130 with one line, and with --json the documented error on
  // stdout (unless the command's own JSON is already there: then the line alone, stdout stays one document)
  installSigint((line) => {
    err(`${c.bad('✖')} ${line}`);
    if (wantsJson && !jsonWritten()) json({ ok: false, error: { code: 'INTERRUPTED', message: line, hint: null } });
  });
  try {
    await program.parseAsync(argv);
    return exit;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
      // help asked for (ssj help draw) is a success; help shown because the command is incomplete (ssj, ssj import,
      // ssj results without a subcommand; ssj help 不存在的命令) is a usage error: a script must not read it as done
      if (e.code === 'commander.help') {
        if (e.exitCode === 0) return 0;
        if (wantsJson) json({ ok: false, error: { code: 'USAGE', message: '缺少命令', hint: usageHint(program, argv) } });
        return 2;
      }
      if (e.code === 'commander.executeSubCommandAsync') return e.exitCode;
      const message = commanderMessage(e, program, argv);
      const hint = usageHint(program, argv);
      if (wantsJson) json({ ok: false, error: { code: 'USAGE', message, hint } });
      else err(`${c.bad('✖')} ${message}\n  ${c.dim(hint)}`);
      return 2;
    }
    if (isInterrupt(e)) {
      // Ctrl-C at a prompt or a step: one line, exit 130 (the command said what it left behind)
      const message = e instanceof SsjError ? e.message : interruptMessage();
      if (wantsJson) json({ ok: false, error: { code: 'INTERRUPTED', message, hint: null } });
      else err(`${c.bad('✖')} ${message}`);
      return 130;
    }
    if (e instanceof SsjError) {
      // a usage error always says where the usage is, when the command had nothing more particular to say
      const hint = e.hint ?? (e.code === 'USAGE' ? usageHint(program, argv) : undefined);
      if (wantsJson) json({ ok: false, error: { code: e.code, message: e.message, hint: hint ?? null } });
      else err(`${c.bad('✖')} ${e.message}${hint ? `\n  ${c.dim('提示：')}${hint}` : ''}${debugStack(e.cause ?? e)}`);
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
    if (wantsJson) json({ ok: false, error: { code: 'INTERNAL', message: String((e as Error)?.message ?? e), hint: INTERNAL_HINT } });
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
