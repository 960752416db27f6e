// A WriterFs that records every call the dist writer makes and can fail (or kill the process) at one
// of them: the fault injection of the dist/ tests.

import { systemFs, type WriterFs } from '../../src/output/dist-writer';
import { native } from '../../src/output/native';

export type FsCall = keyof WriterFs;

export interface Fault {
  /** Index (0-based) of the call that fails, in the order the writer makes them. */
  readonly at: number;
  /**
   * An errno code to throw (EACCES, EROFS, ENOSPC…); 'kill' to SIGKILL this process there; or 'crash'
   * to act as if it had been killed there, in this process: that call and every later one does nothing
   * and throws (no cleanup can run), and the lock's descriptor is closed, as the kernel would.
   */
  readonly error: string;
}

/** Thrown by every call after a simulated crash. */
export class Crashed extends Error {}

/** The calls a step is made of, excluding sleep (it is not a file-system step). */
export function faultyFs(options: { fault?: Fault; native?: boolean } = {}): {
  fs: WriterFs;
  calls: string[];
} {
  const real = systemFs(options.native === false ? null : native());
  const calls: string[] = [];
  const wrapped = {} as Record<string, unknown>;
  const locks = new Set<number>();
  let crashed = false;
  for (const [name, fn] of Object.entries(real)) {
    if (typeof fn !== 'function') continue;
    wrapped[name] =
      name === 'sleep'
        ? fn
        : (...args: unknown[]) => {
            if (crashed) throw new Crashed(`after the simulated crash: ${name}`);
            const index = calls.length;
            calls.push(`${name} ${args.filter((a) => typeof a === 'string').join(' ')}`);
            if (options.fault?.at === index) {
              if (options.fault.error === 'kill') process.kill(process.pid, 'SIGKILL');
              if (options.fault.error === 'crash') {
                crashed = true;
                for (const fd of locks) real.close(fd);
                throw new Crashed(`simulated crash at ${name}`);
              }
              // close(2) frees the descriptor even when it reports an error: so does the fault.
              if (name === 'close') (fn as (...a: unknown[]) => unknown)(...args);
              const err: NodeJS.ErrnoException = new Error(`${options.fault.error}: injected (${name})`);
              err.code = options.fault.error;
              throw err;
            }
            const result = (fn as (...a: unknown[]) => unknown)(...args);
            if (name === 'openLock') locks.add(result as number);
            if (name === 'close') locks.delete(args[0] as number);
            return result;
          };
  }
  return { fs: wrapped as unknown as WriterFs, calls };
}
