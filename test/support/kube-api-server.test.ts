// The fake API server over real HTTPS: wire format, token controller, watches, authn/authz, TLS.
// Uses node:https rather than @kubernetes/client-node (ESM-only under ts-jest), and kubectl as a real client.

import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { KubeApiServer, type KubeApiServerOptions } from './kube-api-server';
import { testTls } from './tls';

// Response bodies of many shapes, checked with toEqual/toMatchObject.
type AnyJson = any;

const NS = 'argo';
const SECRETS = `/api/v1/namespaces/${NS}/secrets`;
const CI_USER = `system:serviceaccount:${NS}:ci`;

let server: KubeApiServer | undefined;
const dirs: string[] = [];

afterEach(async () => {
  await server?.stop();
  server = undefined;
});
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function start(options?: KubeApiServerOptions): Promise<KubeApiServer> {
  server = await KubeApiServer.start(options);
  return server;
}

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'argo-token-kube-'));
  dirs.push(dir);
  return dir;
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: AnyJson;
}

interface CallOptions {
  /** Defaults to the admin token; "" sends no Authorization header. */
  token?: string;
  body?: unknown;
  ca?: string;
}

function call(s: KubeApiServer, method: string, urlPath: string, opts: CallOptions = {}): Promise<Reply> {
  const token = opts.token ?? s.adminToken;
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${s.url}${urlPath}`,
      {
        method,
        ca: opts.ca ?? s.caPem,
        agent: false,
        headers: {
          Accept: 'application/json',
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(opts.body ? { 'Content-Type': 'application/json' } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: text ? JSON.parse(text) : undefined,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(opts.body ? JSON.stringify(opts.body) : undefined);
  });
}

interface WatchEvent {
  type: string;
  object: AnyJson;
}

interface WatchStream {
  readonly events: WatchEvent[];
  /** The first event so far or to come that matches. */
  waitFor(predicate: (e: WatchEvent) => boolean, timeoutMs?: number): Promise<WatchEvent>;
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
}

/** Opens a watch on the argo Secrets; resolves once the server has answered with 200 and headers. */
function watch(s: KubeApiServer, query: string, token = s.adminToken): Promise<WatchStream> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      `${s.url}${SECRETS}?watch=true${query ? `&${query}` : ''}`,
      { ca: s.caPem, agent: false, headers: { Authorization: `Bearer ${token}` } },
      (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`watch answered ${res.statusCode}`));
          return;
        }
        const events: WatchEvent[] = [];
        const waiters: { predicate: (e: WatchEvent) => boolean; resolve: (e: WatchEvent) => void }[] = [];
        let buffered = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffered += chunk;
          const lines = buffered.split('\n');
          buffered = lines.pop() ?? '';
          for (const line of lines.filter((l) => l.trim() !== '')) {
            const event = JSON.parse(line) as WatchEvent;
            events.push(event);
            for (const w of waiters.filter((w) => w.predicate(event))) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(event);
            }
          }
        });
        const ended = new Promise<void>((done) => res.on('close', () => done()));
        resolve({
          events,
          ended,
          waitFor(predicate, timeoutMs = 5000) {
            const seen = events.find(predicate);
            if (seen) return Promise.resolve(seen);
            return new Promise((found, fail) => {
              const timer = setTimeout(
                () =>
                  fail(new Error(`no such watch event; got ${JSON.stringify(events.map((e) => e.type))}`)),
                timeoutMs,
              );
              waiters.push({
                predicate,
                resolve: (e) => {
                  clearTimeout(timer);
                  found(e);
                },
              });
            });
          },
        });
      },
    );
    req.on('error', reject);
  });
}

function tokenSecret(name: string, serviceAccount: string): object {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: NS, annotations: { 'kubernetes.io/service-account.name': serviceAccount } },
    type: 'kubernetes.io/service-account-token',
  };
}

const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');
const claims = (jwt: string): AnyJson =>
  JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('token controller', () => {
  test('GIVEN a ServiceAccount WHEN its token Secret is created THEN the token is filled after tokenDelayMs', async () => {
    const s = await start({ tokenDelayMs: 150 });
    const sa = s.createServiceAccount(NS, 'ci') as AnyJson;

    const before = performance.now();
    const created = await call(s, 'POST', SECRETS, { body: tokenSecret('ci-token', 'ci') });
    expect(created.status).toBe(201);
    expect(created.headers['content-type']).toBe('application/json');
    expect(created.body.data).toBeUndefined();
    expect((await call(s, 'GET', `${SECRETS}/ci-token`)).body.data).toBeUndefined();

    const writtenAt = await s.tokenWritten(NS, 'ci-token');
    expect(writtenAt - before).toBeGreaterThanOrEqual(145);
    const got = await call(s, 'GET', `${SECRETS}/ci-token`);
    expect(got.status).toBe(200);
    const token = decode(got.body.data.token);
    expect(token.split('.')).toHaveLength(3);
    expect(claims(token)).toMatchObject({
      iss: 'kubernetes/serviceaccount',
      sub: CI_USER,
      'kubernetes.io/serviceaccount/namespace': NS,
      'kubernetes.io/serviceaccount/secret.name': 'ci-token',
      'kubernetes.io/serviceaccount/service-account.name': 'ci',
      'kubernetes.io/serviceaccount/service-account.uid': sa.metadata.uid,
    });
    expect(decode(got.body.data.namespace)).toBe(NS);
    expect(decode(got.body.data['ca.crt'])).toBe(s.caPem);
    expect(got.body.metadata.annotations['kubernetes.io/service-account.uid']).toBe(sa.metadata.uid);
    expect(Number(got.body.metadata.resourceVersion)).toBeGreaterThan(
      Number(created.body.metadata.resourceVersion),
    );
    expect(s.whoIs(token)).toEqual({ namespace: NS, serviceAccount: 'ci' });
  });

  test('GIVEN a token in the manifest WHEN the Secret is created THEN the controller keeps it and it does not authenticate', async () => {
    const s = await start();
    s.createServiceAccount(NS, 'ci');
    s.createSecret({ ...tokenSecret('ci-token', 'ci'), stringData: { token: 'chosen-by-hand' } });
    await sleep(20);

    const secret = s.getSecret(NS, 'ci-token')!;
    expect(decode(secret.data!.token)).toBe('chosen-by-hand');
    expect(decode(secret.data!.namespace)).toBe(NS);
    expect((await call(s, 'GET', `${SECRETS}/ci-token`, { token: 'chosen-by-hand' })).status).toBe(401);
  });

  test('fails to get a token: GIVEN no ServiceAccount WHEN a token Secret is created THEN the controller deletes it', async () => {
    const s = await start({ orphanDeleteDelayMs: 20 });
    const stream = await watch(s, 'fieldSelector=metadata.name%3Dci-token');
    const written = s.tokenWritten(NS, 'ci-token');

    expect((await call(s, 'POST', SECRETS, { body: tokenSecret('ci-token', 'ci') })).status).toBe(201);
    const deleted = await stream.waitFor((e) => e.type === 'DELETED');
    expect(deleted.object.metadata.name).toBe('ci-token');
    expect(stream.events.map((e) => e.type)).toEqual(['ADDED', 'DELETED']);
    await expect(written).rejects.toThrow('deleted before its token was written');

    const got = await call(s, 'GET', `${SECRETS}/ci-token`);
    expect(got.status).toBe(404);
    expect(got.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'secrets "ci-token" not found',
      reason: 'NotFound',
      details: { name: 'ci-token', kind: 'secrets' },
      code: 404,
    });
  });

  test('GIVEN a token Secret WHEN its ServiceAccount is deleted THEN the Secret goes too and its token is revoked', async () => {
    const s = await start();
    s.createServiceAccount(NS, 'ci');
    s.createSecret(tokenSecret('ci-token', 'ci'));
    await s.tokenWritten(NS, 'ci-token');
    const token = decode(s.getSecret(NS, 'ci-token')!.data!.token);

    s.deleteServiceAccount(NS, 'ci');
    expect(s.getSecret(NS, 'ci-token')).toBeUndefined();
    expect(s.whoIs(token)).toBeUndefined();
  });
});

describe('watch', () => {
  test('GIVEN a watch with a name fieldSelector WHEN the token is written THEN it sees ADDED then MODIFIED with the token', async () => {
    const s = await start({ tokenDelayMs: 30 });
    s.createServiceAccount(NS, 'ci');
    const stream = await watch(s, 'fieldSelector=metadata.name%3Dci-token&allowWatchBookmarks=false');

    s.createSecret({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'other', namespace: NS } });
    s.createSecret(tokenSecret('ci-token', 'ci'));
    const modified = await stream.waitFor((e) => e.type === 'MODIFIED');

    expect(decode(modified.object.data.token)).toBe(decode(s.getSecret(NS, 'ci-token')!.data!.token));
    expect(stream.events.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'ci-token'],
      ['MODIFIED', 'ci-token'],
    ]);
  });

  test('GIVEN no resourceVersion WHEN a watch opens THEN it first sees the current objects as ADDED', async () => {
    const s = await start();
    s.createSecret({ metadata: { name: 'a', namespace: NS } });
    s.createSecret({ metadata: { name: 'b', namespace: NS } });
    s.createSecret({ metadata: { name: 'c', namespace: 'elsewhere' } });

    const stream = await watch(s, '');
    await stream.waitFor((e) => e.object.metadata.name === 'b');
    expect(stream.events.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'a'],
      ['ADDED', 'b'],
    ]);
  });

  test('GIVEN a watch the server drops WHEN the client resumes from its last resourceVersion THEN it sees what happened meanwhile', async () => {
    const s = await start({ dropWatchAfterMs: 50 });
    const rv = s.createServiceAccount(NS, 'ci').metadata.resourceVersion;
    const first = await watch(s, `fieldSelector=metadata.name%3Dci-token&resourceVersion=${rv}`);
    await first.ended;
    expect(first.events).toEqual([]);

    s.createSecret(tokenSecret('ci-token', 'ci'));
    await s.tokenWritten(NS, 'ci-token');
    const resumed = await watch(s, `fieldSelector=metadata.name%3Dci-token&resourceVersion=${rv}`);
    await resumed.waitFor((e) => e.type === 'MODIFIED');
    expect(resumed.events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED']);
    expect(resumed.events[1].object.data.token).toBeDefined();
    expect(Number(resumed.events[0].object.metadata.resourceVersion)).toBeGreaterThan(Number(rv));
    await resumed.ended;
  });

  test('fails with an ERROR event 410 Expired WHEN a watch resumes from a compacted resourceVersion', async () => {
    const s = await start();
    const old = s.createSecret({ metadata: { name: 'a', namespace: NS } }).metadata.resourceVersion;
    s.createSecret({ metadata: { name: 'b', namespace: NS } });
    s.compact();

    const stream = await watch(s, `resourceVersion=${old}`);
    await stream.ended;
    expect(stream.events).toEqual([
      {
        type: 'ERROR',
        object: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: expect.stringMatching(/^too old resource version: \d+ \(\d+\)$/),
          reason: 'Expired',
          code: 410,
        },
      },
    ]);
  });

  test('GIVEN allowWatchBookmarks WHEN the watch stays open THEN BOOKMARK events carry the current resourceVersion', async () => {
    const s = await start({ bookmarkIntervalMs: 20 });
    const rv = s.createSecret({ metadata: { name: 'a', namespace: NS } }).metadata.resourceVersion;
    const stream = await watch(s, `resourceVersion=${rv}&allowWatchBookmarks=true&timeoutSeconds=1`);
    const bookmark = await stream.waitFor((e) => e.type === 'BOOKMARK');
    expect(bookmark.object).toEqual({ kind: 'Secret', apiVersion: 'v1', metadata: { resourceVersion: rv } });
  });
});

describe('authentication and authorization', () => {
  const callers = {
    'ci-static': {
      user: CI_USER,
      rules: [
        {
          apiGroups: [''],
          resources: ['secrets'],
          verbs: ['get', 'list', 'watch'],
          resourceNames: ['ci-token'],
        },
      ],
    },
  };

  test('fails with a 403 Forbidden Status WHEN a caller lacks the right', async () => {
    const s = await start({ callers });
    const got = await call(s, 'GET', `${SECRETS}/other`, { token: 'ci-static' });
    expect(got.status).toBe(403);
    expect(got.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `secrets "other" is forbidden: User "${CI_USER}" cannot get resource "secrets" in API group "" in the namespace "argo"`,
      reason: 'Forbidden',
      details: { name: 'other', kind: 'secrets' },
      code: 403,
    });
    const list = await call(s, 'GET', SECRETS, { token: 'ci-static' });
    expect(list.body.message).toBe(
      `secrets is forbidden: User "${CI_USER}" cannot list resource "secrets" in API group "" in the namespace "argo"`,
    );
  });

  test('fails with a 401 Unauthorized Status WHEN the token is unknown or missing', async () => {
    const s = await start();
    const unauthorized = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    };
    for (const token of ['nobody-knows-me', '']) {
      const got = await call(s, 'GET', `${SECRETS}/x`, { token });
      expect(got.status).toBe(401);
      expect(got.body).toEqual(unauthorized);
    }
    expect(s.requests.at(-1)).toEqual({ method: 'GET', path: `${SECRETS}/x`, query: {} });
  });

  test('GIVEN a rule with resourceNames WHEN the list names it in a fieldSelector THEN the list is allowed', async () => {
    const s = await start({ callers });
    s.createSecret({ metadata: { name: 'ci-token', namespace: NS } });
    s.createSecret({ metadata: { name: 'other', namespace: NS } });

    const got = await call(s, 'GET', `${SECRETS}?fieldSelector=metadata.name%3Dci-token`, {
      token: 'ci-static',
    });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      kind: 'SecretList',
      apiVersion: 'v1',
      metadata: { resourceVersion: '2' },
    });
    expect(got.body.items.map((i: AnyJson) => i.metadata.name)).toEqual(['ci-token']);
    expect((await call(s, 'GET', `${SECRETS}/missing`, { token: 'ci-static' })).status).toBe(403);
    expect(s.requests.at(-1)).toMatchObject({ method: 'GET', user: CI_USER });
  });

  test('GIVEN a caller with the ServiceAccount user WHEN its issued token is used THEN it has that identity and those rights', async () => {
    const s = await start({ callers });
    s.createServiceAccount(NS, 'ci');
    s.createSecret(tokenSecret('ci-token', 'ci'));
    await s.tokenWritten(NS, 'ci-token');
    const token = decode(s.getSecret(NS, 'ci-token')!.data!.token);

    expect((await call(s, 'GET', `${SECRETS}/ci-token`, { token })).status).toBe(200);
    const whoami = await call(s, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      token,
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    });
    expect(whoami.body.status.userInfo).toEqual({
      username: CI_USER,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${NS}`, 'system:authenticated'],
    });
    const review = await call(s, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      token,
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: {
          resourceAttributes: { namespace: NS, verb: 'delete', resource: 'secrets', name: 'ci-token' },
        },
      },
    });
    expect(review.status).toBe(201);
    expect(review.body.status).toEqual({ allowed: false });
  });

  test('GIVEN a Secret token WHEN the Secret is deleted THEN whoIs forgets it and the token gets 401', async () => {
    const s = await start();
    s.createServiceAccount(NS, 'ci');
    s.createSecret(tokenSecret('ci-token', 'ci'));
    await s.tokenWritten(NS, 'ci-token');
    const token = decode(s.getSecret(NS, 'ci-token')!.data!.token);
    expect((await call(s, 'GET', `${SECRETS}/ci-token`, { token })).status).toBe(403);

    const deleted = await call(s, 'DELETE', `${SECRETS}/ci-token`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'ci-token' } });
    expect(s.whoIs(token)).toBeUndefined();
    expect((await call(s, 'GET', `${SECRETS}/ci-token`, { token })).status).toBe(401);
    expect((await call(s, 'DELETE', `${SECRETS}/ci-token`)).status).toBe(404);
  });

  test('fails with 409 AlreadyExists WHEN a Secret is created twice', async () => {
    const s = await start();
    const body = { metadata: { name: 'a' } };
    expect((await call(s, 'POST', SECRETS, { body })).status).toBe(201);
    const again = await call(s, 'POST', SECRETS, { body });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      reason: 'AlreadyExists',
      message: 'secrets "a" already exists',
      code: 409,
    });
  });

  test('fails with the injected Status WHEN failNext matches, then recovers', async () => {
    const s = await start();
    s.createSecret({ metadata: { name: 'a', namespace: NS } });
    s.failNext('GET', /\/secrets\/a$/, 500, 2);

    for (let i = 0; i < 2; i++) {
      const got = await call(s, 'GET', `${SECRETS}/a`);
      expect(got.status).toBe(500);
      expect(got.body).toMatchObject({ kind: 'Status', reason: 'InternalError', code: 500 });
    }
    expect((await call(s, 'GET', `${SECRETS}/a`)).status).toBe(200);
  });
});

