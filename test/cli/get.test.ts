// argo-token get: waiting for the token (watch, resume, poll, fail fast) and its errors.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { runCli } from '../support/cli';
import { tempDir } from '../support/project';
import { testTls } from '../support/tls';
import {
  CLIENT,
  type Fixture,
  runGet as get,
  NS,
  SECRET,
  startFixture,
  tokenSecret,
  until,
  watchOpened,
} from '../support/token-fixture';

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

describe('argo-token get: waiting for the token', () => {
  test.concurrent('GIVEN a filled Secret THEN it prints the token at once, without a watch', async () => {
    const f = await fixture();
    const run = await get(f, '--timeout', '20s');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Bearer ${f.token()}\n`);
    expect(f.server.requests.some((r) => r.query.watch === 'true')).toBe(false);
  });

  test.concurrent('GIVEN the token appears while it waits THEN the watch sees it and it prints it', async () => {
    const f = await fixture({ tokenController: 'manual' });
    const running = get(f, '--timeout', '20s');
    await watchOpened(f);
    f.server.fillToken(NS, SECRET);
    const run = await running;
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Bearer ${f.token()}\n`);
    expect(run.stderr).toContain('waiting for the token controller');
    expect(
      f.server.requests.some(
        (r) => r.query.watch === 'true' && r.query.fieldSelector === `metadata.name=${SECRET}`,
      ),
    ).toBe(true);
  });

  test.concurrent('GIVEN the watch is dropped while waiting THEN it resumes from the last resourceVersion and gets the token', async () => {
    const f = await fixture({ tokenController: 'manual', dropWatchAfterMs: 300 });
    const running = get(f);
    await until(() => f.server.requests.filter((r) => r.query.watch === 'true').length >= 2);
    f.server.fillToken(NS, SECRET);
    const run = await running;
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Bearer ${f.token()}\n`);
    const watches = f.server.requests.filter((r) => r.query.watch === 'true');
    for (const w of watches) expect(w.query.resourceVersion).toMatch(/^\d+$/);
  });

  test.concurrent('GIVEN the caller may get but not watch Secrets THEN it polls and gets the token', async () => {
    const f = await fixture({ tokenController: 'manual' });
    f.server.addCaller('getter', {
      user: 'ci-reader',
      rules: [{ apiGroups: [''], resources: ['secrets', 'serviceaccounts'], verbs: ['get'] }],
    });
    const kubeconfig = f.server.writeKubeconfig(f.dir, { token: 'getter', namespace: NS, ca: 'data' });
    const running = runCli(['get', CLIENT, '--kubeconfig', kubeconfig]);
    const gets = () =>
      f.server.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/secrets/${SECRET}`));
    await until(() => gets().length >= 2); // the first read, then at least one poll
    f.server.fillToken(NS, SECRET);
    const run = await running;
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Bearer ${f.token()}\n`);
    expect(run.stderr).toContain('watch is not allowed for your kubeconfig user: polling the Secret instead');
    expect(run.stderr).not.toContain(f.token());
    expect(f.server.requests.filter((r) => r.query.watch === 'true').length).toBe(1); // the refused watch
  });
});

describe('argo-token get in a GitOps flow: the Secret does not exist yet', () => {
  test.concurrent('GIVEN nothing applied yet WHEN the sync creates the ServiceAccount and the Secret THEN it waits, says for what, and prints the token', async () => {
    const f = await fixture({ apply: false });
    const running = get(f, '--timeout', '60s');
    await watchOpened(f);
    f.server.createServiceAccount(NS, CLIENT);
    f.server.createSecret(tokenSecret());
    const run = await running;
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Bearer ${f.token()}\n`);
    expect(run.stderr).toContain(
      `Secret ${NS}/${SECRET} does not exist yet: waiting for it to be created (ServiceAccount "${CLIENT}" does not exist yet either)`,
    );
  });

  test.concurrent('fails fast (exit 3, not the timeout) on the ordering trap it sees: the Secret created before its ServiceAccount and deleted by the controller', async () => {
    const f = await fixture({ apply: false });
    const running = get(f, '--timeout', '60s');
    await watchOpened(f);
    f.server.createSecret(tokenSecret());
    const run = await running;
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      `argo-token: Secret "${SECRET}" was deleted in namespace "argo" while waiting for its token: ServiceAccount "${CLIENT}" does not exist\n` +
        '  hint: the token controller deletes a token Secret whose ServiceAccount is missing: apply the ServiceAccount first, then the Secret again (kubectl apply -f dist/ applies them in that order)\n',
    );
    expect(run.stdout).toBe('');
  });

  test.concurrent("fails at the deadline with exit 3 when nothing of the client exists, listing the namespace's clients (a typo?)", async () => {
    const f = await fixture();
    const run = await runCli(['get', 'jenkin', '-n', NS, '--kubeconfig', f.kubeconfig, '--timeout', '3s']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      'argo-token: nothing of client "jenkin" exists in namespace "argo": no ServiceAccount when the wait began, and no Secret "jenkin.service-account-token" within 3s; its argo-token clients: jenkins\n' +
        '  hint: check the client name and -n (a typo?), or apply its manifests (kubectl apply -f dist/)\n',
    );
  });

  test.concurrent('fails at the deadline with exit 3 when the ServiceAccount exists but its Secret never appears (deleted earlier for the wrong order?)', async () => {
    const f = await fixture({ apply: false });
    f.server.createServiceAccount(NS, CLIENT);
    const run = await get(f, '--timeout', '3s');
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      `Secret "${SECRET}" did not appear in namespace "argo" within 3s; ServiceAccount "${CLIENT}" exists`,
    );
    expect(run.stderr).toContain(
      'if it was applied before its ServiceAccount existed, the token controller deleted it: apply it again',
    );
  });

  test.concurrent('fails fast (exit 3) when the Secret is deleted while waiting', async () => {
    const f = await fixture({ tokenController: 'manual' });
    const running = get(f);
    await watchOpened(f);
    f.server.deleteServiceAccount(NS, CLIENT);
    const run = await running;
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      `Secret "${SECRET}" was deleted in namespace "argo" while waiting for its token`,
    );
  });

  test.concurrent('fails after --timeout (exit 7) naming the token controller when nothing fills the Secret', async () => {
    const f = await fixture({ tokenController: false });
    // The deadline covers the whole command (start-up and the first GET too): room for a busy machine.
    const run = await get(f, '--timeout', '4s');
    expect(run.code).toBe(7);
    expect(run.stderr).toContain(
      `timed out after 4s waiting for the token of Secret "${SECRET}" in namespace "argo"`,
    );
    expect(run.stderr).toContain('is the token controller of kube-controller-manager running');
  });
});

