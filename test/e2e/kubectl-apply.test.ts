// End to end: real `kubectl apply` of the committed dist/ against the fake API server (test/support/
// kube-api-server.ts, whose token controller deletes a token Secret created before its ServiceAccount),
// then `argo-token get` as a child process. Proves the ordering claim: dist/ applies the ServiceAccount
// before its token Secret, and the wrong order loses the Secret.
// Every child process is spawned asynchronously: the server runs on this process's event loop.

import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { KubeApiServer, type KubeApiServerOptions } from '../support/kube-api-server';
import { ROOT, seedDist, tempDir, writeFile } from '../support/project';

const NS = 'argo';
const CLIENT = 'jenkins';
const SECRET = `${CLIENT}.service-account-token`;
const DIST = seedDist();
const BIN = path.join(ROOT, 'bin', 'argo-token.js');
const SA_POST = `/api/v1/namespaces/${NS}/serviceaccounts`;
const SECRET_POST = `/api/v1/namespaces/${NS}/secrets`;
const ROLE_POST = `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/roles`;
const BINDING_POST = `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`;
/** What kubectl prints for dist/, in document order (kustomize orders kinds the same way). */
const DIST_OBJECTS = [
  `serviceaccount/${CLIENT}`,
  `role.rbac.authorization.k8s.io/${CLIENT}`,
  `rolebinding.rbac.authorization.k8s.io/${CLIENT}`,
  `secret/${SECRET}`,
];

const KUBECTL = ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find((p) => fs.existsSync(p));
if (!KUBECTL) {
  console.warn(
    'SKIPPED: kubectl is not installed (/usr/bin/kubectl or /usr/local/bin/kubectl), so `kubectl apply` of dist/ against the test API server did not run',
  );
}
const withKubectl = KUBECTL ? test.concurrent : test.skip;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function run(file: string, args: string[], dir: string): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd: ROOT, env: { ...process.env, HOME: dir, KUBECONFIG: '' }, timeout: 15000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr, ms: performance.now() - started });
      },
    );
  });
}

interface Cluster {
  server: KubeApiServer;
  dir: string;
  kubeconfig: string;
  kubectl: (...args: string[]) => Promise<Run>;
  argoTokenGet: (...extra: string[]) => Promise<Run>;
}

// Each test has a server of its own, so the tests run at once.
const servers: KubeApiServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop().catch(() => {})));
});

async function startCluster(options: KubeApiServerOptions = {}): Promise<Cluster> {
  const server = await KubeApiServer.start(options);
  servers.push(server);
  const dir = tempDir();
  const kubeconfig = server.writeKubeconfig(dir, { namespace: NS, ca: 'data' });
  return {
    server,
    dir,
    kubeconfig,
    kubectl: (...args) =>
      run(KUBECTL!, ['--kubeconfig', kubeconfig, '--cache-dir', path.join(dir, 'cache'), ...args], dir),
    argoTokenGet: (...extra: string[]) =>
      run(process.execPath, [BIN, 'get', CLIENT, '-n', NS, '--kubeconfig', kubeconfig, ...extra], dir),
  };
}

const lines = (text: string) => text.split('\n').filter((l) => l !== '');
/** The paths of the creates kubectl made, in order. */
const creates = (s: KubeApiServer) => s.requests.filter((r) => r.method === 'POST').map((r) => r.path);
/** The documents of the client's file in dist/, as plain objects. */
function distObject(kind: string): any {
  const docs = parseAllDocuments(fs.readFileSync(path.join(DIST, `${NS}.${CLIENT}.yaml`), 'utf8'));
  return docs.find((d) => d.get('kind') === kind)!.toJS();
}
/** The two documents in the wrong order: the token Secret before its ServiceAccount. */
function swappedManifest(dir: string): string {
  const docs = parseAllDocuments(fs.readFileSync(path.join(DIST, `${NS}.${CLIENT}.yaml`), 'utf8'));
  const of = (kind: string) => docs.find((d) => d.get('kind') === kind)!.toString();
  return writeFile(dir, 'swapped.yaml', `${of('Secret')}---\n${of('ServiceAccount')}`);
}
const tokenOf = (s: KubeApiServer) =>
  Buffer.from(s.getSecret(NS, SECRET)?.data?.token ?? '', 'base64').toString('utf8');

