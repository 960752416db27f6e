// `argo-token get`: wait for the token controller to fill the client's token Secret (a watch,
// resumed after a reset, re-listed after an error or a 410, with exponential backoff and jitter so
// a failing server gets a bounded number of requests; polling when watch is forbidden), check that
// the token is the client's (claims; signature against the cluster's issuer keys when readable),
// and return it. Also the short-lived alternative through the TokenRequest API.

import { SA_NAME_ANNOTATION, SA_UID_ANNOTATION, TOKEN_SECRET_SUFFIX, TOKEN_SECRET_TYPE } from '../src/names';
import { Backoff, formatDuration } from './deadline';
import { CliError, EXIT } from './errors';
import { type KubeApi, KubeError, type SecretObject } from './kube';
import {
  bareJwt,
  claimsProblem,
  jwtClaims,
  jwtExpiry,
  signatureProblem,
  type TokenInfo,
  type TokenOwner,
} from './token';

export interface GetInput {
  /** The client: its ServiceAccount name. */
  readonly client: string;
  readonly namespace: string;
  /** Secret to read. Default: `<client>.service-account-token`. */
  readonly secret?: string;
  /** Diagnostics for stderr (never given the token). */
  readonly log?: (line: string) => void;
  /** The jitter's source (tests make it fixed). */
  readonly random?: () => number;
  /**
   * The Secret was just created by this command (rotate): if it is gone, the token controller deleted
   * it (its ServiceAccount is missing) — no sync is on its way to wait for.
   */
  readonly justCreated?: boolean;
}

export const defaultSecretName = (client: string) => `${client}${TOKEN_SECRET_SUFFIX}`;

/** Watch retries: 125–250 ms after the first failure, doubling up to 4–8 s. */
export const WATCH_BACKOFF = { baseMs: 250, capMs: 8000 };
/** Polling (when watch is forbidden): 50–100 ms at first, doubling up to 1–2 s. */
export const POLL_BACKOFF = { baseMs: 100, capMs: 2000 };
/** A watch that lived this long before failing starts the backoff over. */
const HEALTHY_WATCH_MS = 30_000;
/** A watch the server ends sooner than this, with no events, counts as a failure for the backoff. */
const SHORT_WATCH_MS = 1000;

