// Synth benchmarks (the generator issue, points 6 and 7):
//  1. our synth process vs cdk8s's default `npx ts-node main.ts`, same clients file, median of 5;
//  2. 100 / 1,000 / 5,000 clients: wall time and peak RSS of the synth process.
// `npm run bench` runs it; the figures go in the README.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { CAPABILITY_NAMES, PRESET_NAMES } from '../src/argo/capabilities';
import { fmtMs, median, ROOT, type Timed, tempDir, timeNode } from './common';

const RUNS = 5;
const OURS = ['-r', './tools/register.js', 'main.ts'];
const TS_NODE = [path.join(ROOT, 'node_modules', 'ts-node', 'dist', 'bin.js'), 'main.ts'];

async function repeat(n: number, run: () => Promise<Timed>): Promise<Timed[]> {
  const out: Timed[] = [];
  for (let i = 0; i < n; i++) {
    const r = await run();
    if (r.code !== 0) throw new Error(`benchmarked synth failed (exit ${r.code}):\n${r.stderr}`);
    out.push(r);
  }
  return out;
}

/** A clients file of n clients across 10 namespaces, mixing presets, capabilities and rules. */
export function clientsFile(n: number): string {
  const clients = Array.from({ length: n }, (_, i) => {
    const base = {
      name: `client-${String(i).padStart(5, '0')}`,
      namespace: `team-${i % 10}`,
      acknowledge: ['read-secrets', 'creates-pods'],
    };
    switch (i % 3) {
      case 0:
        return { ...base, preset: PRESET_NAMES[i % PRESET_NAMES.length] };
      case 1:
        return { ...base, can: [...new Set([CAPABILITY_NAMES[i % CAPABILITY_NAMES.length], 'read-logs'])] };
      default:
        return {
          ...base,
          namespaces: ['shared'],
          rules: [{ resources: ['workflows'], verbs: ['get', 'list'] }],
        };
    }
  });
  return stringify({ clients });
}

export async function benchSynth(): Promise<string[]> {
  const lines: string[] = [];
  const say = (line: string) => {
    lines.push(line);
    console.log(line);
  };
  const repoClients = path.join(ROOT, 'argo-clients.yaml');
  const out = () => path.join(tempDir('argo-token-bench-'), 'dist');

  say(
    `## synth of the repo's clients file (median of ${RUNS}, wall time of the synth process, npm not counted)`,
  );
  const ours = await repeat(RUNS, () => timeNode([...OURS, '--clients', repoClients, '--outdir', out()]));
  const tsNode = await repeat(RUNS, () =>
    timeNode([...TS_NODE, '--clients', repoClients, '--outdir', out()]),
  );
  const o = median(ours.map((r) => r.ms));
  const t = median(tsNode.map((r) => r.ms));
  say(
    `ours  (node -r ./tools/register.js main.ts): ${fmtMs(o)}  [${ours.map((r) => Math.round(r.ms)).join(', ')} ms]`,
  );
  say(
    `cdk8s default (ts-node main.ts):             ${fmtMs(t)}  [${tsNode.map((r) => Math.round(r.ms)).join(', ')} ms]`,
  );
  say(`ratio: ${(t / o).toFixed(1)}x faster`);

  say('');
  say('## scale (median of 3 runs; peak RSS of the synth process)');
  for (const n of [100, 1000, 5000]) {
    const dir = tempDir('argo-token-bench-');
    const file = path.join(dir, `clients-${n}.yaml`);
    fs.writeFileSync(file, clientsFile(n));
    const runs = await repeat(3, () => timeNode([...OURS, '--clients', file, '--outdir', out()]));
    say(
      `${String(n).padStart(5)} clients: ${fmtMs(median(runs.map((r) => r.ms)))}, peak RSS ${Math.round(Math.max(...runs.map((r) => r.rssMiB)))} MiB`,
    );
  }
  return lines;
}

if (require.main === module) {
  benchSynth().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
