// argo-token get: what it prints (every output format, --write, --short-lived).

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../support/cli';
import { tempDir } from '../support/project';
import {
  CLIENT,
  type Fixture,
  fileMode,
  runGet as get,
  NS,
  SECRET,
  startFixture,
} from '../support/token-fixture';

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
// Each test has a server of its own, so the tests run at once (most of their time is spent waiting).
const started: Fixture[] = [];
afterAll(async () => {
  await Promise.all(started.map((x) => x.server.stop().catch(() => {})));
});
async function fixture(options?: Parameters<typeof startFixture>[0]): Promise<Fixture> {
  const x = await startFixture(options);
  started.push(x);
  return x;
}

describe('argo-token get: output formats', () => {
  test.concurrent('GIVEN a filled token Secret THEN it prints exactly `Bearer <jwt>` and a newline, nothing else', async () => {
    const f = await fixture();
    const run = await get(f);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Bearer ${f.token()}\n`);
    expect(f.token()).toMatch(JWT);
    expect(run.stderr).toBe('');
  });

  test.concurrent('GIVEN -o raw, env, docker-env and json THEN each prints its form of the same token', async () => {
    const f = await fixture();
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

  test.concurrent('GIVEN -o env THEN a shell that evals it gets ARGO_TOKEN with one `Bearer `', async () => {
    const f = await fixture();
    const env = await get(f, '-o', 'env');
    const value = execFileSync('sh', ['-c', `${env.stdout}printf %s "$ARGO_TOKEN"`], { encoding: 'utf8' });
    expect(value).toBe(`Bearer ${f.token()}`);
  });

  test.concurrent('fails on -o docker-env without --server, and on an unknown format, as usage errors (exit 2)', async () => {
    const f = await fixture();
    const noServer = await get(f, '-o', 'docker-env');
    expect(noServer.code).toBe(2);
    expect(noServer.stderr).toContain('-o docker-env needs --server');
    expect(noServer.stdout).toBe('');
    const unknown = await get(f, '-o', 'yaml');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Allowed choices are bearer, raw, env, docker-env, json');
  });

  test.concurrent('GIVEN --write FILE THEN the file holds the token with mode 0600, stdout holds nothing', async () => {
    const f = await fixture();
    const file = path.join(tempDir(), 'argo-token.env');
    const run = await get(
      f,
      '-o',
      'docker-env',
      '--server',
      'http://argo:2746',
      '--allow-http',
      '--write',
      file,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`(mode 0600)`);
    expect(run.stderr).toContain('warning: --allow-http: the token goes to http://argo:2746 in cleartext');
    expect(fileMode(file)).toBe(0o600);
    const content = fs.readFileSync(file, 'utf8');
    expect(content).toContain(`ARGO_TOKEN=Bearer ${f.token()}\n`);
    expect(content).toContain('ARGO_SECURE=false\n');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['argo-token.env']);
  });

  test.concurrent('GIVEN an existing world-readable file WHEN --write replaces it THEN the new file is 0600', async () => {
    const f = await fixture();
    const file = path.join(tempDir(), 'token');
    fs.writeFileSync(file, 'old', { mode: 0o644 });
    expect((await get(f, '--write', file)).code).toBe(0);
    expect(fileMode(file)).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).toBe(`Bearer ${f.token()}\n`);
  });
});

describe('argo-token get --short-lived', () => {
  test.concurrent('GIVEN --short-lived 1h THEN it prints a TokenRequest token with its expiry, not the Secret token', async () => {
    const f = await fixture();
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

  test.concurrent('fails on a duration under 10 minutes (exit 2) and on a caller without create on serviceaccounts/token (exit 5)', async () => {
    const f = await fixture();
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
