// argo-token: the entry. Wires arguments (commander) to the commands, prints results on stdout and
// one-line errors with a hint on stderr, and exits with the documented code (cli/errors.ts).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { KNOWN_VERSIONS } from '../src/argo/versions';
import { ManifestError } from '../src/rbac/manifest-error';
import { Deadline, formatDuration } from './deadline';
import { CliError, EXIT, oneLine } from './errors';
import type { KubeApi } from './kube';
import { checkWriteTarget, writeSecretFile } from './output';
import { bareJwt, formatToken, OUTPUT_FORMATS, type OutputFormat, type TokenInfo } from './token';

// Each command loads what it needs when it runs: the facts of the catalogue only for matrix and
// verify, nothing of Kubernetes for the offline commands, nothing but commander for --help.
const argoServer = () => require('./argo-server') as typeof import('./argo-server');
const getModule = () => require('./get') as typeof import('./get');
const canIModule = () => require('./can-i') as typeof import('./can-i');
const matrixModule = () => require('./matrix') as typeof import('./matrix');
const verifyModule = () => require('./verify') as typeof import('./verify');
const ssoModule = () => require('./sso') as typeof import('./sso');

const DEFAULT_NAMESPACE = 'argo';
const log = (line: string) => process.stderr.write(`argo-token: ${line}\n`);

interface KubeFlags {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  timeout: string;
}

function kubeOptions(cmd: Command): Command {
  return cmd
    .option('-n, --namespace <ns>', "the client's namespace (default: the kubeconfig context's, else argo)")
    .option('--kubeconfig <file>', 'kubeconfig file (default: KUBECONFIG, ~/.kube/config, or in-cluster)')
    .option('--context <name>', 'kubeconfig context')
    .option(
      '--timeout <duration>',
      'deadline for the whole command: connecting, every request, an exec credential plugin, the wait for the token',
      '60s',
    );
}

/** The one deadline of a command, started as soon as its flags are read. */
function deadlineFor(flags: KubeFlags): Deadline {
  const seconds = getModule().parseDuration(flags.timeout, '--timeout');
  if (seconds <= 0) {
    throw new CliError(
      EXIT.USAGE,
      `--timeout must be more than 0s, got ${flags.timeout}`,
      'the default is 60s',
    );
  }
  return new Deadline(seconds * 1000);
}

/** Runs fn with a connection to the cluster, closed afterwards. */
async function withKube<T>(
  flags: KubeFlags,
  deadline: Deadline,
  fn: (kube: KubeApi, namespace: string) => Promise<T>,
): Promise<T> {
  const kube = await (require('./kube') as typeof import('./kube')).connect(
    {
      ...(flags.kubeconfig ? { kubeconfig: flags.kubeconfig } : {}),
      ...(flags.context ? { context: flags.context } : {}),
    },
    deadline,
  );
  try {
    return await fn(kube, flags.namespace ?? kube.contextNamespace ?? DEFAULT_NAMESPACE);
  } finally {
    kube.close();
  }
}

type Flags = KubeFlags & Record<string, string | boolean | undefined>;

/** The options get and rotate share: where the token is and how it is printed. */
function tokenOptions(cmd: Command): Command {
  return cmd
    .addOption(outputOption())
    .option('--secret <name>', 'token Secret to read (default: <client>.service-account-token)')
    .option('--write <file>', 'write to this regular file (atomically, mode 0600) instead of stdout')
    .option('--server <url>', 'Argo Server, for -o docker-env (https://host:2746)')
    .option('--insecure', 'for -o docker-env: the container skips TLS verification')
    .option('--allow-http', 'accept an http:// --server: the token then travels in cleartext');
}

const getInput = (client: string, namespace: string, flags: Flags) => ({
  client,
  namespace,
  log,
  ...(typeof flags.secret === 'string' ? { secret: flags.secret } : {}),
});

/** Prints the token in the -o format, or writes it to --write FILE (atomically, mode 0600). */
function emit(info: TokenInfo, flags: Flags) {
  const format = flags.output as OutputFormat;
  const text = formatToken(info, format, {
    ...(typeof flags.server === 'string' ? { server: flags.server } : {}),
    insecure: flags.insecure === true,
  });
  if (typeof flags.write !== 'string') {
    process.stdout.write(text);
    return;
  }
  writeSecretFile(flags.write, text);
  log(
    `wrote the token of ${info.namespace}/${info.serviceAccount} (${format}) to ${flags.write} (mode 0600)`,
  );
}

