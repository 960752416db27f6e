// Where dist/ is written. The manifests folder is replaced as a whole: a complete new set is staged in
// a sibling folder, then swapped in with one atomic exchange, so at every instant the folder exists and
// holds either the complete old set or the complete new set. Synths of the same folder serialize on a
// lock; a killed synth's leftovers are repaired by the next one. The folder is replaced only when it
// holds nothing but files argo-token wrote (its ownership record says which, with their hashes), so a
// mistyped --outdir or a hand-written file is never deleted.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { shownPath } from '../clients/messages';
import { type Native, native } from './native';

export type { Native } from './native';

import { type DistFile, HEADER } from './render';

export { type DistFile, KUSTOMIZATION_FILE } from './render';

/**
 * The ownership record: `sha256  name` for every file argo-token wrote (the format of `sha256sum`, so
 * `sha256sum -c .argo-token.sha256` checks it). No .yaml/.json extension: kubectl apply -f, Argo CD and
 * Flux skip it.
 */
export const RECORD_FILE = '.argo-token.sha256';

/** A failure of the output step: one line for the user, exit code 2. */
export class DistError extends Error {}

/** What `writeDist` did. */
export type WriteResult = 'written' | 'unchanged';

/** The file-system calls the writer makes, one object so tests can inject a fault at any step. */
export interface WriterFs {
  lstat(p: string): fs.Stats;
  readdir(p: string): string[];
  readFile(p: string): Buffer;
  mkdir(p: string): void;
  mkdtemp(prefix: string): string;
  writeFile(p: string, content: string): void;
  chmod(p: string, mode: number): void;
  rename(from: string, to: string): void;
  rm(p: string): void;
  openLock(p: string): number;
  close(fd: number): void;
  /** Atomic exchange of two existing paths; undefined where the platform has none. */
  exchange?: (a: string, b: string) => void;
  /** flock(LOCK_EX|LOCK_NB); undefined where the platform has none. */
  tryLock?: (fd: number) => boolean;
  /** Sleeps this thread (waiting for the lock). */
  sleep(ms: number): void;
}

/** The real calls: node:fs, plus the native exchange and flock where the platform has them. */
export function systemFs(n: Native | null = native()): WriterFs {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  return {
    lstat: (p) => fs.lstatSync(p),
    readdir: (p) => fs.readdirSync(p),
    readFile: (p) => fs.readFileSync(p),
    mkdir: (p) => fs.mkdirSync(p, { recursive: true }),
    mkdtemp: (prefix) => fs.mkdtempSync(prefix),
    // 'wx': a fresh file in a fresh folder; never follows a link planted there.
    writeFile: (p, content) => fs.writeFileSync(p, content, { flag: 'wx', mode: 0o644 }),
    chmod: (p, mode) => fs.chmodSync(p, mode),
    rename: (from, to) => fs.renameSync(from, to),
    rm: (p) => fs.rmSync(p, { recursive: true, force: true }),
    openLock: (p) =>
      fs.openSync(p, fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_NOFOLLOW, 0o644),
    close: (fd) => fs.closeSync(fd),
    ...(n ? { exchange: n.exchange, tryLock: n.tryLock } : {}),
    sleep: (ms) => Atomics.wait(pause, 0, 0, ms),
  };
}