describe('kubectl apply of dist/ against the test API server', () => {
  withKubectl(
    'GIVEN the committed dist/ WHEN `kubectl apply -f dist/` THEN the 4 objects are created, ServiceAccount before Secret, and `argo-token get` prints the token',
    async () => {
      const c = await startCluster();
      const apply = await c.kubectl('apply', '-f', DIST);
      expect(apply.stderr).toBe('');
      expect(apply.code).toBe(0);
      expect(lines(apply.stdout)).toEqual(DIST_OBJECTS.map((o) => `${o} created`));
      // The Kustomization file has no .yaml extension: `-f dir` skips it (nothing about kind Kustomization).
      expect(apply.stdout + apply.stderr).not.toMatch(/kustomiz/i);
      expect(creates(c.server)).toEqual([SA_POST, ROLE_POST, BINDING_POST, SECRET_POST]);
      // kubectl validated on the server: every create carried fieldValidation=Strict.
      const posts = c.server.requests.filter((r) => r.method === 'POST');
      expect(posts.map((r) => r.query.fieldValidation)).toEqual(['Strict', 'Strict', 'Strict', 'Strict']);

      // The controller ran and kept the Secret: it filled the token for the ServiceAccount that exists.
      await c.server.tokenWritten(NS, SECRET);
      const secret = c.server.getSecret(NS, SECRET);
      const sa = c.server.getObject('serviceaccounts', NS, CLIENT);
      expect(secret?.metadata.annotations?.['kubernetes.io/service-account.uid']).toBe(sa?.metadata.uid);
      expect(c.server.getObject('roles', NS, CLIENT)?.rules).toEqual(distObject('Role').rules);
      expect(c.server.getObject('rolebindings', NS, CLIENT)).toMatchObject({
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: CLIENT },
        subjects: [{ kind: 'ServiceAccount', name: CLIENT, namespace: NS }],
      });

      const jwt = tokenOf(c.server);
      expect(jwt).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      const get = await c.argoTokenGet();
      expect(get.stderr).toBe('');
      expect(get.code).toBe(0);
      expect(get.stdout).toBe(`Bearer ${jwt}\n`);
    },
  );

  withKubectl(
    'GIVEN dist/ applied WHEN applied a second time THEN kubectl reports every object unchanged and writes nothing',
    async () => {
      const c = await startCluster();
      expect((await c.kubectl('apply', '-f', DIST)).code).toBe(0);
      await c.server.tokenWritten(NS, SECRET);
      const before = c.server.getSecret(NS, SECRET);
      const seen = c.server.requests.length;

      const again = await c.kubectl('apply', '-f', DIST);
      expect(again.stderr).toBe('');
      expect(again.code).toBe(0);
      expect(lines(again.stdout)).toEqual(DIST_OBJECTS.map((o) => `${o} unchanged`));
      // It read each object and found nothing to patch: the token the controller added is not a change.
      const writes = c.server.requests.slice(seen).filter((r) => r.method !== 'GET');
      expect(writes).toEqual([]);
      expect(c.server.getSecret(NS, SECRET)).toEqual(before);
    },
  );

  withKubectl(
    'GIVEN a fresh server WHEN `kubectl apply -k dist/` THEN kustomize puts the ServiceAccount before the Secret and the token is filled',
    async () => {
      const c = await startCluster();
      const apply = await c.kubectl('apply', '-k', DIST);
      expect(apply.stderr).toBe('');
      expect(apply.code).toBe(0);
      expect(lines(apply.stdout)).toEqual(DIST_OBJECTS.map((o) => `${o} created`));
      const order = creates(c.server);
      expect(order).toHaveLength(4);
      expect(order.indexOf(SA_POST)).toBeLessThan(order.indexOf(SECRET_POST));
      await c.server.tokenWritten(NS, SECRET);
      expect(tokenOf(c.server)).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    },
  );

  withKubectl(
    'fails to get a token: GIVEN a manifest with the Secret before its ServiceAccount WHEN applied THEN kubectl says created, the controller deletes the Secret and `argo-token get` exits 3 with the hint',
    async () => {
      // 0: the controller acts on the Secret before the server reads kubectl's next request. With the
      // default 5 ms, kubectl's ServiceAccount create (about 2 ms later) would win the race.
      const c = await startCluster({ orphanDeleteDelayMs: 0 });
      const swapped = swappedManifest(c.dir);

      const apply = await c.kubectl('apply', '-f', swapped);
      expect(apply.stderr).toBe('');
      expect(apply.code).toBe(0);
      expect(lines(apply.stdout)).toEqual([`secret/${SECRET} created`, `serviceaccount/${CLIENT} created`]);
      expect(creates(c.server)).toEqual([SECRET_POST, SA_POST]);
      expect(c.server.getSecret(NS, SECRET)).toBeUndefined();
      expect(c.server.getObject('serviceaccounts', NS, CLIENT)).toBeDefined();

      // After the fact nothing shows the trap (a GitOps sync may still be creating the Secret): get waits
      // for the Secret, then says what exists and what to do, with exit 3 (not the timeout's 7).
      const get = await c.argoTokenGet('--timeout', '3s');
      expect(get.code).toBe(3);
      expect(get.stdout).toBe('');
      expect(get.stderr).toMatch(
        new RegExp(
          `^argo-token: Secret "${SECRET.replace(/\./g, '\\.')}" did not appear in namespace "${NS}" within 3s; ServiceAccount "${CLIENT}" exists$`,
          'm',
        ),
      );
      expect(get.stderr).toMatch(
        /^ {2}hint: .*applied before its ServiceAccount existed, the token controller deleted it: apply it again/m,
      );
    },
  );

  withKubectl(
    'fails fast (exit 3, not the timeout) when get is already waiting and kubectl applies the Secret before its ServiceAccount: the trap seen as it happens',
    async () => {
      const c = await startCluster({ orphanDeleteDelayMs: 0 });
      const swapped = swappedManifest(c.dir);
      const getting = c.argoTokenGet('--timeout', '60s');
      while (!c.server.requests.some((r) => r.query.watch === 'true'))
        await new Promise((r) => setTimeout(r, 20));
      expect((await c.kubectl('apply', '-f', swapped)).code).toBe(0);
      const get = await getting;
      expect(get.code).toBe(3);
      expect(get.stderr).toContain(`Secret "${SECRET}" was deleted in namespace "${NS}" while waiting`);
    },
  );

  withKubectl(
    'GIVEN the Secret deleted for the wrong order WHEN dist/ is applied again THEN it is re-created after the ServiceAccount and `argo-token get` prints the token',
    async () => {
      const c = await startCluster({ orphanDeleteDelayMs: 0 });
      const swapped = swappedManifest(c.dir);
      expect((await c.kubectl('apply', '-f', swapped)).code).toBe(0);
      expect(c.server.getSecret(NS, SECRET)).toBeUndefined();

      const again = await c.kubectl('apply', '-f', DIST);
      expect(again.code).toBe(0);
      expect(lines(again.stdout)).toEqual([
        `serviceaccount/${CLIENT} unchanged`,
        `role.rbac.authorization.k8s.io/${CLIENT} created`,
        `rolebinding.rbac.authorization.k8s.io/${CLIENT} created`,
        `secret/${SECRET} created`,
      ]);
      await c.server.tokenWritten(NS, SECRET);
      const get = await c.argoTokenGet();
      expect(get.code).toBe(0);
      expect(get.stdout).toBe(`Bearer ${tokenOf(c.server)}\n`);
    },
  );
});

