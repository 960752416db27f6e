// `npm run check`: the checks of YOUR clients file, for the repo you adopted: a strict synth (security-
// lint warnings refused), dist/ exactly what the file synthesizes (so what is committed is what is
// applied), and your own policy (argo-clients.policy.ts). .ci/run runs it; exit 0 passes, 1 fails.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { type Policy, policyClientsOf } from '../app/policy';
import { synthFile } from '../app/synth';
import { DEFAULT_CLIENTS_FILE } from '../src/clients/file';
import { RECORD_FILE, recordOf } from '../src/output/dist-writer';

const USAGE = `usage: npm run check -- [--clients FILE] [--outdir DIR] [--policy FILE]
  --clients FILE  clients file (env ARGO_TOKEN_CLIENTS_FILE; default ${DEFAULT_CLIENTS_FILE})
  --outdir DIR    the committed manifests folder (env ARGO_TOKEN_OUTDIR; default dist)
  --policy FILE   your policy (default argo-clients.policy.ts, skipped when absent)`;

export function check(argv: string[], env: NodeJS.ProcessEnv = process.env): number {
  const { values } = parseArgs({
    args: argv,
    options: { clients: { type: 'string' }, outdir: { type: 'string' }, policy: { type: 'string' } },
    strict: true,
  });
  const clientsFile = values.clients ?? (env.ARGO_TOKEN_CLIENTS_FILE || DEFAULT_CLIENTS_FILE);
  const outdir = values.outdir ?? (env.ARGO_TOKEN_OUTDIR || 'dist');
  const policyFile = values.policy ?? 'argo-clients.policy.ts';
  const problems: string[] = [];

  const result = synthFile(clientsFile, { strict: true });
  if (result.errors.length > 0) {
    for (const e of result.errors) console.error(`error: ${e}`);
    console.error(`check failed: ${clientsFile} does not synthesize in strict mode`);
    return 1;
  }

  // What is committed is what is applied: dist/ must be exactly this synth's output.
  const expected = new Map([
    ...result.files.map((f) => [f.name, f.content] as const),
    [RECORD_FILE, recordOf(result.files)] as const,
  ]);
  const present = fs.existsSync(outdir) ? fs.readdirSync(outdir) : [];
  const stale = [
    ...[...expected.keys()].filter(
      (n) => !present.includes(n) || fs.readFileSync(path.join(outdir, n), 'utf8') !== expected.get(n),
    ),
    ...present.filter((n) => !expected.has(n)),
  ];
  if (stale.length > 0) {
    problems.push(
      `${outdir}/ is not what ${clientsFile} synthesizes (${stale.slice(0, 5).join(', ')}${stale.length > 5 ? '…' : ''}): run npm run synth and commit ${outdir}/`,
    );
  }

  if (fs.existsSync(policyFile)) {
    const loaded = require(path.resolve(policyFile)) as { default?: Policy };
    if (typeof loaded.default !== 'function') {
      problems.push(
        `${policyFile} must export a default policy function (export default policy((clients) => […]))`,
      );
    } else {
      for (const v of loaded.default(policyClientsOf(result.files))) problems.push(`policy: ${v}`);
    }
  }

  for (const p of problems) console.error(`error: ${p}`);
  const n = result.clients.length;
  if (problems.length > 0) {
    console.error(`check failed: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
    return 1;
  }
  console.error(
    `check passed: ${n} client${n === 1 ? '' : 's'}, ${outdir}/ up to date${fs.existsSync(policyFile) ? `, ${policyFile} satisfied` : ''}`,
  );
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = check(process.argv.slice(2));
  } catch (err) {
    console.error(`error: ${(err as Error).message}\n${USAGE}`);
    process.exitCode = 2;
  }
}