function readTokenFile(file: string): string {
  try {
    return fs.readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    throw new CliError(
      EXIT.USAGE,
      `cannot read --token-file ${file}: ${(err as NodeJS.ErrnoException).code ?? err}`,
      'give a readable file, or - for stdin',
    );
  }
}

/** Refuses output flags that cannot work before anything is asked of the cluster. */
function checkOutput(flags: Flags) {
  if (typeof flags.write === 'string') checkWriteTarget(flags.write);
  if (flags.output === 'docker-env' && typeof flags.server !== 'string') {
    throw new CliError(
      EXIT.USAGE,
      '-o docker-env needs --server (the Argo Server address the container should call)',
      'add --server https://host:2746',
    );
  }
  if (typeof flags.server === 'string') {
    argoServer().checkServerPolicy(argoServer().parseServerUrl(flags.server), {
      cleartext: flags.allowHttp === true ? 'allow' : 'refuse',
      log,
    });
  }
}

const outputOption = () =>
  new Option('-o, --output <format>', 'what to print').choices([...OUTPUT_FORMATS]).default('bearer');

/** `argo-token 0.1.0 (Argo Server facts: 3.5.0–4.1.2)`. */
function version(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  const known = KNOWN_VERSIONS;
  return `argo-token ${pkg.version} (Argo Server facts: ${known[0]}–${known[known.length - 1]})`;
}

