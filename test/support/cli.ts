// Runs the real argo-token command as a child process (asynchronously, so servers in the test
// process keep answering) and hands back what it printed.

import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { ROOT } from './project';

export const BIN = path.join(ROOT, 'bin', 'argo-token.js');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time from spawn to exit. */
  readonly ms: number;
}

export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; stdin?: string; cwd?: string } = {},
): Promise<CliRun> {
  const started = performance.now();
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  for (const [k, v] of Object.entries(options.env ?? {})) if (v === undefined) delete env[k];
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  child.stdin.end(options.stdin ?? '');
  return new Promise((resolve) => {
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
}
