// `argo-token get`: wait for the token controller to fill the client's token Secret (watch, resumed
// when dropped, polling when watch is forbidden), check it, and return the token. Also the
// short-lived alternative through the TokenRequest API.

import { SA_NAME_ANNOTATION, TOKEN_SECRET_SUFFIX, TOKEN_SECRET_TYPE } from '../src/names';
import { CliError, EXIT } from './errors';
import { type KubeApi, networkError, type SecretObject, type WatchEvent } from './kube';
import { bareJwt, jwtExpiry, type TokenInfo } from './token';

export interface GetInput {
  /** The client: its ServiceAccount name. */
  readonly client: string;
  readonly namespace: string;
  /** Secret to read. Default: `<client>.service-account-token`. */
  readonly secret?: string;
  readonly timeoutMs: number;
  /** Diagnostics for stderr (never given the token). */
  readonly log?: (line: string) => void;
}

export const defaultSecretName = (client: string) => `${client}${TOKEN_SECRET_SUFFIX}`;

/** The hint for a token Secret that is not there, better when we can see the ServiceAccount. */
async function missingSecret(
  kube: KubeApi,
  input: GetInput,
  secret: string,
  deleted: boolean,
): Promise<CliError> {
  const saExists = await kube.serviceAccountExists(input.namespace, input.client).catch(() => undefined);
  const what = deleted
    ? `Secret "${secret}" was deleted in namespace "${input.namespace}" while waiting for its token`
    : `Secret "${secret}" not found in namespace "${input.namespace}"`;
  if (saExists === false) {
    return new CliError(
      EXIT.SECRET_NOT_FOUND,
      `${what}: ServiceAccount "${input.client}" does not exist`,
      'the token controller deletes a token Secret whose ServiceAccount is missing: apply the ServiceAccount first, then the Secret again (kubectl apply -f dist/ applies them in that order)',
    );
  }
  return new CliError(
    EXIT.SECRET_NOT_FOUND,
    what,
    saExists
      ? 'apply the Secret (kubectl apply -f dist/); if it was applied before its ServiceAccount existed, the token controller deleted it: apply it again'
      : 'apply the manifests (kubectl apply -f dist/); the token controller deletes a token Secret whose ServiceAccount is missing, so the ServiceAccount must be applied first',
  );
}

