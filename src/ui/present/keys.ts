// Keys from a terminal in raw mode: Node's readline keypress events, reduced to the few keys the projected draw uses.
import { EventEmitter } from 'node:events';
import { emitKeypressEvents, type Key as KeypressKey } from 'node:readline';

export type Key =
  | { name: 'enter' | 'backspace' | 'ctrl-c' | 'escape' | 'up' | 'down' | 'left' | 'right' | 'pageup' | 'pagedown' | 'home' | 'end' | 'tab' | 'other' }
  | { name: 'char'; ch: string };

/** Keys named the same here and in readline, with or without Alt/Shift/Ctrl. */
const MOVES = new Set(['up', 'down', 'left', 'right', 'pageup', 'pagedown', 'home', 'end']);

/** One keypress event as a Key: Enter as CR or LF, backspace as DEL or BS, Alt+key and other controls as 'other'. */
function keyOf(str: string | undefined, key: KeypressKey | undefined): Key {
  const name = key?.name;
  if (name && MOVES.has(name)) return { name } as Key;
  if (name === 'escape') return { name: 'escape' };
  if (key?.meta) return { name: 'other' }; // Alt+key
  if (key?.ctrl) return name === 'c' ? { name: 'ctrl-c' } : { name: 'other' };
  if (name === 'return' || name === 'enter') return { name: 'enter' };
  if (name === 'backspace') return { name: 'backspace' };
  if (str === '\t') return { name: 'tab' };
  if (str !== undefined && str >= ' ' && [...str].length === 1) return { name: 'char', ch: str };
  return { name: 'other' };
}

/**
 * Call `fn` with each key typed on `input` (which emits 'data', as stdin does), decoded by readline's
 * emitKeypressEvents on a private emitter (so stdin keeps no listener once stopped); a CR LF in one chunk is one
 * Enter. Returns the function that stops listening.
 */
export function onKeys(input: EventEmitter, fn: (k: Key) => void): () => void {
  const decoder = new EventEmitter();
  emitKeypressEvents(decoder as unknown as NodeJS.ReadableStream);
  // readline reports CR LF as 'return' then 'enter': the LF of the same chunk (same tick) is dropped
  let afterCR = false;
  decoder.on('keypress', (str: string | undefined, key: KeypressKey | undefined) => {
    if (afterCR && key?.name === 'enter') {
      afterCR = false;
      return;
    }
    afterCR = key?.name === 'return';
    if (afterCR) process.nextTick(() => (afterCR = false));
    fn(keyOf(str, key));
  });
  const onData = (d: Buffer | string) => decoder.emit('data', d);
  input.on('data', onData);
  return () => {
    input.off('data', onData);
    decoder.removeAllListeners('keypress');
  };
}

/** The keys in one chunk of raw terminal input, as onKeys reports them. */
export function keysIn(data: string): Key[] {
  const input = new EventEmitter();
  const keys: Key[] = [];
  const stop = onKeys(input, (k) => keys.push(k));
  input.emit('data', data);
  stop();
  return keys;
}

/** Keys that move on: Enter, Space, PgDn, → and ↓. */
export const isForward = (k: Key) => k.name === 'enter' || k.name === 'pagedown' || k.name === 'right' || k.name === 'down' || (k.name === 'char' && k.ch === ' ');
/** Keys that go back a page: PgUp, ←, ↑ and backspace. */
export const isBack = (k: Key) => k.name === 'left' || k.name === 'pageup' || k.name === 'up' || k.name === 'backspace';
