// The cdk8s app: reads the clients file, composes one ArgoApiClient per client, writes dist/.
// `npm run synth [-- --clients FILE --outdir DIR --strict]`, or `cdk8s synth` (see cdk8s.yaml).
// Exit codes: 0 written or unchanged; 1 the clients file is invalid; 2 usage or output error
// (nothing written); 70 an internal error (a bug: please report it). Never a stack trace.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { synthFile } from './app/synth';
import { DEFAULT_CLIENTS_FILE } from './src/clients/file';
import { shownPath } from './src/clients/messages';
import { copyFiles, DistError, KUSTOMIZATION_FILE, writeDist } from './src/output/dist-writer';

const USAGE = `usage: npm run synth -- [--clients FILE] [--outdir DIR] [--strict]
  --clients FILE  clients file (env ARGO_TOKEN_CLIENTS_FILE; default ${DEFAULT_CLIENTS_FILE})
  --outdir DIR    manifests folder, replaced as a whole (env ARGO_TOKEN_OUTDIR; default dist)
  --strict        refuse security-lint warnings as errors (or set strict: true in the file)`;

/** Errors printed for one synth; the count of the others follows. */
const MAX_ERRORS_SHOWN = 100;

/** The project's own folders: a manifests folder never sits in or above them. */
const PROJECT_FOLDERS = [
  'app',
  'bench',
  'bin',
  'cli',
  'constructs',
  'crds',
  'imports',
  'node_modules',
  'src',
  'test',
  'tools',
  '.ci',
  '.git',
];

/** Runs one synth; returns the exit code (0 written, 1 invalid clients file, 2 usage or output error). */
export function main(argv: string[], env: NodeJS.ProcessEnv = process.env): number {
  try {
    const code = synth(argv, env);
    // Under `cdk8s synth` (not --stdout or helm), a non-zero exit makes the cdk8s CLI print a stack
    // trace of its own. Its output folder does not exist then (it removed it): exit 0 without creating
    // it, and the CLI reports the failure in one line ("synthesis failed, app expected to create …")
    // and exits 1. Our own lines above say what was wrong.
    const cdk8sOut = env.CDK8S_OUTDIR;
    if (code !== 0 && cdk8sOut !== undefined && !fs.existsSync(cdk8sOut)) return 0;
    return code;
  } catch (err) {
    // Every expected failure is handled below; this is a bug, still reported as one line.
    console.error(`error: internal error (please report it): ${(err as Error)?.message ?? String(err)}`);
    if (env.ARGO_TOKEN_DEBUG) console.error((err as Error)?.stack);
    return 70;
  }
}