/** Checks type and annotation; returns the token when the controller has written it. */
export function tokenOf(secret: SecretObject, input: GetInput): string | undefined {
  const name = secret.metadata.name;
  if (secret.type !== TOKEN_SECRET_TYPE) {
    throw new CliError(
      EXIT.NOT_A_TOKEN_SECRET,
      `Secret "${name}" in namespace "${input.namespace}" is of type ${secret.type ?? '(none)'}, not ${TOKEN_SECRET_TYPE}`,
      'use the token Secret of the client (argo-token synthesizes <client>.service-account-token), or pass --secret',
    );
  }
  const owner = secret.metadata.annotations?.[SA_NAME_ANNOTATION];
  if (owner !== input.client) {
    throw new CliError(
      EXIT.NOT_A_TOKEN_SECRET,
      `Secret "${name}" in namespace "${input.namespace}" is ${owner ? `annotated for ServiceAccount "${owner}"` : `not annotated with ${SA_NAME_ANNOTATION}`}, not "${input.client}"`,
      owner ? `run argo-token get ${owner}` : `annotate it with ${SA_NAME_ANNOTATION}: ${input.client}`,
    );
  }
  const data = secret.data?.token;
  if (!data) return undefined;
  return bareJwt(Buffer.from(data, 'base64').toString('utf8'), `data.token of Secret "${name}"`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for the token of the client's Secret. Fails fast when the Secret is missing or deleted. */
export async function getToken(kube: KubeApi, input: GetInput): Promise<TokenInfo> {
  const secretName = input.secret ?? defaultSecretName(input.client);
  const deadline = Date.now() + input.timeoutMs;
  const info = (token: string): TokenInfo => {
    const expiry = jwtExpiry(token);
    return {
      token,
      namespace: input.namespace,
      serviceAccount: input.client,
      secret: secretName,
      ...(expiry ? { expiry } : {}),
    };
  };

  const first = await kube.getSecret(input.namespace, secretName);
  if (!first) throw await missingSecret(kube, input, secretName, false);
  const ready = tokenOf(first, input);
  if (ready) return info(ready);
  input.log?.(`waiting for the token controller to fill Secret ${input.namespace}/${secretName}…`);

  let resourceVersion = first.metadata.resourceVersion ?? '';
  let idleRestarts = 0;
  while (Date.now() < deadline) {
    const outcome = await watchOnce(kube, input, secretName, resourceVersion, deadline - Date.now());
    if (outcome.kind === 'token') return info(outcome.token);
    if (outcome.kind === 'deleted') throw await missingSecret(kube, input, secretName, true);
    if (outcome.kind === 'forbidden') return info(await poll(kube, input, secretName, deadline));
    if (outcome.kind === 'expired') {
      // 410 Gone: our resourceVersion is too old to resume from; list again, then watch from there.
      const listed = await kube.listSecret(input.namespace, secretName);
      if (!listed.secret) throw await missingSecret(kube, input, secretName, true);
      const token = tokenOf(listed.secret, input);
      if (token) return info(token);
      resourceVersion = listed.resourceVersion;
      continue;
    }
    if (outcome.kind === 'ended') {
      // The server closed the watch (normal after its timeout): resume where we were.
      if (outcome.resourceVersion) resourceVersion = outcome.resourceVersion;
      idleRestarts = outcome.sawEvents ? 0 : idleRestarts + 1;
      if (idleRestarts > 1) await sleep(Math.min(1000, 50 * 2 ** idleRestarts));
    }
  }
  throw timeout(input, secretName);
}

function timeout(input: GetInput, secretName: string): CliError {
  return new CliError(
    EXIT.TIMEOUT,
    `timed out after ${Math.round(input.timeoutMs / 1000)}s waiting for the token of Secret "${secretName}" in namespace "${input.namespace}"`,
    'the Secret exists but nothing fills it: is the token controller of kube-controller-manager running (it needs --service-account-private-key-file)? Or use --short-lived for a TokenRequest token',
  );
}

type WatchOutcome =
  | { kind: 'token'; token: string }
  | { kind: 'deleted' }
  | { kind: 'forbidden' }
  | { kind: 'expired' }
  | { kind: 'ended'; resourceVersion?: string; sawEvents: boolean };

async function watchOnce(
  kube: KubeApi,
  input: GetInput,
  secretName: string,
  resourceVersion: string,
  remainingMs: number,
): Promise<WatchOutcome> {
  let settle: (o: WatchOutcome) => void = () => {};
  const settled = new Promise<WatchOutcome>((resolve) => {
    settle = resolve;
  });
  let lastVersion: string | undefined;
  let sawEvents = false;
  let failure: unknown;
  const onEvent = (e: WatchEvent) => {
    sawEvents = true;
    if (e.type === 'ERROR') {
      settle(e.object.code === 410 ? { kind: 'expired' } : { kind: 'ended', sawEvents });
      return;
    }
    if (e.object?.metadata?.resourceVersion) lastVersion = e.object.metadata.resourceVersion;
    if (e.type === 'BOOKMARK' || e.object?.metadata?.name !== secretName) return;
    if (e.type === 'DELETED') {
      settle({ kind: 'deleted' });
      return;
    }
    try {
      const token = tokenOf(e.object, input);
      if (token) settle({ kind: 'token', token });
    } catch (err) {
      failure = err;
      settle({ kind: 'ended', sawEvents });
    }
  };

  let handle: Awaited<ReturnType<KubeApi['watchSecret']>>;
  try {
    handle = await kube.watchSecret(input.namespace, secretName, resourceVersion, onEvent);
  } catch (err) {
    return watchFailure(err, kube);
  }
  const timer = setTimeout(() => settle({ kind: 'ended', sawEvents }), remainingMs);
  handle.ended.then((err) => {
    if (err && !sawEvents) {
      try {
        settle(watchFailure(err, kube));
      } catch (fatal) {
        // A network or TLS failure mid-wait: end the wait with that error, not an unhandled rejection.
        failure = fatal;
        settle({ kind: 'ended', sawEvents });
      }
    } else settle({ kind: 'ended', ...(lastVersion ? { resourceVersion: lastVersion } : {}), sawEvents });
  });
  const outcome = await settled;
  clearTimeout(timer);
  handle.stop();
  if (failure) throw failure;
  return outcome;
}

function watchFailure(err: unknown, kube: KubeApi): WatchOutcome {
  const status = (err as { statusCode?: number; code?: unknown }).statusCode;
  if (status === 403 || status === 405) return { kind: 'forbidden' };
  if (status === 410) return { kind: 'expired' };
  const code = (err as { code?: unknown }).code;
  if (status === undefined && (typeof code === 'string' || err instanceof CliError)) {
    // A network or TLS failure: surface it as the one-line error it is.
    if (err instanceof CliError) throw err;
    throw (
      networkError(err, kube.server, EXIT.UNREACHABLE, 'the Kubernetes API server') ??
      new CliError(EXIT.UNREACHABLE, `the watch on ${kube.server} failed: ${code}`)
    );
  }
  if (status === 401) {
    throw new CliError(
      EXIT.UNAUTHORIZED,
      `the Kubernetes API server at ${kube.server} rejected your kubeconfig credentials (401 Unauthorized)`,
    );
  }
  return { kind: 'ended', sawEvents: false };
}

/** Watch is forbidden for this caller: poll with GET, quickly at first. */
async function poll(kube: KubeApi, input: GetInput, secretName: string, deadline: number): Promise<string> {
  input.log?.('watch is not allowed for your kubeconfig user: polling the Secret instead');
  let delay = 100;
  while (Date.now() < deadline) {
    await sleep(Math.min(delay, Math.max(0, deadline - Date.now())));
    const secret = await kube.getSecret(input.namespace, secretName);
    if (!secret) throw await missingSecret(kube, input, secretName, true);
    const token = tokenOf(secret, input);
    if (token) return token;
    delay = Math.min(delay * 2, 1000);
  }
  throw timeout(input, secretName);
}

export interface ShortLivedInput {
  readonly client: string;
  readonly namespace: string;
  readonly seconds: number;
  readonly log?: (line: string) => void;
}

/** A bound, expiring token from the TokenRequest API (what `kubectl create token` does). */
export async function getShortLivedToken(kube: KubeApi, input: ShortLivedInput): Promise<TokenInfo> {
  input.log?.(
    `requesting a ${input.seconds}s token for ServiceAccount ${input.namespace}/${input.client} (needs create on serviceaccounts/token)`,
  );
  const { token, expiry } = await kube.requestToken(input.namespace, input.client, input.seconds);
  return {
    token: bareJwt(token, 'the TokenRequest token'),
    namespace: input.namespace,
    serviceAccount: input.client,
    expiry,
  };
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `90s`, `10m`, `1h30m`, `2d` → seconds. */
export function parseDuration(text: string, flag: string): number {
  const parts = [...text.matchAll(/(\d+)([smhd])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) {
    throw new CliError(EXIT.USAGE, `${flag} must be a duration such as 90s, 10m or 1h30m, got "${text}"`);
  }
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]], 0);
}
