// In-process tests of the CLI's fault logic: proxy choice as kubectl makes it, token claims and
// signatures, the backoff, the waiting logic against a fake KubeApi on a virtual clock (request
// counts over minutes of simulated failures, without waiting), Argo answer classification, and
// the --write temp file on signals and after kills.

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { classifyArgoAnswer, isArgoList, parseServerUrl } from '../../cli/argo-server';
import { Backoff, type Clock, Deadline } from '../../cli/deadline';
import { CliError } from '../../cli/errors';
import { getToken } from '../../cli/get';
import type { KubeApi, SecretObject, WatchEvent } from '../../cli/kube';
import { removeOnSignal, writeSecretFile } from '../../cli/output';
import { proxyFor } from '../../cli/proxy';
import { claimsProblem, decodeJwt, signatureProblem } from '../../cli/token';
import { tempDir } from '../support/project';

describe('proxyFor: HTTPS_PROXY / HTTP_PROXY / NO_PROXY as kubectl (Go) reads them', () => {
  const url = (u: string) => new URL(u);
  const via = (u: string, env: Record<string, string>) => proxyFor(url(u), env)?.url.href;

  test('GIVEN HTTPS_PROXY THEN https URLs use it, http URLs do not; upper case wins; no scheme means http://', () => {
    expect(via('https://kube.example.com', { HTTPS_PROXY: 'proxy:3128' })).toBe('http://proxy:3128/');
    expect(via('http://kube.example.com', { HTTPS_PROXY: 'http://proxy:3128' })).toBeUndefined();
    expect(via('http://argo.example.com', { HTTP_PROXY: 'http://p1', http_proxy: 'http://p2' })).toBe(
      'http://p1/',
    );
    expect(via('https://kube.example.com', { https_proxy: 'http://lower:1' })).toBe('http://lower:1/');
    expect(via('https://kube.example.com', { ALL_PROXY: 'http://all:1' })).toBeUndefined();
  });

  test('GIVEN localhost or a loopback address THEN never proxied', () => {
    for (const u of [
      'https://localhost:6443',
      'https://127.0.0.1:6443',
      'https://127.8.9.1',
      'https://[::1]:6443',
    ])
      expect(via(u, { HTTPS_PROXY: 'http://proxy:3128' })).toBeUndefined();
  });

  test.each([
    ['example.com', 'https://example.com', false],
    ['example.com', 'https://api.example.com', false],
    ['.example.com', 'https://example.com', true],
    ['.example.com', 'https://api.example.com', false],
    ['*.example.com', 'https://api.example.com', false],
    ['example.com:6443', 'https://example.com:6443', false],
    ['example.com:6443', 'https://example.com:443', true],
    ['10.0.0.0/8', 'https://10.1.2.3', false],
    ['10.0.0.0/8', 'https://11.1.2.3', true],
    ['10.1.2.3', 'https://10.1.2.3:6443', false],
    ['*', 'https://anything.example', false],
    ['other.org, example.com', 'https://x.example.com', false],
    ['notexample.com', 'https://example.com', true],
  ])('NO_PROXY=%j, %s → proxied: %s', (noProxy, u, proxied) => {
    expect(Boolean(via(u, { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: noProxy }))).toBe(proxied);
  });

  test('GIVEN a proxy URL that is not http(s) or socks5 THEN a usage error naming the variable', () => {
    expect(() => proxyFor(url('https://x.example'), { HTTPS_PROXY: 'ftp://proxy' })).toThrow(/HTTPS_PROXY/);
  });
});