export interface WriteOptions {
  /** The file-system calls (tests inject faults here). Default: node:fs plus the native calls. */
  readonly fs?: WriterFs;
  /** How long to wait for another synth of the same folder. Default 120 s. */
  readonly lockTimeoutMs?: number;
  /** Told once when the writer has to wait for another synth, and when leftovers were repaired. */
  readonly log?: (line: string) => void;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The ownership record of a set of files. */
export function recordOf(files: readonly DistFile[]): string {
  return [...files]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((f) => `${sha256(f.content)}  ${f.name}\n`)
    .join('');
}

/** Names of the writer's own siblings of `target`: leftovers of killed synths match these. */
function siblings(target: string) {
  const dir = path.dirname(target);
  const base = path.basename(target);
  return {
    dir,
    staging: path.join(dir, `.${base}.argo-token-new-`),
    old: path.join(dir, `.${base}.argo-token-old-`),
    lock: path.join(dir, `.${base}.argo-token.lock`),
    isLeftover: (name: string) =>
      name.startsWith(`.${base}.argo-token-new-`) || name.startsWith(`.${base}.argo-token-old-`),
  };
}

/** What an fs error means, in words a person can act on. */
function ioError(err: unknown, doing: string, where: string): DistError {
  if (err instanceof DistError) return err;
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const why: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'the file system is read-only',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    ENOENT: 'no such file or folder',
    ENOTDIR: 'a part of the path is not a folder',
    EEXIST: 'it already exists',
    EBUSY: 'it is busy (a mount point?)',
    EXDEV: 'it is on another file system',
    EMFILE: 'too many open files',
    EIO: 'an I/O error',
    ELOOP: 'too many symbolic links',
    ENAMETOOLONG: 'the name is too long',
  };
  const text = why[code] ?? (err instanceof Error ? err.message : String(err));
  return new DistError(`cannot ${doing} ${shownPath(where)}: ${text}${code ? ` (${code})` : ''}`);
}

function step<T>(doing: string, where: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw ioError(err, doing, where);
  }
}

/** Holds the lock of a manifests folder; released by `release()` or by the process ending. */
interface Lock {
  release(): void;
}

