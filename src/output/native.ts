// Two kernel calls Node's fs lacks, through the koffi FFI: an atomic exchange of two paths
// (Linux renameat2 RENAME_EXCHANGE, macOS renamex_np RENAME_SWAP), so the manifests folder is never
// missing while it is replaced, and flock, so concurrent synths serialize and a killed one never
// leaves a stale lock. Both are optional: where they are missing the writer falls back (see dist-writer.ts).

import * as os from 'node:os';

export interface Native {
  /** Swaps the two paths in one step; both must exist. Throws an ErrnoException-like error. */
  exchange(a: string, b: string): void;
  /** flock(LOCK_EX | LOCK_NB): true when taken, false when another process holds it. */
  tryLock(fd: number): boolean;
}

const AT_FDCWD = -100;
const RENAME_EXCHANGE = 2; // linux/fs.h
const RENAME_SWAP = 2; // macOS sys/stdio.h
const LOCK_EX = 2;
const LOCK_NB = 4;

const errnoNames = new Map(Object.entries(os.constants.errno).map(([name, n]) => [n, name]));

function errnoError(call: string, errno: number, path?: string): NodeJS.ErrnoException {
  const code = errnoNames.get(errno) ?? `E${errno}`;
  const err: NodeJS.ErrnoException = new Error(`${code}: ${call}${path ? ` '${path}'` : ''}`);
  err.code = code;
  err.errno = errno;
  err.syscall = call;
  if (path) err.path = path;
  return err;
}

let loaded: Native | null | undefined;

/** The native calls of this platform, or null where koffi or the calls are not available. */
export function native(): Native | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  if (process.env.ARGO_TOKEN_NO_NATIVE === '1') return loaded;
  try {
    const koffi = require('koffi') as typeof import('koffi');
    const libc =
      process.platform === 'linux'
        ? koffi.load('libc.so.6')
        : process.platform === 'darwin'
          ? koffi.load('libSystem.B.dylib')
          : undefined;
    if (!libc) return loaded;
    const flock = libc.func('int flock(int fd, int operation)');
    let swap: (a: string, b: string) => number;
    if (process.platform === 'linux') {
      const renameat2 = libc.func('int renameat2(int, const char *, int, const char *, unsigned int)');
      swap = (a, b) => renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
    } else {
      const renamex = libc.func('int renamex_np(const char *, const char *, unsigned int)');
      swap = (a, b) => renamex(a, b, RENAME_SWAP);
    }
    loaded = {
      exchange(a, b) {
        if (swap(a, b) !== 0) throw errnoError('rename (exchange)', koffi.errno(), b);
      },
      tryLock(fd) {
        if (flock(fd, LOCK_EX | LOCK_NB) === 0) return true;
        const errno = koffi.errno();
        if (errno === os.constants.errno.EWOULDBLOCK || errno === os.constants.errno.EAGAIN) return false;
        throw errnoError('flock', errno);
      },
    };
  } catch {
    // koffi has no prebuilt binary for this platform, or libc lacks the calls (an old glibc): fall back.
    loaded = null;
  }
  return loaded;
}
