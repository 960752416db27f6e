import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { runCli } from '../support/cli';
import { tempDir } from '../support/project';
import { testTls } from '../support/tls';
import {
  CLIENT,
  type Fixture,
  fileMode,
  NS,
  SECRET,
  startFixture,
  tokenSecret,
} from '../support/token-fixture';

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
let f: Fixture | undefined;
afterEach(async () => {
  await f?.server.stop();
  f = undefined;
});

/** Runs `argo-token get` against the fixture, and checks the token never reaches stderr. */
async function get(fixture: Fixture, ...args: string[]) {
  const run = await runCli(['get', CLIENT, '-n', NS, '--kubeconfig', fixture.kubeconfig, ...args]);
  try {
    expect(run.stderr).not.toContain(fixture.token());
  } catch (err) {
    if (!(err instanceof Error && err.message.startsWith('no token'))) throw err;
  }
  return run;
}

describe('argo-token get: output formats', () => {
  test('GIVEN a filled token Secret THEN it prints exactly `Bearer <jwt>` and a newline, nothing else', async () => {
    f = await startFixture();
    const run = await get(f);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Bearer ${f.token()}\n`);
    expect(f.token()).toMatch(JWT);
    expect(run.stderr).toBe('');
  });

  test('GIVEN -o raw, env, docker-env and json THEN each prints its form of the same token', async () => {
    f = await startFixture();
    const token = f.token();
    const [raw, env, docker, json] = await Promise.all([
      get(f, '-o', 'raw'),
      get(f, '-o', 'env'),
      get(f, '-o', 'docker-env', '--server', 'https://argo.example.com:2746'),
      get(f, '-o', 'json'),
    ]);
    expect(raw.stdout).toBe(`${token}\n`);
    expect(env.stdout).toBe(`export ARGO_TOKEN='Bearer ${token}'\n`);
    expect(docker.stdout).toBe(
      [
        'ARGO_SERVER=argo.example.com:2746',
        `ARGO_TOKEN=Bearer ${token}`,
        'ARGO_HTTP1=true',
        'ARGO_SECURE=true',
        `ARGO_NAMESPACE=${NS}`,
        'KUBECONFIG=/dev/null',
        '',
      ].join('\n'),
    );
    expect(JSON.parse(json.stdout)).toEqual({
      token,
      authorization: `Bearer ${token}`,
      namespace: NS,
      serviceAccount: CLIENT,
      secret: SECRET,
      expiry: null,
    });
    for (const r of [raw, env, docker, json]) expect(r.code).toBe(0);
  });

  test('GIVEN -o env THEN a shell that evals it gets ARGO_TOKEN with one `Bearer `', async () => {
    f = await startFixture();
    const env = await get(f, '-o', 'env');
    const value = execFileSync('sh', ['-c', `${env.stdout}printf %s "$ARGO_TOKEN"`], { encoding: 'utf8' });
    expect(value).toBe(`Bearer ${f.token()}`);
  });

  test('fails on -o docker-env without --server, and on an unknown format, as usage errors (exit 2)', async () => {
    f = await startFixture();
    const noServer = await get(f, '-o', 'docker-env');
    expect(noServer.code).toBe(2);
    expect(noServer.stderr).toContain('-o docker-env needs --server');
    expect(noServer.stdout).toBe('');
    const unknown = await get(f, '-o', 'yaml');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Allowed choices are bearer, raw, env, docker-env, json');
  });

  test('GIVEN --write FILE THEN the file holds the token with mode 0600, stdout holds nothing', async () => {
    f = await startFixture();
    const file = path.join(tempDir(), 'argo-token.env');
    const run = await get(f, '-o', 'docker-env', '--server', 'http://argo:2746', '--write', file);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`(mode 0600)`);
    expect(fileMode(file)).toBe(0o600);
    const content = fs.readFileSync(file, 'utf8');
    expect(content).toContain(`ARGO_TOKEN=Bearer ${f.token()}\n`);
    expect(content).toContain('ARGO_SECURE=false\n');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['argo-token.env']);
  });

  test('GIVEN an existing world-readable file WHEN --write replaces it THEN the new file is 0600', async () => {
    f = await startFixture();
    const file = path.join(tempDir(), 'token');
    fs.writeFileSync(file, 'old', { mode: 0o644 });
    expect((await get(f, '--write', file)).code).toBe(0);
    expect(fileMode(file)).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).toBe(`Bearer ${f.token()}\n`);
  });
});

describe('argo-token get: waiting for the token', () => {
  test.each([0, 300, 3000])('GIVEN the token appears after %i ms THEN it prints it', async (delay) => {
    f = await startFixture({ tokenDelayMs: delay });
    const run = await get(f, '--timeout', '20s');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Bearer ${f.token()}\n`);
    if (delay >= 3000) {
      expect(run.ms).toBeGreaterThanOrEqual(delay - 1000);
      expect(run.stderr).toContain('waiting for the token controller');
      expect(
        f.server.requests.some(
          (r) => r.query.watch === 'true' && r.query.fieldSelector === `metadata.name=${SECRET}`,
        ),
      ).toBe(true);
    }
  });

  test('GIVEN the watch is dropped while waiting THEN it resumes from the last resourceVersion and gets the token', async () => {
    f = await startFixture({ tokenDelayMs: 3000, dropWatchAfterMs: 400 });
    const run = await get(f);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Bearer ${f.token()}\n`);
    const watches = f.server.requests.filter((r) => r.query.watch === 'true');
    expect(watches.length).toBeGreaterThanOrEqual(2);
    for (const w of watches) expect(w.query.resourceVersion).toMatch(/^\d+$/);
  });

  test('GIVEN the caller may get but not watch Secrets THEN it polls and gets the token', async () => {
    f = await startFixture({ tokenDelayMs: 1500 });
    f.server.addCaller('getter', {
      user: 'ci-reader',
      rules: [{ apiGroups: [''], resources: ['secrets', 'serviceaccounts'], verbs: ['get'] }],
    });
    const kubeconfig = f.server.writeKubeconfig(f.dir, { token: 'getter', namespace: NS, ca: 'data' });
    const run = await runCli(['get', CLIENT, '--kubeconfig', kubeconfig]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Bearer ${f.token()}\n`);
    expect(run.stderr).toContain('watch is not allowed for your kubeconfig user: polling the Secret instead');
    const gets = f.server.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/secrets/${SECRET}`));
    expect(gets.length).toBeGreaterThanOrEqual(2); // the first read, then at least one poll
    expect(f.server.requests.filter((r) => r.query.watch === 'true').length).toBe(1); // the refused watch
  });

  test('fails fast (under 2 s, exit 3) with the hint when the ServiceAccount is missing and the controller deleted the Secret', async () => {
    f = await startFixture({ apply: false });
    f.server.createSecret(tokenSecret('ghost'));
    await new Promise((r) => setTimeout(r, 50));
    const run = await runCli(['get', 'ghost', '-n', NS, '--kubeconfig', f.kubeconfig, '--timeout', '60s']);
    expect(run.code).toBe(3);
    expect(run.ms).toBeLessThan(2000);
    expect(run.stderr).toBe(
      'argo-token: Secret "ghost.service-account-token" not found in namespace "argo": ServiceAccount "ghost" does not exist\n' +
        '  hint: the token controller deletes a token Secret whose ServiceAccount is missing: apply the ServiceAccount first, then the Secret again (kubectl apply -f dist/ applies them in that order)\n',
    );
    expect(run.stdout).toBe('');
  });

  test('fails fast (exit 3) when the Secret is deleted while waiting', async () => {
    f = await startFixture({ tokenDelayMs: 10000 });
    const fixture = f;
    const running = get(fixture);
    // Delete once the CLI is waiting on its watch (a timer would race the CLI's start-up).
    while (!fixture.server.requests.some((r) => r.query.watch === 'true'))
      await new Promise((r) => setTimeout(r, 20));
    fixture.server.deleteServiceAccount(NS, CLIENT);
    const run = await running;
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      `Secret "${SECRET}" was deleted in namespace "argo" while waiting for its token`,
    );
  });

  test('fails after --timeout (exit 7) naming the token controller when nothing fills the Secret', async () => {
    f = await startFixture({ tokenController: false });
    const run = await get(f, '--timeout', '1s');
    expect(run.code).toBe(7);
    expect(run.stderr).toContain(
      `timed out after 1s waiting for the token of Secret "${SECRET}" in namespace "argo"`,
    );
    expect(run.stderr).toContain('is the token controller of kube-controller-manager running');
  });
});

describe('argo-token get: errors', () => {
  test('fails with exit 5 naming the verb and resource when the caller may not get Secrets', async () => {
    f = await startFixture();
    f.server.addCaller('nobody', { user: 'ci-bot', rules: [] });
    const kubeconfig = f.server.writeKubeconfig(f.dir, { token: 'nobody', namespace: NS, ca: 'data' });
    const run = await runCli(['get', CLIENT, '--kubeconfig', kubeconfig]);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain(
      'argo-token: forbidden: your kubeconfig user cannot get secrets in namespace "argo"',
    );
    expect(run.stderr).toContain('User "ci-bot" cannot get resource "secrets"');
  });

  test('fails with exit 9 when the API server rejects the kubeconfig credentials', async () => {
    f = await startFixture();
    const kubeconfig = f.server.writeKubeconfig(f.dir, {
      token: 'expired-or-wrong',
      namespace: NS,
      ca: 'data',
    });
    const run = await runCli(['get', CLIENT, '--kubeconfig', kubeconfig]);
    expect(run.code).toBe(9);
    expect(run.stderr).toContain('rejected your kubeconfig credentials (401 Unauthorized)');
  });

  test('fails with exit 6 when the API server is down', async () => {
    f = await startFixture();
    await f.server.stop();
    const run = await runCli(['get', CLIENT, '--kubeconfig', f.kubeconfig]);
    f = undefined;
    expect(run.code).toBe(6);
    expect(run.stderr).toMatch(
      /cannot reach the Kubernetes API server at https:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/,
    );
  });

  test('fails with exit 6 when the API server goes away while waiting for the token', async () => {
    f = await startFixture({ tokenDelayMs: 10000 });
    const fixture = f;
    const running = get(fixture);
    while (!fixture.server.requests.some((r) => r.query.watch === 'true'))
      await new Promise((r) => setTimeout(r, 20));
    await fixture.server.stop();
    f = undefined;
    const run = await running;
    expect(run.code).toBe(6);
    expect(run.stderr).toMatch(
      /cannot reach the Kubernetes API server at https:\/\/127\.0\.0\.1:\d+: ECONN(REFUSED|RESET)/,
    );
    expect(run.stderr).not.toContain('unexpected error');
  });

  test('GIVEN the CA as a file in the kubeconfig THEN TLS verifies; GIVEN another CA THEN it fails with exit 6 naming TLS', async () => {
    f = await startFixture();
    const byFile = f.server.writeKubeconfig(f.dir, { namespace: NS, ca: 'file' });
    expect((await runCli(['get', CLIENT, '--kubeconfig', byFile])).code).toBe(0);
    const wrong = fs.readFileSync(byFile, 'utf8').replace(f.server.caFile, testTls().otherCaFile);
    const wrongFile = path.join(f.dir, 'wrong-ca');
    fs.writeFileSync(wrongFile, wrong);
    const run = await runCli(['get', CLIENT, '--kubeconfig', wrongFile]);
    expect(run.code).toBe(6);
    expect(run.stderr).toContain('TLS failure talking to the Kubernetes API server');
  });

  test('fails with exit 4 on a Secret that is not a token Secret, or belongs to another ServiceAccount', async () => {
    f = await startFixture();
    f.server.createSecret({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'opaque', namespace: NS },
      type: 'Opaque',
      data: {},
    });
    const opaque = await get(f, '--secret', 'opaque');
    expect(opaque.code).toBe(4);
    expect(opaque.stderr).toContain(
      'Secret "opaque" in namespace "argo" is of type Opaque, not kubernetes.io/service-account-token',
    );
    f.server.createServiceAccount(NS, 'other');
    f.server.createSecret(tokenSecret('other', 'other-token'));
    const foreign = await get(f, '--secret', 'other-token');
    expect(foreign.code).toBe(4);
    expect(foreign.stderr).toContain('is annotated for ServiceAccount "other", not "jenkins"');
  });

  test('fails with exit 8 when data.token is not a JWT, without printing it', async () => {
    f = await startFixture({ apply: false });
    f.server.createServiceAccount(NS, CLIENT);
    f.server.createSecret(
      tokenSecret(CLIENT, SECRET, {
        data: { token: Buffer.from('not-a-jwt-secret-value').toString('base64') },
      }),
    );
    const run = await runCli(['get', CLIENT, '--kubeconfig', f.kubeconfig]);
    expect(run.code).toBe(8);
    expect(run.stderr).toContain(`data.token of Secret "${SECRET}" is not a JWT`);
    expect(run.stderr).not.toContain('not-a-jwt-secret-value');
    expect(run.stdout).toBe('');
  });

  test('fails with exit 10 without a kubeconfig, and on an unknown --context', async () => {
    f = await startFixture();
    const home = tempDir();
    const none = await runCli(['get', CLIENT], {
      env: { HOME: home, KUBECONFIG: undefined, KUBERNETES_SERVICE_HOST: undefined },
    });
    expect(none.code).toBe(10);
    expect(none.stderr).toContain('no kubeconfig');
    const context = await get(f, '--context', 'prod');
    expect(context.code).toBe(10);
    expect(context.stderr).toContain('context "prod" is not in the kubeconfig');
  });

  test('GIVEN a kubeconfig user with an exec credential plugin THEN the plugin supplies the credentials', async () => {
    f = await startFixture();
    const plugin = path.join(f.dir, 'credential-plugin.js');
    const credential = {
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      status: { token: f.server.adminToken },
    };
    fs.writeFileSync(plugin, `process.stdout.write(${JSON.stringify(JSON.stringify(credential))});\n`);
    const config = parse(fs.readFileSync(f.kubeconfig, 'utf8'));
    config.users[0].user = {
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1',
        command: process.execPath,
        args: [plugin],
        interactiveMode: 'Never',
      },
    };
    const kubeconfig = path.join(f.dir, 'exec-kubeconfig');
    fs.writeFileSync(kubeconfig, stringify(config), { mode: 0o600 });
    const run = await runCli(['get', CLIENT, '--kubeconfig', kubeconfig]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Bearer ${f.token()}\n`);
  });

  test('GIVEN KUBECONFIG and no -n THEN the namespace comes from the kubeconfig context', async () => {
    f = await startFixture();
    const run = await runCli(['get', CLIENT], { env: { KUBECONFIG: f.kubeconfig } });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Bearer ${f.token()}\n`);
  });
});

describe('argo-token get --short-lived', () => {
  test('GIVEN --short-lived 1h THEN it prints a TokenRequest token with its expiry, not the Secret token', async () => {
    f = await startFixture();
    const run = await get(f, '--short-lived', '1h', '-o', 'json');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.token).toMatch(JWT);
    expect(out.token).not.toBe(f.token());
    expect(out.secret).toBeNull();
    const expiry = Date.parse(out.expiry);
    expect(expiry - Date.now()).toBeGreaterThan(3500 * 1000);
    expect(expiry - Date.now()).toBeLessThan(3700 * 1000);
    expect(f.server.whoIs(out.token)).toEqual({ namespace: NS, serviceAccount: CLIENT });
    expect(run.stderr).toContain('needs create on serviceaccounts/token');
    expect(run.stderr).not.toContain(out.token);
  });

  test('fails on a duration under 10 minutes (exit 2) and on a caller without create on serviceaccounts/token (exit 5)', async () => {
    f = await startFixture();
    const short = await get(f, '--short-lived', '5m');
    expect(short.code).toBe(2);
    expect(short.stderr).toContain("--short-lived must be at least 10m (the API server's minimum), got 5m");
    f.server.addCaller('reader', {
      user: 'reader',
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }],
    });
    const kubeconfig = f.server.writeKubeconfig(f.dir, { token: 'reader', namespace: NS, ca: 'data' });
    const denied = await runCli(['get', CLIENT, '--short-lived', '1h', '--kubeconfig', kubeconfig]);
    expect(denied.code).toBe(5);
    expect(denied.stderr).toContain(
      'forbidden: your kubeconfig user cannot create serviceaccounts/token in namespace "argo"',
    );
  });
});
