// A Kubernetes API server double on real HTTPS for tests of token clients: Secrets (with watches),
// ServiceAccounts, TokenRequest and SelfSubjectAccessReview, plus the legacy token controller's behaviour.

import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { type ResourceAttributes, type Rule, ruleAllows } from '../../src/rbac-evaluator';
import { testTls } from './tls';

export type { Rule };

export interface CallerIdentity {
  user: string;
  groups?: string[];
  rules: Rule[];
}

export interface KubeApiServerOptions {
  /** The token controller fills data.token this long after the Secret is created. */
  tokenDelayMs?: number;
  /** false: the controller is not running, so tokens never appear and orphans are not deleted. */
  tokenController?: boolean;
  /** The controller deletes a token Secret whose ServiceAccount is missing after this delay. */
  orphanDeleteDelayMs?: number;
  /** End every watch stream this long after it opens, as API servers do; clients must resume. */
  dropWatchAfterMs?: number;
  /** With allowWatchBookmarks, a BOOKMARK event is sent this often (default 1000 ms). */
  bookmarkIntervalMs?: number;
  /** Bearer token -> identity. An "admin" caller with all rights is always present. */
  callers?: Record<string, CallerIdentity>;
}

export interface KubeconfigOptions {
  /** Defaults to the admin token; "" writes a user without credentials. */
  token?: string;
  namespace?: string;
  /** How the client learns the CA: inline, by path, not at all (system roots), or skip verification. */
  ca?: 'data' | 'file' | 'none' | 'insecure';
  contextName?: string;
}

export interface ObjectMeta {
  name: string;
  namespace: string;
  uid: string;
  resourceVersion: string;
  creationTimestamp: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  type?: string;
  data?: Record<string, string>;
  [field: string]: unknown;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  user?: string;
}

const SA_TOKEN_TYPE = 'kubernetes.io/service-account-token';
const SA_NAME = 'kubernetes.io/service-account.name';
const SA_UID = 'kubernetes.io/service-account.uid';
const DEFAULT_AUDIENCE = 'https://kubernetes.default.svc.cluster.local';
/** Watch events kept for resuming; a resourceVersion older than the window gets 410 Expired. */
const HISTORY_LIMIT = 1000;
const KINDS = { secrets: 'Secret', serviceaccounts: 'ServiceAccount' } as const;
type Resource = keyof typeof KINDS;
type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

interface Identity {
  user: string;
  groups: string[];
  rules: Rule[];
}

type IssuedToken = { namespace: string; serviceAccount: string; serviceAccountUid: string } & (
  | { kind: 'secret'; secretName: string; secretUid: string }
  | { kind: 'request'; expiresAtMs: number; boundSecret?: { name: string; uid: string } }
);

interface Watcher {
  resource: Resource;
  namespace: string;
  matches: (o: KubeObject) => boolean;
  res: ServerResponse;
  timers: NodeJS.Timeout[];
}

interface Failure {
  method: string;
  pattern: RegExp;
  status: number;
  remaining: number;
}

type Json = Record<string, unknown>;

/** Rejections carry a Kubernetes Status; anything thrown that is not one becomes a 500 InternalError. */
export class ApiError extends Error {
  public constructor(
    public readonly code: number,
    public readonly reason: string,
    message: string,
    public readonly details?: Json,
  ) {
    super(message);
  }

