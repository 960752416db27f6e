// Token latency (the CLI issue, point 5): from the token controller writing data.token to the
// token being printed, for `argo-token get` (watch) and for the seed's approach (poll every 1 s),
// against the test API server. Median of RUNS runs each.

import { spawn } from 'node:child_process';
import * as https from 'node:https';
import * as path from 'node:path';
import { KubeApiServer } from '../test/support/kube-api-server';
import { fmtMs, median, ROOT, tempDir } from './common';

const RUNS = 21;
/** Long enough for the CLI to start and open its watch before the token is written. */
const TOKEN_DELAY_MS = 1500;
const NS = 'argo';
const CLIENT = 'jenkins';
const SECRET = `${CLIENT}.service-account-token`;

async function freshServer(): Promise<KubeApiServer> {
  const server = await KubeApiServer.start({ tokenDelayMs: TOKEN_DELAY_MS });
  server.createServiceAccount(NS, CLIENT);
  return server;
}

function applySecret(server: KubeApiServer) {
  server.createSecret({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: SECRET, namespace: NS, annotations: { 'kubernetes.io/service-account.name': CLIENT } },
    type: 'kubernetes.io/service-account-token',
  });
}

/** `argo-token get`: latency from the write to the first byte on its stdout. */
async function watchOnce(): Promise<number> {
  const server = await freshServer();
  const kubeconfig = server.writeKubeconfig(tempDir('argo-token-bench-'), { namespace: NS, ca: 'data' });
  applySecret(server);
  const written = server.tokenWritten(NS, SECRET);
  const child = spawn(process.execPath, [
    path.join(ROOT, 'bin', 'argo-token.js'),
    'get',
    CLIENT,
    '--kubeconfig',
    kubeconfig,
  ]);
  const printed = new Promise<number>((resolve, reject) => {
    child.stdout.once('data', () => resolve(performance.now()));
    child.on('close', (code) => reject(new Error(`argo-token get exited ${code} before printing`)));
  });
  const [w, p] = await Promise.all([written, printed]);
  await new Promise((r) => child.on('close', r));
  await server.stop();
  return p - w;
}

/** The seed's loop: GET the Secret, sleep 1 s, until data.token is there (as `kubectl get` + `sleep 1`). */
async function pollOnce(): Promise<number> {
  const server = await freshServer();
  applySecret(server);
  const written = server.tokenWritten(NS, SECRET);
  const get = () =>
    new Promise<string | undefined>((resolve, reject) => {
      const url = new URL(`/api/v1/namespaces/${NS}/secrets/${SECRET}`, server.url);
      https
        .get(url, { ca: server.caPem, headers: { Authorization: `Bearer ${server.adminToken}` } }, (res) => {
          let body = '';
          res.on('data', (d) => {
            body += d;
          });
          res.on('end', () => resolve(JSON.parse(body).data?.token));
        })
        .on('error', reject);
    });
  // Start at a random phase of the 1 s period, as a person or script would.
  await new Promise((r) => setTimeout(r, Math.random() * 1000));
  let printed: number | undefined;
  while (printed === undefined) {
    if (await get()) printed = performance.now();
    else await new Promise((r) => setTimeout(r, 1000));
  }
  const w = await written;
  await server.stop();
  return printed - w;
}

export async function benchTokenLatency(): Promise<string[]> {
  const lines: string[] = [];
  const say = (line: string) => {
    lines.push(line);
    console.log(line);
  };
  say(`## token latency: data.token written → token printed (median of ${RUNS})`);
  const watch: number[] = [];
  for (let i = 0; i < RUNS; i++) watch.push(await watchOnce());
  say(`argo-token get (watch):  median ${fmtMs(median(watch))}, max ${fmtMs(Math.max(...watch))}`);
  const poll: number[] = [];
  for (let i = 0; i < RUNS; i++) poll.push(await pollOnce());
  say(`seed's 1 s poll loop:    median ${fmtMs(median(poll))}, max ${fmtMs(Math.max(...poll))}`);
  return lines;
}

if (require.main === module) {
  benchTokenLatency().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