describe('TokenRequest', () => {
  const TOKEN = `/api/v1/namespaces/${NS}/serviceaccounts/ci/token`;
  const request = (expirationSeconds: number) => ({
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    spec: { expirationSeconds, audiences: ['argo-server'] },
  });

  test('GIVEN a ServiceAccount WHEN a token is requested THEN it authenticates until it expires', async () => {
    const s = await start();
    const sa = s.createServiceAccount(NS, 'ci');
    const got = await call(s, 'POST', TOKEN, { body: request(600) });
    expect(got.status).toBe(201);
    expect(got.body).toMatchObject({ kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1' });
    const token: string = got.body.status.token;
    const c = claims(token);
    expect(c).toMatchObject({
      aud: ['argo-server'],
      sub: CI_USER,
      'kubernetes.io': { namespace: NS, serviceaccount: { name: 'ci', uid: sa.metadata.uid } },
    });
    expect(c.exp - c.iat).toBe(600);
    expect(Date.parse(got.body.status.expirationTimestamp)).toBe(c.exp * 1000);
    expect(s.whoIs(token)).toEqual({ namespace: NS, serviceAccount: 'ci' });
    expect((await call(s, 'GET', `${SECRETS}/x`, { token })).status).toBe(403);

    s.advanceClock(601_000);
    expect(s.whoIs(token)).toBeUndefined();
    expect((await call(s, 'GET', `${SECRETS}/x`, { token })).status).toBe(401);
  });

  test('fails with 422 Invalid WHEN expirationSeconds is below 600', async () => {
    const s = await start();
    s.createServiceAccount(NS, 'ci');
    const got = await call(s, 'POST', TOKEN, { body: request(599) });
    expect(got.status).toBe(422);
    expect(got.body).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Invalid',
      code: 422,
      message:
        'TokenRequest.authentication.k8s.io "ci" is invalid: spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes',
      details: { name: 'ci', group: 'authentication.k8s.io', kind: 'TokenRequest' },
    });
  });

  test('fails with 404 WHEN the ServiceAccount is missing, and 403 without create on serviceaccounts/token', async () => {
    const s = await start({ callers: { reader: { user: 'reader', rules: [] } } });
    expect((await call(s, 'POST', TOKEN, { body: request(600) })).body).toMatchObject({
      code: 404,
      message: 'serviceaccounts "ci" not found',
    });
    const denied = await call(s, 'POST', TOKEN, { token: 'reader', body: request(600) });
    expect(denied.body.message).toBe(
      'serviceaccounts "ci" is forbidden: User "reader" cannot create resource "serviceaccounts/token" in API group "" in the namespace "argo"',
    );
  });
});