export function program(): Command {
  const root = new Command('argo-token')
    .description(
      'Least-privilege Argo Workflows API tokens: get, verify, rotate; check RBAC offline (can-i, matrix).',
    )
    .version(version(), '-V, --version', 'print the version of argo-token and of the Argo facts it holds')
    .exitOverride()
    // commander's own errors (unknown flag, missing argument) as ours: one line and a hint.
    .configureOutput({
      outputError: (text, write) => {
        const message = text.trim().replace(/^error: /, '');
        write(
          `argo-token: ${oneLine(message, 500)}\n  hint: argo-token <command> --help lists the arguments and options\n`,
        );
      },
    });

  tokenOptions(
    kubeOptions(
      root
        .command('get <client>')
        .description(
          "print the client's token once Kubernetes has filled its Secret (default: `Bearer <jwt>`, what ARGO_TOKEN needs)",
        ),
    ),
  )
    .option(
      '--short-lived <duration>',
      'instead of the Secret, request an expiring token (TokenRequest API, min 10m)',
    )
    .action(async (client: string, flags: Flags) => {
      const deadline = deadlineFor(flags);
      checkOutput(flags);
      const seconds =
        typeof flags.shortLived === 'string'
          ? getModule().parseDuration(flags.shortLived, '--short-lived')
          : 0;
      if (typeof flags.shortLived === 'string' && seconds < 600) {
        throw new CliError(
          EXIT.USAGE,
          `--short-lived must be at least 10m (the API server's minimum), got ${flags.shortLived}`,
          'pass --short-lived 10m or more',
        );
      }
      const info = await withKube(flags, deadline, (kube, namespace) =>
        typeof flags.shortLived === 'string'
          ? getModule().getShortLivedToken(kube, { client, namespace, seconds, log })
          : getModule().getToken(kube, getInput(client, namespace, flags)),
      );
      emit(info, flags);
    });

  root
    .command('verify <client>')
    .description(
      "prove live, with the client's token and without side effects, that Argo Server allows exactly what the manifests say, in every namespace of the client, and that the cluster grants it nothing more",
    )
    .option(
      '--server <url>',
      'Argo Server: https://host:2746 (with its base path), or host:port (default: ARGO_SERVER, with ARGO_SECURE and ARGO_BASE_HREF as the Argo CLI reads them)',
    )
    .option(
      '-n, --namespace <ns>',
      'verify only this namespace (default: every namespace of the client, and the cluster scope)',
    )
    .option('--manifests <dir>', 'synthesized manifests that say what the client may do', 'dist')
    .option('--insecure', 'skip TLS verification of Argo Server (default: ARGO_INSECURE_SKIP_VERIFY=true)')
    .option('--ca-file <file>', 'CA certificate that signed the Argo Server certificate')
    .option(
      '--allow-http',
      'accept an http:// --server (Argo Server with --secure=false; ARGO_SECURE=false says the same): the token travels in cleartext',
    )
    .option(
      '--token-file <file>',
      "verify this token (a file, or - for stdin) instead of reading the client's Secret",
    )
    .option('--secret <name>', 'token Secret to read (default: <client>.service-account-token)')
    .option(
      '--argo-only',
      'with --token-file: call Argo Server only, no Kubernetes API (what only an access review proves is reported as not proven; no drift check)',
    )
    .option('--kubeconfig <file>', 'kubeconfig file (default: KUBECONFIG, ~/.kube/config, or in-cluster)')
    .option('--context <name>', 'kubeconfig context')
    .option('--timeout <duration>', 'deadline for the whole command', '60s')
    .addOption(
      new Option('-o, --output <format>', 'table or json').choices(['table', 'json']).default('table'),
    )
    .action(async (client: string, flags: Flags) => {
      const deadline = deadlineFor(flags);
      // Everything that can be refused without the network is refused first.
      const server = argoServer().argoServerFromEnv(
        typeof flags.server === 'string' ? flags.server : undefined,
        process.env,
      );
      const { verify, verifyTarget, formatVerify, verifyVerdict } = verifyModule();
      const argo = await argoServer().ArgoServerClient.create({
        server: server.url,
        insecure: flags.insecure === true || server.insecure,
        ...(typeof flags.caFile === 'string' ? { caFile: flags.caFile } : {}),
        cleartext: flags.allowHttp === true || server.cleartext ? 'allow' : 'refuse',
        signal: deadline.signal,
        timeoutLabel: formatDuration(deadline.ms),
        log,
      });
      let target: ReturnType<typeof verifyTarget>;
      try {
        // A bare name with -n: the client of that name in that namespace, if there is one (as before -n
        // narrowed the namespaces verified); else the name alone, which must be unique in the manifests.
        const manifests = String(flags.manifests);
        const inNamespace =
          typeof flags.namespace === 'string' && !client.includes('/')
            ? verifyModule().findTarget({ client: `${flags.namespace}/${client}`, manifests })
            : undefined;
        target = inNamespace ?? verifyTarget({ client, manifests });
      } catch (err) {
        argo.close();
        throw err;
      }
      const kubeFlags = { ...flags, namespace: target.namespace };
      if (flags.argoOnly === true && typeof flags.tokenFile !== 'string') {
        argo.close();
        throw new CliError(
          EXIT.USAGE,
          '--argo-only needs --token-file: without the Kubernetes API the token cannot be read from its Secret',
          'pass --token-file FILE (or - for stdin), or leave out --argo-only',
        );
      }
      const readFileToken = async () => {
        const token = bareJwt(readTokenFile(String(flags.tokenFile)), `--token-file ${flags.tokenFile}`);
        await getModule().checkToken(undefined, token, {
          namespace: target.namespace,
          serviceAccount: target.name,
        });
        return token;
      };
      const run = (token: string, kube: KubeApi | undefined) =>
        verify({
          client: `${target.namespace}/${target.name}`,
          ...(typeof flags.namespace === 'string' ? { namespace: flags.namespace } : {}),
          manifests: String(flags.manifests),
          argo,
          ...(kube ? { kube } : {}),
          token,
          log,
        });
      try {
        const report =
          flags.argoOnly === true
            ? await run(await readFileToken(), undefined)
            : await withKube(kubeFlags, deadline, async (kube) => {
                const token =
                  typeof flags.tokenFile === 'string'
                    ? await readFileToken()
                    : (await getModule().getToken(kube, getInput(target.name, target.namespace, flags)))
                        .token;
                return run(token, kube.withToken(token));
              });
        process.stdout.write(
          flags.output === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatVerify(report),
        );
        const unproven = report.rows.filter((r) => r.result === 'not proven').length;
        if (unproven > 0) {
          log(
            `warning: --argo-only: ${unproven} operations not proven (only an access review with the client token proves them) and no drift check`,
          );
        }
        const verdict = verifyVerdict(report, argo.server);
        if (verdict) throw verdict;
      } finally {
        argo.close();
      }
    });

  tokenOptions(
    kubeOptions(
      root
        .command('rotate <client>')
        .description(
          "revoke the client's token and print a new one (delete the Secret, create it again, wait)",
        ),
    ),
  ).action(async (client: string, flags: Flags) => {
    const deadline = deadlineFor(flags);
    checkOutput(flags);
    const { rotate } = require('./rotate') as typeof import('./rotate');
    const result = await withKube(flags, deadline, (kube, namespace) =>
      rotate(kube, getInput(client, namespace, flags)),
    );
    emit(result.info, flags);
  });

  root
    .command('can-i <client> <verb> <resource>')
    .description('like kubectl auth can-i, offline, from the manifests: prints yes or no (exit 0 or 1)')
    .option('-n, --namespace <ns>', "namespace of the request (default: the client's own)")
    .option('--name <name>', 'object name (for rules narrowed by resourceNames)')
    .option('--manifests <dir>', 'synthesized manifests', 'dist')
    .action((client: string, verb: string, resource: string, flags: Record<string, string | undefined>) => {
      const result = canIModule().canI({
        client,
        verb,
        resource,
        manifests: flags.manifests ?? 'dist',
        ...(flags.namespace ? { namespace: flags.namespace } : {}),
        ...(flags.name ? { name: flags.name } : {}),
      });
      for (const role of result.unresolved)
        log(`warning: ${role} is bound but not in the manifests; its grants are not counted`);
      process.stdout.write(result.allowed ? 'yes\n' : 'no\n');
      if (!result.allowed) process.exitCode = EXIT.NO;
    });

  root
    .command('matrix [client]')
    .description('which Argo Server operations each client can call, from the manifests (no cluster needed)')
    .option('-n, --namespace <ns>', "namespace to evaluate in (default: each client's own)")
    .option('--manifests <dir>', 'synthesized manifests', 'dist')
    .addOption(
      new Option('-o, --output <format>', 'table, wide (adds method and path) or json')
        .choices(['table', 'wide', 'json'])
        .default('table'),
    )
    .action((client: string | undefined, flags: Record<string, string | undefined>) => {
      const { matrix, formatMatrix } = matrixModule();
      const columns = matrix({
        manifests: flags.manifests ?? 'dist',
        ...(client ? { client } : {}),
        ...(flags.namespace ? { namespace: flags.namespace } : {}),
      });
      for (const c of columns) {
        for (const role of c.unresolved)
          log(`warning: ${c.namespace}/${c.client.name}: ${role} is bound but not in the manifests`);
      }
      if (flags.output === 'json') {
        const { matrixJson } = matrixModule();
        process.stdout.write(`${JSON.stringify(matrixJson(columns), null, 2)}\n`);
      } else {
        process.stdout.write(formatMatrix(columns, flags.output === 'wide'));
      }
    });

  const sso = root
    .command('sso')
    .description(
      "people who sign in through Argo's SSO: which ServiceAccount they get, offline from the manifests",
    );

  const collect = (value: string, previous: string[] = []) => [...previous, value];
  sso
    .command('whoami')
    .description(
      'the ServiceAccount Argo Server chooses for a signed-in person (first line namespace/name), why, and what it can call; exit 1 when Argo refuses them',
    )
    .option('--groups <list>', 'the groups claim, comma-separated', (v: string, prev: string[] = []) => [
      ...prev,
      ...v.split(',').filter((g) => g !== ''),
    ])
    .option('--group <name>', 'one group, verbatim (commas included); repeatable', collect)
    .option('--email <email>', 'the email claim')
    .option('--sub <subject>', 'the sub claim (the IdP subject)')
    .option('-n, --namespace <ns>', "the request's namespace (default: the chosen account's own)")
    .option('--delegate', 'argo-server runs with SSO_DELEGATE_RBAC_TO_NAMESPACE=true')
    .option('--namespaced', 'argo-server runs with --namespaced (no delegation then)')
    .option(
      '--sso-namespace <ns>',
      "Argo Server's namespace (default: as the manifests record it, else argo)",
    )
    .option(
      '--argo-version <version>',
      "Argo release (default: the SSO accounts' own, as their Roles record)",
    )
    .option('--manifests <dir>', 'synthesized manifests', 'dist')
    .addOption(new Option('-o, --output <format>', 'text or json').choices(['text', 'json']).default('text'))
    .action((flags: Record<string, string | string[] | boolean | undefined>) => {
      const { whoami, formatWhoami, whoamiJson, whoamiFailure, whoamiWarnings } = ssoModule();
      const text = (k: string) => (typeof flags[k] === 'string' ? (flags[k] as string) : undefined);
      const list = (k: string) => (Array.isArray(flags[k]) ? (flags[k] as string[]) : []);
      const result = whoami({
        manifests: text('manifests') ?? 'dist',
        groups: [...list('groups'), ...list('group')],
        ...(text('email') !== undefined ? { email: text('email') } : {}),
        ...(text('sub') !== undefined ? { sub: text('sub') } : {}),
        ...(text('namespace') !== undefined ? { namespace: text('namespace') } : {}),
        delegate: flags.delegate === true,
        namespaced: flags.namespaced === true,
        ...(text('argoVersion') !== undefined ? { argoVersion: text('argoVersion') } : {}),
        ...(text('ssoNamespace') !== undefined ? { ssoNamespace: text('ssoNamespace') } : {}),
      });
      for (const w of whoamiWarnings(result)) log(`warning: ${w}`);
      process.stdout.write(
        flags.output === 'json' ? `${JSON.stringify(whoamiJson(result), null, 2)}\n` : formatWhoami(result),
      );
      const failure = whoamiFailure(result);
      if (failure) throw failure;
    });

  sso
    .command('matrix')
    .description(
      'every SSO account (precedence, login or delegated, rule) × the Argo Server operations it can call',
    )
    .option('-n, --namespace <ns>', "namespace to evaluate in (default: each account's own)")
    .option('--manifests <dir>', 'synthesized manifests', 'dist')
    .addOption(
      new Option('-o, --output <format>', 'table, wide (adds method and path) or json')
        .choices(['table', 'wide', 'json'])
        .default('table'),
    )
    .action((flags: Record<string, string | undefined>) => {
      const { ssoMatrix, formatSsoMatrix, ssoMatrixJson } = ssoModule();
      const m = ssoMatrix({
        manifests: flags.manifests ?? 'dist',
        ...(flags.namespace ? { namespace: flags.namespace } : {}),
      });
      for (const c of m.columns) {
        for (const role of c.unresolved)
          log(`warning: ${c.namespace}/${c.client.name}: ${role} is bound but not in the manifests`);
      }
      process.stdout.write(
        flags.output === 'json'
          ? `${JSON.stringify(ssoMatrixJson(m), null, 2)}\n`
          : formatSsoMatrix(m, flags.output === 'wide'),
      );
    });

  return root;
}