function synth(argv: string[], env: NodeJS.ProcessEnv): number {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (err) {
    console.error(`error: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const clientsFile = args.clients ?? (env.ARGO_TOKEN_CLIENTS_FILE || DEFAULT_CLIENTS_FILE);
  const outdir = args.outdir ?? (env.ARGO_TOKEN_OUTDIR || 'dist');
  // Run by `cdk8s synth -o <outdir>`: the cdk8s CLI removed that folder before this process started.
  const cdk8sOut = env.CDK8S_OUTDIR;
  const removedByCdk8s = cdk8sOut !== undefined && path.resolve(cdk8sOut) === path.resolve(outdir);

  const unsafe = unsafeOutdir(outdir, clientsFile);
  if (unsafe) {
    console.error(`error: ${unsafe}`);
    return 2;
  }

  const result = synthFile(clientsFile, { strict: args.strict });
  for (const w of result.warnings) console.error(`warning: ${w}`);
  if (result.errors.length > 0) {
    // Every error at once, but a file with thousands of the same mistake does not flood the terminal.
    for (const e of result.errors.slice(0, MAX_ERRORS_SHOWN)) console.error(`error: ${e}`);
    const n = result.errors.length;
    if (n > MAX_ERRORS_SHOWN) console.error(`error: … and ${n - MAX_ERRORS_SHOWN} more errors`);
    console.error(
      `synth failed: ${n} error${n === 1 ? '' : 's'} in ${shownPath(clientsFile)}; ${outcomeOfFailure(outdir, removedByCdk8s)}`,
    );
    return 1;
  }

  try {
    const outcome = writeDist(outdir, result.files, { log: (line) => console.error(`note: ${line}`) });
    // The cdk8s CLI's own output (its listing, --stdout, a Helm chart's templates/) gets the client
    // manifests only: a Kustomization there would be applied (or templated by Helm) as an object.
    if (cdk8sOut && !removedByCdk8s) {
      copyFiles(
        cdk8sOut,
        result.files.filter((f) => f.name !== KUSTOMIZATION_FILE),
      );
    }
    const clients = result.clients.length;
    const sso = result.ssoAccounts.length;
    const people = sso > 0 ? `, ${sso} SSO account${sso === 1 ? '' : 's'}` : '';
    console.error(`${outdir}/: ${clients} client${clients === 1 ? '' : 's'}${people}, ${outcome}`);
  } catch (err) {
    if (!(err instanceof DistError)) throw err;
    console.error(`error: ${err.message}`);
    console.error(`synth failed: ${outcomeOfFailure(outdir, removedByCdk8s)}`);
    return 2;
  }
  return 0;
}

/** What became of the manifests folder when synth failed, said truthfully. */
function outcomeOfFailure(outdir: string, removedByCdk8s: boolean): string {
  if (removedByCdk8s) {
    return `nothing written, and ${outdir}/ is gone: the cdk8s CLI removes its output folder (-o/--output) before the app runs; restore it (git checkout -- ${outdir}) and run cdk8s synth without -o (its output is .cdk8s.out/; the app writes ${outdir}/ itself)`;
  }
  return fs.existsSync(outdir) ? `${outdir}/ left unchanged` : `nothing written (${outdir}/ does not exist)`;
}

/** Why the manifests folder must not be `outdir`, or undefined when it may. */
function unsafeOutdir(outdir: string, clientsFile: string): string | undefined {
  const target = realish(outdir);
  const within = (parent: string, child: string) => {
    const rel = path.relative(parent, child);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  };
  const clients = realish(clientsFile);
  if (within(target, clients)) {
    return `refusing --outdir ${shownPath(outdir)}: it contains the clients file ${shownPath(clientsFile)}, which synth replaces as a whole; choose a folder of its own (default dist)`;
  }
  if (within(target, __dirname)) {
    return `refusing --outdir ${shownPath(outdir)}: it contains the project's own sources; choose a folder of its own (default dist)`;
  }
  const inside = PROJECT_FOLDERS.find((f) => within(path.join(__dirname, f), target));
  if (inside) {
    return `refusing --outdir ${shownPath(outdir)}: it is inside the project's ${inside}/ folder; choose a folder of its own (default dist)`;
  }
  return undefined;
}

/** The real path of p, resolving the part of it that exists (symlinks included). */
function realish(p: string): string {
  const abs = path.resolve(p);
  const rest: string[] = [];
  let at = abs;
  for (;;) {
    try {
      return path.join(fs.realpathSync(at), ...rest.reverse());
    } catch {
      const parent = path.dirname(at);
      if (parent === at) return abs;
      rest.push(path.basename(at));
      at = parent;
    }
  }
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

if (require.main === module) {
  // V8 lets the heap grow up to 4× its live size before a full collection; synth's live heap is small
  // (~20–40 MiB) but it makes ~0.4 MB of short-lived garbage per client, so at 5,000 clients the
  // default growth alone put peak RSS at ~235 MiB. 1.5× holds it near 175 MiB; the extra full
  // collections of a small heap cost no measurable time (bench/synth.ts measures both).
  require('node:v8').setFlagsFromString('--heap-growing-percent=50');
  process.exitCode = main(process.argv.slice(2));
}