describe('token checks', () => {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig' };
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const signed = (claims: object, key = privateKey, header: object = { alg: 'ES256', kid: 'k1' }) => {
    const input = `${b64(header)}.${b64(claims)}`;
    const sig = crypto.sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
    return `${input}.${sig.toString('base64url')}`;
  };
  const owner = { namespace: 'argo', serviceAccount: 'jenkins', secret: 'jenkins.service-account-token' };
  const legacy = {
    sub: 'system:serviceaccount:argo:jenkins',
    'kubernetes.io/serviceaccount/namespace': 'argo',
    'kubernetes.io/serviceaccount/service-account.name': 'jenkins',
    'kubernetes.io/serviceaccount/secret.name': 'jenkins.service-account-token',
  };

  test('GIVEN e30.e30. or alg none THEN it is not a signed JWT', () => {
    expect(decodeJwt('e30.e30.')).toBeUndefined();
    expect(decodeJwt(`${b64({ alg: 'none' })}.${b64(legacy)}.c2ln`)).toBeUndefined();
    expect(decodeJwt(signed(legacy))).toBeDefined();
  });

  test('GIVEN claims of the client THEN no problem; another ServiceAccount, namespace, Secret or an expiry THEN named', () => {
    expect(claimsProblem(legacy, owner)).toBeUndefined();
    expect(claimsProblem({ ...legacy, sub: 'system:serviceaccount:argo:other' }, owner)).toMatch(/subject/);
    expect(claimsProblem({ ...legacy, 'kubernetes.io/serviceaccount/namespace': 'dev' }, owner)).toMatch(
      /namespace claim is "dev"/,
    );
    expect(claimsProblem({ ...legacy, 'kubernetes.io/serviceaccount/secret.name': 'x' }, owner)).toMatch(
      /Secret claim/,
    );
    expect(claimsProblem({ ...legacy, exp: 1000 }, owner)).toMatch(/expired at 1970/);
    expect(claimsProblem({}, owner)).toMatch(/no sub claim/);
    const bound = {
      sub: legacy.sub,
      'kubernetes.io': { namespace: 'argo', serviceaccount: { name: 'other', uid: 'u' } },
    };
    expect(claimsProblem(bound, { namespace: 'argo', serviceAccount: 'jenkins' })).toMatch(
      /ServiceAccount claim is "other"/,
    );
  });

  test('GIVEN the issuer keys THEN a token they signed verifies; one signed by another key, or with an unknown kid, does not', () => {
    expect(signatureProblem(signed(legacy), [jwk])).toBeUndefined();
    const other = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    expect(signatureProblem(signed(legacy, other), [jwk])).toMatch(/does not verify/);
    expect(signatureProblem(signed(legacy, privateKey, { alg: 'ES256', kid: 'k2' }), [jwk])).toMatch(
      /publishes no ES256 key/,
    );
    expect(signatureProblem(signed(legacy, privateKey, { alg: 'HS256', kid: 'k1' }), [jwk])).toMatch(
      /does not use/,
    );
  });
});

test('Backoff: each delay lies between half the step and the step, doubling to the cap', () => {
  const low = new Backoff(250, 8000, () => 0);
  const high = new Backoff(250, 8000, () => 0.999);
  const lows = Array.from({ length: 8 }, () => low.next());
  const highs = Array.from({ length: 8 }, () => high.next());
  expect(lows).toEqual([125, 250, 500, 1000, 2000, 4000, 4000, 4000]);
  for (const [i, h] of highs.entries()) expect(h).toBeLessThanOrEqual(Math.min(8000, 250 * 2 ** i));
});

/** Time that passes only when the code under test sleeps. */
class VirtualClock implements Clock {
  public t = 0;
  public now = () => this.t;
  public sleep = async (ms: number) => {
    this.t += ms;
  };
}

const SECRET = 'jenkins.service-account-token';
const emptySecret = (rv = '1'): SecretObject => ({
  metadata: {
    name: SECRET,
    namespace: 'argo',
    resourceVersion: rv,
    annotations: { 'kubernetes.io/service-account.name': 'jenkins' },
  },
  type: 'kubernetes.io/service-account-token',
});

/** A KubeApi whose Secret stays empty and whose every watch does `watch` (counted). */
function fakeKube(clock: VirtualClock, timeoutMs: number, watch: () => AsyncGenerator<WatchEvent>) {
  const counts = { watches: 0, lists: 0, gets: 0 };
  const kube: KubeApi = {
    server: 'https://fake',
    deadline: new Deadline(timeoutMs, clock),
    getSecret: async () => {
      counts.gets++;
      return emptySecret();
    },
    listSecret: async () => {
      counts.lists++;
      return { secret: emptySecret(), resourceVersion: '1' };
    },
    watchSecret: () => {
      counts.watches++;
      return watch();
    },
    createSecret: async () => emptySecret(),
    deleteSecret: async () => true,
    managedClients: async () => [],
    serviceAccount: async () => ({ uid: 'u' }),
    requestToken: async () => ({ token: '', expiry: '' }),
    canI: async () => true,
    rulesReview: async () => ({ rules: [], incomplete: false }),
    withToken: () => kube,
    issuerKeys: async () => ({ unavailable: 'fake' }),
    close: () => {},
  };
  return { kube, counts };
}

