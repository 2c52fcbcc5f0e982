// Placeholder until this command is written (registered in main.ts).
import { SsjError } from '../core/errors.js';

export async function due(..._args: unknown[]): Promise<number> {
  throw new SsjError('INTERNAL', '这个命令还在开发中');
}
