// Paths and small file helpers shared by the tests: the repo root, temp folders, folder snapshots.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../main';

export const ROOT = path.resolve(__dirname, '..', '..');
export const REGISTER = path.join(ROOT, 'tools', 'register.js');

const made: string[] = [];

/** A fresh temp folder, removed after the test file (test/support/cleanup.ts). */
export function tempDir(prefix = 'argo-token-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  seed = undefined;
}

/** Every file of a folder (not recursive) with its bytes, for "unchanged" assertions. */
export function snapshotDir(dir: string): Record<string, string> {
  if (!fs.existsSync(dir)) return {};
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(dir).sort()) out[name] = fs.readFileSync(path.join(dir, name), 'latin1');
  return out;
}

export function writeFile(dir: string, name: string, content: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

/** Runs the synth's main() in-process, stderr captured: the same code path as `npm run synth`. */
export function runMain(argv: string[], env: NodeJS.ProcessEnv = {}): { code: number; stderr: string } {
  const lines: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => {
    lines.push(a.join(' '));
  });
  try {
    return { code: main(argv, env), stderr: lines.join('\n') };
  } finally {
    spy.mockRestore();
  }
}

/**
 * The seed's clients file (the Argo access-token page's jenkins), a fixture of the tests': the tests
 * never read the repo's own argo-clients.yaml or dist/, which belong to whoever adopts the repo.
 */
export const SEED_CLIENTS = path.join(ROOT, 'test', 'fixtures', 'seed-clients.yaml');

let seed: string | undefined;

/** The seed's manifests folder, synthesized once per test file into a temp folder. */
export function seedDist(): string {
  if (!seed) {
    const out = path.join(tempDir('argo-token-seed-'), 'dist');
    const { code, stderr } = runMain(['--clients', SEED_CLIENTS, '--outdir', out]);
    if (code !== 0) throw new Error(`the seed fixture did not synthesize: ${stderr}`);
    seed = out;
  }
  return seed;
}