describe('waiting for the token on a virtual clock: a failing server gets a bounded number of requests', () => {
  const input = { client: 'jenkins', namespace: 'argo', random: () => 0 };

  test('GIVEN every watch ends in an ERROR event for 60 s THEN at most 20 watches and 20 re-lists, then exit 7 naming the failure', async () => {
    const clock = new VirtualClock();
    const { kube, counts } = fakeKube(clock, 60_000, async function* () {
      yield { type: 'ERROR', object: { metadata: { name: '' }, code: 500, message: 'etcd is down' } };
    });
    const err = await getToken(kube, input).catch((e) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).code).toBe(7);
    expect((err as CliError).message).toMatch(
      /still empty, and watching it kept failing \(last: the watch reported an error: 500 etcd is down\)/,
    );
    expect(counts.watches).toBeGreaterThanOrEqual(5);
    expect(counts.watches).toBeLessThanOrEqual(20);
    expect(counts.lists).toBeLessThanOrEqual(20);
  });

  test('GIVEN every watch is 410 Gone for 60 s THEN the re-lists are backed off the same way', async () => {
    const clock = new VirtualClock();
    const { kube, counts } = fakeKube(clock, 60_000, async function* () {
      yield { type: 'ERROR', object: { metadata: { name: '' }, code: 410, reason: 'Expired' } };
    });
    const err = (await getToken(kube, input).catch((e) => e)) as CliError;
    expect(err.code).toBe(7);
    expect(err.hint).toMatch(/is the token controller of kube-controller-manager running/);
    expect(counts.lists).toBeLessThanOrEqual(20);
  });

  test('GIVEN the server ends every watch at once, with no events THEN those restarts are backed off too', async () => {
    const clock = new VirtualClock();
    const { kube, counts } = fakeKube(clock, 60_000, async function* () {});
    const err = (await getToken(kube, input).catch((e) => e)) as CliError;
    expect(err.code).toBe(7);
    expect(err.message).not.toContain('kept failing');
    expect(counts.watches).toBeLessThanOrEqual(20);
  });
});

describe('Argo answers', () => {
  const json = { 'content-type': 'application/json' };
  test('GIVEN a list, a 403 or 401 with Argo error bodies, HTML, a redirect, or other JSON THEN each is classified', () => {
    expect(classifyArgoAnswer(200, json, '{"metadata":{},"items":null}').kind).toBe('allowed');
    expect(classifyArgoAnswer(403, json, '{"code":7,"message":"denied"}').kind).toBe('forbidden');
    expect(classifyArgoAnswer(401, json, '{"code":16,"message":"no"}').kind).toBe('rejected');
    expect(classifyArgoAnswer(404, json, '{"code":5,"message":"not found"}').kind).toBe('argo-error');
    expect(classifyArgoAnswer(403, { 'content-type': 'text/html' }, '<html>Forbidden</html>').kind).toBe(
      'server-error',
    );
    expect(classifyArgoAnswer(200, json, '{"status":"ok"}').kind).toBe('server-error');
    expect(classifyArgoAnswer(302, { location: '/login' }, '').kind).toBe('server-error');
    expect(isArgoList({ metadata: {}, items: [] })).toBe(true);
    expect(isArgoList({ items: [] })).toBe(false);
  });

  test('GIVEN --server values THEN https is assumed without a scheme, the base path kept, others refused', () => {
    expect(parseServerUrl('argo:2746').href).toBe('https://argo:2746/');
    expect(parseServerUrl('https://h/argo/').pathname).toBe('/argo/');
    for (const bad of ['ftp://h', 'https://u:p@h', 'https://h/?x=1', 'https://[::1'])
      expect(() => parseServerUrl(bad)).toThrow(CliError);
  });
});

describe('--write temp files', () => {
  test('GIVEN SIGTERM while the temp file exists THEN it is removed and the signal is raised again', () => {
    const dir = tempDir();
    const temp = path.join(dir, '.token.argo-token-1-ab.tmp');
    fs.writeFileSync(temp, 'secret', { mode: 0o600 });
    const kill = jest.spyOn(process, 'kill').mockImplementation(() => true);
    const dispose = removeOnSignal(temp);
    try {
      process.emit('SIGTERM', 'SIGTERM');
      expect(fs.existsSync(temp)).toBe(false);
      expect(kill).toHaveBeenCalledWith(process.pid, 'SIGTERM');
    } finally {
      dispose();
      kill.mockRestore();
    }
  });

  test("GIVEN a killed run's temp file THEN the next --write removes it; a live process's temp file stays", () => {
    const dir = tempDir();
    const dead = path.join(dir, '.token.argo-token-999999-aa.tmp');
    const live = path.join(dir, `.token.argo-token-${process.pid}-bb.tmp`);
    fs.writeFileSync(dead, 'old', { mode: 0o600 });
    fs.writeFileSync(live, 'busy', { mode: 0o600 });
    writeSecretFile(path.join(dir, 'token'), 'Bearer x\n');
    expect(fs.existsSync(dead)).toBe(false);
    expect(fs.existsSync(live)).toBe(true);
    expect(fs.statSync(path.join(dir, 'token')).mode & 0o777).toBe(0o600);
  });
});
