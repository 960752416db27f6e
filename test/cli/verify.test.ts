import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdk8s';
import { VERIFY_OPERATIONS } from '../../cli/verify';
import { ArgoApiClients } from '../../constructs';
import { renderDist } from '../../src/output/render';
import { RbacEvaluator } from '../../src/rbac/evaluator';
import { ArgoServer } from '../support/argo-server';
import { runCli } from '../support/cli';
import { seedDist, tempDir } from '../support/project';
import { testTls } from '../support/tls';
import { CLIENT, type Fixture, NS, startFixture } from '../support/token-fixture';

const DIST = seedDist();
let f: Fixture | undefined;
let argo: ArgoServer | undefined;
afterEach(async () => {
  await Promise.all([f?.server.stop(), argo?.stop()]);
  f = undefined;
  argo = undefined;
});

/** Argo Server whose cluster RBAC is that of a manifests folder. */
async function startArgo(fixture: Fixture, manifests: string, options: { archive?: boolean } = {}) {
  return ArgoServer.start({
    authenticate: (token) => fixture.server.whoIs(token),
    rbac: RbacEvaluator.fromDirectory(manifests),
    ...options,
  });
}

/** A manifests folder in which jenkins may also list workflow templates: a cluster that drifted from dist/. */
function driftedManifests(): string {
  const dir = tempDir();
  const chart = new ArgoApiClients(new App(), 'c', {
    clients: [
      {
        name: CLIENT,
        namespace: NS,
        rules: [{ resources: ['workflows', 'workflowtemplates'], verbs: ['list', 'update'] }],
      },
    ],
  });
  const files = renderDist(
    chart.synthesizeClients().map((c) => ({ namespace: NS, name: CLIENT, objects: c.objects })),
  );
  for (const file of files) fs.writeFileSync(path.join(dir, file.name), file.content);
  return dir;
}

const verifyArgs = (fixture: Fixture, server: ArgoServer, ...extra: string[]) => [
  'verify',
  CLIENT,
  '-n',
  NS,
  '--kubeconfig',
  fixture.kubeconfig,
  '--server',
  server.url,
  '--ca-file',
  testTls().caFile,
  '--manifests',
  DIST,
  ...extra,
];

describe('argo-token verify', () => {
  test("GIVEN Argo Server enforcing dist/ THEN the seed's pair holds (workflows 200, workflow-templates 403) and it exits 0", async () => {
    f = await startFixture();
    argo = await startArgo(f, DIST);
    const run = await runCli(verifyArgs(f, argo));
    expect(run.code).toBe(0);
    const rows = run.stdout.trim().split('\n');
    expect(rows[0].split(/\s{2,}/)).toEqual(['ENDPOINT', 'EXPECTED', 'GOT', 'RESULT']);
    expect(rows).toContainEqual(expect.stringMatching(/^GET \/api\/v1\/workflows\/argo\s+200\s+200\s+ok$/));
    expect(rows).toContainEqual(
      expect.stringMatching(/^GET \/api\/v1\/workflow-templates\/argo\s+403\s+403\s+ok$/),
    );
    expect(rows.length - 1).toBe(VERIFY_OPERATIONS.length);
    expect(run.stderr).not.toContain(f.token());
  });

  test('GIVEN verify THEN it only sends GETs with one `Bearer `, and never takes /version or /info as proof', async () => {
    f = await startFixture();
    argo = await startArgo(f, DIST);
    expect((await runCli(verifyArgs(f, argo))).code).toBe(0);
    expect(argo.requests.length).toBe(VERIFY_OPERATIONS.length);
    for (const r of argo.requests) {
      expect(r.method).toBe('GET');
      expect(r.scheme).toBe('Bearer');
      expect(r.url).not.toMatch(/\/api\/v1\/(version|info|userinfo)/);
    }
  });

  test('fails with exit 1 and MISMATCH rows when the cluster grants what dist/ does not', async () => {
    f = await startFixture();
    argo = await startArgo(f, driftedManifests());
    const run = await runCli(verifyArgs(f, argo));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/GET \/api\/v1\/workflow-templates\/argo\s+403\s+200\s+MISMATCH/);
    expect(run.stderr).toContain('argo-token: 1 endpoint answered differently than the manifests say');
  });

  test('fails with exit 13 and says why when Argo Server answers 401 (a revoked token)', async () => {
    f = await startFixture();
    argo = await startArgo(f, DIST);
    const tokenFile = path.join(f.dir, 'old-token');
    fs.writeFileSync(tokenFile, `Bearer ${f.token()}\n`, { mode: 0o600 });
    f.server.deleteServiceAccount(NS, CLIENT); // deletes the token Secret: the token is revoked
    const run = await runCli([
      'verify',
      `${NS}/${CLIENT}`,
      '--server',
      argo.url,
      '--ca-file',
      testTls().caFile,
      '--manifests',
      DIST,
      '--token-file',
      tokenFile,
    ]);
    expect(run.code).toBe(13);
    expect(run.stdout).toContain(
      'REJECTED: token rejected: expired, revoked, missing `Bearer `, or Argo Server not in client auth mode',
    );
    expect(run.stderr).toContain('Argo Server rejected the token (401)');
  });

  test('GIVEN --token-file - THEN it verifies a token from stdin without a kubeconfig', async () => {
    f = await startFixture();
    argo = await startArgo(f, DIST);
    const run = await runCli(
      ['verify', 'jenkins', '--server', argo.url, '--insecure', '--manifests', DIST, '--token-file', '-'],
      {
        stdin: `${f.token()}\n`,
      },
    );
    expect(run.code).toBe(0);
  });

  test('GIVEN no archive on Argo Server THEN the archive endpoint is skipped, not a mismatch', async () => {
    f = await startFixture();
    argo = await startArgo(f, DIST, { archive: false });
    const run = await runCli(verifyArgs(f, argo));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /GET \/api\/v1\/archived-workflows\?namespace=argo\s+200\s+404\s+skipped: the workflow archive is not enabled/,
    );
  });

  test('fails with exit 11 on an untrusted Argo Server certificate, naming --ca-file', async () => {
    f = await startFixture();
    argo = await startArgo(f, DIST);
    const run = await runCli(
      verifyArgs(f, argo).map((a) => (a === testTls().caFile ? testTls().otherCaFile : a)),
    );
    expect(run.code).toBe(11);
    expect(run.stderr).toContain('TLS failure talking to Argo Server');
    expect(run.stderr).toContain('did not sign');
    expect(run.stderr).toContain('--ca-file');
  });

  test('fails with exit 11 when Argo Server is down', async () => {
    f = await startFixture();
    argo = await startArgo(f, DIST);
    const url = argo.url;
    await argo.stop();
    argo = undefined;
    const run = await runCli([
      'verify',
      CLIENT,
      '--kubeconfig',
      f.kubeconfig,
      '--server',
      url,
      '--manifests',
      DIST,
    ]);
    expect(run.code).toBe(11);
    expect(run.stderr).toContain('cannot reach Argo Server');
  });
});