export async function run(argv: string[]): Promise<number> {
  try {
    await program().parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are not errors; everything else commander refuses is a usage error.
      return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    if (err instanceof ManifestError) {
      process.stderr.write(`argo-token: ${oneLine(err.message, 1000)}\n`);
      process.stderr.write('  hint: run npm run synth to write the manifests, or pass --manifests DIR\n');
      return EXIT.MANIFESTS;
    }
    if (err instanceof CliError) {
      process.stderr.write(`argo-token: ${oneLine(err.message, 1000)}\n`);
      if (err.hint) process.stderr.write(`  hint: ${oneLine(err.hint, 1000)}\n`);
      return err.code;
    }
    return internalError(err);
  }
}

/** A bug: one line (the stack only with ARGO_TOKEN_DEBUG=1), exit 70. Never the token: errors never hold it. */
function internalError(err: unknown): number {
  const text = err instanceof Error ? err.message : String(err);
  process.stderr.write(`argo-token: internal error: ${oneLine(text, 300)}\n`);
  process.stderr.write('  hint: this is a bug: please report it (ARGO_TOKEN_DEBUG=1 adds the stack)\n');
  if (process.env.ARGO_TOKEN_DEBUG === '1' && err instanceof Error && err.stack) {
    process.stderr.write(`${err.stack}\n`);
  }
  return EXIT.INTERNAL;
}

if (require.main === module || process.env.ARGO_TOKEN_BIN === '1') {
  // Whatever escapes (an error event nobody listens to) still ends as one line and exit 70.
  const crash = (err: unknown) => {
    process.exitCode = internalError(err);
    process.exit();
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
    // Done: a connection or child process still open must not keep the command alive past this.
    setTimeout(() => process.exit(), 200).unref();
  }, crash);
}
