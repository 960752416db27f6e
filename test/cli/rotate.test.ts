import { runCli } from '../support/cli';
import { CLIENT, type Fixture, NS, SECRET, startFixture } from '../support/token-fixture';

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

describe('argo-token rotate', () => {
  test.concurrent('GIVEN a working token WHEN rotated THEN a new, different token is printed and the old one is revoked', async () => {
    const f = await fixture();
    const old = f.token();
    const oldUid = f.server.getSecret(NS, SECRET)!.metadata.uid;
    expect(f.server.whoIs(old)).toEqual({ namespace: NS, serviceAccount: CLIENT });

    const run = await runCli(['rotate', CLIENT, '-n', NS, '--kubeconfig', f.kubeconfig]);

    expect(run.code).toBe(0);
    const fresh = f.token();
    expect(fresh).not.toBe(old);
    expect(run.stdout).toBe(`Bearer ${fresh}\n`);
    expect(f.server.whoIs(old)).toBeUndefined();
    expect(f.server.whoIs(fresh)).toEqual({ namespace: NS, serviceAccount: CLIENT });
    expect(run.stderr).toContain(`the old token of ${NS}/${CLIENT} is revoked`);
    expect(run.stderr).not.toContain(old);
    expect(run.stderr).not.toContain(fresh);
    expect(f.server.getSecret(NS, SECRET)!.metadata.uid).not.toBe(oldUid);
  });

  test.concurrent('GIVEN the Secret was created from dist/ WHEN rotated THEN it is created again with the same name, type, annotation and labels, and no uid', async () => {
    const f = await fixture();
    const before = f.server.getSecret(NS, SECRET)!;
    expect(before.metadata.annotations?.['kubernetes.io/service-account.uid']).toBeDefined();
    expect((await runCli(['rotate', CLIENT, '-n', NS, '--kubeconfig', f.kubeconfig])).code).toBe(0);
    const create = f.server.requests.filter(
      (r) => r.method === 'POST' && r.path === `/api/v1/namespaces/${NS}/secrets`,
    );
    expect(create.length).toBe(1);
    const after = f.server.getSecret(NS, SECRET)!;
    expect(after.type).toBe('kubernetes.io/service-account-token');
    expect(after.metadata.labels).toEqual(before.metadata.labels);
    expect(after.metadata.annotations?.['kubernetes.io/service-account.name']).toBe(CLIENT);
  });

  test.concurrent('GIVEN -o json and a slow token controller WHEN rotated THEN it waits and prints the new token as get does', async () => {
    const f = await fixture({ tokenDelayMs: 500 });
    await f.server.tokenWritten(NS, SECRET);
    const old = f.token();
    const run = await runCli(['rotate', CLIENT, '-n', NS, '--kubeconfig', f.kubeconfig, '-o', 'json']);
    expect(run.stderr).toContain('waiting for the token controller');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.token).toBe(f.token());
    expect(out.token).not.toBe(old);
    expect(out.secret).toBe(SECRET);
  });

  test.concurrent('fails fast with exit 3 (not the timeout, 7) when the ServiceAccount is gone (the new Secret is deleted by the controller)', async () => {
    const f = await fixture();
    f.server.deleteServiceAccount(NS, CLIENT);
    const run = await runCli(['rotate', CLIENT, '-n', NS, '--kubeconfig', f.kubeconfig]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`ServiceAccount "${CLIENT}" does not exist`);
  });
});
