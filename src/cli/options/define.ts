// Option tables: each command's options declared once, building its commander command and typing its options.
import type { Command } from 'commander';

/** One option, as commander's `.option(flags, description)` takes it. */
export interface OptionSpec {
  /** commander's flags: `--team-size <人数>`, `-o, --output <文件>`, `--json`, `--against <X...>` */
  readonly flags: string;
  /** the help text (Chinese), shown by `ssj <命令> --help` */
  readonly description: string;
  /** the option may be given more than once; its value is the list of what was given, in order */
  readonly repeat?: true;
}

export type OptionTable = readonly OptionSpec[];

/** The table as it is written, its literal types kept (so its options type can be inferred). */
export function optionTable<const T extends OptionTable>(table: T): T {
  return table;
}

/** `--team-size <人数>` → `team-size` (the long flag, as commander names the option). */
type LongName<F extends string> = F extends `${string}--${infer N} ${string}` ? N : F extends `${string}--${infer N}` ? N : never;
/** `team-size` → `teamSize` (commander's attribute name). */
type Camel<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<Camel<T>>}` : S;
type ValueOf<S extends OptionSpec> = S extends { repeat: true }
  ? string[]
  : S['flags'] extends `${string}...>${string}` | `${string}...]${string}`
    ? string[]
    : S['flags'] extends `${string}<${string}`
      ? string
      : boolean;

/** The options object commander hands a command built from `T`: every option optional (none has a default). */
export type OptionsOf<T extends OptionTable> = { [S in T[number] as Camel<LongName<S['flags']>>]?: ValueOf<S> };

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** Adds the table's options to a commander command, in the table's order. */
export function addOptions(cmd: Command, table: OptionTable): Command {
  for (const o of table) {
    if (o.repeat) cmd.option(o.flags, o.description, collect);
    else cmd.option(o.flags, o.description);
  }
  return cmd;
}

/** `attach <任务> <文件...>` → `[string, string[]]`: the positional arguments commander passes a command. */
type Words<S extends string> = S extends `${infer H} ${infer T}` ? [H, ...Words<T>] : [S];
type ArgType<W> = W extends `<${string}...>` | `[${string}...]` ? string[] : W extends `<${string}>` ? string : W extends `[${string}]` ? string | undefined : never;
type ArgTypes<W extends unknown[]> = W extends [infer H, ...infer T] ? [ArgType<H>, ...ArgTypes<T>] : [];
export type ArgsOf<Usage extends string> = Words<Usage> extends [unknown, ...infer R] ? ArgTypes<R> : [];

/** `--json`, as most commands word it. */
export const JSON_OPTION = { flags: '--json', description: '以 JSON 输出结果' } as const;
/** `--json` of the commands that print a list. */
export const JSON_ARRAY_OPTION = { flags: '--json', description: '以 JSON 输出（数组）' } as const;