describe('what kubectl apply needs from the test API server', () => {
  /** One request with the admin token and the raw path, as sent (no URL normalisation). */
  function call(s: KubeApiServer, method: string, rawPath: string): Promise<{ status: number; body: any }> {
    return new Promise((resolve, reject) => {
      const req = https.request(
        `${s.url}/`,
        {
          method,
          path: rawPath,
          ca: s.caPem,
          agent: false,
          headers: { Authorization: `Bearer ${s.adminToken}` },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
            }),
          );
        },
      );
      req.setTimeout(2000, () => req.destroy(new Error(`no answer to ${method} ${rawPath} within 2 s`)));
      req.on('error', reject);
      req.end();
    });
  }

  test('fails with a 404 NotFound Status, at once, WHEN the path is unknown (OpenAPI v2, "//", a host-like "//x/y")', async () => {
    const { server: s } = await startCluster();
    for (const rawPath of ['/openapi/v2?timeout=32s', '//', '//openapi/v2', '/apis/apps/v1/deployments']) {
      const started = performance.now();
      const reply = await call(s, 'GET', rawPath);
      expect(performance.now() - started).toBeLessThan(500);
      expect(reply).toEqual({
        status: 404,
        body: expect.objectContaining({ kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404 }),
      });
    }
  });

  async function applied(): Promise<Cluster> {
    const c = await startCluster();
    expect((await c.kubectl('apply', '-f', DIST)).code).toBe(0);
    return c;
  }

  withKubectl(
    'GIVEN dist/ applied WHEN a changed Role is applied THEN kubectl sends a strategic merge patch and reports it configured',
    async () => {
      const c = await applied();
      const role = c.server.getObject('roles', NS, CLIENT)!;
      const changed = distObject('Role');
      changed.rules[0].verbs.push('get');
      const patched = await c.kubectl('apply', '-f', writeFile(c.dir, 'role.json', JSON.stringify(changed)));
      expect(patched.stderr).toBe('');
      expect(patched.code).toBe(0);
      expect(patched.stdout).toBe(`role.rbac.authorization.k8s.io/${CLIENT} configured\n`);
      expect(c.server.requests.at(-1)).toMatchObject({
        method: 'PATCH',
        path: `${ROLE_POST}/${CLIENT}`,
        contentType: 'application/strategic-merge-patch+json',
      });
      const after = c.server.getObject('roles', NS, CLIENT)!;
      expect(after.rules).toEqual(changed.rules);
      expect(after.metadata.uid).toBe(role.metadata.uid);
      expect(Number(after.metadata.resourceVersion)).toBeGreaterThan(Number(role.metadata.resourceVersion));
    },
  );

  withKubectl(
    'fails with 422 Invalid WHEN an applied RoleBinding gets another roleRef, and with 400 WHEN a manifest has an unknown field',
    async () => {
      const c = await applied();
      const rebound = distObject('RoleBinding');
      rebound.roleRef.name = 'other';
      const refused = await c.kubectl(
        'apply',
        '-f',
        writeFile(c.dir, 'binding.json', JSON.stringify(rebound)),
      );
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`The RoleBinding "${CLIENT}" is invalid: roleRef: Invalid value`);
      expect(refused.stderr).toContain('cannot change roleRef');
      expect(c.server.getObject('rolebindings', NS, CLIENT)?.roleRef).toMatchObject({ name: CLIENT });

      const unknown = {
        ...distObject('ServiceAccount'),
        metadata: { name: 'other', namespace: NS },
        spec: {},
      };
      const strict = await c.kubectl('apply', '-f', writeFile(c.dir, 'sa.json', JSON.stringify(unknown)));
      expect(strict.code).toBe(1);
      expect(strict.stderr).toContain('strict decoding error: unknown field "spec"');
      expect(c.server.getObject('serviceaccounts', NS, 'other')).toBeUndefined();
    },
  );
});