  public toStatus(): Json {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

const notFound = (resource: string, name: string) =>
  new ApiError(404, 'NotFound', `${resource} "${name}" not found`, { name, kind: resource });
const badRequest = (message: string) => new ApiError(400, 'BadRequest', message);
const invalid = (kind: string, name: string, field: string, cause: string, reason: string, group?: string) =>
  new ApiError(
    422,
    'Invalid',
    `${kind}${group ? `.${group}` : ''} "${name}" is invalid: ${field}: ${cause}`,
    {
      name,
      ...(group ? { group } : {}),
      kind,
      causes: [{ reason, message: cause, field }],
    },
  );

/** An injected failure, with the reason and (for 500) the message shape a real server uses. */
function injectedError(status: number): ApiError {
  const reasons: Record<number, string> = {
    400: 'BadRequest',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'NotFound',
    409: 'Conflict',
    410: 'Expired',
    429: 'TooManyRequests',
    500: 'InternalError',
    503: 'ServiceUnavailable',
    504: 'Timeout',
  };
  const reason = reasons[status] ?? 'InternalError';
  if (reason === 'InternalError') {
    return new ApiError(status, reason, 'Internal error occurred: injected failure', {
      causes: [{ message: 'injected failure' }],
    });
  }
  return new ApiError(
    status,
    reason,
    `injected ${reason}`,
    status === 429 ? { retryAfterSeconds: 1 } : undefined,
  );
}

const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const asJson = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
const b64 = (text: string) => Buffer.from(text).toString('base64');
const unb64 = (text: string | undefined) =>
  text === undefined ? undefined : Buffer.from(text, 'base64').toString();
const key = (namespace: string, name: string) => `${namespace}/${name}`;

function jwt(claims: Json): string {
  const part = (value: Json) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', kid: 'test' })}.${part(claims)}.${randomBytes(256).toString('base64url')}`;
}

/** `metadata.name=x,type!=Opaque`: the fields Kubernetes lets you select Secrets by. */
function parseFieldSelector(selector: string | undefined): {
  matches: (o: KubeObject) => boolean;
  name?: string;
} {
  if (!selector) return { matches: () => true };
  const fields: Record<string, (o: KubeObject) => string | undefined> = {
    'metadata.name': (o) => o.metadata.name,
    'metadata.namespace': (o) => o.metadata.namespace,
    type: (o) => o.type,
  };
  const terms = selector.split(',').map((term) => {
    const m = /^([^!=]+)(==|=|!=)(.*)$/.exec(term.trim());
    if (!m) throw badRequest(`invalid selector: '${selector}'; can't understand '${term}'`);
    const [, field, op, value] = m;
    const get = fields[field];
    if (!get)
      throw badRequest(
        `"${field}" is not a known field selector: only "metadata.name", "metadata.namespace", "type"`,
      );
    return { field, negate: op === '!=', value, get };
  });
  // Kubernetes authorizes a list or watch narrowed to one name as a request for that name.
  const name = terms.find((t) => t.field === 'metadata.name' && !t.negate)?.value;
  return {
    matches: (o) => terms.every((t) => (t.get(o) === t.value) !== t.negate),
    ...(name ? { name } : {}),
  };
}

async function readJson(req: IncomingMessage): Promise<Json> {
  // Protobuf bodies (kubectl create token sends one) are not decoded: answer as a server lacking that media type.
  const type = req.headers['content-type'] ?? 'application/json';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new ApiError(
      415,
      'UnsupportedMediaType',
      'the body of the request was in an unknown format - accepted media types include: application/json',
    );
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value as Json;
  } catch (e) {
    throw badRequest(`the body of the request was in an unknown format: ${(e as Error).message}`);
  }
}

export class KubeApiServer {
  public static async start(options: KubeApiServerOptions = {}): Promise<KubeApiServer> {
    const tls = testTls();
    const server = https.createServer({ key: tls.keyPem, cert: tls.certPem });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const api = new KubeApiServer(options, server, tls.caPem, tls.caFile);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void api.handle(req, res));
    return api;
  }

  public readonly url: string;
  public readonly adminToken = `admin-${randomBytes(16).toString('hex')}`;
  public readonly requests: RecordedRequest[] = [];

  private readonly callers = new Map<string, CallerIdentity>();
  private readonly stores: Record<Resource, Map<string, KubeObject>> = {
    secrets: new Map(),
    serviceaccounts: new Map(),
  };
  private readonly history: { resource: Resource; type: EventType; object: KubeObject; rv: number }[] = [];
  private readonly watchers = new Set<Watcher>();
  private readonly issued = new Map<string, IssuedToken>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly tokenTimes = new Map<string, number>();
  private readonly tokenWaiters = new Map<
    string,
    { resolve: (t: number) => void; reject: (e: Error) => void }[]
  >();
  private readonly failures: Failure[] = [];
  private resourceVersion = 0;
  /** Events up to this resourceVersion are gone from history: resuming from before it is 410 Expired. */
  private compactedRv = 0;
  private clockOffsetMs = 0;

  private constructor(
    private readonly options: KubeApiServerOptions,
    private readonly server: https.Server,
    public readonly caPem: string,
    public readonly caFile: string,
  ) {
    this.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    this.callers.set(this.adminToken, {
      user: 'admin',
      groups: ['system:masters', 'system:authenticated'],
      rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
    });
    for (const [token, identity] of Object.entries(options.callers ?? {})) this.addCaller(token, identity);
  }

  /** A caller's rules also apply to every other token of the same user, issued ServiceAccount tokens included. */
  public addCaller(token: string, identity: CallerIdentity): void {
    this.callers.set(token, identity);
  }

