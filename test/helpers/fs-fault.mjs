// Preloaded into a child ssj (node --import) by the tests, to simulate errors of the operating system that a
// test running as root cannot cause for real (EACCES, EPERM, EBUSY, ENOSPC): every fs call below on a path
// containing SSJ_TEST_FAULT_PATH fails with the code SSJ_TEST_FAULT_CODE, as Node's own errors do (code, errno,
// syscall, path). The ESM exports of node:fs and node:fs/promises are re-synced so that imports see the fakes.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';

const target = process.env.SSJ_TEST_FAULT_PATH;
const code = process.env.SSJ_TEST_FAULT_CODE;
if (target && code) {
  const fault = (syscall, path) => {
    const e = new Error(`${code}: simulated by the test, ${syscall} '${path}'`);
    Object.assign(e, { code, errno: -1, syscall, path: String(path) });
    return e;
  };
  const hit = (p) => typeof p === 'string' && p.includes(target);
  for (const name of ['open', 'readFile', 'writeFile', 'rename', 'stat', 'mkdir', 'copyFile']) {
    const real = fsp[name];
    fsp[name] = async (p, ...rest) => {
      if (hit(p)) throw fault(name, p);
      return real(p, ...rest);
    };
  }
  for (const name of ['openSync', 'readFileSync', 'writeFileSync', 'renameSync']) {
    const real = fs[name];
    fs[name] = (p, ...rest) => {
      if (hit(p)) throw fault(name.replace('Sync', ''), p);
      return real(p, ...rest);
    };
  }
  const realStream = fs.createReadStream;
  fs.createReadStream = (p, ...rest) => {
    if (hit(p)) throw fault('open', p);
    return realStream(p, ...rest);
  };
  syncBuiltinESMExports();
}
