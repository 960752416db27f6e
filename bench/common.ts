// Helpers the benchmarks share: timing whole child processes (wall time from spawn to exit, peak RSS),
// running compared commands interleaved in one run, medians, and the goals table.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const made: string[] = [];
process.once('exit', () => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A temp folder, removed when the benchmark process exits. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export interface Timed {
  /** Wall time from spawn to exit, ms. */
  readonly ms: number;
  /** Peak resident set size of the child, MiB (node children started with `rss: true` only). */
  readonly rssMiB: number;
  readonly code: number | null;
  /** When the child's first output reached us (performance.now()); undefined when it printed nothing. */
  readonly firstStdoutAt?: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Preload bench/rss.js into a node child, so it reports its peak RSS. */
  readonly rss?: boolean;
  /** Called when the child is spawned, with the moment (performance.now()). */
  readonly onSpawn?: (at: number) => void;
}

/** Runs a command to its end; wall time from spawn to exit. */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<Timed> {
  const rssFile = options.rss ? path.join(tempDir('argo-token-rss-'), 'rss') : undefined;
  const fullArgs = rssFile ? ['-r', path.join(__dirname, 'rss.js'), ...args] : [...args];
  const started = performance.now();
  const child = spawn(command, fullArgs, {
    cwd: ROOT,
    env: {
      ...process.env,
      CDK8S_CHECK_UPGRADE: 'false',
      ...options.env,
      ...(rssFile ? { BENCH_RSS_FILE: rssFile } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  options.onSpawn?.(started);
  let stdout = '';
  let stderr = '';
  let firstStdoutAt: number | undefined;
  child.stdout.on('data', (d) => {
    firstStdoutAt ??= performance.now();
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      child.on('close', () => {
        const rssKiB =
          rssFile && fs.existsSync(rssFile) ? Number(fs.readFileSync(rssFile, 'utf8')) : Number.NaN;
        resolve({ ms, rssMiB: rssKiB / 1024, code, firstStdoutAt, stdout, stderr });
      });
    });
  });
}

/** `node <args>` with the benchmark's own node. */
export const runNode = (args: readonly string[], options?: RunOptions) =>
  run(process.execPath, args, options);

/** Fails the benchmark when a measured command did not succeed: its time would mean nothing. */
export function ok(what: string, r: Timed, codes: readonly number[] = [0]): Timed {
  if (r.code === null || !codes.includes(r.code)) {
    throw new Error(`${what} exited ${r.code}:\n${r.stderr.slice(-2000)}`);
  }
  return r;
}

/**
 * Runs each command `rounds` times, interleaved (a, b, a, b, …, the order alternating by round), so
 * the load of a shared machine falls on all of them alike. One untimed warm-up run of each first
 * (caches: the compile cache, kubectl's discovery cache). Returns the runs of each command.
 */
export async function interleaved(
  rounds: number,
  commands: readonly (() => Promise<Timed>)[],
  warmUp = true,
): Promise<Timed[][]> {
  if (warmUp) for (const c of commands) await c();
  const runs: Timed[][] = commands.map(() => []);
  for (let r = 0; r < rounds; r++) {
    const order = commands.map((_, i) => i);
    if (r % 2 === 1) order.reverse();
    for (const i of order) runs[i].push(await commands[i]());
  }
  return runs;
}

export const ms = (runs: readonly Timed[]) => median(runs.map((r) => r.ms));

export const fmtMs = (value: number) =>
  value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;

/** One line of the goals table. */
export interface Row {
  readonly goal: string;
  readonly ours: string;
  readonly reference: string;
  /** ours / reference (or the measured figure for absolute goals); undefined when not a ratio. */
  readonly ratio?: number;
  /** The limit, as written in the table ("≤ 1.5×", "≤ 300 ms"). */
  readonly limit: string;
  /** Undefined for a figure shown for information (no goal). */
  readonly met?: boolean;
}

/** A ratio goal: ours ÷ reference ≤ limit. */
export function ratioRow(goal: string, ours: number, reference: number, refText: string, limit: number): Row {
  const ratio = ours / reference;
  return {
    goal,
    ours: fmtMs(ours),
    reference: `${fmtMs(reference)} ${refText}`,
    ratio,
    limit: `≤ ${limit}×`,
    met: ratio <= limit,
  };
}

/** The table, as Markdown (the README's Performance section shows it as printed). */
export function table(rows: readonly Row[]): string {
  const head = ['goal', 'ours', 'reference', 'ratio', 'limit', 'met'];
  const lines = rows.map((r) => [
    r.goal,
    r.ours,
    r.reference,
    r.ratio === undefined ? '–' : `${r.ratio.toFixed(2)}×`,
    r.limit,
    r.met === undefined ? '–' : r.met ? 'yes' : '**no**',
  ]);
  return [head, head.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

export interface BenchOptions {
  /** Fewer runs (a quick look, not figures for the README). */
  readonly quick: boolean;
  /** Progress lines go to stderr, so stdout is the table alone. */
  readonly log: (line: string) => void;
}
