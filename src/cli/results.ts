// Placeholder until this command is written (registered in main.ts).
import { SsjError } from '../core/errors.js';

const todo = async (..._args: unknown[]): Promise<number> => {
  throw new SsjError('INTERNAL', '这个命令还在开发中');
};
export const resultsSheet = todo;
export const resultsImport = todo;
export const resultsPublish = todo;
