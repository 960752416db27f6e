// The cdk8s app: reads the clients file, composes one ArgoApiClient per client, writes dist/.
// `npm run synth [-- --clients FILE --outdir DIR --strict]`, or `cdk8s synth` (see cdk8s.yaml).

import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { synthFile } from './app/synth';
import { DEFAULT_CLIENTS_FILE } from './src/clients/file';
import { copyFiles, DistError, writeDist } from './src/output/dist-writer';

const USAGE = `usage: npm run synth -- [--clients FILE] [--outdir DIR] [--strict]
  --clients FILE  clients file (env ARGO_TOKEN_CLIENTS_FILE; default ${DEFAULT_CLIENTS_FILE})
  --outdir DIR    manifests folder, replaced as a whole (env ARGO_TOKEN_OUTDIR; default dist)
  --strict        refuse security-lint warnings as errors (or set strict: true in the file)`;

/** Runs one synth; returns the exit code (0 written, 1 invalid clients file, 2 usage or output error). */
export function main(argv: string[], env: NodeJS.ProcessEnv = process.env): number {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const clientsFile = args.clients ?? (env.ARGO_TOKEN_CLIENTS_FILE || DEFAULT_CLIENTS_FILE);
  const outdir = args.outdir ?? (env.ARGO_TOKEN_OUTDIR || 'dist');

  const result = synthFile(clientsFile, { strict: args.strict });
  for (const w of result.warnings) console.error(`warning: ${w}`);
  if (result.errors.length > 0) {
    for (const e of result.errors) console.error(`error: ${e}`);
    const n = result.errors.length;
    console.error(
      `synth failed: ${n} error${n === 1 ? '' : 's'} in ${clientsFile}; ${outdir}/ left unchanged`,
    );
    return 1;
  }

  try {
    const outcome = writeDist(outdir, result.files);
    // Run by `cdk8s synth`: give its (scratch) output folder a copy, for its listing and validation plugins.
    const cdk8sOut = env.CDK8S_OUTDIR;
    if (cdk8sOut && path.resolve(cdk8sOut) !== path.resolve(outdir)) copyFiles(cdk8sOut, result.files);
    const clients = result.chart?.clients.length ?? 0;
    console.error(`${outdir}/: ${clients} client${clients === 1 ? '' : 's'}, ${outcome}`);
  } catch (err) {
    if (!(err instanceof DistError)) throw err;
    console.error(`error: ${err.message}`);
    return 2;
  }
  return 0;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      clients: { type: 'string' },
      outdir: { type: 'string' },
      strict: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  }).values;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
