// Preloaded into ssj by the fault-injection tests (node --import this-file bin/ssj.js …): makes every fsync slow
// (SHIM_FSYNC_DELAY_MS) and/or makes the Nth fsync of the process fail with EIO (SHIM_FSYNC_FAIL_AT), without any
// hook in ssj's own code.
import fs from 'node:fs';

const delay = Number(process.env.SHIM_FSYNC_DELAY_MS ?? 0);
const failAt = Number(process.env.SHIM_FSYNC_FAIL_AT ?? 0);
let calls = 0;

const eio = () => Object.assign(new Error('EIO: i/o error, fsync (injected by fsync-shim)'), { code: 'EIO', errno: -5, syscall: 'fsync' });
const sleepSync = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const next = () => ++calls === failAt;

const fh = await fs.promises.open(process.execPath, 'r');
const proto = Object.getPrototypeOf(fh);
await fh.close();
for (const name of ['sync', 'datasync']) {
  const orig = proto[name];
  proto[name] = async function (...args) {
    if (delay) await new Promise((r) => setTimeout(r, delay));
    if (next()) throw eio();
    return orig.apply(this, args);
  };
}
for (const name of ['fsyncSync', 'fdatasyncSync']) {
  const orig = fs[name];
  fs[name] = function (...args) {
    if (delay) sleepSync(delay);
    if (next()) throw eio();
    return orig.apply(this, args);
  };
}
for (const name of ['fsync', 'fdatasync']) {
  const orig = fs[name];
  fs[name] = function (fd, cb) {
    setTimeout(() => (next() ? cb(eio()) : orig.call(fs, fd, cb)), delay);
  };
}
