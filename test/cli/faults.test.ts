// The fault table: the real argo-token command against test servers that misbehave (and against
// bad input). Every row asserts the exit code, one error line and its hint (no stack), a generous
// bound on time (its --timeout plus a few seconds), that no JWT ever reaches stderr, and where it
// matters what the servers saw (request counts). The Kubernetes API server is shared: each row
// works in a namespace of its own, so the faults it injects (matched by path) touch no other row,
// and the rows run concurrently.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { run } from '../../cli/main';
import { RbacEvaluator } from '../../src/rbac/evaluator';
import { ArgoServer, type ArgoServerOptions, SIGN_IN_PAGE } from '../support/argo-server';
import { type CliRun, runCli } from '../support/cli';
import { foreignKey, KubeApiServer, signJwt } from '../support/kube-api-server';
import { seedDist, tempDir } from '../support/project';
import { Blackhole, PROXIED_DOMAIN, TestProxy } from '../support/proxy';
import { testTls } from '../support/tls';

const DIST = seedDist();
const CLIENT = 'jenkins';
const SECRET = `${CLIENT}.service-account-token`;
const JWT_ON_STDERR = /eyJ[A-Za-z0-9_-]{4,}\.eyJ/;
/** Lines of stderr that are not the error: progress and notes. */
const INFO =
  /^argo-token: (note: |warning: |waiting for the token controller|requesting a|watch is not allowed|calling Argo Server through|wrote the token|Secret \S+ did not exist|the old token of \S+ is revoked \(its Secret was deleted\); the new one is printed)/;

let kube: KubeApiServer;
let dir: string;
let kubeconfig: string;
let proxy: TestProxy;
const others: { stop(): Promise<void> }[] = [];

beforeAll(async () => {
  kube = await KubeApiServer.start({ tokenController: 'manual' });
  dir = tempDir('argo-token-faults-');
  kubeconfig = kube.writeKubeconfig(dir, { ca: 'data' });
  proxy = await TestProxy.start();
});
afterAll(async () => {
  await Promise.all([kube.stop(), proxy.stop(), ...others.map((s) => s.stop())]);
});

/** The client in a namespace of its own (ServiceAccount and token Secret, filled unless told). */
function client(ns: string, opts: { fill?: boolean } = {}): string {
  kube.createServiceAccount(ns, CLIENT);
  kube.createSecret({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: SECRET, namespace: ns, annotations: { 'kubernetes.io/service-account.name': CLIENT } },
    type: 'kubernetes.io/service-account-token',
  });
  if (opts.fill !== false) kube.fillToken(ns, SECRET);
  return ns;
}

const tokenIn = (ns: string) =>
  Buffer.from(kube.getSecret(ns, SECRET)?.data?.token ?? '', 'base64').toString();
const requestsIn = (ns: string) => kube.requests.filter((r) => r.path.includes(`/namespaces/${ns}/`));
const watchesIn = (ns: string) => requestsIn(ns).filter((r) => r.query.watch === 'true');
const listsIn = (ns: string) =>
  requestsIn(ns).filter((r) => r.method === 'GET' && r.path.endsWith('/secrets') && r.query.watch !== 'true');
const get = (ns: string, ...args: string[]) =>
  runCli(['get', CLIENT, '-n', ns, '--kubeconfig', kubeconfig, ...args]);
const getHere = (ns: string, ...args: string[]) =>
  runHere(['get', CLIENT, '-n', ns, '--kubeconfig', kubeconfig, ...args]);
const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((r) => setTimeout(r, 20));
};

/** A kubeconfig like the shared one, edited. */
function kubeconfigWith(name: string, edit: (config: any) => void): string {
  const config = parse(fs.readFileSync(kubeconfig, 'utf8'));
  edit(config);
  const file = path.join(dir, name);
  fs.writeFileSync(file, stringify(config), { mode: 0o600 });
  return file;
}

/** A kubeconfig whose user runs `node -e script` as exec credential plugin. */
function execKubeconfig(name: string, script: string, command = process.execPath): string {
  const pluginFile = path.join(dir, `${name}.js`);
  fs.writeFileSync(pluginFile, script);
  return kubeconfigWith(name, (config) => {
    config.users[0].user = {
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1',
        command,
        args: [pluginFile],
        interactiveMode: 'Never',
        installHint: 'install the test plugin',
      },
    };
  });
}

async function argoServer(options: Partial<ArgoServerOptions> = {}): Promise<ArgoServer> {
  const server = await ArgoServer.start({
    authenticate: (token) => kube.whoIs(token),
    rbac: RbacEvaluator.fromDirectory(DIST),
    ...options,
  });
  others.push(server);
  return server;
}

/**
 * The CLI in this process (run() of cli/main.ts, stdout and stderr captured): for rows that end
 * before the Kubernetes client library (ESM, which jest cannot load) would be needed.
 */