function acquireLock(io: WriterFs, lockFile: string, timeoutMs: number, log?: (l: string) => void): Lock {
  const deadline = Date.now() + timeoutMs;
  let told = false;
  const waitOrFail = () => {
    if (Date.now() > deadline) {
      throw new DistError(
        `another synth has held ${shownPath(lockFile)} for ${Math.round(timeoutMs / 1000)} s; wait for it to finish and run synth again`,
      );
    }
    if (!told) log?.(`waiting for another synth of the same folder (${lockFile})`);
    told = true;
    io.sleep(25 + Math.floor(Math.random() * 50));
  };
  if (io.tryLock) {
    // flock: the kernel releases it when the process ends, however it ends. The file stays (removing it
    // would let two processes lock two different files of the same name).
    const fd = step('open the lock file', lockFile, () => io.openLock(lockFile));
    try {
      while (!step('lock', lockFile, () => io.tryLock!(fd))) waitOrFail();
    } catch (err) {
      io.close(fd);
      throw err;
    }
    return {
      release: () => {
        try {
          io.close(fd);
        } catch {
          // the process ends soon, and the kernel releases the lock with it
        }
      },
    };
  }
  // No flock on this platform: an exclusive-create lock holding our pid; a dead holder's lock is taken over.
  for (;;) {
    try {
      io.writeFile(lockFile, `${process.pid}\n`);
      return { release: () => removeQuietly(io, lockFile) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
        throw ioError(err, 'create the lock file', lockFile);
    }
    let holder = Number.NaN;
    try {
      holder = Number.parseInt(io.readFile(lockFile).toString('utf8'), 10);
    } catch {
      // removed meanwhile, or unreadable: taken over below
    }
    // Our own pid: a lock this process failed to remove earlier (a process holds no lock twice).
    if (!Number.isInteger(holder) || holder === process.pid || !alive(holder)) {
      step('remove the stale lock file', lockFile, () => io.rm(lockFile));
      continue;
    }
    waitOrFail();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Repairs what a killed synth left: when the folder is missing but a complete old set was moved aside
 * (a kill between the two renames of the fallback), it is moved back; every other leftover is removed.
 */
function repair(io: WriterFs, target: string, log?: (l: string) => void): void {
  const s = siblings(target);
  const leftovers = step('list', s.dir, () => io.readdir(s.dir))
    .filter(s.isLeftover)
    .sort();
  if (leftovers.length === 0) return;
  if (!existsVia(io, target)) {
    const old = leftovers.find((n) => n.startsWith(path.basename(s.old)));
    if (old) {
      step('restore the previous manifests from', path.join(s.dir, old), () =>
        io.rename(path.join(s.dir, old), target),
      );
      log?.(`restored ${target} from ${old}, left by a synth that was stopped mid-way`);
    }
  }
  for (const name of step('list', s.dir, () => io.readdir(s.dir)).filter(s.isLeftover)) {
    step('remove the leftover', path.join(s.dir, name), () => io.rm(path.join(s.dir, name)));
  }
}

function existsVia(io: WriterFs, p: string): boolean {
  try {
    io.lstat(p);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw ioError(err, 'look at', p);
  }
}

const list = (names: readonly string[]) =>
  `${names
    .slice(0, 5)
    .map((n) => shownPath(n))
    .join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''}`;

/** The folder as argo-token last wrote it: the names it holds and its ownership record. */
interface Existing {
  readonly names: ReadonlySet<string>;
  /** Absent in a folder written before the record existed. */
  readonly record?: string;
}

/**
 * The current folder, after checking that argo-token wrote every file in it, unedited (undefined when
 * the folder does not exist).
 */
function inspect(io: WriterFs, target: string): Existing | undefined {
  if (!existsVia(io, target)) return undefined;
  const stat = step('look at', target, () => io.lstat(target));
  if (!stat.isDirectory()) {
    throw new DistError(
      `refusing to write manifests to ${shownPath(target)}: it exists and is not a folder${stat.isSymbolicLink() ? ' (a symbolic link)' : ''}; choose another --outdir`,
    );
  }
  if ((stat.mode & 0o222) === 0) {
    throw new DistError(
      `refusing to replace ${shownPath(target)}: it is read-only (mode ${(stat.mode & 0o777).toString(8)}); make it writable (chmod u+w) if it should be replaced`,
    );
  }
  const names = step('list', target, () => io.readdir(target)).sort();
  const files = new Map<string, Buffer>();
  const foreign: string[] = [];
  for (const name of names) {
    const s = step('look at', path.join(target, name), () => io.lstat(path.join(target, name)));
    if (!s.isFile()) foreign.push(`${name}${s.isDirectory() ? '/' : ''}`);
    else
      files.set(
        name,
        step('read', path.join(target, name), () => io.readFile(path.join(target, name))),
      );
  }
  const record = files.get(RECORD_FILE);
  files.delete(RECORD_FILE);
  const edited: string[] = [];
  if (record !== undefined) {
    const hashes = parseRecord(record.toString('utf8'));
    if (!hashes) {
      throw new DistError(
        `refusing to replace ${shownPath(target)}: its ownership record ${RECORD_FILE} is damaged; restore it (git checkout) or remove the folder if nothing in it is yours`,
      );
    }
    for (const [name, data] of files) {
      const hash = hashes.get(name);
      if (hash === undefined) foreign.push(name);
      else if (hash !== sha256(data)) edited.push(name);
    }
  } else {
    // Written before the record existed (or not by us): ours only when it starts with our header.
    for (const [name, data] of files) {
      if (!data.subarray(0, HEADER.length).equals(Buffer.from(HEADER))) foreign.push(name);
    }
  }
  if (foreign.length > 0 || edited.length > 0) {
    const parts = [
      foreign.length > 0 ? `files argo-token did not write: ${list(foreign)}` : '',
      edited.length > 0 ? `files edited since argo-token wrote them: ${list(edited)}` : '',
    ].filter(Boolean);
    throw new DistError(
      `refusing to replace ${shownPath(target)}: it holds ${parts.join('; and ')}; the manifests folder holds only what synth writes: move them out (or choose another --outdir), and put changes into the clients file instead of editing manifests`,
    );
  }
  return { names: new Set(files.keys()), ...(record ? { record: record.toString('utf8') } : {}) };
}

/** `sha256  name` lines → name → hash; undefined when any line is not of that form. */
function parseRecord(text: string): Map<string, string> | undefined {
  const hashes = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const m = /^([0-9a-f]{64}) {2}([^/\0]+)$/.exec(line);
    if (!m) return undefined;
    hashes.set(m[2], m[1]);
  }
  return hashes;
}

/** Every existing file was checked against the record: the same record and names mean the same files. */
const unchanged = (existing: Existing, files: readonly DistFile[], record: string) =>
  existing.record === record &&
  existing.names.size === files.length &&
  files.every((f) => existing.names.has(f.name));

/**
 * Replaces `outdir` with exactly `files` (plus the ownership record), or changes nothing and throws a
 * DistError. Refuses a folder holding anything argo-token did not write.
 */
export function writeDist(
  outdir: string,
  files: readonly DistFile[],
  options: WriteOptions = {},
): WriteResult {
  const io = options.fs ?? systemFs();
  const target = path.resolve(outdir);
  const s = siblings(target);
  step('create the folder', s.dir, () => io.mkdir(s.dir));
  const lock = acquireLock(io, s.lock, options.lockTimeoutMs ?? 120_000, options.log);
  try {
    repair(io, target, options.log);
    const existing = inspect(io, target);
    const record = recordOf(files);
    if (existing && unchanged(existing, files, record)) return 'unchanged';

    // Stage the whole new set first: permissions, read-only file systems and a full disk show here,
    // before the old set moves.
    const staging = step('create a staging folder in', s.dir, () => io.mkdtemp(s.staging));
    let swapped = false;
    try {
      for (const f of files)
        step('write', path.join(staging, f.name), () => io.writeFile(path.join(staging, f.name), f.content));
      step('write', path.join(staging, RECORD_FILE), () =>
        io.writeFile(path.join(staging, RECORD_FILE), record),
      );
      step('set the mode of', staging, () => io.chmod(staging, 0o755));
      if (!existing) {
        step('move the new manifests to', target, () => io.rename(staging, target));
        swapped = true;
        return 'written';
      }
      swapped = swap(io, staging, target, s.old);
    } finally {
      if (!swapped) removeQuietly(io, staging);
    }
    // The old set is now at the staging path (exchange) or was removed by swap (fallback).
    try {
      io.rm(staging);
    } catch (err) {
      options.log?.(
        `${ioError(err, 'remove the previous manifests at', staging).message}; the next synth removes it`,
      );
    }
    return 'written';
  } finally {
    lock.release();
  }
}

/**
 * Puts the staged set in place of the old one. With an atomic exchange, the old set ends up at the
 * staging path; without (or where the file system refuses it), two renames, undone if the second fails.
 */
function swap(io: WriterFs, staging: string, target: string, oldPrefix: string): boolean {
  if (io.exchange) {
    try {
      io.exchange(staging, target);
      return true;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // The file system or kernel cannot exchange (EINVAL, ENOSYS, ENOTSUP): use the fallback below.
      if (code !== 'EINVAL' && code !== 'ENOSYS' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') {
        throw ioError(err, 'swap the new manifests into', target);
      }
    }
  }
  const old = `${oldPrefix}${process.pid}-${Date.now()}`;
  step('move the previous manifests aside from', target, () => io.rename(target, old));
  try {
    io.rename(staging, target);
  } catch (err) {
    step('put the previous manifests back at', target, () => io.rename(old, target));
    throw ioError(err, 'move the new manifests to', target);
  }
  removeQuietly(io, old);
  return true;
}

/** Removes a folder of our own; a failure leaves a leftover that the next synth removes. */
function removeQuietly(io: WriterFs, p: string): void {
  try {
    io.rm(p);
  } catch {
    // repaired by the next synth
  }
}

/** Writes the files into a folder that may already exist (the cdk8s CLI's scratch output). */
export function copyFiles(dir: string, files: readonly DistFile[]): void {
  step('create the folder', dir, () => fs.mkdirSync(dir, { recursive: true }));
  for (const f of files) {
    step('write', path.join(dir, f.name), () =>
      fs.writeFileSync(path.join(dir, f.name), f.content, { mode: 0o644 }),
    );
  }
}
