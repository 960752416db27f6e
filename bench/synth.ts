// Synth goals, each against its floor in the same run (bench/floor.js: plain node + the yaml library
// writing the same objects): the repo's clients file ≤ 2×; 5,000 clients ≤ 3× the floor at 5,000
// clients, peak RSS ≤ 250 MiB, and linear (time per client at 5,000 against 1,000). For information:
// cdk8s's default `ts-node main.ts`, and 1,000 clients against their floor.
// Synth runs as `npm run synth` runs it (package.json's command, without npm's own start-up).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { CAPABILITY_NAMES, PRESET_NAMES } from '../src/argo/capabilities';
import {
  type BenchOptions,
  fmtMs,
  interleaved,
  ms,
  ok,
  ROOT,
  type Row,
  ratioRow,
  runNode,
  type Timed,
  tempDir,
} from './common';

/** `npm run synth`'s node arguments (package.json), so the bench times what users run. */
export const SYNTH_ARGS: readonly string[] = (() => {
  const script = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.synth as string;
  const [node, ...args] = script.split(/\s+/);
  if (node !== 'node') throw new Error(`package.json's synth script does not start with node: ${script}`);
  return args;
})();
const TS_NODE = [path.join(ROOT, 'node_modules', 'ts-node', 'dist', 'bin.js'), 'main.ts'];
const FLOOR = path.join(__dirname, 'floor.js');
const MAX_RSS_MIB = 250;
/** Time per client at 5,000 over that at 1,000: ~1 when linear, ~5 if quadratic. */
const LINEAR_LIMIT = 1.5;

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

const outdir = () => path.join(tempDir('argo-token-bench-'), 'dist');

const synth =
  (clients: string, out = outdir()) =>
  async () =>
    ok('synth', await runNode([...SYNTH_ARGS, '--clients', clients, '--outdir', out], { rss: true }));

/** The floor's input: the objects of every client file synth wrote to `dist`. */
function floorInput(dist: string): string {
  const clients = fs
    .readdirSync(dist)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => ({
      file,
      objects: parseAllDocuments(fs.readFileSync(path.join(dist, file), 'utf8')).map((d) => d.toJS()),
    }));
  const file = path.join(tempDir('argo-token-bench-'), 'objects.json');
  fs.writeFileSync(file, JSON.stringify(clients));
  return file;
}

const floor = (input: string) => async () =>
  ok('floor', await runNode([FLOOR, input, outdir()], { rss: true }));

/** Synth of `clients` and its floor, interleaved; the first synth (untimed) makes the floor's input. */
async function against(clients: string, rounds: number): Promise<{ ours: Timed[]; floor: Timed[] }> {
  const first = outdir();
  await synth(clients, first)();
  const [ours, f] = await interleaved(rounds, [synth(clients), floor(floorInput(first))]);
  return { ours, floor: f };
}

export async function benchSynth(options: BenchOptions): Promise<Row[]> {
  const rows: Row[] = [];
  const repo = path.join(ROOT, 'argo-clients.yaml');
  const repoRounds = options.quick ? 3 : 11;
  options.log(`synth of the repo's clients file: ${repoRounds} interleaved runs with the floor`);
  const small = await against(repo, repoRounds);
  const one = ms(small.ours);
  rows.push(ratioRow("synth of the repo's clients file", one, ms(small.floor), 'node + yaml floor', 2));

  const tsRounds = options.quick ? 1 : 3;
  options.log(`cdk8s's default ts-node: ${tsRounds} runs`);
  const [tsNode] = await interleaved(
    tsRounds,
    [async () => ok('ts-node synth', await runNode([...TS_NODE, '--clients', repo, '--outdir', outdir()]))],
    false,
  );
  rows.push({
    goal: "the same, against cdk8s's default `ts-node main.ts` (keep it well below)",
    ours: fmtMs(one),
    reference: `${fmtMs(ms(tsNode))} ts-node main.ts`,
    ratio: one / ms(tsNode),
    limit: '–',
  });

  const scaleRounds = options.quick ? 1 : 3;
  const perClient = new Map<number, number>();
  for (const n of [1000, 5000]) {
    const file = path.join(tempDir('argo-token-bench-'), `clients-${n}.yaml`);
    fs.writeFileSync(file, clientsFile(n));
    options.log(`${n} clients: ${scaleRounds} interleaved runs with the floor`);
    const r = await against(file, scaleRounds);
    const t = ms(r.ours);
    perClient.set(n, (t - one) / (n - 1));
    const label = n.toLocaleString('en');
    rows.push({
      ...ratioRow(`synth of ${label} clients`, t, ms(r.floor), `node + yaml floor at ${label}`, 3),
      ...(n === 5000 ? {} : { limit: '–', met: undefined }),
    });
    if (n === 5000) {
      const rss = Math.max(...r.ours.map((x) => x.rssMiB));
      rows.push({
        goal: `peak RSS of synth, ${label} clients (largest of the runs)`,
        ours: `${Math.round(rss)} MiB`,
        reference: `${Math.round(Math.max(...r.floor.map((x) => x.rssMiB)))} MiB floor`,
        limit: `≤ ${MAX_RSS_MIB} MiB`,
        met: rss <= MAX_RSS_MIB,
      });
    }
  }
  const linear = perClient.get(5000)! / perClient.get(1000)!;
  rows.push({
    goal: 'linear: time per client at 5,000 ÷ at 1,000 (start-up subtracted)',
    ours: `${perClient.get(5000)!.toFixed(2)} ms/client`,
    reference: `${perClient.get(1000)!.toFixed(2)} ms/client at 1,000`,
    ratio: linear,
    limit: `≤ ${LINEAR_LIMIT}×`,
    met: linear <= LINEAR_LIMIT,
  });
  return rows;
}