  public kubeconfig(opts: KubeconfigOptions = {}): string {
    const context = opts.contextName ?? 'argo-token-test';
    const token = opts.token ?? this.adminToken;
    const ca = opts.ca ?? 'data';
    const cluster: Json = { server: this.url };
    if (ca === 'data') cluster['certificate-authority-data'] = b64(this.caPem);
    if (ca === 'file') cluster['certificate-authority'] = this.caFile;
    if (ca === 'insecure') cluster['insecure-skip-tls-verify'] = true;
    return stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: context, cluster }],
      users: [{ name: context, user: token === '' ? {} : { token } }],
      contexts: [
        {
          name: context,
          context: {
            cluster: context,
            user: context,
            ...(opts.namespace ? { namespace: opts.namespace } : {}),
          },
        },
      ],
      'current-context': context,
    });
  }

  /** Writes a kubeconfig into dir (kubeconfig, kubeconfig-2, ... so earlier ones stay valid) and returns its path. */
  public writeKubeconfig(dir: string, opts: KubeconfigOptions = {}): string {
    let file = path.join(dir, 'kubeconfig');
    for (let n = 2; fs.existsSync(file); n++) file = path.join(dir, `kubeconfig-${n}`);
    fs.writeFileSync(file, this.kubeconfig(opts), { mode: 0o600 });
    fs.chmodSync(file, 0o600);
    return file;
  }

  public createServiceAccount(namespace: string, name: string): KubeObject {
    return this.insert('serviceaccounts', namespace, { metadata: { name } });
  }

  /** Like Kubernetes, the token controller (when running) also deletes the ServiceAccount's token Secrets. */
  public deleteServiceAccount(namespace: string, name: string): void {
    this.deleteObject('serviceaccounts', namespace, name);
  }

  public createSecret(obj: object): KubeObject {
    const namespace = asJson(asJson(obj).metadata).namespace;
    if (typeof namespace !== 'string' || namespace === '')
      throw new Error('createSecret: metadata.namespace is required');
    return this.insert('secrets', namespace, asJson(obj));
  }

  public getSecret(namespace: string, name: string): KubeObject | undefined {
    const secret = this.stores.secrets.get(key(namespace, name));
    return secret && structuredClone(secret);
  }

  public whoIs(token: string): { namespace: string; serviceAccount: string } | undefined {
    const t = this.issued.get(token);
    if (!t) return undefined;
    const sa = this.stores.serviceaccounts.get(key(t.namespace, t.serviceAccount));
    if (sa?.metadata.uid !== t.serviceAccountUid) return undefined;
    const live = (name: string, uid: string) =>
      this.stores.secrets.get(key(t.namespace, name))?.metadata.uid === uid;
    if (t.kind === 'secret') {
      // Like --service-account-lookup: the Secret must still exist and still hold this token.
      const secret = this.stores.secrets.get(key(t.namespace, t.secretName));
      if (!live(t.secretName, t.secretUid) || unb64(secret?.data?.token) !== token) return undefined;
    } else {
      if (this.now() >= t.expiresAtMs) return undefined;
      if (t.boundSecret && !live(t.boundSecret.name, t.boundSecret.uid)) return undefined;
    }
    return { namespace: t.namespace, serviceAccount: t.serviceAccount };
  }

  /**
   * The next `times` requests with this method (or "*", or "WATCH" for watch requests) whose path matches
   * get an error Status with this code, before authentication.
   */
  public failNext(method: string, pathPattern: RegExp, status: number, times = 1): void {
    this.failures.push({ method: method.toUpperCase(), pattern: pathPattern, status, remaining: times });
  }

  /** Resolves with performance.now() at the moment the current Secret's token was written (or will be). */
  public tokenWritten(namespace: string, name: string): Promise<number> {
    const done = this.tokenTimes.get(key(namespace, name));
    if (done !== undefined) return Promise.resolve(done);
    return new Promise((resolve, reject) => {
      const waiters = this.tokenWaiters.get(key(namespace, name)) ?? [];
      waiters.push({ resolve, reject });
      this.tokenWaiters.set(key(namespace, name), waiters);
    });
  }

  /** Forgets the watch history, so any resourceVersion handed out so far is too old to resume from. */
  public compact(): void {
    this.compactedRv = this.resourceVersion;
    this.history.length = 0;
  }

  /** Moves the server's clock (TokenRequest expiry, timestamps) forward without waiting. */
  public advanceClock(ms: number): void {
    this.clockOffsetMs += ms;
  }

  public async stop(): Promise<void> {
    for (const w of this.watchers) this.closeWatch(w);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  private nextResourceVersion(): string {
    this.resourceVersion += 1;
    return String(this.resourceVersion);
  }

  private authenticate(header: string | undefined): Identity | undefined {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
    if (!token) return undefined;
    const caller = this.callers.get(token);
    const sa = caller ? undefined : this.whoIs(token);
    if (!caller && !sa) return undefined;
    const user = caller?.user ?? `system:serviceaccount:${sa?.namespace}:${sa?.serviceAccount}`;
    const groups = caller?.groups ?? [
      'system:serviceaccounts',
      `system:serviceaccounts:${sa?.namespace}`,
      'system:authenticated',
    ];
    const rules = [...this.callers.values()].filter((c) => c.user === user).flatMap((c) => c.rules);
    return { user, groups, rules };
  }

  private authorize(who: Identity, attrs: ResourceAttributes): void {
    if (who.rules.some((r) => ruleAllows(r, attrs))) return;
    // The message and details of the API server's responsewriters.Forbidden.
    const resource = attrs.resource.split('/')[0];
    const qualified = attrs.apiGroup ? `${resource}.${attrs.apiGroup}` : resource;
    const scope = attrs.namespace ? `in the namespace "${attrs.namespace}"` : 'at the cluster scope';
    const reason = `User "${who.user}" cannot ${attrs.verb} resource "${attrs.resource}" in API group "${attrs.apiGroup}" ${scope}`;
    throw new ApiError(
      403,
      'Forbidden',
      `${qualified}${attrs.name ? ` "${attrs.name}"` : ''} is forbidden: ${reason}`,
      {
        ...(attrs.name ? { name: attrs.name } : {}),
        ...(attrs.apiGroup ? { group: attrs.apiGroup } : {}),
        kind: resource,
      },
    );
  }

  private takeFailure(method: string, pathname: string, isWatch: boolean): ApiError | undefined {
    const failure = this.failures.find((f) => {
      f.pattern.lastIndex = 0;
      const methodMatches = f.method === '*' || f.method === method || (f.method === 'WATCH' && isWatch);
      return f.remaining > 0 && methodMatches && f.pattern.test(pathname);
    });
    if (!failure) return undefined;
    failure.remaining -= 1;
    return injectedError(failure.status);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = (req.method ?? 'GET').toUpperCase();
    const query = Object.fromEntries(url.searchParams);
    const who = this.authenticate(req.headers.authorization);
    this.requests.push({ method, path: url.pathname, query, ...(who ? { user: who.user } : {}) });
    try {
      const isWatch = method === 'GET' && (query.watch === 'true' || query.watch === '1');
      const injected = this.takeFailure(method, url.pathname, isWatch);
      if (injected) throw injected;
      if (!who) throw new ApiError(401, 'Unauthorized', 'Unauthorized');
      const body = method === 'POST' ? await readJson(req) : {};
      const result = this.route(who, method, url.pathname, query, body, res);
      if (result) this.send(res, result[0], result[1]);
    } catch (e) {
      const error =
        e instanceof ApiError
          ? e
          : new ApiError(500, 'InternalError', `Internal error occurred: ${(e as Error).message}`, {
              causes: [{ message: (e as Error).message }],
            });
      if (res.headersSent) {
        res.end();
        return;
      }
      if (error.code === 429) res.setHeader('Retry-After', '1');
      this.send(res, error.code, error.toStatus());
    }
  }

  private send(res: ServerResponse, code: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(code, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
      'Cache-Control': 'no-cache, private',
    });
    res.end(text);
  }

  /** Returns [status, body], or undefined when it has taken over the response (a watch). */
  private route(
    who: Identity,
    method: string,
    pathname: string,
    query: Record<string, string>,
    body: Json,
    res: ServerResponse,
  ): [number, unknown] | undefined {
    const discovery = this.discovery(pathname);
    if (discovery && method === 'GET') return [200, discovery];
    if (pathname === '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews' && method === 'POST') {
      return [201, this.selfSubjectAccessReview(who, body)];
    }
    if (pathname === '/apis/authentication.k8s.io/v1/selfsubjectreviews' && method === 'POST') {
      // `kubectl auth whoami`: what a client can use to check which identity a token carries.
      const userInfo = { username: who.user, groups: who.groups };
      return [
        201,
        {
          kind: 'SelfSubjectReview',
          apiVersion: 'authentication.k8s.io/v1',
          metadata: {},
          status: { userInfo },
        },
      ];
    }
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/(secrets|serviceaccounts)(?:\/([^/]+)(?:\/(token))?)?$/.exec(
      pathname,
    );
    if (!m) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
    const [, namespace, resource, name, subresource] = m as unknown as [
      string,
      string,
      Resource,
      string?,
      string?,
    ];
    const watching = query.watch === 'true' || query.watch === '1';
    const verbs: Record<string, string> = subresource
      ? { POST: 'create' }
      : name
        ? { GET: 'get', DELETE: 'delete' }
        : { GET: watching ? 'watch' : 'list', POST: 'create' };
    const verb = verbs[method] as string | undefined;
    if (!verb || (subresource && resource !== 'serviceaccounts')) {
      throw new ApiError(
        405,
        'MethodNotAllowed',
        'the server does not allow this method on the requested resource',
        {},
      );
    }
    const selector =
      verb === 'list' || verb === 'watch' ? parseFieldSelector(query.fieldSelector) : undefined;
    const attrName = name ?? selector?.name;
    this.authorize(who, {
      verb,
      apiGroup: '',
      resource: subresource ? `${resource}/${subresource}` : resource,
      namespace,
      ...(attrName ? { name: attrName } : {}),
    });

    if (subresource) return [201, this.tokenRequest(namespace, name!, body)];
    if (verb === 'get') {
      const obj = this.stores[resource].get(key(namespace, name!));
      if (!obj) throw notFound(resource, name!);
      return [200, obj];
    }
    if (verb === 'delete') return [200, this.deleteObject(resource, namespace, name!)];
    if (verb === 'create') return [201, this.insert(resource, namespace, body)];
    // Rejected rather than ignored, so a client relying on one cannot pass by accident.
    if (query.labelSelector) throw badRequest('labelSelector is not supported by the test API server');
    const matches = selector!.matches;
    if (verb === 'watch') {
      this.openWatch(resource, namespace, query, matches, res);
      return undefined;
    }
    return [
      200,
      {
        kind: `${KINDS[resource]}List`,
        apiVersion: 'v1',
        metadata: { resourceVersion: String(this.resourceVersion) },
        items: this.objectsIn(resource, namespace).filter(matches),
      },
    ];
  }

  /** Just enough discovery for kubectl to map "secret" to its resource. */
  private discovery(pathname: string): Json | undefined {
    const groupVersion = { groupVersion: 'authorization.k8s.io/v1', version: 'v1' };
    const namespaced = (name: string, kind: string, verbs: string[], shortNames?: string[]) => ({
      name,
      singularName: name.replace(/s$/, ''),
      namespaced: true,
      kind,
      verbs,
      ...(shortNames ? { shortNames } : {}),
    });
    switch (pathname) {
      case '/version':
        return { major: '1', minor: '32', gitVersion: 'v1.32.0-argo-token-test', platform: 'linux/amd64' };
      case '/api':
        return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] };
      case '/apis':
        return {
          kind: 'APIGroupList',
          apiVersion: 'v1',
          groups: [
            { name: 'authorization.k8s.io', versions: [groupVersion], preferredVersion: groupVersion },
          ],
        };
      case '/api/v1':
        return {
          kind: 'APIResourceList',
          groupVersion: 'v1',
          resources: [
            namespaced('secrets', 'Secret', ['create', 'delete', 'get', 'list', 'watch']),
            namespaced(
              'serviceaccounts',
              'ServiceAccount',
              ['create', 'delete', 'get', 'list', 'watch'],
              ['sa'],
            ),
            {
              name: 'serviceaccounts/token',
              singularName: '',
              namespaced: true,
              group: 'authentication.k8s.io',
              version: 'v1',
              kind: 'TokenRequest',
              verbs: ['create'],
            },
          ],
        };
      case '/apis/authorization.k8s.io/v1':
        return {
          kind: 'APIResourceList',
          apiVersion: 'v1',
          groupVersion: 'authorization.k8s.io/v1',
          resources: [
            {
              name: 'selfsubjectaccessreviews',
              singularName: 'selfsubjectaccessreview',
              namespaced: false,
              kind: 'SelfSubjectAccessReview',
              verbs: ['create'],
            },
          ],
        };
      default:
        return undefined;
    }
  }

  private objectsIn(resource: Resource, namespace: string): KubeObject[] {
    return [...this.stores[resource].values()]
      .filter((o) => o.metadata.namespace === namespace)
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  }

  /** The create path of both the REST API and the test helpers: defaulting, validation, then the controllers. */
  private insert(resource: Resource, namespace: string, body: Json): KubeObject {
    const kind = KINDS[resource];
    const meta = asJson(body.metadata);
    if (meta.namespace !== undefined && meta.namespace !== namespace) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    const generated =
      typeof meta.generateName === 'string'
        ? `${meta.generateName}${randomBytes(3).toString('hex').slice(0, 5)}`
        : '';
    const name = typeof meta.name === 'string' && meta.name !== '' ? meta.name : generated;
    if (!name) {
      throw invalid(
        kind,
        '',
        'metadata.name',
        'Required value: name or generateName is required',
        'FieldValueRequired',
      );
    }
    if (this.stores[resource].has(key(namespace, name))) {
      throw new ApiError(409, 'AlreadyExists', `${resource} "${name}" already exists`, {
        name,
        kind: resource,
      });
    }
    const { stringData, ...rest } = body;
    const obj: KubeObject = {
      ...rest,
      apiVersion: 'v1',
      kind,
      metadata: {
        ...meta,
        name,
        namespace,
        uid: randomUUID(),
        resourceVersion: '',
        creationTimestamp: rfc3339(this.now()),
      },
    };
    if (resource === 'secrets') {
      obj.type = typeof body.type === 'string' && body.type !== '' ? body.type : 'Opaque';
      // The API server stores stringData as data; clients never read stringData back.
      const data = { ...(asJson(body.data) as Record<string, string>) };
      for (const [k, v] of Object.entries(asJson(stringData))) data[k] = b64(String(v));
      if (Object.keys(data).length > 0) obj.data = data;
      else delete obj.data;
      const saName = obj.metadata.annotations?.[SA_NAME];
      if (obj.type === SA_TOKEN_TYPE && !saName) {
        throw invalid(
          'Secret',
          name,
          `metadata.annotations[${SA_NAME}]`,
          'Required value',
          'FieldValueRequired',
        );
      }
    }
    obj.metadata.resourceVersion = this.nextResourceVersion();
    this.stores[resource].set(key(namespace, name), obj);
    this.emit(resource, 'ADDED', obj);
    if (resource === 'secrets' && obj.type === SA_TOKEN_TYPE && this.options.tokenController !== false) {
      const saExists = this.stores.serviceaccounts.has(key(namespace, obj.metadata.annotations![SA_NAME]));
      const delay = saExists ? (this.options.tokenDelayMs ?? 0) : (this.options.orphanDeleteDelayMs ?? 5);
      const uid = obj.metadata.uid;
      this.later(delay, () => this.syncTokenSecret(namespace, name, uid));
    }
    return structuredClone(obj);
  }

  private deleteObject(resource: Resource, namespace: string, name: string): Json {
    const obj = this.stores[resource].get(key(namespace, name));
    if (!obj) throw notFound(resource, name);
    this.remove(resource, obj);
    if (resource === 'serviceaccounts' && this.options.tokenController !== false) {
      for (const secret of this.objectsIn('secrets', namespace)) {
        const a = secret.metadata.annotations ?? {};
        if (
          secret.type === SA_TOKEN_TYPE &&
          a[SA_NAME] === name &&
          (!a[SA_UID] || a[SA_UID] === obj.metadata.uid)
        ) {
          this.remove('secrets', secret);
        }
      }
    }
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name, kind: resource, uid: obj.metadata.uid },
    };
  }

  private remove(resource: Resource, obj: KubeObject): void {
    const k = key(obj.metadata.namespace, obj.metadata.name);
    this.stores[resource].delete(k);
    obj.metadata.resourceVersion = this.nextResourceVersion();
    this.emit(resource, 'DELETED', obj);
    if (resource !== 'secrets') return;
    this.tokenTimes.delete(k);
    // A waiter still pending means this Secret never got a token (an orphan, usually): fail fast, not at the test timeout.
    for (const w of this.tokenWaiters.get(k) ?? [])
      w.reject(new Error(`Secret ${k} was deleted before its token was written`));
    this.tokenWaiters.delete(k);
  }

  /** The legacy token controller's sync of one Secret (tokens_controller.go generateTokenIfNeeded). */
  private syncTokenSecret(namespace: string, name: string, uid: string): void {
    const secret = this.stores.secrets.get(key(namespace, name));
    if (secret?.metadata.uid !== uid) return;
    const annotations = secret.metadata.annotations ?? {};
    const saName = annotations[SA_NAME];
    const sa = this.stores.serviceaccounts.get(key(namespace, saName));
    if (!sa || (annotations[SA_UID] && annotations[SA_UID] !== sa.metadata.uid)) {
      this.remove('secrets', secret);
      return;
    }
    const data = { ...secret.data };
    const needsToken = !data.token;
    if (!needsToken && data.namespace && data['ca.crt']) return;
    if (needsToken) {
      const token = jwt({
        iss: 'kubernetes/serviceaccount',
        'kubernetes.io/serviceaccount/namespace': namespace,
        'kubernetes.io/serviceaccount/secret.name': name,
        'kubernetes.io/serviceaccount/service-account.name': saName,
        'kubernetes.io/serviceaccount/service-account.uid': sa.metadata.uid,
        sub: `system:serviceaccount:${namespace}:${saName}`,
        jti: randomUUID(),
      });
      data.token = b64(token);
      this.issued.set(token, {
        kind: 'secret',
        namespace,
        serviceAccount: saName,
        serviceAccountUid: sa.metadata.uid,
        secretName: name,
        secretUid: uid,
      });
    }
    data.namespace ||= b64(namespace);
    data['ca.crt'] ||= b64(this.caPem);
    secret.data = data;
    secret.metadata.annotations = { ...annotations, [SA_NAME]: saName, [SA_UID]: sa.metadata.uid };
    secret.metadata.resourceVersion = this.nextResourceVersion();
    this.emit('secrets', 'MODIFIED', secret);
    if (!needsToken) return;
    const at = performance.now();
    this.tokenTimes.set(key(namespace, name), at);
    for (const w of this.tokenWaiters.get(key(namespace, name)) ?? []) w.resolve(at);
    this.tokenWaiters.delete(key(namespace, name));
  }

  private tokenRequest(namespace: string, saName: string, body: Json): Json {
    const sa = this.stores.serviceaccounts.get(key(namespace, saName));
    if (!sa) throw notFound('serviceaccounts', saName);
    const spec = asJson(body.spec);
    const requested = spec.expirationSeconds ?? 3600;
    const invalidDuration = (why: string) =>
      invalid(
        'TokenRequest',
        saName,
        'spec.expirationSeconds',
        `Invalid value: ${JSON.stringify(requested)}: ${why}`,
        'FieldValueInvalid',
        'authentication.k8s.io',
      );
    if (typeof requested !== 'number' || !Number.isInteger(requested))
      throw invalidDuration('must be an integer');
    const expirationSeconds = requested;
    if (expirationSeconds < 600) throw invalidDuration('may not specify a duration less than 10 minutes');
    if (expirationSeconds > 2 ** 32)
      throw invalidDuration('may not specify a duration larger than 2^32 seconds');
    const audiences =
      Array.isArray(spec.audiences) && spec.audiences.length > 0
        ? (spec.audiences as string[])
        : [DEFAULT_AUDIENCE];

    let boundSecret: { name: string; uid: string } | undefined;
    const ref =
      spec.boundObjectRef === undefined || spec.boundObjectRef === null
        ? undefined
        : asJson(spec.boundObjectRef);
    if (ref) {
      const refName = String(ref.name ?? '');
      if (ref.kind !== 'Secret') throw notFound(`${String(ref.kind ?? '').toLowerCase()}s`, refName);
      const secret = this.stores.secrets.get(key(namespace, refName));
      if (!secret) throw notFound('secrets', refName);
      if (ref.uid && ref.uid !== secret.metadata.uid) {
        throw new ApiError(
          409,
          'Conflict',
          `Operation cannot be fulfilled on secrets "${refName}": the UID in the bound object reference (${String(ref.uid)}) does not match the UID in record. The object might have been deleted and then recreated`,
          { name: refName, kind: 'secrets' },
        );
      }
      boundSecret = { name: refName, uid: secret.metadata.uid };
    }

    const iat = Math.floor(this.now() / 1000);
    const exp = iat + expirationSeconds;
    const token = jwt({
      aud: audiences,
      exp,
      iat,
      nbf: iat,
      iss: DEFAULT_AUDIENCE,
      jti: randomUUID(),
      'kubernetes.io': {
        namespace,
        serviceaccount: { name: saName, uid: sa.metadata.uid },
        ...(boundSecret ? { secret: boundSecret } : {}),
      },
      sub: `system:serviceaccount:${namespace}:${saName}`,
    });
    this.issued.set(token, {
      kind: 'request',
      namespace,
      serviceAccount: saName,
      serviceAccountUid: sa.metadata.uid,
      expiresAtMs: exp * 1000,
      ...(boundSecret ? { boundSecret } : {}),
    });
    return {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { name: saName, namespace, creationTimestamp: null },
      spec: { audiences, expirationSeconds, boundObjectRef: ref ?? null },
      status: { token, expirationTimestamp: rfc3339(exp * 1000) },
    };
  }

  /** Resource attributes only: a token client asks about Secrets and Argo resources, not URLs. */
  private selfSubjectAccessReview(who: Identity, body: Json): Json {
    const spec = asJson(body.spec);
    if (!spec.resourceAttributes) {
      throw invalid(
        'SelfSubjectAccessReview',
        '',
        'spec.resourceAttributes',
        'Required value: the test API server only answers resourceAttributes',
        'FieldValueRequired',
        'authorization.k8s.io',
      );
    }
    const ra = asJson(spec.resourceAttributes) as Record<string, string | undefined>;
    const attrs: ResourceAttributes = {
      verb: ra.verb ?? '',
      apiGroup: ra.group ?? '',
      resource: ra.subresource ? `${ra.resource ?? ''}/${ra.subresource}` : (ra.resource ?? ''),
      namespace: ra.namespace ?? '',
      ...(ra.name ? { name: ra.name } : {}),
    };
    const allowed = who.rules.some((r) => ruleAllows(r, attrs));
    return {
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec,
      status: allowed
        ? { allowed, reason: `RBAC: allowed by the test server's rules for User "${who.user}"` }
        : { allowed },
    };
  }

  private emit(resource: Resource, type: EventType, obj: KubeObject): void {
    const object = structuredClone(obj);
    this.history.push({ resource, type, object, rv: Number(object.metadata.resourceVersion) });
    if (this.history.length > HISTORY_LIMIT) this.compactedRv = this.history.shift()!.rv;
    for (const w of this.watchers) {
      if (w.resource === resource && w.namespace === object.metadata.namespace && w.matches(object)) {
        w.res.write(`${JSON.stringify({ type, object })}\n`);
      }
    }
  }

  private openWatch(
    resource: Resource,
    namespace: string,
    query: Record<string, string>,
    matches: (o: KubeObject) => boolean,
    res: ServerResponse,
  ): void {
    const since = query.resourceVersion;
    if (since && since !== '0' && !/^\d+$/.test(since))
      throw badRequest(`invalid resource version: "${since}"`);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
    // Clients wait for the headers before they consider the watch open.
    res.flushHeaders();
    const write = (type: string, object: unknown) => res.write(`${JSON.stringify({ type, object })}\n`);
    if (since && since !== '0') {
      const from = Number(since);
      if (from < this.compactedRv) {
        write(
          'ERROR',
          new ApiError(
            410,
            'Expired',
            `too old resource version: ${from} (${this.compactedRv + 1})`,
          ).toStatus(),
        );
        res.end();
        return;
      }
      for (const e of this.history) {
        if (
          e.rv > from &&
          e.resource === resource &&
          e.object.metadata.namespace === namespace &&
          matches(e.object)
        ) {
          write(e.type, e.object);
        }
      }
    } else {
      for (const o of this.objectsIn(resource, namespace)) if (matches(o)) write('ADDED', o);
    }
    const watcher: Watcher = { resource, namespace, matches, res, timers: [] };
    this.watchers.add(watcher);
    const endAfter = [
      this.options.dropWatchAfterMs,
      query.timeoutSeconds ? Number(query.timeoutSeconds) * 1000 : undefined,
    ];
    for (const ms of endAfter) {
      if (ms !== undefined && Number.isFinite(ms))
        watcher.timers.push(setTimeout(() => this.closeWatch(watcher), ms));
    }
    if (query.allowWatchBookmarks === 'true' || query.allowWatchBookmarks === '1') {
      const bookmark = () =>
        write('BOOKMARK', {
          kind: KINDS[resource],
          apiVersion: 'v1',
          metadata: { resourceVersion: String(this.resourceVersion) },
        });
      watcher.timers.push(setInterval(bookmark, this.options.bookmarkIntervalMs ?? 1000));
    }
    res.on('close', () => this.closeWatch(watcher));
  }

  private closeWatch(watcher: Watcher): void {
    for (const t of watcher.timers) clearTimeout(t);
    this.watchers.delete(watcher);
    if (!watcher.res.writableEnded) watcher.res.end();
  }
}
