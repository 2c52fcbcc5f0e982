// Terminal control for the projected screen: the streams it needs, the alternate screen, and one write per frame.
import type { EventEmitter } from 'node:events';
import chalk from 'chalk';
import { padEnd } from '../text.js';

/** What the view needs of stdin (a TTY): raw mode and data events (decoded into keys by keys.ts). */
export interface KeyInput extends EventEmitter {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
  resume(): unknown;
  pause(): unknown;
}

/** What the view needs of stdout (a TTY): write, its size, resize events. */
export interface ScreenOutput {
  isTTY?: boolean;
  columns?: number;
  rows?: number;
  write(s: string): unknown;
  on(event: 'resize', fn: () => void): unknown;
  off(event: 'resize', fn: () => void): unknown;
}

/** The alternate screen, cursor hidden. */
export const ENTER_SCREEN = '\x1b[?1049h\x1b[?25l';
/** Styles reset, cursor shown, back to the normal screen (and its scrollback). */
export const LEAVE_SCREEN = '\x1b[0m\x1b[?25h\x1b[?1049l';

/** Bright white on black for the whole frame (nested styles come back to it). */
export const paint = (s: string) => (chalk.level > 0 ? chalk.bgBlack.whiteBright(s) : s);

/** The whole screen cleared, in the frame's colours. */
export const clearScreen = () => paint('\x1b[2J');

/** One write per frame: cursor home, every row padded to the width, the rest cleared. No full clear. */
export function frameText(lines: string[], cols: number): string {
  let out = '\x1b[H';
  lines.forEach((l, i) => {
    out += paint(padEnd(l, cols) + '\x1b[K') + (i < lines.length - 1 ? '\r\n' : '');
  });
  return out + paint('\x1b[J');
}
