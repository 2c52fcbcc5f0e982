// Ctrl-C: exit 130 with one Chinese line, whatever the command was doing. A prompt (@inquirer, raw mode) turns
// Ctrl-C into an ExitPromptError, which the entry point catches; between prompts the terminal sends SIGINT, which
// the handler installed here takes. A command may say what the line is (e.g. once a draw record is saved).
import { SsjError } from '../core/errors.js';

const DEFAULT = '已中断，没有做任何更改';
let message = DEFAULT;

/** Ctrl-C as an error: exit code 130, one line. */
export class Interrupted extends SsjError {
  constructor(text = message) {
    super('INTERRUPTED', text);
  }
}

/** What Ctrl-C says from now on in this command (e.g. "已中断；抽取记录 2026-001 已保存"). */
export function setInterruptMessage(text: string): void {
  message = text;
}

export const interruptMessage = (): string => message;

/**
 * Around a command's save: Ctrl-C while it is being written may leave it saved (a save is whole or absent, and one
 * interrupted half way is completed by the next command), so from its start the line no longer says nothing changed;
 * after it, the line says it is saved. `what`: what is saved (补抽记录 2026-001-R1); `look`: how to see it.
 */
export function saving(what: string, look: string): { saved: () => void } {
  setInterruptMessage(`已中断；${what}可能已经保存（保存是完整的，不会只保存一半）：请先用 ${look} 查看，再决定是否重做`);
  return { saved: () => setInterruptMessage(`已中断；${what}已经保存（可用 ${look} 查看），不要重做`) };
}

/** Whether an error is the prompt library's Ctrl-C (ExitPromptError) or ours. */
export function isInterrupt(e: unknown): boolean {
  return e instanceof Interrupted || (e instanceof Error && (e.name === 'ExitPromptError' || e.name === 'AbortPromptError'));
}

let installed = false;
/**
 * SIGINT outside a prompt: say the current message and exit 130. A view that takes SIGINT itself (the projected
 * draw) adds its own listener; then this one leaves it to that view.
 */
export function installSigint(write: (line: string) => void): void {
  if (installed) return;
  installed = true;
  const handler = () => {
    if (process.listenerCount('SIGINT') > 1) return;
    write(message);
    process.exit(130);
  };
  process.on('SIGINT', handler);
}
