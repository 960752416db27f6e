// Where a token goes: stdout, or `--write FILE`: only a regular file (a device, FIFO, socket,
// folder or symlink is refused, never followed), written atomically (a temp file in the same
// folder, mode 0600 from creation, fsync, rename), the temp file removed on SIGINT/SIGTERM/SIGHUP.
// A SIGKILL cannot be caught: its temp file (mode 0600, named with the pid) is removed by the next
// --write into that folder once that process is gone.

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError, EXIT } from './errors';

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * While the returned disposer is not called, a SIGINT, SIGTERM or SIGHUP removes file and then
 * ends the process as the signal would. The write itself is synchronous, so a signal is handled
 * only before it starts or after it is done: never half way.
 */
export function removeOnSignal(file: string): () => void {
  const handler = (signal: NodeJS.Signals) => {
    fs.rmSync(file, { force: true });
    dispose();
    process.kill(process.pid, signal);
  };
  const dispose = () => {
    for (const s of SIGNALS) process.removeListener(s, handler);
  };
  for (const s of SIGNALS) process.on(s, handler);
  return dispose;
}

const refuse = (file: string, why: string, hint: string) =>
  new CliError(EXIT.WRITE_REFUSED, `refusing --write ${file}: ${why}; nothing was written`, hint);

function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

const TEMP = /^\.(.+)\.argo-token-(\d+)-[0-9a-f]+\.tmp$/;

/** Removes temp files of this target left by killed runs (their process is gone). */
function removeStale(dir: string, base: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = TEMP.exec(name);
    if (!m || m[1] !== base) continue;
    const pid = Number(m[2]);
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch (err) {
      alive = (err as NodeJS.ErrnoException).code === 'EPERM';
    }
    if (!alive) fs.rmSync(path.join(dir, name), { force: true });
  }
}

/**
 * Refuses a --write target that is not a regular file (or a new file in an existing folder), so a
 * command fails on it before it asks anything of the cluster. writeSecretFile checks again.
 */
export function checkWriteTarget(file: string): void {
  const target = path.resolve(file);
  const dir = path.dirname(target);
  let dirStat: fs.Stats;
  try {
    dirStat = fs.statSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw refuse(
      file,
      code === 'ENOENT' ? `its folder ${dir} does not exist` : `its folder ${dir} cannot be read (${code})`,
      'create the folder first (argo-token does not create folders for a token)',
    );
  }
  if (!dirStat.isDirectory()) throw refuse(file, `${dir} is not a folder`, 'give a path inside a folder');
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw refuse(file, `it cannot be inspected (${code})`, 'check the path');
  }
  if (st && !st.isFile()) {
    throw refuse(
      file,
      `it is ${kindOf(st)}, not a regular file`,
      st.isSymbolicLink()
        ? 'argo-token does not follow symbolic links: write to the real path'
        : 'to print the token, leave out --write (stdout carries only the token); to write it, name a regular file',
    );
  }
}

/** Writes `content` to `file` with mode 0600 via a temp file in the same folder and a rename. */
export function writeSecretFile(file: string, content: string): void {
  checkWriteTarget(file);
  const target = path.resolve(file);
  const dir = path.dirname(target);
  const base = path.basename(target);
  removeStale(dir, base);
  const temp = path.join(
    dir,
    `.${base}.argo-token-${process.pid}-${crypto.randomBytes(6).toString('hex')}.tmp`,
  );
  const dispose = removeOnSignal(temp);
  try {
    let fd: number;
    try {
      // 'wx' refuses to follow a planted file or link; the mode is set at creation, never wider.
      fd = fs.openSync(temp, 'wx', 0o600);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw refuse(file, `cannot create a file in ${dir} (${code})`, 'write into a folder you may write to');
    }
    try {
      fs.fchmodSync(fd, 0o600);
      fs.writeSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, target);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    if (err instanceof CliError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(
      EXIT.WRITE_REFUSED,
      `cannot write --write ${file}: ${code ?? (err as Error).message}; nothing was written`,
      code === 'ENOSPC' ? 'the disk is full' : 'check the folder and the disk',
    );
  } finally {
    // A signal that came during the (synchronous) write is dispatched once it returns: the temp file is gone by then.
    setImmediate(dispose);
  }
}
