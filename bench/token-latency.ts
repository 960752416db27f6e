// `argo-token get` against the test Kubernetes API server (test/support, TLS with a self-signed CA,
// a kubeconfig pointing at it), in one run with kubectl reading the same Secret:
//  - from process spawn to the server receiving get's first API request (goal ≤ 300 ms);
//  - the whole `get` of a ready token ≤ 4× `kubectl get secret … -o jsonpath={.data.token}`;
//  - for information: token written by the controller → token printed, get's watch against the seed's
//    1 s poll loop.

import * as https from 'node:https';
import * as path from 'node:path';
import { KubeApiServer } from '../test/support/kube-api-server';
import {
  type BenchOptions,
  fmtMs,
  interleaved,
  median,
  ms,
  ok,
  type Row,
  ratioRow,
  run,
  runNode,
  type Timed,
  tempDir,
} from './common';

const NS = 'argo';
const CLIENT = 'jenkins';
const SECRET = `${CLIENT}.service-account-token`;
const BIN = path.join(__dirname, '..', 'bin', 'argo-token.js');
/** First-request goal, ms from spawn. */
const FIRST_REQUEST_MS = 300;
/** Long enough for the CLI to start and open its watch before the token is written. */
const TOKEN_DELAY_MS = 1500;

function applyClient(server: KubeApiServer) {
  server.createServiceAccount(NS, CLIENT);
  server.createSecret({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: SECRET, namespace: NS, annotations: { 'kubernetes.io/service-account.name': CLIENT } },
    type: 'kubernetes.io/service-account-token',
  });
}

/** Start-up and a ready token: one server, argo-token get and kubectl interleaved. */
async function readyToken(options: BenchOptions): Promise<Row[]> {
  const rounds = options.quick ? 5 : 15;
  const server = await KubeApiServer.start();
  try {
    applyClient(server);
    await server.tokenWritten(NS, SECRET);
    const dir = tempDir('argo-token-bench-');
    const kubeconfig = server.writeKubeconfig(dir, { namespace: NS, ca: 'data' });
    const token = Buffer.from(server.getSecret(NS, SECRET)!.data!.token, 'base64').toString('utf8');
    options.log(`get of a ready token: ${rounds} interleaved runs each, test API server at ${server.url}`);

    const firstRequest: number[] = [];
    const ours = async (): Promise<Timed> => {
      let spawned = 0;
      let first: number | undefined;
      server.onRequest = () => {
        first ??= performance.now();
      };
      const r = ok(
        'argo-token get',
        await runNode([BIN, 'get', CLIENT, '-n', NS, '--kubeconfig', kubeconfig], {
          onSpawn: (at) => {
            spawned = at;
          },
        }),
      );
      server.onRequest = undefined;
      if (r.stdout !== `Bearer ${token}\n`)
        throw new Error(`argo-token get printed ${JSON.stringify(r.stdout)}`);
      if (first === undefined) throw new Error('argo-token get made no request');
      firstRequest.push(first - spawned);
      return r;
    };
    // kubectl with a discovery cache of its own (warmed by the first run, as a user's is).
    const cacheDir = path.join(dir, 'kube-cache');
    const kubectl = async () => {
      const r = ok(
        'kubectl get secret',
        await run('kubectl', [
          '--kubeconfig',
          kubeconfig,
          '--cache-dir',
          cacheDir,
          'get',
          'secret',
          SECRET,
          '-n',
          NS,
          '-o',
          'jsonpath={.data.token}',
        ]),
      );
      if (Buffer.from(r.stdout, 'base64').toString('utf8') !== token)
        throw new Error('kubectl printed another token');
      return r;
    };
    const [o, k] = await interleaved(rounds, [ours, kubectl]);
    // The warm-up run's figure is not counted.
    const first = median(firstRequest.slice(1));
    return [
      {
        goal: '`argo-token get`: spawn → first API request',
        ours: fmtMs(first),
        reference: '–',
        limit: `≤ ${FIRST_REQUEST_MS} ms`,
        met: first <= FIRST_REQUEST_MS,
      },
      ratioRow(
        '`argo-token get` of a ready token (whole process)',
        ms(o),
        ms(k),
        'kubectl get secret -o jsonpath',
        4,
      ),
    ];
  } finally {
    await server.stop();
  }
}

/** `argo-token get` (watch): from the controller writing data.token to the token on its stdout. */
async function watchOnce(): Promise<number> {
  const server = await KubeApiServer.start({ tokenDelayMs: TOKEN_DELAY_MS });
  try {
    applyClient(server);
    const kubeconfig = server.writeKubeconfig(tempDir('argo-token-bench-'), { namespace: NS, ca: 'data' });
    const written = server.tokenWritten(NS, SECRET);
    const [w, r] = await Promise.all([written, runNode([BIN, 'get', CLIENT, '--kubeconfig', kubeconfig])]);
    ok('argo-token get (watch)', r);
    if (r.firstStdoutAt === undefined) throw new Error('argo-token get printed nothing');
    return r.firstStdoutAt - w;
  } finally {
    await server.stop();
  }
}

/** The seed's loop: GET the Secret, sleep 1 s, until data.token is there (as `kubectl get` + `sleep 1`). */
async function pollOnce(): Promise<number> {
  const server = await KubeApiServer.start({ tokenDelayMs: TOKEN_DELAY_MS });
  try {
    applyClient(server);
    const written = server.tokenWritten(NS, SECRET);
    const get = () =>
      new Promise<string | undefined>((resolve, reject) => {
        const url = new URL(`/api/v1/namespaces/${NS}/secrets/${SECRET}`, server.url);
        https
          .get(
            url,
            { ca: server.caPem, headers: { Authorization: `Bearer ${server.adminToken}` } },
            (res) => {
              let body = '';
              res.on('data', (d) => {
                body += d;
              });
              res.on('end', () => resolve(JSON.parse(body).data?.token));
            },
          )
          .on('error', reject);
      });
    // Start at a random phase of the 1 s period, as a person or script would.
    await new Promise((r) => setTimeout(r, Math.random() * 1000));
    let printed: number | undefined;
    while (printed === undefined) {
      if (await get()) printed = performance.now();
      else await new Promise((r) => setTimeout(r, 1000));
    }
    return printed - (await written);
  } finally {
    await server.stop();
  }
}

export async function benchGet(options: BenchOptions): Promise<Row[]> {
  const rows = await readyToken(options);
  const rounds = options.quick ? 2 : 5;
  options.log(`token latency (written → printed): ${rounds} runs each`);
  const watch: number[] = [];
  const poll: number[] = [];
  for (let i = 0; i < rounds; i++) {
    watch.push(await watchOnce());
    poll.push(await pollOnce());
  }
  const w = median(watch);
  const p = median(poll);
  rows.push({
    goal: 'token written → printed (`get` watching; information)',
    ours: fmtMs(w),
    reference: `${fmtMs(p)} the seed's 1 s poll loop`,
    ratio: w / p,
    limit: '–',
  });
  return rows;
}
