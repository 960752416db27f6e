// One deadline for a whole command (`--timeout`): every connection, TLS handshake, request, exec
// credential plugin and wait takes its signal, so nothing outlives it. And the backoff the waits use.

import { CliError, EXIT } from './errors';

/** Time as the deadline sees it; tests give a virtual clock so waiting logic runs without waiting. */
export interface Clock {
  now(): number;
  /** Resolves after ms, or early when signal aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) {
        resolve();
        return;
      }
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal.addEventListener('abort', done, { once: true });
    }),
};

/** `90s`, `1h30m` for messages. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60 || s % 60 !== 0) return `${s}s`;
  return s % 3600 === 0 ? `${s / 3600}h` : `${s / 60}m`;
}

export class Deadline {
  public readonly at: number;
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;

  public constructor(
    /** The whole budget, as given with --timeout. */
    public readonly ms: number,
    public readonly clock: Clock = realClock,
  ) {
    this.at = clock.now() + ms;
    if (clock === realClock) {
      // unref: a command that is done does not wait for its deadline.
      this.timer = setTimeout(() => this.controller.abort(), ms);
      this.timer.unref();
    }
  }

  /** Aborts when the deadline passes: give it to every request, spawn and wait. */
  public get signal(): AbortSignal {
    if (!this.controller.signal.aborted && this.remaining() <= 0) this.controller.abort();
    return this.controller.signal;
  }

  public remaining(): number {
    return Math.max(0, this.at - this.clock.now());
  }

  public expired(): boolean {
    return this.signal.aborted;
  }

  /** Sleeps ms, or until the deadline, whichever comes first. */
  public async sleep(ms: number): Promise<void> {
    const signal = this.signal;
    if (signal.aborted) return;
    await this.clock.sleep(Math.min(ms, this.remaining()), signal);
    void this.signal; // aborts the signal when a virtual clock has reached the deadline
  }

  /** `timed out after 60s <what>`, exit 7. */
  public error(what: string, hint?: string): CliError {
    return new CliError(EXIT.TIMEOUT, `timed out after ${formatDuration(this.ms)} ${what}`, hint);
  }

  /** Settles like promise, or rejects with error(what) at the deadline (for work that takes no signal). */
  public race<T>(promise: Promise<T>, what: string, hint?: string): Promise<T> {
    const signal = this.signal;
    if (signal.aborted) return Promise.reject(this.error(what, hint));
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(this.error(what, hint));
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (v) => {
          signal.removeEventListener('abort', onAbort);
          resolve(v);
        },
        (e) => {
          signal.removeEventListener('abort', onAbort);
          reject(e);
        },
      );
    });
  }
}

/**
 * Exponential backoff with jitter ("equal jitter": half the step fixed, half random), so retries
 * never come faster than half the current step and many clients do not retry in lockstep.
 */
export class Backoff {
  private failures = 0;

  public constructor(
    private readonly baseMs: number,
    private readonly capMs: number,
    private readonly random: () => number = Math.random,
  ) {}

  /** The next delay; each call doubles the step up to the cap. */
  public next(): number {
    const step = Math.min(this.capMs, this.baseMs * 2 ** this.failures);
    this.failures = Math.min(this.failures + 1, 30);
    return step / 2 + this.random() * (step / 2);
  }

  public reset(): void {
    this.failures = 0;
  }
}