describe('kubectl apply of SSO accounts (sso:) against the test API server', () => {
  withKubectl(
    'GIVEN SSO accounts with a hostile group name WHEN `kubectl apply -f` THEN the ServiceAccounts carry the very rule and precedence synth wrote, and their token Secrets are filled',
    async () => {
      const c = await startCluster();
      const hostile = 'q\'s "d" \\ \u0000\n\u2028ü😀';
      const clients = `sso:\n  - {name: people, match: {groups: [${JSON.stringify(hostile)}, plain]}, preset: viewer}\n  - {name: team, namespace: team-a, match: {groups: [team-a]}, preset: viewer}\n  - {name: everyone, match: {everyone: true}}\n`;
      const out = path.join(c.dir, 'dist');
      const file = writeFile(c.dir, 'sso.yaml', clients);
      const synth = await run(
        process.execPath,
        [
          '-r',
          path.join(ROOT, 'tools', 'register.js'),
          path.join(ROOT, 'main.ts'),
          '--clients',
          file,
          '--outdir',
          out,
        ],
        c.dir,
      );
      expect(synth.code).toBe(0);
      const apply = await c.kubectl('apply', '-f', out);
      expect(apply.stderr).toBe('');
      expect(apply.code).toBe(0);
      for (const [ns, name] of [
        [NS, 'people'],
        ['team-a', 'team'],
        [NS, 'everyone'],
      ]) {
        const written = parseAllDocuments(
          fs.readFileSync(path.join(out, `${ns}.${name}.yaml`), 'utf8'),
        )[0].toJS();
        const applied = c.server.getObject('serviceaccounts', ns, name);
        const { 'kubectl.kubernetes.io/last-applied-configuration': _kubectl, ...annotations } =
          applied?.metadata.annotations ?? {};
        expect(annotations).toEqual(written.metadata.annotations);
        await c.server.tokenWritten(ns, `${name}.service-account-token`);
      }
      const rule = c.server.getObject('serviceaccounts', NS, 'people')?.metadata.annotations?.[
        'workflows.argoproj.io/rbac-rule'
      ];
      expect(rule).toContain("'q\\'s \"d\" \\\\ \\u0000\\n\\u2028ü😀' in $env?.groups");
    },
  );
});