describe('argo-token get: errors', () => {
  test.concurrent('fails with exit 5 naming the verb and resource when the caller may not get Secrets', async () => {
    const f = await fixture();
    f.server.addCaller('nobody', { user: 'ci-bot', rules: [] });
    const kubeconfig = f.server.writeKubeconfig(f.dir, { token: 'nobody', namespace: NS, ca: 'data' });
    const run = await runCli(['get', CLIENT, '--kubeconfig', kubeconfig]);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain(
      'argo-token: forbidden: your kubeconfig user cannot get secrets in namespace "argo"',
    );
    expect(run.stderr).toContain('User "ci-bot" cannot get resource "secrets"');
  });

  test.concurrent('fails with exit 9 when the API server rejects the kubeconfig credentials', async () => {
    const f = await fixture();
    const kubeconfig = f.server.writeKubeconfig(f.dir, {
      token: 'expired-or-wrong',
      namespace: NS,
      ca: 'data',
    });
    const run = await runCli(['get', CLIENT, '--kubeconfig', kubeconfig]);
    expect(run.code).toBe(9);
    expect(run.stderr).toContain('rejected your kubeconfig credentials (401 Unauthorized)');
  });

  test.concurrent('fails with exit 6 when the API server is down', async () => {
    const f = await fixture();
    await f.server.stop();
    const run = await runCli(['get', CLIENT, '--kubeconfig', f.kubeconfig]);
    expect(run.code).toBe(6);
    expect(run.stderr).toMatch(
      /cannot reach the Kubernetes API server at https:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/,
    );
  });

  test.concurrent('fails with exit 6 when the API server goes away while waiting for the token', async () => {
    const f = await fixture({ tokenController: 'manual' });
    const running = get(f);
    await watchOpened(f);
    await f.server.stop();
    const run = await running;
    expect(run.code).toBe(6);
    expect(run.stderr).toMatch(
      /cannot reach the Kubernetes API server at https:\/\/127\.0\.0\.1:\d+: ECONN(REFUSED|RESET)/,
    );
    expect(run.stderr).not.toContain('unexpected error');
  });

  test.concurrent('GIVEN the CA as a file in the kubeconfig THEN TLS verifies; GIVEN another CA THEN it fails with exit 6 naming TLS', async () => {
    const f = await fixture();
    const byFile = f.server.writeKubeconfig(f.dir, { namespace: NS, ca: 'file' });
    expect((await runCli(['get', CLIENT, '--kubeconfig', byFile])).code).toBe(0);
    const wrong = fs.readFileSync(byFile, 'utf8').replace(f.server.caFile, testTls().otherCaFile);
    const wrongFile = path.join(f.dir, 'wrong-ca');
    fs.writeFileSync(wrongFile, wrong);
    const run = await runCli(['get', CLIENT, '--kubeconfig', wrongFile]);
    expect(run.code).toBe(6);
    expect(run.stderr).toContain('TLS failure talking to the Kubernetes API server');
  });

  test.concurrent('fails with exit 4 on a Secret that is not a token Secret, or belongs to another ServiceAccount', async () => {
    const f = await fixture();
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

  test.concurrent('fails with exit 8 when data.token is not a JWT, without printing it', async () => {
    const f = await fixture({ apply: false });
    f.server.createServiceAccount(NS, CLIENT);
    f.server.createSecret(
      tokenSecret(CLIENT, SECRET, {
        data: { token: Buffer.from('not-a-jwt-secret-value').toString('base64') },
      }),
    );
    const run = await runCli(['get', CLIENT, '--kubeconfig', f.kubeconfig]);
    expect(run.code).toBe(8);
    expect(run.stderr).toContain(`data.token of Secret "${SECRET}" is not a signed JWT`);
    expect(run.stderr).not.toContain('not-a-jwt-secret-value');
    expect(run.stdout).toBe('');
  });

  test.concurrent('fails with exit 10 without a kubeconfig, and on an unknown --context', async () => {
    const f = await fixture();
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

  test.concurrent('GIVEN a kubeconfig user with an exec credential plugin THEN the plugin supplies the credentials', async () => {
    const f = await fixture();
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

  test.concurrent('GIVEN KUBECONFIG and no -n THEN the namespace comes from the kubeconfig context', async () => {
    const f = await fixture();
    const run = await runCli(['get', CLIENT], { env: { KUBECONFIG: f.kubeconfig } });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Bearer ${f.token()}\n`);
  });
});
