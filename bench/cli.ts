// CLI start-up goals: `argo-token --help` ≤ 1.5× `kubectl version --client`; `can-i` and `matrix` ≤ 2×
// (offline commands, from manifests synthesized here). Whole processes, interleaved, medians. For
// information, node's own start-up (`node -e 0`) in the same rounds: what no node CLI gets below.

import * as path from 'node:path';
import { type BenchOptions, interleaved, ms, ok, type Row, ratioRow, run, runNode, tempDir } from './common';
import { SYNTH_ARGS } from './synth';

const BIN = path.join(__dirname, '..', 'bin', 'argo-token.js');

export async function benchCli(options: BenchOptions): Promise<Row[]> {
  const rounds = options.quick ? 5 : 15;
  const manifests = path.join(tempDir('argo-token-bench-'), 'dist');
  ok(
    'synth of the repo clients file',
    await runNode([...SYNTH_ARGS, '--clients', 'argo-clients.yaml', '--outdir', manifests]),
  );
  options.log(`CLI start-up: ${rounds} interleaved runs each`);
  const kubectl = () =>
    run('kubectl', ['version', '--client']).then((r) => ok('kubectl version --client', r));
  const cli =
    (...args: string[]) =>
    () =>
      runNode([BIN, ...args]).then((r) => ok(`argo-token ${args.join(' ')}`, r));
  const [k, node, help, canI, matrix] = await interleaved(rounds, [
    kubectl,
    () => runNode(['-e', '0']).then((r) => ok('node -e 0', r)),
    cli('--help'),
    cli('can-i', 'jenkins', 'list', 'workflows', '--manifests', manifests),
    cli('matrix', '--manifests', manifests),
  ]);
  const ref = 'kubectl version --client';
  return [
    {
      ...ratioRow(
        "node's own start-up (`node -e 0`): the floor under every CLI figure",
        ms(node),
        ms(k),
        ref,
        0,
      ),
      limit: '–',
      met: undefined,
    },
    ratioRow('`argo-token --help`', ms(help), ms(k), ref, 1.5),
    ratioRow('`argo-token can-i jenkins list workflows`', ms(canI), ms(k), ref, 2),
    ratioRow('`argo-token matrix`', ms(matrix), ms(k), ref, 2),
  ];
}