describe('TLS and kubeconfig', () => {
  test('fails the TLS handshake WHEN the client trusts an unrelated CA', async () => {
    const s = await start();
    await expect(call(s, 'GET', `${SECRETS}/x`, { ca: testTls().otherCaPem })).rejects.toMatchObject({
      code: expect.stringMatching(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT/),
    });
  });

  test('GIVEN a kubeconfig WHEN written THEN it has one context, the token and mode 0600', async () => {
    const s = await start();
    const file = s.writeKubeconfig(tempDir(), {
      token: 't0k',
      namespace: NS,
      ca: 'file',
      contextName: 'ctx',
    });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain(`certificate-authority: ${s.caFile}`);
    expect(text).toContain('token: t0k');
    expect(text).toContain('current-context: ctx');
  });

  const kubectl = ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find((p) => fs.existsSync(p));
  (kubectl ? test : test.skip)(
    'GIVEN kubeconfigs with the CA as data, as file or skipped WHEN kubectl gets the Secret THEN it prints it; without the CA it fails',
    async () => {
      const s = await start();
      s.createSecret({ metadata: { name: 'a', namespace: NS }, stringData: { hello: 'world' } });
      const dir = tempDir();
      const run = (kubeconfig: string) =>
        promisify(execFile)(
          kubectl!,
          [
            '--kubeconfig',
            kubeconfig,
            '--cache-dir',
            path.join(dir, 'cache'),
            'get',
            'secret',
            'a',
            '-n',
            NS,
            '-o',
            'json',
          ],
          { env: { ...process.env, HOME: dir, KUBECONFIG: '' }, timeout: 15000 },
        );

      for (const ca of ['data', 'file'] as const) {
        const { stdout } = await run(s.writeKubeconfig(dir, { ca }));
        const secret = JSON.parse(stdout);
        expect(secret).toMatchObject({ kind: 'Secret', metadata: { name: 'a', namespace: NS } });
        expect(decode(secret.data.hello)).toBe('world');
      }
      expect(JSON.parse((await run(s.writeKubeconfig(dir, { ca: 'insecure' }))).stdout).metadata.name).toBe(
        'a',
      );
      await expect(run(s.writeKubeconfig(dir, { ca: 'none' }))).rejects.toMatchObject({
        stderr: expect.stringMatching(/x509|certificate/),
      });
    },
  );
});