async function runHere(args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: any) => {
    stdout += String(chunk);
    return true;
  });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => {
    stderr += String(chunk);
    return true;
  });
  const started = performance.now();
  try {
    const code = await run(args);
    return { code, stdout, stderr, ms: performance.now() - started };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** verify run here with the token in a file and --argo-only (no kubeconfig needed): the Argo side alone. */
function verify(server: string, token: string, ...args: string[]): Promise<CliRun> {
  const file = path.join(dir, 'argo-token');
  if (!fs.existsSync(file)) fs.writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return runHere([
    'verify',
    `argo/${CLIENT}`,
    '--server',
    server,
    '--manifests',
    DIST,
    '--token-file',
    file,
    '--argo-only',
    ...args,
  ]);
}

/** The requests verify's table says it sent to Argo Server: its version, then one per http, watch, named-read or dry-run row. */
function argoRequests(stdout: string): number {
  return (
    1 + stdout.split('\n').filter((l) => /^\S+\s+\S+\s+(http|watch|named-read|dry-run)\s/.test(l)).length
  );
}

/** The token of the client in namespace argo (the namespace dist/ names), for the Argo rows. */
let argoToken: string | undefined;
function jenkinsInArgo(): string {
  if (!argoToken) {
    client('argo');
    argoToken = tokenIn('argo');
  }
  return argoToken;
}

interface Row {
  readonly id: string;
  /** Runs the CLI in this process (run() of cli/main.ts): rows that need no Kubernetes client library. */
  readonly inProcess?: boolean;
  readonly fault: string;
  readonly code: number;
  /** What the error line (or, for exit 0, stderr) must say. */
  readonly says: RegExp;
  /** The --timeout the row runs with, in seconds (the default is 60). */
  readonly timeoutS?: number;
  readonly run: () => Promise<CliRun>;
  readonly check?: (run: CliRun) => void | Promise<void>;
}

const ROWS: Row[] = [
  // ---- The Kubernetes API server misbehaves ----
  {
    id: 'K01',
    fault: 'API server accepts the request and never answers',
    code: 7,
    timeoutS: 4,
    says: /timed out after 4s waiting for the Kubernetes API server at \S+ to answer get secrets "jenkins.service-account-token" in namespace "k01"/,
    run: async () => {
      kube.inject('GET', /\/namespaces\/k01\/secrets\//, { kind: 'hang' });
      return get(client('k01'), '--timeout', '4s');
    },
  },
  {
    id: 'K02',
    fault: 'API server answers after 40 s',
    code: 7,
    timeoutS: 4,
    says: /timed out after 4s waiting for the Kubernetes API server/,
    run: async () => {
      kube.inject('GET', /\/namespaces\/k02\/secrets\//, { kind: 'delay', ms: 40_000 });
      return get(client('k02'), '--timeout', '4s');
    },
  },
  {
    id: 'K03',
    inProcess: true,
    fault: 'API server answers 500 with a Status',
    code: 15,
    says: /failed get secrets "jenkins.service-account-token" in namespace "k03": HTTP 500 InternalError: Internal error occurred: injected failure/,
    run: async () => {
      kube.failNext('GET', /\/namespaces\/k03\/secrets\//, 500, 1000);
      client('k03');
      return getHere('k03');
    },
  },
  {
    id: 'K04',
    inProcess: true,
    fault: 'a load balancer answers 502 with an HTML page',
    code: 15,
    says: /answered get secrets .* with HTTP 502 \(text\/html, not JSON\)/,
    run: async () => {
      kube.inject('*', /\/namespaces\/k04\//, { kind: 'raw', status: 502, body: '<html>Bad Gateway</html>' });
      client('k04');
      return getHere('k04');
    },
  },
  {
    id: 'K05',
    inProcess: true,
    fault: "a proxy's sign-in page: 200 HTML",
    code: 15,
    says: /answered get secrets .* with HTTP 200 \(text\/html, not JSON\)/,
    run: async () => {
      kube.inject('*', /\/namespaces\/k05\//, { kind: 'raw', status: 200, body: SIGN_IN_PAGE });
      client('k05');
      return getHere('k05');
    },
  },
  {
    id: 'K06',
    inProcess: true,
    fault: 'malformed JSON (200, application/json)',
    code: 15,
    says: /with HTTP 200 \(application\/json, not JSON\)/,
    run: async () => {
      kube.inject('*', /\/namespaces\/k06\//, {
        kind: 'raw',
        status: 200,
        body: '{"kind":"Secret","data":{"token":',
        contentType: 'application/json',
      });
      client('k06');
      return getHere('k06');
    },
  },
  {
    id: 'K07',
    inProcess: true,
    fault: 'a redirect to a sign-in page (302)',
    code: 15,
    says: /with a redirect \(HTTP 302 to https:\/\/login\.example\.invalid\/oauth\)/,
    run: async () => {
      kube.inject('*', /\/namespaces\/k07\//, {
        kind: 'raw',
        status: 302,
        body: '',
        headers: { Location: 'https://login.example.invalid/oauth?next=x' },
      });
      client('k07');
      return getHere('k07');
    },
    check: () => expect(kube.requests.filter((r) => r.path.includes('login')).length).toBe(0),
  },
  {
    id: 'K08',
    inProcess: true,
    fault: 'an HTML 404 page (wrong base path), not a Kubernetes NotFound',
    code: 15,
    says: /with HTTP 404 \(text\/html, not JSON\)/,
    run: async () => {
      kube.inject('*', /\/namespaces\/k08\//, { kind: 'raw', status: 404, body: '<html>Not Found</html>' });
      client('k08');
      return getHere('k08');
    },
  },
  {
    id: 'K09',
    inProcess: true,
    fault: 'the connection is reset instead of an answer',
    code: 6,
    says: /cannot reach the Kubernetes API server at \S+: ECONNRESET/,
    run: async () => {
      kube.inject('*', /\/namespaces\/k09\//, { kind: 'reset' });
      client('k09');
      return getHere('k09');
    },
  },
  {
    id: 'K10',
    fault: 'API server certificate expired',
    code: 6,
    says: /its certificate has expired \(CERT_HAS_EXPIRED\)/,
    run: async () => {
      const expired = await KubeApiServer.start({ certificate: 'expired' });
      others.push(expired);
      return runCli(['get', CLIENT, '--kubeconfig', expired.writeKubeconfig(tempDir(), { ca: 'data' })]);
    },
    check: (run) => expect(run.stderr).toContain('hint: renew the Kubernetes API server'),
  },
  {
    id: 'K11',
    fault: 'API server certificate signed by another CA',
    code: 6,
    says: /not signed by a trusted CA/,
    run: async () =>
      runCli([
        'get',
        CLIENT,
        '--kubeconfig',
        kubeconfigWith('other-ca', (c) => {
          c.clusters[0].cluster['certificate-authority-data'] = Buffer.from(testTls().otherCaPem).toString(
            'base64',
          );
        }),
      ]),
    check: (run) =>
      expect(run.stderr).toContain("the kubeconfig's certificate-authority(-data) did not sign"),
  },
  {
    id: 'K12',
    fault: 'the TLS handshake never completes (a silent TCP server)',
    code: 7,
    timeoutS: 4,
    says: /timed out after 4s waiting for the Kubernetes API server/,
    run: async () => {
      const hole = await Blackhole.start();
      others.push(hole);
      const file = kubeconfigWith('blackhole', (c) => {
        c.clusters[0].cluster.server = hole.url;
      });
      const run = await runCli(['get', CLIENT, '--kubeconfig', file, '--timeout', '4s']);
      expect(hole.connections).toBeGreaterThan(0);
      return run;
    },
  },
  {
    id: 'K13',
    fault: 'API server answers 429 every time: retried three times, then an API error',
    code: 15,
    says: /HTTP 429 TooManyRequests/,
    run: async () => {
      kube.failNext('GET', /\/namespaces\/k13\/secrets\//, 429, 1000);
      return get(client('k13'));
    },
    check: () => expect(requestsIn('k13').length).toBe(4),
  },
  // ---- Kubeconfig and credentials ----
  {
    id: 'C01',
    fault: 'exec credential plugin hangs (it is killed at the deadline)',
    code: 7,
    timeoutS: 4,
    says: /timed out after 4s waiting for the kubeconfig's exec credential plugin/,
    run: async () => {
      const pidFile = path.join(dir, 'hanging-plugin.pid');
      const run = await runCli([
        'get',
        CLIENT,
        '--timeout',
        '4s',
        '--kubeconfig',
        execKubeconfig(
          'hang-plugin',
          `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000);`,
        ),
      ]);
      const pid = Number(fs.readFileSync(pidFile, 'utf8'));
      await until(() => {
        try {
          process.kill(pid, 0);
          return false;
        } catch {
          return true;
        }
      });
      return run;
    },
  },
  {
    id: 'C02',
    fault: 'exec credential plugin is missing',
    code: 10,
    says: /exec credential plugin "\/nonexistent\/kubectl-login" was not found \(ENOENT\)/,
    run: async () =>
      runCli([
        'get',
        CLIENT,
        '--kubeconfig',
        execKubeconfig('missing-plugin', '', '/nonexistent/kubectl-login'),
      ]),
    check: (run) => expect(run.stderr).toContain('hint: install the test plugin'),
  },
  {
    id: 'C03',
    fault: 'exec credential plugin fails (exit 1)',
    code: 10,
    says: /exec credential plugin ".*" failed \(exit 1\): error: the login expired/,
    run: async () =>
      runCli([
        'get',
        CLIENT,
        '--kubeconfig',
        execKubeconfig(
          'failing-plugin',
          `process.stderr.write('error: the login expired\\n'); process.exit(1);`,
        ),
      ]),
  },
  {
    id: 'C04',
    fault: 'exec credential plugin prints garbage',
    code: 10,
    says: /printed no ExecCredential \(its output is not JSON/,
    run: async () =>
      runCli([
        'get',
        CLIENT,
        '--kubeconfig',
        execKubeconfig('garbage-plugin', `process.stdout.write('Please log in: ');`),
      ]),
  },
  {
    id: 'C05',
    fault: 'exec credential plugin prints JSON without a credential',
    code: 10,
    says: /printed no usable ExecCredential/,
    run: async () =>
      runCli([
        'get',
        CLIENT,
        '--kubeconfig',
        execKubeconfig(
          'empty-plugin',
          `process.stdout.write(JSON.stringify({ kind: 'ExecCredential', apiVersion: 'client.authentication.k8s.io/v1' }));`,
        ),
      ]),
  },
  {
    id: 'C06',
    fault: "the kubeconfig's client-certificate file is missing",
    code: 10,
    says: /cannot read \S*missing-client\.crt named in the kubeconfig: ENOENT/,
    run: async () =>
      runCli([
        'get',
        CLIENT,
        '--kubeconfig',
        kubeconfigWith('missing-cert', (c) => {
          c.users[0].user = {
            'client-certificate': 'missing-client.crt',
            'client-key': 'missing-client.key',
          };
        }),
      ]),
  },
  {
    id: 'C07',
    fault: 'the kubeconfig is a folder',
    code: 10,
    says: /cannot load the kubeconfig \S+: EISDIR/,
    run: async () => runCli(['get', CLIENT, '--kubeconfig', dir]),
  },
  // ---- The token is not the client's ----
  {
    id: 'T01',
    inProcess: true,
    fault: "Secret annotated for jenkins holds another ServiceAccount's (valid, signed) token",
    code: 17,
    says: /the token in Secret "jenkins.service-account-token" in namespace "t01" is not ServiceAccount t01\/jenkins's: its subject is "system:serviceaccount:t01:other", not "system:serviceaccount:t01:jenkins"; it is not printed/,
    run: async () => {
      client('t01', { fill: false });
      kube.createServiceAccount('t01', 'other');
      kube.createSecret({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: 'other-token',
          namespace: 't01',
          annotations: { 'kubernetes.io/service-account.name': 'other' },
        },
        type: 'kubernetes.io/service-account-token',
      });
      kube.fillToken('t01', 'other-token');
      const stolen = kube.getSecret('t01', 'other-token')!.data!.token;
      kube.patchSecretData('t01', SECRET, { token: stolen });
      return getHere('t01');
    },
    check: (run) => expect(run.stdout).toBe(''),
  },
  {
    id: 'T02',
    inProcess: true,
    fault: 'data.token is `e30.e30.` (no algorithm, no signature)',
    code: 8,
    says: /data.token of Secret "jenkins.service-account-token" is not a signed JWT/,
    run: async () => {
      client('t02', { fill: false });
      kube.patchSecretData('t02', SECRET, { token: Buffer.from('e30.e30.').toString('base64') });
      return getHere('t02');
    },
    check: (run) => expect(run.stdout).toBe(''),
  },
  {
    id: 'T03',
    inProcess: true,
    fault: 'the right claims, signed with a key the cluster does not publish',
    code: 17,
    says: /its signature does not verify with the cluster's service-account issuer key/,
    run: async () => {
      client('t03', { fill: false });
      const forged = signJwt(
        {
          iss: 'kubernetes/serviceaccount',
          sub: 'system:serviceaccount:t03:jenkins',
          'kubernetes.io/serviceaccount/namespace': 't03',
          'kubernetes.io/serviceaccount/secret.name': SECRET,
          'kubernetes.io/serviceaccount/service-account.name': CLIENT,
        },
        foreignKey(),
      );
      kube.patchSecretData('t03', SECRET, { token: Buffer.from(forged).toString('base64') });
      return getHere('t03');
    },
    check: (run) => expect(run.stdout).toBe(''),
  },
  {
    id: 'T04',
    fault:
      'the issuer keys cannot be read (discovery off, 404): claims checked, signature check skipped with a note',
    code: 0,
    says: /note: the token's claims match, but its signature was not checked: .*HTTP 404 on \/openid\/v1\/jwks/,
    run: async () => {
      // Its own server: /openid/v1/jwks is one path for every namespace.
      const noDiscovery = await KubeApiServer.start({ issuerDiscovery: false });
      others.push(noDiscovery);
      noDiscovery.createServiceAccount('argo', CLIENT);
      noDiscovery.createSecret({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: SECRET,
          namespace: 'argo',
          annotations: { 'kubernetes.io/service-account.name': CLIENT },
        },
        type: 'kubernetes.io/service-account-token',
      });
      await noDiscovery.tokenWritten('argo', SECRET);
      const file = noDiscovery.writeKubeconfig(tempDir(), { ca: 'data' });
      const run = await runCli(['get', CLIENT, '-n', 'argo', '--kubeconfig', file]);
      const token = Buffer.from(noDiscovery.getSecret('argo', SECRET)!.data!.token, 'base64').toString();
      expect(run.stdout).toBe(`Bearer ${token}\n`);
      return run;
    },
  },
  // ---- The watch misbehaves ----
  {
    id: 'W01',
    fault: 'every watch answers 500; the token is written meanwhile (a re-list finds it)',
    code: 0,
    says: /waiting for the token controller/,
    run: async () => {
      kube.failNext('WATCH', /\/namespaces\/w01\/secrets$/, 500, 1000);
      const running = get(client('w01', { fill: false }));
      await until(() => watchesIn('w01').length >= 2);
      kube.fillToken('w01', SECRET);
      return running;
    },
    check: (run) => {
      expect(run.stdout).toBe(`Bearer ${tokenIn('w01')}\n`);
      expect(listsIn('w01').length).toBeGreaterThanOrEqual(1);
    },
  },
  {
    id: 'W02',
    fault: 'every watch sends an in-stream ERROR (500); the Secret stays empty',
    code: 7,
    timeoutS: 4,
    says: /timed out after 4s waiting for the token of Secret "jenkins.service-account-token" in namespace "w02": the Secret exists but is still empty, and watching it kept failing \(last: the watch reported an error: 500 InternalError/,
    run: async () => {
      kube.inject('WATCH', /\/namespaces\/w02\/secrets$/, { kind: 'watch-error', code: 500 });
      return get(client('w02', { fill: false }), '--timeout', '4s');
    },
    // Backoff 125–250 ms doubling to 4–8 s: at most 5 watches in 4 s (the bug was ~1,000 in 15 s).
    check: () => expect(watchesIn('w02').length).toBeLessThanOrEqual(8),
  },
  {
    id: 'W03',
    fault: 'every watch answers 410 Expired (a re-list loop)',
    code: 7,
    timeoutS: 4,
    says: /timed out after 4s waiting for the token of Secret .* in namespace "w03"/,
    run: async () => {
      kube.inject('WATCH', /\/namespaces\/w03\/secrets$/, { kind: 'watch-error', code: 410 });
      return get(client('w03', { fill: false }), '--timeout', '4s');
    },
    check: (run) => {
      expect(listsIn('w03').length).toBeLessThanOrEqual(8); // the bug: 200+ re-lists in 4 s
      expect(run.stderr).toContain('is the token controller');
    },
  },
  {
    id: 'W04',
    fault: 'every watch sends a line that is not a watch event',
    code: 7,
    timeoutS: 4,
    says: /kept failing \(last: the Kubernetes API server at \S+ sent a line that is not a watch event/,
    run: async () => {
      kube.inject('WATCH', /\/namespaces\/w04\/secrets$/, { kind: 'watch-garbage' });
      return get(client('w04', { fill: false }), '--timeout', '4s');
    },
    check: () => expect(watchesIn('w04').length).toBeLessThanOrEqual(8),
  },
  {
    id: 'W05',
    fault: 'the watch connection is cut mid-stream, again and again: it resumes (no re-list)',
    code: 0,
    says: /waiting for the token controller/,
    run: async () => {
      // Three watches are cut 150 ms after they open; the fourth is left alone and sees the token.
      kube.inject('WATCH', /\/namespaces\/w05\/secrets$/, { kind: 'watch-reset', afterMs: 150 }, 3);
      const running = get(client('w05', { fill: false }));
      await until(() => watchesIn('w05').length >= 4);
      kube.fillToken('w05', SECRET);
      return running;
    },
    check: (run) => {
      expect(run.stdout).toBe(`Bearer ${tokenIn('w05')}\n`);
      expect(listsIn('w05').length).toBe(0);
      for (const w of watchesIn('w05')) expect(w.query.resourceVersion).toMatch(/^\d+$/);
    },
  },
  // ---- --write ----
  {
    id: 'F01',
    inProcess: true,
    fault: '--write /dev/stdout (a symlink to a device)',
    code: 18,
    says: /refusing --write \/dev\/stdout: it is a symbolic link, not a regular file; nothing was written/,
    run: async () => getHere('f01', '--write', '/dev/stdout'),
    check: (run) => {
      expect(fs.lstatSync('/dev/stdout').isSymbolicLink()).toBe(true);
      expect(run.stdout).toBe('');
    },
  },
  {
    id: 'F02',
    inProcess: true,
    fault: '--write into a folder that does not exist',
    code: 18,
    says: /its folder \S+no-such-folder does not exist/,
    run: async () => getHere('f02', '--write', path.join(dir, 'no-such-folder', 'token')),
  },
  {
    id: 'F03',
    inProcess: true,
    fault: '--write onto a folder',
    code: 18,
    says: /it is a folder, not a regular file/,
    run: async () => getHere('f03', '--write', dir),
  },
  {
    id: 'F04',
    inProcess: true,
    fault: '--write onto a FIFO',
    code: 18,
    says: /it is a FIFO \(named pipe\), not a regular file/,
    run: async () => {
      const fifo = path.join(tempDir(), 'fifo');
      execFileSync('mkfifo', [fifo]);
      return getHere('f04', '--write', fifo);
    },
  },
  {
    id: 'F05',
    inProcess: true,
    fault: '--write onto /dev/null (a device)',
    code: 18,
    says: /it is a device, not a regular file/,
    run: async () => getHere('f05', '--write', '/dev/null'),
  },
  // ---- Usage ----
  {
    id: 'U01',
    inProcess: true,
    fault: '--server ftp://…',
    code: 2,
    says: /--server must be an https:\/\/ URL, got ftp:\/\//,
    run: async () =>
      runHere(['verify', CLIENT, '--server', 'ftp://argo.example:21', '--token-file', '/nonexistent']),
  },
  {
    id: 'U02',
    inProcess: true,
    fault: 'an unparsable --server',
    code: 2,
    says: /--server "https:\/\/\[::1" is not a URL/,
    run: async () => runHere(['verify', CLIENT, '--server', 'https://[::1', '--token-file', '/nonexistent']),
  },
  {
    id: 'U03',
    inProcess: true,
    fault: '--timeout 0s',
    code: 2,
    says: /--timeout must be more than 0s/,
    run: async () => getHere('u03', '--timeout', '0s'),
  },
  // ---- Argo Server misbehaves (verify) ----
  {
    id: 'A01',
    inProcess: true,
    fault: 'every endpoint answers 200 with a sign-in page',
    code: 16,
    says: /\d+ of \d+ probes at \S+ did not answer as Argo Server's API/,
    run: async () => {
      const argo = await argoServer();
      argo.inject(/./, { kind: 'raw', status: 200, body: SIGN_IN_PAGE });
      return verify(argo.url, jenkinsInArgo(), '--ca-file', testTls().caFile);
    },
    check: (run) => {
      expect(run.stdout).toMatch(
        /^argo\s+list-workflows\s+http\s+allowed\s+200\s+ERROR: not Argo's API: text\/html, not Argo's JSON/m,
      );
      expect(run.stdout).not.toMatch(/\sok\s/);
      expect(run.stderr).toContain("warning: could not read Argo Server's version");
    },
  },
  {
    id: 'A02',
    inProcess: true,
    fault: 'Argo Server under a base path (https://host/argo/): the path is kept',
    code: 0,
    says: /^argo-token: warning: --argo-only: \d+ operations not proven \(only an access review with the client token proves them\) and no drift check\n$/,
    run: async () => {
      const argo = await argoServer({ basePath: '/argo' });
      const run = await verify(`${argo.url}/`, jenkinsInArgo(), '--ca-file', testTls().caFile);
      expect(argo.requests.length).toBe(argoRequests(run.stdout));
      for (const r of argo.requests) expect(r.url).toMatch(/^\/argo\/api\/v1\//);
      return run;
    },
  },
  {
    id: 'A03',
    inProcess: true,
    fault: 'Argo Server answers 500 with an HTML page',
    code: 16,
    says: /did not answer as Argo Server's API \(500: text\/html, not Argo's error body/,
    run: async () => {
      const argo = await argoServer();
      argo.inject(/./, { kind: 'raw', status: 500, body: '<html>500</html>' });
      return verify(argo.url, jenkinsInArgo(), '--ca-file', testTls().caFile);
    },
  },
  {
    id: 'A04',
    inProcess: true,
    fault: 'Argo Server redirects to a sign-in page',
    code: 16,
    says: /did not answer as Argo Server's API \(302: a redirect to https:\/\/sso\.example\.invalid\/login/,
    run: async () => {
      const argo = await argoServer();
      argo.inject(/./, {
        kind: 'raw',
        status: 302,
        body: '',
        headers: { Location: 'https://sso.example.invalid/login' },
      });
      return verify(argo.url, jenkinsInArgo(), '--ca-file', testTls().caFile);
    },
  },
  {
    id: 'A05',
    inProcess: true,
    fault: 'Argo Server answers 200 with malformed JSON',
    code: 16,
    says: /did not answer as Argo Server's API \(200: application\/json, not Argo's JSON/,
    run: async () => {
      const argo = await argoServer();
      argo.inject(/./, { kind: 'raw', status: 200, body: '{"items":[', contentType: 'application/json' });
      return verify(argo.url, jenkinsInArgo(), '--ca-file', testTls().caFile);
    },
  },
  {
    id: 'A06',
    inProcess: true,
    fault: 'Argo Server answers 200 with JSON of another shape',
    code: 16,
    says: /\(200: JSON that is not an Argo API answer\)/,
    run: async () => {
      const argo = await argoServer();
      argo.inject(/./, {
        kind: 'raw',
        status: 200,
        body: '{"status":"ok"}',
        contentType: 'application/json',
      });
      return verify(argo.url, jenkinsInArgo(), '--ca-file', testTls().caFile);
    },
  },
  {
    id: 'A07',
    inProcess: true,
    fault: 'Argo Server never answers',
    code: 7,
    timeoutS: 4,
    says: /timed out after 4s waiting for Argo Server at \S+ to answer GET \/api\/v1\/version/,
    run: async () => {
      const argo = await argoServer();
      argo.inject(/./, { kind: 'hang' });
      return verify(argo.url, jenkinsInArgo(), '--ca-file', testTls().caFile, '--timeout', '4s');
    },
  },
  {
    id: 'A08',
    inProcess: true,
    fault: 'Argo Server certificate expired (with --ca-file given)',
    code: 11,
    says: /TLS failure talking to Argo Server at \S+: its certificate has expired/,
    run: async () => {
      const argo = await argoServer({ certificate: 'expired' });
      return verify(argo.url, jenkinsInArgo(), '--ca-file', testTls().caFile);
    },
    check: (run) => {
      expect(run.stderr).toContain("hint: renew Argo Server's certificate");
      expect(run.stderr).not.toContain('pass --ca-file');
    },
  },
  {
    id: 'A09',
    inProcess: true,
    fault: 'Argo Server resets the connection',
    code: 11,
    says: /cannot reach Argo Server at \S+: ECONNRESET/,
    run: async () => {
      const argo = await argoServer();
      argo.inject(/./, { kind: 'reset' });
      return verify(argo.url, jenkinsInArgo(), '--ca-file', testTls().caFile);
    },
  },
  {
    id: 'A10',
    inProcess: true,
    fault: '--server http://… without --allow-http: refused before any request',
    code: 2,
    says: /--server http:\/\/127\.0\.0\.1:\d+ is http:\/\/: the token would travel in cleartext/,
    run: async () => {
      const argo = await argoServer({ http: true });
      const run = await verify(argo.url, jenkinsInArgo());
      expect(argo.requests.length).toBe(0);
      return run;
    },
  },
  {
    id: 'A11',
    inProcess: true,
    fault: '--server http://… with --allow-http: works, with a warning',
    code: 0,
    says: /warning: --allow-http: the token goes to http:\/\/127\.0\.0\.1:\d+ in cleartext/,
    run: async () => verify((await argoServer({ http: true })).url, jenkinsInArgo(), '--allow-http'),
  },
  {
    id: 'A12',
    inProcess: true,
    fault: '--ca-file with an http:// --server',
    code: 2,
    says: /--ca-file has no effect on http:\/\//,
    run: async () =>
      verify(
        (await argoServer({ http: true })).url,
        jenkinsInArgo(),
        '--allow-http',
        '--ca-file',
        testTls().caFile,
      ),
  },
  // ---- Proxies (HTTPS_PROXY, NO_PROXY as kubectl reads them) ----
  {
    id: 'P01',
    fault: 'HTTPS_PROXY: the API server is only reachable through the proxy',
    code: 0,
    says: /^$/,
    run: async () => {
      client('p01');
      const port = new URL(kube.url).port;
      const file = kubeconfigWith('proxied', (c) => {
        c.clusters[0].cluster.server = `https://kube.${PROXIED_DOMAIN}:${port}`;
      });
      const run = await runCli(['get', CLIENT, '-n', 'p01', '--kubeconfig', file], {
        env: { HTTPS_PROXY: proxy.url, NO_PROXY: 'example.com' },
      });
      expect(proxy.connects).toContain(`kube.${PROXIED_DOMAIN}:${port}`);
      return run;
    },
    check: (run) => expect(run.stdout).toBe(`Bearer ${tokenIn('p01')}\n`),
  },
  {
    id: 'P02',
    fault: 'NO_PROXY names the domain: no proxy, so the name does not resolve',
    code: 6,
    says: /cannot reach the Kubernetes API server at https:\/\/kube-direct\.argo-token\.test:\d+: (ENOTFOUND|EAI_AGAIN)/,
    run: async () => {
      const port = new URL(kube.url).port;
      const file = kubeconfigWith('no-proxy', (c) => {
        c.clusters[0].cluster.server = `https://kube-direct.${PROXIED_DOMAIN}:${port}`;
      });
      const run = await runCli(['get', CLIENT, '--kubeconfig', file], {
        env: { HTTPS_PROXY: proxy.url, NO_PROXY: `.${PROXIED_DOMAIN}` },
      });
      expect(proxy.connects.some((c) => c.startsWith('kube-direct'))).toBe(false);
      return run;
    },
  },
  {
    id: 'P03',
    fault: 'HTTPS_PROXY is dead, but loopback is never proxied (as in kubectl)',
    code: 0,
    says: /^$/,
    run: async () =>
      runCli(['get', CLIENT, '-n', client('p03'), '--kubeconfig', kubeconfig], {
        env: { HTTPS_PROXY: 'http://127.0.0.1:9' },
      }),
  },
  {
    id: 'P04',
    fault: 'the proxy refuses the CONNECT (403)',
    code: 6,
    says: /the proxy http:\/\/127\.0\.0\.1:\d+ \(from HTTPS_PROXY\) refused to connect to the Kubernetes API server at \S+: 403/,
    run: async () => {
      const refusing = await TestProxy.start({ refuseConnect: 403 });
      others.push(refusing);
      const port = new URL(kube.url).port;
      const file = kubeconfigWith('refused', (c) => {
        c.clusters[0].cluster.server = `https://kube.${PROXIED_DOMAIN}:${port}`;
      });
      return runCli(['get', CLIENT, '--kubeconfig', file], { env: { HTTPS_PROXY: refusing.url } });
    },
  },
  {
    id: 'P05',
    fault: 'verify through HTTPS_PROXY to an Argo Server reachable only through it',
    code: 0,
    says: /calling Argo Server through the proxy http:\/\/127\.0\.0\.1:\d+ \(from HTTPS_PROXY\)/,
    run: async () => {
      const argo = await argoServer();
      const server = `https://argo.${PROXIED_DOMAIN}:${argo.port}`;
      const run = await runCli(
        [
          'verify',
          `argo/${CLIENT}`,
          '--server',
          server,
          '--manifests',
          DIST,
          '--token-file',
          '-',
          '--argo-only',
          '--ca-file',
          testTls().caFile,
        ],
        { stdin: `${jenkinsInArgo()}\n`, env: { HTTPS_PROXY: proxy.url } },
      );
      expect(proxy.connects).toContain(`argo.${PROXIED_DOMAIN}:${argo.port}`);
      expect(argo.requests.length).toBe(argoRequests(run.stdout));
      return run;
    },
  },
  // ---- rotate ----
  {
    id: 'R01',
    fault: 'rotate by a user who may not delete the Secret: refused before anything is deleted',
    code: 5,
    says: /cannot delete secrets "jenkins.service-account-token" in namespace "r01" \(asked with SelfSubjectAccessReviews before deleting anything\); nothing was changed/,
    run: async () => {
      client('r01');
      kube.addCaller('rotator-r01', {
        user: 'rotator-r01',
        rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'create', 'list', 'watch'] }],
      });
      const file = kubeconfigWith('rotator-r01', (c) => {
        c.users[0].user = { token: 'rotator-r01' };
      });
      return runCli(['rotate', CLIENT, '-n', 'r01', '--kubeconfig', file]);
    },
    check: () => {
      expect(requestsIn('r01').filter((r) => r.method === 'DELETE').length).toBe(0);
      expect(kube.getSecret('r01', SECRET)).toBeDefined();
    },
  },
  {
    id: 'R02',
    fault: 'rotate: the delete succeeds, the create fails (500)',
    code: 19,
    says: /the old token of r02\/jenkins is revoked \(Secret "jenkins.service-account-token" was deleted\), but the Secret could not be created again: .*HTTP 500/,
    run: async () => {
      client('r02');
      kube.failNext('POST', /\/namespaces\/r02\/secrets$/, 500, 1000);
      return runCli(['rotate', CLIENT, '-n', 'r02', '--kubeconfig', kubeconfig]);
    },
    check: (run) => {
      expect(run.stderr).toContain(
        'hint: the client has no token now: restore the Secret with kubectl apply -f dist/r02.jenkins.yaml',
      );
      expect(kube.getSecret('r02', SECRET)).toBeUndefined();
    },
  },
];

async function expectRow(row: Row, run: CliRun): Promise<void> {
  const lines = run.stderr.split('\n').filter((l) => l !== '');
  const detail = `stderr:\n${run.stderr}`;
  expect([run.code, detail]).toEqual([row.code, detail]);
  // No stack, nothing but our own lines, and never a token.
  for (const line of lines) expect(line).toMatch(/^(argo-token: | {2}hint: )/);
  expect(run.stderr).not.toMatch(JWT_ON_STDERR);
  const errors = lines.filter((l) => l.startsWith('argo-token: ') && !INFO.test(l));
  if (row.code === 0) {
    expect(errors).toEqual([]);
    expect(run.stderr).toMatch(row.says);
  } else {
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(row.says);
    expect(lines[lines.indexOf(errors[0]) + 1]).toMatch(/^ {2}hint: \S/);
    expect(run.stdout).not.toMatch(JWT_ON_STDERR);
  }
  // No wall-clock bound here (a busy machine would make it flaky): the row's own exit code and message —
  // the deadline's, not a hang cut short by the harness — are the proof that the CLI stopped by itself.
  await row.check?.(run);
}

const named = (rows: Row[]) => rows.map((r) => [`${r.id} ${r.fault} → exit ${r.code}`, r] as const);

describe('argo-token under faults', () => {
  test('the table has at least 30 faults, each with its own id', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(ROWS.map((r) => r.id)).size).toBe(ROWS.length);
  });

  // Child processes, concurrently: each row has its own namespace (and servers where it needs them).
  test.concurrent.each(named(ROWS.filter((r) => !r.inProcess)))('%s', async (_name, row) => {
    await expectRow(row, await row.run());
  });

  // In this process, one at a time (they share process.stdout and stderr).
  test.each(named(ROWS.filter((r) => r.inProcess)))('%s', async (_name, row) => {
    await expectRow(row, await row.run());
  });
});
