// A started KubeApiServer with the jenkins client applied (ServiceAccount, then its token Secret),
// a kubeconfig for it, and the helpers CLI tests share.

import * as fs from 'node:fs';
import { runCli } from './cli';
import { KubeApiServer, type KubeApiServerOptions } from './kube-api-server';
import { tempDir } from './project';

export const NS = 'argo';
export const CLIENT = 'jenkins';
export const SECRET = `${CLIENT}.service-account-token`;

/** The labels dist/ puts on every object of the client. */
export const CLIENT_LABELS = {
  'app.kubernetes.io/managed-by': 'argo-token',
  'app.kubernetes.io/name': CLIENT,
};

export function tokenSecret(name = CLIENT, secretName = `${name}.service-account-token`, extra: object = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: secretName,
      namespace: NS,
      annotations: { 'kubernetes.io/service-account.name': name },
      labels: { 'app.kubernetes.io/managed-by': 'argo-token', 'app.kubernetes.io/name': name },
    },
    type: 'kubernetes.io/service-account-token',
    ...extra,
  };
}

export interface Fixture {
  readonly server: KubeApiServer;
  readonly dir: string;
  readonly kubeconfig: string;
  /** The JWT the server wrote into the Secret (throws if not yet written). */
  token(name?: string): string;
}

/** Starts a server; `apply` false leaves it empty. Stop it with fixture.server.stop(). */
export async function startFixture(
  options: KubeApiServerOptions & { apply?: boolean } = {},
): Promise<Fixture> {
  const server = await KubeApiServer.start(options);
  const dir = tempDir('argo-token-cli-');
  const kubeconfig = server.writeKubeconfig(dir, { namespace: NS, ca: 'data' });
  if (options.apply !== false) {
    server.createServiceAccount(NS, CLIENT, CLIENT_LABELS);
    server.createSecret(tokenSecret());
    // With no delay, tests read the token right away: wait for the controller's (asynchronous) write.
    if ((options.tokenDelayMs ?? 0) === 0 && (options.tokenController ?? true) === true)
      await server.tokenWritten(NS, `${CLIENT}.service-account-token`);
  }
  return {
    server,
    dir,
    kubeconfig,
    token(name = CLIENT) {
      const data = server.getSecret(NS, `${name}.service-account-token`)?.data?.token;
      if (!data) throw new Error(`no token in ${name}'s Secret yet`);
      return Buffer.from(data, 'base64').toString('utf8');
    },
  };
}

export function fileMode(file: string): number {
  return fs.statSync(file).mode & 0o777;
}

/** Runs `argo-token get <client>` against the fixture and checks the token never reaches stderr. */
export async function runGet(fixture: Fixture, ...args: string[]) {
  const run = await runCli(['get', CLIENT, '-n', NS, '--kubeconfig', fixture.kubeconfig, ...args]);
  let token: string | undefined;
  try {
    token = fixture.token();
  } catch {
    // no token was written (a failure case): nothing to leak
  }
  if (token) expect(run.stderr).not.toContain(token);
  return run;
}

/** Resolves once condition holds (checked every 20 ms): tests act on what the CLI did, not on a guess of when. */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 20));
}

/** Resolves once the CLI has opened its watch: a test acts "while it waits" without racing its start-up. */
export function watchOpened(fixture: Fixture): Promise<void> {
  return until(() => fixture.server.requests.some((r) => r.query.watch === 'true'));
}
