// Helpers the benchmarks share: timing child processes (wall time, peak RSS) and medians.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');

export function median(values: number[]): number {
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
  readonly ms: number;
  /** Peak resident set size of the child, MiB. */
  readonly rssMiB: number;
  readonly code: number | null;
  readonly stderr: string;
}

/** Runs `node <args>` with bench/rss.js preloaded; wall time from spawn to exit. */
export function timeNode(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Timed> {
  const rssFile = path.join(tempDir('argo-token-rss-'), 'rss');
  const started = performance.now();
  const child = spawn(process.execPath, ['-r', path.join(__dirname, 'rss.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, BENCH_RSS_FILE: rssFile, CDK8S_CHECK_UPGRADE: 'false' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve) => {
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const rssKiB = fs.existsSync(rssFile) ? Number(fs.readFileSync(rssFile, 'utf8')) : Number.NaN;
      resolve({ ms, rssMiB: rssKiB / 1024, code, stderr });
    });
  });
}

export const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