/** The hint for a token Secret that is not there, better when we can see the ServiceAccount. */
async function missingSecret(
  kube: KubeApi,
  input: GetInput,
  secret: string,
  deleted: boolean,
): Promise<CliError> {
  const sa = await kube.serviceAccount(input.namespace, input.client).catch(() => undefined);
  const what = deleted
    ? `Secret "${secret}" was deleted in namespace "${input.namespace}" while waiting for its token`
    : `Secret "${secret}" not found in namespace "${input.namespace}"`;
  if (sa === null) {
    return new CliError(
      EXIT.SECRET_NOT_FOUND,
      `${what}: ServiceAccount "${input.client}" does not exist`,
      'the token controller deletes a token Secret whose ServiceAccount is missing: apply the ServiceAccount first, then the Secret again (kubectl apply -f dist/ applies them in that order)',
    );
  }
  return new CliError(
    EXIT.SECRET_NOT_FOUND,
    what,
    sa
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

/**
 * Refuses a token that is not owner's: claims first (no I/O), then the signature against the
 * cluster's service-account issuer keys when the kubeconfig user may read them.
 */
export async function checkToken(
  kube: KubeApi | undefined,
  token: string,
  owner: TokenOwner,
  log?: (line: string) => void,
): Promise<void> {
  const source = owner.secret
    ? `the token in Secret "${owner.secret}" in namespace "${owner.namespace}"`
    : 'the TokenRequest token';
  const refuse = (problem: string) =>
    new CliError(
      EXIT.WRONG_TOKEN,
      `${source} is not ServiceAccount ${owner.namespace}/${owner.serviceAccount}'s: ${problem}; it is not printed`,
      owner.secret
        ? 'something other than the token controller wrote data.token: delete the Secret and apply it again without data (kubectl apply -f dist/), or run argo-token rotate'
        : 'check which API server the kubeconfig talks to',
    );
  const claims = jwtClaims(token);
  if (!claims) throw refuse('it is not a signed JWT');
  const problem = claimsProblem(claims, owner);
  if (problem) throw refuse(problem);
  if (!kube) return;
  const keys = await kube.issuerKeys();
  if ('unavailable' in keys) {
    log?.(
      `note: the token's claims match, but its signature was not checked: the cluster's service-account issuer keys could not be read (${keys.unavailable})`,
    );
    return;
  }
  const bad = signatureProblem(token, keys.keys);
  if (bad) throw refuse(bad);
}

/** Waits for the token of the client's Secret, checks it, and returns it. Fails fast when the Secret is missing or deleted. */
export async function getToken(kube: KubeApi, input: GetInput): Promise<TokenInfo> {
  const secretName = input.secret ?? defaultSecretName(input.client);
  const found = await kube.getSecret(input.namespace, secretName);
  if (!found && input.justCreated) throw await missingSecret(kube, input, secretName, true);
  const first = found ?? (await waitForSecret(kube, input, secretName));
  let filled: SecretObject = first;
  let token = tokenOf(first, input);
  if (!token) {
    input.log?.(`waiting for the token controller to fill Secret ${input.namespace}/${secretName}…`);
    filled = await watchUntil(kube, input, secretName, first.metadata.resourceVersion ?? '', {
      want: (secret) => tokenOf(secret, input) !== undefined,
      gone: async () => {
        throw await missingSecret(kube, input, secretName, true);
      },
      timedOut: (problem) => timeout(kube, input, secretName, problem),
    });
    token = tokenOf(filled, input)!;
  }
  const uid = filled.metadata.annotations?.[SA_UID_ANNOTATION];
  await checkToken(
    kube,
    token,
    {
      namespace: input.namespace,
      serviceAccount: input.client,
      secret: secretName,
      ...(uid ? { serviceAccountUid: uid } : {}),
    },
    input.log,
  );
  const expiry = jwtExpiry(token);
  return {
    token,
    namespace: input.namespace,
    serviceAccount: input.client,
    secret: secretName,
    ...(expiry ? { expiry } : {}),
  };
}

/**
 * The Secret does not exist yet — a GitOps sync on its way, or a mistake. Waits for it (and says what it
 * waits for) until the deadline; fails fast only on evidence of the ordering trap: the Secret appears and
 * is deleted while its ServiceAccount does not exist (the token controller deletes such a Secret).
 */
async function waitForSecret(kube: KubeApi, input: GetInput, secretName: string): Promise<SecretObject> {
  const sa = await kube.serviceAccount(input.namespace, input.client).catch(() => undefined);
  const saState =
    sa === null ? 'does not exist yet either' : sa ? 'exists' : 'cannot be read with your kubeconfig user';
  input.log?.(
    `Secret ${input.namespace}/${secretName} does not exist yet: waiting for it to be created (ServiceAccount "${input.client}" ${saState})…`,
  );
  // Asked now: when the deadline has passed, no request can be made to explain a timeout.
  const clients = sa === null ? await kube.managedClients(input.namespace).catch(() => undefined) : undefined;
  const listed = await kube.listSecret(input.namespace, secretName);
  if (listed.secret) return listed.secret;
  let saNow = sa;
  return watchUntil(kube, input, secretName, listed.resourceVersion, {
    want: () => true,
    gone: async () => {
      // Created and deleted while we watched: the ordering trap when its ServiceAccount is missing.
      saNow = await kube.serviceAccount(input.namespace, input.client).catch(() => undefined);
      if (saNow === null) throw await missingSecret(kube, input, secretName, true);
    },
    timedOut: () => neverCreated(kube, input, secretName, saNow, clients),
  });
}

/** The deadline passed and the Secret never appeared: what existed of the client, and what to do. */
function neverCreated(
  kube: KubeApi,
  input: GetInput,
  secretName: string,
  sa: { uid?: string } | null | undefined,
  clients: string[] | undefined,
): CliError {
  const waited = formatDuration(kube.deadline.ms);
  if (sa) {
    return new CliError(
      EXIT.SECRET_NOT_FOUND,
      `Secret "${secretName}" did not appear in namespace "${input.namespace}" within ${waited}; ServiceAccount "${input.client}" exists`,
      'apply the Secret (kubectl apply -f dist/); if it was applied before its ServiceAccount existed, the token controller deleted it: apply it again',
    );
  }
  if (sa === undefined) {
    return new CliError(
      EXIT.SECRET_NOT_FOUND,
      `Secret "${secretName}" did not appear in namespace "${input.namespace}" within ${waited}`,
      'check the client name and -n, apply its manifests (kubectl apply -f dist/), or wait for the GitOps sync with a longer --timeout',
    );
  }
  const listed =
    clients === undefined
      ? 'your kubeconfig user may not list its ServiceAccounts'
      : clients.length === 0
        ? 'it holds no argo-token client'
        : `its argo-token clients: ${clients.join(', ')}`;
  return new CliError(
    EXIT.SECRET_NOT_FOUND,
    `nothing of client "${input.client}" exists in namespace "${input.namespace}": no ServiceAccount when the wait began, and no Secret "${secretName}" within ${waited}; ${listed}`,
    clients && clients.length > 0
      ? 'check the client name and -n (a typo?), or apply its manifests (kubectl apply -f dist/)'
      : 'check -n (a typo?), or apply the manifests (kubectl apply -f dist/), or wait for the GitOps sync with a longer --timeout',
  );
}

function timeout(kube: KubeApi, input: GetInput, secretName: string, watchProblem?: string): CliError {
  const controller =
    'is the token controller of kube-controller-manager running (it needs --service-account-private-key-file)? Or use --short-lived for a TokenRequest token';
  return kube.deadline.error(
    `waiting for the token of Secret "${secretName}" in namespace "${input.namespace}"${
      watchProblem
        ? `: the Secret exists but is still empty, and watching it kept failing (last: ${watchProblem})`
        : ''
    }`,
    watchProblem
      ? `${controller}; also check the API server and any proxy in between`
      : `the Secret exists but nothing fills it: ${controller}`,
  );
}

type WatchOutcome =
  /** The Secret as wanted. */
  | { kind: 'token'; secret: SecretObject }
  | { kind: 'deleted' }
  | { kind: 'forbidden' }
  | { kind: 'expired' }
  | { kind: 'ended'; resourceVersion?: string; events: number }
  | { kind: 'failed'; problem: string; resumable: boolean; resourceVersion?: string };

/** What a wait looks for, and what ends it otherwise. */
interface WaitSpec {
  /** The Secret as wanted (filled with a token, or merely there). */
  readonly want: (secret: SecretObject) => boolean;
  /** The Secret is gone (deleted, or absent at a re-list): throw to end the wait, return to go on. */
  readonly gone: () => Promise<void>;
  /** The error when the deadline passes; `problem` is the last watch failure, if any. */
  readonly timedOut: (problem?: string) => CliError | Promise<CliError>;
}

/** Watches from resourceVersion, resuming, re-listing and backing off, until the Secret is as wanted or the deadline passes. */
async function watchUntil(
  kube: KubeApi,
  input: GetInput,
  secretName: string,
  from: string,
  spec: WaitSpec,
): Promise<SecretObject> {
  const { deadline } = kube;
  const backoff = new Backoff(WATCH_BACKOFF.baseMs, WATCH_BACKOFF.capMs, input.random);
  let resourceVersion = from;
  let relist = false;
  let problem: string | undefined;
  while (!deadline.expired()) {
    if (relist) {
      // After an error or a 410, catch up with a list: it also shows a change made meanwhile.
      let listed: Awaited<ReturnType<KubeApi['listSecret']>>;
      try {
        listed = await kube.listSecret(input.namespace, secretName);
      } catch (err) {
        if (err instanceof KubeError && err.kind === 'timeout') throw await spec.timedOut(problem);
        throw err;
      }
      if (!listed.secret) await spec.gone();
      else if (spec.want(listed.secret)) return listed.secret;
      resourceVersion = listed.resourceVersion;
      relist = false;
    }
    const started = deadline.clock.now();
    let outcome: WatchOutcome;
    try {
      outcome = await watchOnce(kube, input, secretName, resourceVersion, spec.want);
    } catch (err) {
      // The deadline passed while a watch was being opened: we were waiting all along.
      if (err instanceof KubeError && err.kind === 'timeout') {
        throw await spec.timedOut(problem ?? 'the API server did not answer a watch in time');
      }
      throw err;
    }
    const lived = deadline.clock.now() - started;
    switch (outcome.kind) {
      case 'token':
        return outcome.secret;
      case 'deleted':
        await spec.gone();
        relist = true;
        break;
      case 'forbidden':
        return poll(kube, input, secretName, spec);
      case 'expired':
        // 410 Gone: our resourceVersion is too old to resume from.
        relist = true;
        await deadline.sleep(backoff.next());
        break;
      case 'ended':
        // The server ends watches (its timeout): resume where we were; a server that ends them at once is backed off.
        if (outcome.resourceVersion) resourceVersion = outcome.resourceVersion;
        if (lived < SHORT_WATCH_MS && outcome.events === 0) await deadline.sleep(backoff.next());
        else backoff.reset();
        break;
      case 'failed':
        problem = outcome.problem;
        if (lived > HEALTHY_WATCH_MS) backoff.reset();
        if (outcome.resourceVersion) resourceVersion = outcome.resourceVersion;
        // A reset resumes from the last resourceVersion; anything else re-lists first.
        relist = !outcome.resumable;
        await deadline.sleep(backoff.next());
        break;
    }
  }
  throw await spec.timedOut(problem);
}

async function watchOnce(
  kube: KubeApi,
  input: GetInput,
  secretName: string,
  resourceVersion: string,
  want: (secret: SecretObject) => boolean,
): Promise<WatchOutcome> {
  let lastVersion: string | undefined;
  let events = 0;
  const at = () => (lastVersion ? { resourceVersion: lastVersion } : {});
  try {
    for await (const e of kube.watchSecret(input.namespace, secretName, resourceVersion)) {
      events++;
      if (e.type === 'ERROR') {
        if (e.object?.code === 410) return { kind: 'expired' };
        const detail = [e.object?.code, e.object?.reason, e.object?.message].filter(Boolean).join(' ');
        return {
          kind: 'failed',
          problem: `the watch reported an error${detail ? `: ${String(detail).slice(0, 200)}` : ''}`,
          resumable: false,
          ...at(),
        };
      }
      const meta = e.object?.metadata;
      if (meta?.resourceVersion) lastVersion = meta.resourceVersion;
      if (e.type === 'BOOKMARK' || meta?.name !== secretName) continue;
      if (e.type === 'DELETED') return { kind: 'deleted' };
      if (want(e.object)) return { kind: 'token', secret: e.object };
    }
    return { kind: 'ended', events, ...at() };
  } catch (err) {
    if (!(err instanceof KubeError)) throw err;
    if (err.kind === 'status' && (err.status === 403 || err.status === 405)) return { kind: 'forbidden' };
    if (err.status === 410) return { kind: 'expired' };
    // Nothing to wait for: the server cannot be reached, did not answer in time, or refused our credentials.
    if (err.kind === 'network' || err.kind === 'timeout' || err.status === 401) throw err;
    return { kind: 'failed', problem: err.message, resumable: err.reason === 'Reset', ...at() };
  }
}

/** Watch is forbidden for this caller: poll with GET, backing off. */
async function poll(
  kube: KubeApi,
  input: GetInput,
  secretName: string,
  spec: WaitSpec,
): Promise<SecretObject> {
  input.log?.('watch is not allowed for your kubeconfig user: polling the Secret instead');
  const backoff = new Backoff(POLL_BACKOFF.baseMs, POLL_BACKOFF.capMs, input.random);
  while (!kube.deadline.expired()) {
    await kube.deadline.sleep(backoff.next());
    if (kube.deadline.expired()) break;
    const secret = await kube.getSecret(input.namespace, secretName);
    if (!secret) await spec.gone();
    else if (spec.want(secret)) return secret;
  }
  throw await spec.timedOut();
}

export interface ShortLivedInput {
  readonly client: string;
  readonly namespace: string;
  readonly seconds: number;
  readonly log?: (line: string) => void;
}

/** A bound, expiring token from the TokenRequest API (what `kubectl create token` does), checked like a Secret's. */
export async function getShortLivedToken(kube: KubeApi, input: ShortLivedInput): Promise<TokenInfo> {
  input.log?.(
    `requesting a ${input.seconds}s token for ServiceAccount ${input.namespace}/${input.client} (needs create on serviceaccounts/token)`,
  );
  const { token: raw, expiry } = await kube.requestToken(input.namespace, input.client, input.seconds);
  const token = bareJwt(raw, 'the TokenRequest token');
  await checkToken(kube, token, { namespace: input.namespace, serviceAccount: input.client }, input.log);
  return { token, namespace: input.namespace, serviceAccount: input.client, expiry };
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `90s`, `10m`, `1h30m`, `2d` → seconds. */
export function parseDuration(text: string, flag: string): number {
  const parts = [...text.matchAll(/(\d+)([smhd])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) {
    throw new CliError(
      EXIT.USAGE,
      `${flag} must be a duration such as 90s, 10m or 1h30m, got "${text}"`,
      'units: s, m, h, d, combined without spaces (1h30m)',
    );
  }
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]], 0);
}
