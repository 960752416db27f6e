// A Kubernetes API server double on real HTTPS for tests of token clients: Secrets (with watches),
// ServiceAccounts, TokenRequest and SelfSubjectAccessReview, plus the legacy token controller's behaviour.
// Also the RBAC kinds, merge patches, strict field validation, discovery and enough OpenAPI v3 for real
// `kubectl apply` (create, then an unchanged re-apply) of what dist/ holds.
//
// The server runs on the event loop of the process that started it: spawn clients (kubectl, the CLI)
// asynchronously. A synchronous spawn (execFileSync) blocks the loop, so the server cannot even finish
// a TLS handshake and the client fails with "net/http: TLS handshake timeout" after 10 s.

import { createHash, generateKeyPairSync, type KeyObject, randomBytes, randomUUID, sign } from 'node:crypto';
import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { RbacEvaluator, type ResourceAttributes, type Rule, ruleAllows } from '../../src/rbac/evaluator';
import { testTls } from './tls';

export type { Rule };

export interface CallerIdentity {
  user: string;
  groups?: string[];
  rules: Rule[];
}

export interface KubeApiServerOptions {
  /**
   * The token controller fills data.token this long after the Secret is created (default 0). 0: as soon as
   * the create is answered, before the server reads another request.
   */
  tokenDelayMs?: number;
  /**
   * false: the controller is not running, so tokens never appear and orphans are not deleted.
   * 'manual': it runs only when a test calls fillToken (deterministic "the token appears while the client waits").
   */
  tokenController?: boolean | 'manual';
  /** 'expired': serve a certificate that has expired (signed by the same CA). */
  certificate?: 'valid' | 'expired';
  /** false: /openid/v1/jwks answers 404 (service-account issuer discovery off). */
  issuerDiscovery?: boolean;
  /**
   * The controller deletes a token Secret whose ServiceAccount is missing (at that moment) after this delay
   * (default 5 ms). 0: before the server reads another request, so a client's next create comes too late,
   * deterministically (kubectl's next create comes about 2 ms later, within the default delay).
   */
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
  /** The Content-Type of a request with a body (POST, PATCH, PUT). */
  contentType?: string;
}

const SA_TOKEN_TYPE = 'kubernetes.io/service-account-token';
const SA_NAME = 'kubernetes.io/service-account.name';
const SA_UID = 'kubernetes.io/service-account.uid';
const DEFAULT_AUDIENCE = 'https://kubernetes.default.svc.cluster.local';
/** Watch events kept for resuming; a resourceVersion older than the window gets 410 Expired. */
const HISTORY_LIMIT = 1000;
const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** Which fields of an object strict field validation knows: true accepts any value there. */
type Shape = true | { readonly [field: string]: Shape } | readonly [Shape];
const POLICY_RULE: Shape = {
  apiGroups: true,
  resources: true,
  verbs: true,
  resourceNames: true,
  nonResourceURLs: true,
};
const ROLE_REF: Shape = { apiGroup: true, kind: true, name: true };
const SUBJECT: Shape = { kind: true, apiGroup: true, name: true, namespace: true };
const OBJECT_META: Shape = {
  name: true,
  generateName: true,
  namespace: true,
  selfLink: true,
  uid: true,
  resourceVersion: true,
  generation: true,
  creationTimestamp: true,
  deletionTimestamp: true,
  deletionGracePeriodSeconds: true,
  labels: true,
  annotations: true,
  ownerReferences: true,
  finalizers: true,
  managedFields: true,
};

interface ResourceDef {
  readonly kind: string;
  /** "" for the core group; every resource here is served in version v1. */
  readonly group: string;
  readonly namespaced: boolean;
  readonly shortNames?: readonly string[];
  /** The object's fields besides apiVersion, kind and metadata. */
  readonly fields: { readonly [field: string]: Shape };
}

const RESOURCES = {
  secrets: {
    kind: 'Secret',
    group: '',
    namespaced: true,
    fields: { data: true, stringData: true, type: true, immutable: true },
  },
  serviceaccounts: {
    kind: 'ServiceAccount',
    group: '',
    namespaced: true,
    shortNames: ['sa'],
    fields: { secrets: true, imagePullSecrets: true, automountServiceAccountToken: true },
  },
  roles: { kind: 'Role', group: RBAC_GROUP, namespaced: true, fields: { rules: [POLICY_RULE] } },
  rolebindings: {
    kind: 'RoleBinding',
    group: RBAC_GROUP,
    namespaced: true,
    fields: { roleRef: ROLE_REF, subjects: [SUBJECT] },
  },
  clusterroles: {
    kind: 'ClusterRole',
    group: RBAC_GROUP,
    namespaced: false,
    fields: { rules: [POLICY_RULE], aggregationRule: true },
  },
  clusterrolebindings: {
    kind: 'ClusterRoleBinding',
    group: RBAC_GROUP,
    namespaced: false,
    fields: { roleRef: ROLE_REF, subjects: [SUBJECT] },
  },
} as const satisfies Record<string, ResourceDef>;
export type Resource = keyof typeof RESOURCES;
const RESOURCE_NAMES = Object.keys(RESOURCES) as Resource[];
const apiVersionOf = (resource: Resource) => {
  const { group } = RESOURCES[resource] as ResourceDef;
  return group ? `${group}/v1` : 'v1';
};
/** The verbs served on every resource (plus create on serviceaccounts/token). */
const VERBS = ['create', 'delete', 'get', 'list', 'patch', 'watch'];
/** The patch media types accepted, all applied as a JSON merge patch (see mergePatch). */
const PATCH_TYPES = ['application/merge-patch+json', 'application/strategic-merge-patch+json'];
type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

interface Identity {
  user: string;
  groups: string[];
  /** Rules given to the caller directly (addCaller). */
  rules: Rule[];
  /** A ServiceAccount token: RBAC over the stored Roles, ClusterRoles and their bindings applies too. */
  sa?: { namespace: string; name: string };
  rbac?: RbacEvaluator;
}

/** May the identity make the request: its own rules, or (a ServiceAccount) the cluster's RBAC objects. */
function allows(who: Identity, attrs: ResourceAttributes): boolean {
  if (who.rules.some((r) => ruleAllows(r, attrs))) return true;
  return who.sa !== undefined && who.rbac?.can(who.sa, attrs) === true;
}

type IssuedToken = { namespace: string; serviceAccount: string; serviceAccountUid: string } & (
  | { kind: 'secret'; secretName: string; secretUid: string }
  | { kind: 'request'; expiresAtMs: number; boundSecret?: { name: string; uid: string } }
);

interface Watcher {
  resource: Resource;
  /** undefined: every namespace (a watch of /api/v1/secrets); "" for cluster-scoped resources. */
  namespace: string | undefined;
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

/**
 * A fault the server injects into the requests a rule matches (see inject): the ways an API server,
 * or a proxy or load balancer in front of it, misbehaves.
 */
export type Fault =
  /** Accept the request and never answer. */
  | { kind: 'hang' }
  /** Answer normally, ms late. */
  | { kind: 'delay'; ms: number }
  /** A raw answer: HTML pages, malformed JSON, redirects (give a Location header), bare 5xx. */
  | { kind: 'raw'; status: number; body: string; contentType?: string; headers?: Record<string, string> }
  /** Close the connection without an answer. */
  | { kind: 'reset' }
  /** A watch: 200, then one ERROR event carrying a Status with this code, then the end of the stream. */
  | { kind: 'watch-error'; code: number }
  /** A watch: 200, then a line that is not JSON, and the stream stays open. */
  | { kind: 'watch-garbage' }
  /** A watch: served normally, then the connection is cut (no end of stream) after ms. */
  | { kind: 'watch-reset'; afterMs: number };

interface FaultRule {
  /** An HTTP method, '*', or 'WATCH' (watch requests only). */
  method: string;
  pattern: RegExp;
  fault: Fault;
  remaining: number;
}

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

const notFound = (resource: string, name: string, group = '') =>
  new ApiError(404, 'NotFound', `${resource}${group ? `.${group}` : ''} "${name}" not found`, {
    name,
    ...(group ? { group } : {}),
    kind: resource,
  });
const pathNotFound = () =>
  new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
const methodNotAllowed = () =>
  new ApiError(
    405,
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
    {},
  );
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

interface FieldError {
  field: string;
  /** "Required value: ...", "Invalid value: ...", as field.Error prints it. */
  cause: string;
  reason: string;
}

/** A 422 with every field error, worded like the API server's NewInvalid. */
function invalidFields(kind: string, name: string, errors: FieldError[], group?: string): ApiError {
  const printed = errors.map((e) => `${e.field}: ${e.cause}`);
  return new ApiError(
    422,
    'Invalid',
    `${kind}${group ? `.${group}` : ''} "${name}" is invalid: ${printed.length === 1 ? printed[0] : `[${printed.join(', ')}]`}`,
    {
      name,
      ...(group ? { group } : {}),
      kind,
      causes: errors.map((e) => ({ reason: e.reason, message: e.cause, field: e.field })),
    },
  );
}

/** RFC 7386 JSON merge patch: objects merge key by key, null deletes, anything else replaces. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return structuredClone(patch);
  const out: Json =
    typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as Json) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/**
 * A strategic merge patch of these kinds is a JSON merge patch unless it carries directives ($patch,
 * $retainKeys, $deleteFromPrimitiveList/...); $setElementOrder/... only orders lists and is dropped.
 * Other directives are rejected, so a client relying on one cannot pass by accident.
 */
function withoutOrderDirectives(patch: unknown, at = ''): unknown {
  if (Array.isArray(patch)) return patch.map((v, i) => withoutOrderDirectives(v, `${at}[${i}]`));
  if (typeof patch !== 'object' || patch === null) return patch;
  const out: Json = {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$setElementOrder/')) continue;
    if (k.startsWith('$')) {
      throw badRequest(
        `strategic merge patch directive ${at ? `${at}.` : ''}${k} is not supported by the test API server`,
      );
    }
    out[k] = withoutOrderDirectives(v, at ? `${at}.${k}` : k);
  }
  return out;
}

/** The fields of value that shape does not declare, as strict decoding names them ("spec.foo", "rules[0].x"). */
function unknownFields(value: unknown, shape: Shape, at: string): string[] {
  if (shape === true || value === null || typeof value !== 'object') return [];
  if (Array.isArray(shape)) {
    return Array.isArray(value) ? value.flatMap((v, i) => unknownFields(v, shape[0], `${at}[${i}]`)) : [];
  }
  if (Array.isArray(value)) return [];
  const fields = shape as { readonly [field: string]: Shape };
  return Object.entries(value).flatMap(([k, v]) => {
    const where = at ? `${at}.${k}` : k;
    const inner = fields[k];
    return inner === undefined ? [where] : unknownFields(v, inner, where);
  });
}

/** Same JSON value, whatever the key order. */
function sameJson(a: unknown, b: unknown): boolean {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (typeof v !== 'object' || v === null) return v;
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Json)[k])]),
    );
  };
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

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
/** namespace undefined: any namespace; "" matches cluster-scoped objects. */
const inNamespace = (o: { metadata: { namespace?: string } }, namespace: string | undefined) =>
  namespace === undefined || (o.metadata.namespace ?? '') === namespace;

/** The service-account signing key of every test API server of this process (RSA, as most clusters use). */
let signingKey: { privateKey: KeyObject; jwk: Json; kid: string } | undefined;
function issuerKey() {
  if (!signingKey) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = publicKey.export({ format: 'jwk' }) as Json;
    const kid = createHash('sha256').update(JSON.stringify(jwk)).digest('base64url');
    signingKey = { privateKey, jwk: { ...jwk, kid, use: 'sig', alg: 'RS256' }, kid };
  }
  return signingKey;
}

/** A JWT signed RS256 with key (default: the issuer key the server publishes at /openid/v1/jwks). */
export function signJwt(claims: Json, key: { privateKey: KeyObject; kid: string } = issuerKey()): string {
  const part = (value: Json) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part({ alg: 'RS256', kid: key.kid })}.${part(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`;
}

/** A key the server does not publish: a token signed with it is forged. */
export function foreignKey(): { privateKey: KeyObject; kid: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, kid: issuerKey().kid };
}

const jwt = (claims: Json) => signJwt(claims);

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

/**
 * A label selector as the API server reads it: `k=v`, `k==v`, `k!=v`, `k`, `!k`, `k in (a,b)`,
 * `k notin (a,b)`, terms separated by commas (kubectl --prune -l sends one).
 */
function parseLabelSelector(selector: string | undefined): (o: KubeObject) => boolean {
  if (!selector) return () => true;
  const terms: ((labels: Record<string, string>) => boolean)[] = [];
  // Commas inside (a,b) belong to the set, not to the term list.
  for (const term of selector.match(/[^,(]+(\([^)]*\))?/g) ?? []) {
    const t = term.trim();
    const set = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(t);
    const equality = set ? null : /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(t);
    const exists = set || equality ? null : /^(!?)([\w./-]+)$/.exec(t);
    if (set) {
      const [, k, op, list] = set;
      const values = list.split(',').map((v) => v.trim());
      terms.push((l) => (op === 'in' ? values.includes(l[k]) : !values.includes(l[k])));
    } else if (equality) {
      const [, k, op, v] = equality;
      terms.push((l) => (op === '!=' ? l[k] !== v : l[k] === v));
    } else if (exists) {
      const [, not, k] = exists;
      terms.push((l) => (not ? !(k in l) : k in l));
    } else {
      throw badRequest(`unable to parse requirement: ${JSON.stringify(t)} in labelSelector "${selector}"`);
    }
  }
  return (o) => terms.every((term) => term(o.metadata.labels ?? {}));
}

/** The media type of a request body, without parameters; application/json when absent. */
const mediaTypeOf = (req: IncomingMessage) =>
  (req.headers['content-type'] ?? 'application/json').split(';')[0].trim().toLowerCase();

async function readJson(
  req: IncomingMessage,
  accepted: readonly string[] = ['application/json'],
): Promise<Json> {
  // Protobuf bodies (kubectl create token sends one) are not decoded: answer as a server lacking that media type.
  if (!accepted.includes(mediaTypeOf(req))) {
    throw new ApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
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

const CORE_PATH =
  /^\/api\/v1\/(?:namespaces\/([^/]+)\/)?(secrets|serviceaccounts)(?:\/([^/]+)(?:\/(token))?)?$/;
const RBAC_PATH =
  /^\/apis\/rbac\.authorization\.k8s\.io\/v1\/(?:namespaces\/([^/]+)\/)?(roles|rolebindings|clusterroles|clusterrolebindings)(?:\/([^/]+))?$/;

/** namespace: "" for cluster-scoped resources, undefined for a namespaced collection across namespaces. */
function parseResourcePath(
  pathname: string,
): { resource: Resource; namespace?: string; name?: string; subresource?: string } | undefined {
  const m = CORE_PATH.exec(pathname) ?? RBAC_PATH.exec(pathname);
  if (!m) return undefined;
  const [, namespace, plural, name, subresource] = m as unknown as (string | undefined)[];
  const resource = plural as Resource;
  // A namespaced object is only named inside its namespace; a cluster-scoped one never is.
  if (RESOURCES[resource].namespaced) {
    if (namespace === undefined && name !== undefined) return undefined;
  } else if (namespace !== undefined) {
    return undefined;
  }
  return {
    resource,
    ...(RESOURCES[resource].namespaced ? (namespace === undefined ? {} : { namespace }) : { namespace: '' }),
    ...(name === undefined ? {} : { name }),
    ...(subresource === undefined ? {} : { subresource }),
  };
}

/** Copy of value without the fields shape does not declare. */
function prune(value: unknown, shape: Shape): unknown {
  if (shape === true || value === null || typeof value !== 'object') return value;
  if (Array.isArray(shape)) return Array.isArray(value) ? value.map((v) => prune(v, shape[0])) : value;
  if (Array.isArray(value)) return value;
  const fields = shape as { readonly [field: string]: Shape };
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => fields[k] !== undefined)
      .map(([k, v]) => [k, prune(v, fields[k])]),
  );
}

/**
 * Server-side field validation of a create or patch (the fieldValidation query parameter): Strict rejects
 * unknown fields with 400, Warn (the default) and Ignore drop them, Warn with a Warning header each.
 */
function checkFields(
  resource: Resource,
  body: Json,
  directive = 'Warn',
): { object: Json; headers: Record<string, string[]> } {
  const def = RESOURCES[resource] as ResourceDef;
  if (!['Strict', 'Warn', 'Ignore'].includes(directive)) {
    throw badRequest(`fieldValidation must be one of "Ignore", "Warn", "Strict", got "${directive}"`);
  }
  const shape: Shape = { apiVersion: true, kind: true, metadata: OBJECT_META, ...def.fields };
  const unknown = unknownFields(body, shape, '');
  if (unknown.length === 0 || directive === 'Ignore')
    return { object: asJson(prune(body, shape)), headers: {} };
  const messages = unknown.map((f) => `unknown field "${f}"`);
  if (directive === 'Strict') {
    throw badRequest(
      `${def.kind} in version "v1" cannot be handled as a ${def.kind}: strict decoding error: ${messages.join(', ')}`,
    );
  }
  return {
    object: asJson(prune(body, shape)),
    headers: { Warning: messages.map((m) => `299 - ${JSON.stringify(m)}`) },
  };
}

/** What the API server stores for what it was sent: Secret defaulting and stringData folded into data. */
function normalize(resource: Resource, obj: KubeObject, stringData: unknown): void {
  if (resource !== 'secrets') return;
  obj.type = typeof obj.type === 'string' && obj.type !== '' ? obj.type : 'Opaque';
  // The API server stores stringData as data; clients never read stringData back.
  const data = { ...(asJson(obj.data) as Record<string, string>) };
  for (const [k, v] of Object.entries(asJson(stringData))) data[k] = b64(String(v));
  if (Object.keys(data).length > 0) obj.data = data;
  else delete obj.data;
}

/** The API server's validation of these kinds (the checks a manifest can fail), on create and update. */
function validate(resource: Resource, obj: KubeObject, previous?: KubeObject): void {
  const def = RESOURCES[resource] as ResourceDef;
  const errors: FieldError[] = [];
  const required = (field: string, detail?: string) =>
    errors.push({
      field,
      cause: detail ? `Required value: ${detail}` : 'Required value',
      reason: 'FieldValueRequired',
    });
  const unsupported = (field: string, value: unknown, supported: string[]) =>
    errors.push({
      field,
      cause: `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
      reason: 'FieldValueNotSupported',
    });
  const invalidValue = (field: string, value: unknown, detail: string) =>
    errors.push({
      field,
      cause: `Invalid value: ${JSON.stringify(value)}: ${detail}`,
      reason: 'FieldValueInvalid',
    });
  const list = (value: unknown) => (Array.isArray(value) ? value : []);

  if (resource === 'secrets') {
    if (obj.type === SA_TOKEN_TYPE && !obj.metadata.annotations?.[SA_NAME]) {
      required(`metadata.annotations[${SA_NAME}]`);
    }
    if (previous && previous.type !== obj.type) invalidValue('type', obj.type, 'field is immutable');
    if (previous?.immutable === true) {
      const forbidden = (field: string) =>
        errors.push({
          field,
          cause: 'Forbidden: field is immutable when `immutable` is set',
          reason: 'FieldValueForbidden',
        });
      if (!sameJson(previous.data ?? {}, obj.data ?? {})) forbidden('data');
      if (obj.immutable !== true) forbidden('immutable');
    }
  }
  if (resource === 'roles' || resource === 'clusterroles') {
    list(obj.rules).forEach((value, i) => {
      const rule = asJson(value);
      const at = `rules[${i}]`;
      if (list(rule.verbs).length === 0) required(`${at}.verbs`, 'verbs must contain at least one value');
      if (list(rule.nonResourceURLs).length > 0) {
        if (def.namespaced) {
          invalidValue(
            `${at}.nonResourceURLs`,
            rule.nonResourceURLs,
            'namespaced rules cannot apply to non-resource URLs',
          );
        }
        if (list(rule.apiGroups).length > 0 || list(rule.resources).length > 0) {
          invalidValue(
            `${at}.nonResourceURLs`,
            rule.nonResourceURLs,
            'rules cannot apply to both regular resources and non-resource URLs',
          );
        }
        return;
      }
      if (list(rule.apiGroups).length === 0)
        required(`${at}.apiGroups`, 'resource rules must supply at least one api group');
      if (list(rule.resources).length === 0)
        required(`${at}.resources`, 'resource rules must supply at least one resource');
    });
  }
  if (resource === 'rolebindings' || resource === 'clusterrolebindings') {
    const roleRef = asJson(obj.roleRef);
    const kinds = def.namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
    if (roleRef.apiGroup !== RBAC_GROUP)
      unsupported('roleRef.apiGroup', roleRef.apiGroup ?? '', [RBAC_GROUP]);
    if (!kinds.includes(String(roleRef.kind))) unsupported('roleRef.kind', roleRef.kind ?? '', kinds);
    if (!roleRef.name) required('roleRef.name');
    list(obj.subjects).forEach((value, i) => {
      const subject = asJson(value);
      const at = `subjects[${i}]`;
      if (!subject.name) required(`${at}.name`);
      if (subject.kind === 'ServiceAccount') {
        if (subject.apiGroup) unsupported(`${at}.apiGroup`, subject.apiGroup, ['']);
        if (!def.namespaced && !subject.namespace) required(`${at}.namespace`);
      } else if (subject.kind === 'User' || subject.kind === 'Group') {
        if (subject.apiGroup !== RBAC_GROUP)
          unsupported(`${at}.apiGroup`, subject.apiGroup ?? '', [RBAC_GROUP]);
      } else {
        unsupported(`${at}.kind`, subject.kind ?? '', ['ServiceAccount', 'User', 'Group']);
      }
    });
    if (previous && !sameJson(previous.roleRef, obj.roleRef)) {
      const r = asJson(obj.roleRef);
      errors.push({
        field: 'roleRef',
        cause: `Invalid value: rbac.RoleRef{APIGroup:${JSON.stringify(r.apiGroup ?? '')}, Kind:${JSON.stringify(r.kind ?? '')}, Name:${JSON.stringify(r.name ?? '')}}: cannot change roleRef`,
        reason: 'FieldValueInvalid',
      });
    }
  }
  if (errors.length > 0) throw invalidFields(def.kind, obj.metadata.name, errors, def.group || undefined);
}

/** The OpenAPI v3 document of one group version: its paths and operations, no schemas. */
function openApiDocument(group: string): Json {
  const prefix = group ? `/apis/${group}/v1` : '/api/v1';
  const pathParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
  const queryParam = (name: string) => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } });
  const writeParams = ['fieldManager', 'fieldValidation'].map(queryParam);
  const paths: Json = {};
  for (const resource of RESOURCE_NAMES.filter((r) => RESOURCES[r].group === group)) {
    const def = RESOURCES[resource] as ResourceDef;
    const gvk = { group, version: 'v1', kind: def.kind };
    const collection = def.namespaced
      ? `${prefix}/namespaces/{namespace}/${resource}`
      : `${prefix}/${resource}`;
    const op = (action: string, verb: string, extra: Json = {}) => ({
      operationId: `${verb}${def.kind}`,
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': gvk,
      responses: { '200': { description: 'OK' } },
      ...extra,
    });
    const scope = def.namespaced ? [pathParam('namespace')] : [];
    paths[collection] = {
      get: op('list', 'list'),
      post: op('post', 'create', {
        parameters: writeParams,
        requestBody: { content: { 'application/json': { schema: { type: 'object' } } }, required: true },
      }),
      parameters: scope,
    };
    paths[`${collection}/{name}`] = {
      get: op('get', 'read'),
      delete: op('delete', 'delete'),
      patch: op('patch', 'patch', {
        parameters: writeParams,
        requestBody: {
          content: Object.fromEntries(PATCH_TYPES.map((t) => [t, { schema: { type: 'object' } }])),
          required: true,
        },
      }),
      parameters: [pathParam('name'), ...scope],
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0-argo-token-test' },
    paths,
    components: { schemas: {} },
  };
}

/**
 * An object as the server stores it: the request body with the server's identity fields, its kind and
 * apiVersion, stringData folded into data, and no namespace on a cluster-scoped object (whatever the
 * request said).
 */
function storedForm(
  resource: Resource,
  body: Json,
  identity: {
    name: string;
    namespace: string;
    uid: string;
    resourceVersion: string;
    creationTimestamp: string;
  },
): KubeObject {
  const def = RESOURCES[resource] as ResourceDef;
  const { stringData, ...rest } = body;
  const { namespace: _ignored, ...meta } = asJson(body.metadata);
  const { namespace, ...ids } = identity;
  const obj = {
    ...rest,
    apiVersion: apiVersionOf(resource),
    kind: def.kind,
    metadata: { ...meta, ...ids, ...(def.namespaced ? { namespace } : {}) },
  } as KubeObject;
  normalize(resource, obj, stringData);
  return obj;
}

export class KubeApiServer {
  public static async start(options: KubeApiServerOptions = {}): Promise<KubeApiServer> {
    const tls = testTls();
    // The signing key is made now (RSA key generation blocks), not in the middle of a test's timing.
    issuerKey();
    const server = https.createServer({
      key: tls.keyPem,
      cert: options.certificate === 'expired' ? tls.expiredCertPem : tls.certPem,
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const api = new KubeApiServer(options, server, tls.caPem, tls.caFile);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      // handle() answers every error itself; this only guards against a bug there leaving a request hanging.
      api.handle(req, res).catch(() => res.destroy());
    });
    return api;
  }

  public readonly url: string;
  public readonly adminToken = `admin-${randomBytes(16).toString('hex')}`;
  public readonly requests: RecordedRequest[] = [];
  /** Called as each request is read, before it is answered (bench/get.ts times the CLI's first request). */
  public onRequest?: (request: RecordedRequest) => void;

  private readonly callers = new Map<string, CallerIdentity>();
  /** Keyed by namespace/name; cluster-scoped objects by /name. */
  private readonly stores = Object.fromEntries(RESOURCE_NAMES.map((r) => [r, new Map()])) as Record<
    Resource,
    Map<string, KubeObject>
  >;
  /** The OpenAPI v3 documents, built on first request: path (api/v1, apis/<group>/v1) -> document. */
  private openApiDocs?: Map<string, { doc: Json; hash: string }>;
  private readonly history: { resource: Resource; type: EventType; object: KubeObject; rv: number }[] = [];
  private readonly watchers = new Set<Watcher>();
  private readonly issued = new Map<string, IssuedToken>();
  /** Pending controller work, cancelled by stop(). */
  private readonly timers = new Map<NodeJS.Timeout | NodeJS.Immediate, () => void>();
  private readonly tokenTimes = new Map<string, number>();
  private readonly tokenWaiters = new Map<
    string,
    { resolve: (t: number) => void; reject: (e: Error) => void }[]
  >();
  private readonly failures: Failure[] = [];
  private readonly faults: FaultRule[] = [];
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

  public createServiceAccount(namespace: string, name: string, labels?: Record<string, string>): KubeObject {
    return this.insert('serviceaccounts', namespace, { metadata: { name, ...(labels ? { labels } : {}) } });
  }

  /**
   * Stores RBAC objects (Role, RoleBinding, ClusterRole, ClusterRoleBinding) as `kubectl apply` of
   * new objects would: ServiceAccount tokens are then authorized by them. Other kinds are skipped.
   */
  public applyRbac(objects: readonly object[]): void {
    for (const obj of objects) {
      const o = asJson(obj);
      const entry = Object.entries(RESOURCES).find(
        ([, def]) => def.kind === o.kind && (def as ResourceDef).group === RBAC_GROUP,
      );
      if (!entry) continue;
      const [resource, def] = entry as [Resource, ResourceDef];
      const namespace = def.namespaced ? String(asJson(o.metadata).namespace ?? '') : '';
      this.insert(resource, namespace, o);
    }
  }

  /** Removes an RBAC object (or any other): `kubectl delete`. */
  public deleteRbac(resource: Resource, namespace: string, name: string): void {
    this.deleteObject(resource, namespace, name);
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
    return this.getObject('secrets', namespace, name);
  }

  /** Any stored object by its plural resource; namespace "" for cluster-scoped ones. */
  public getObject(resource: Resource, namespace: string, name: string): KubeObject | undefined {
    const obj = this.stores[resource].get(key(namespace, name));
    return obj && structuredClone(obj);
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

  /**
   * The next `times` requests (default: all) with this method ('*', or 'WATCH' for watch requests) whose
   * path matches get the fault, before authentication. Rules are tried in the order they were added.
   */
  public inject(method: string, pathPattern: RegExp, fault: Fault, times = Number.POSITIVE_INFINITY): void {
    this.faults.push({ method: method.toUpperCase(), pattern: pathPattern, fault, remaining: times });
  }

  /** Removes every injected fault and failure; answers hung by a fault are cut. */
  public clearFaults(): void {
    this.faults.length = 0;
    this.failures.length = 0;
    for (const res of this.hung) res.destroy();
    this.hung.clear();
  }

  /** Sets keys of a Secret's data (base64 values), as `kubectl patch` would: no controller runs. */
  public patchSecretData(namespace: string, name: string, data: Record<string, string>): void {
    const secret = this.stores.secrets.get(key(namespace, name));
    if (!secret) throw new Error(`patchSecretData: no Secret ${namespace}/${name}`);
    const next = structuredClone(secret);
    next.data = { ...next.data, ...data };
    this.update('secrets', secret, next as unknown as Json);
  }

  /** With tokenController 'manual': the controller syncs this Secret now (fills its token). */
  public fillToken(namespace: string, name: string): void {
    const secret = this.stores.secrets.get(key(namespace, name));
    if (!secret) throw new Error(`fillToken: no Secret ${namespace}/${name}`);
    this.syncTokenSecret(namespace, name, secret.metadata.uid);
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
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  /** Runs fn after ms; 0 runs it right after the current request's handler, before any other request. */
  private later(ms: number, fn: () => void): void {
    const timer: NodeJS.Timeout | NodeJS.Immediate =
      ms <= 0 ? setImmediate(() => run()) : setTimeout(() => run(), ms);
    const run = () => {
      this.timers.delete(timer);
      fn();
    };
    this.timers.set(timer, () =>
      ms <= 0 ? clearImmediate(timer as NodeJS.Immediate) : clearTimeout(timer as NodeJS.Timeout),
    );
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
    if (!sa) return { user, groups, rules };
    return {
      user,
      groups,
      rules,
      sa: { namespace: sa.namespace, name: sa.serviceAccount },
      rbac: new RbacEvaluator(this.rbacObjects()),
    };
  }

  /**
   * Kubernetes' answer to a request made with a bearer token (what Argo Server's calls with the
   * caller's client and its access reviews get): unauthenticated, or whether RBAC allows it.
   */
  public authorizeToken(token: string, attrs: ResourceAttributes): 'unauthenticated' | 'allowed' | 'denied' {
    const who = this.authenticate(`Bearer ${token}`);
    if (!who) return 'unauthenticated';
    return allows(who, attrs) ? 'allowed' : 'denied';
  }

  /** A SelfSubjectRulesReview's status for a token in a namespace (undefined: the token is unknown). */
  public rulesReviewFor(token: string, namespace: string): Json | undefined {
    const who = this.authenticate(`Bearer ${token}`);
    if (!who) return undefined;
    return asJson(this.selfSubjectRulesReview(who, { spec: { namespace } }).status);
  }

  /** The RBAC objects applied to this server: what Kubernetes' RBAC authorizer evaluates. */
  private rbacObjects(): KubeObject[] {
    return (['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'] as const).flatMap((r) => [
      ...this.stores[r].values(),
    ]);
  }

  private authorize(who: Identity, attrs: ResourceAttributes): void {
    if (allows(who, attrs)) return;
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

  private readonly hung = new Set<ServerResponse>();

  private takeFault(method: string, pathname: string, isWatch: boolean): Fault | undefined {
    const rule = this.faults.find((f) => {
      f.pattern.lastIndex = 0;
      const methodMatches = f.method === '*' || f.method === method || (f.method === 'WATCH' && isWatch);
      return f.remaining > 0 && methodMatches && f.pattern.test(pathname);
    });
    if (!rule) return undefined;
    rule.remaining -= 1;
    return rule.fault;
  }

  /** Serves a fault; returns true when the response is taken care of (false: handle the request normally). */
  private async serveFault(fault: Fault, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    switch (fault.kind) {
      case 'hang':
        this.hung.add(res);
        res.on('close', () => this.hung.delete(res));
        return true;
      case 'delay':
        // unref: a delayed answer pending when the test ends must not keep the process alive.
        await new Promise((r) => setTimeout(r, fault.ms).unref());
        return res.destroyed;
      case 'raw':
        res.writeHead(fault.status, {
          'Content-Type': fault.contentType ?? 'text/html; charset=utf-8',
          ...fault.headers,
        });
        res.end(fault.body);
        return true;
      case 'reset':
        req.socket.destroy();
        return true;
      case 'watch-error':
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(`${JSON.stringify({ type: 'ERROR', object: injectedError(fault.code).toStatus() })}\n`);
        return true;
      case 'watch-garbage':
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write('<html><body>Session expired</body></html>\n');
        this.hung.add(res);
        res.on('close', () => this.hung.delete(res));
        return true;
      case 'watch-reset': {
        const timer = setTimeout(() => req.socket.destroy(), fault.afterMs);
        timer.unref();
        res.on('close', () => clearTimeout(timer));
        return false;
      }
    }
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
    const method = (req.method ?? 'GET').toUpperCase();
    // The request target is split by hand: new URL(target, base) reads "//x/y" as host x and throws on
    // "//" (the request then got no answer at all), and the server's paths never carry a host.
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const pathname = q >= 0 ? target.slice(0, q) : target;
    const query = Object.fromEntries(new URLSearchParams(q >= 0 ? target.slice(q + 1) : ''));
    try {
      const who = this.authenticate(req.headers.authorization);
      const hasBody = method === 'POST' || method === 'PATCH' || method === 'PUT';
      const recorded: RecordedRequest = {
        method,
        path: pathname,
        query,
        ...(who ? { user: who.user } : {}),
        ...(hasBody ? { contentType: mediaTypeOf(req) } : {}),
      };
      this.requests.push(recorded);
      this.onRequest?.(recorded);
      const isWatch = method === 'GET' && (query.watch === 'true' || query.watch === '1');
      const fault = this.takeFault(method, pathname, isWatch);
      if (fault && (await this.serveFault(fault, req, res))) return;
      const injected = this.takeFailure(method, pathname, isWatch);
      if (injected) throw injected;
      if (!who) throw new ApiError(401, 'Unauthorized', 'Unauthorized');
      const result = await this.route(who, method, pathname, query, req, res);
      if (result) this.send(res, result[0], result[1], result[2]);
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

  private send(
    res: ServerResponse,
    code: number,
    body: unknown,
    headers: Record<string, string[]> = {},
  ): void {
    const text = JSON.stringify(body);
    res.writeHead(code, {
      ...headers,
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
      'Cache-Control': 'no-cache, private',
    });
    res.end(text);
  }

  /** Returns [status, body, headers?], or undefined when it has taken over the response (a watch). */
  private async route(
    who: Identity,
    method: string,
    pathname: string,
    query: Record<string, string>,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<[number, unknown, Record<string, string[]>?] | undefined> {
    const discovery = this.discovery(pathname);
    if (discovery && method === 'GET') return [200, discovery];
    const openApi = pathname === '/openapi/v3' || pathname.startsWith('/openapi/v3/');
    if (openApi && method === 'GET') {
      const doc = this.openApi(pathname);
      if (doc) return [200, doc];
    }
    if (pathname === '/openid/v1/jwks' && method === 'GET' && this.options.issuerDiscovery !== false) {
      // Service-account issuer discovery: the keys that verify the tokens this server issues.
      return [200, { keys: [issuerKey().jwk] }];
    }
    if (pathname === '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews' && method === 'POST') {
      return [201, this.selfSubjectAccessReview(who, await readJson(req))];
    }
    if (pathname === '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews' && method === 'POST') {
      return [201, this.selfSubjectRulesReview(who, await readJson(req))];
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
    const target = parseResourcePath(pathname);
    if (!target) throw pathNotFound();
    const { resource, namespace, name, subresource } = target;
    const { group } = RESOURCES[resource] as ResourceDef;
    const watching = query.watch === 'true' || query.watch === '1';
    const collection = { GET: watching ? 'watch' : 'list' };
    const verbs: Record<string, string> = subresource
      ? { POST: 'create' }
      : name
        ? { GET: 'get', DELETE: 'delete', PATCH: 'patch' }
        : namespace === undefined
          ? collection
          : { ...collection, POST: 'create' };
    const verb = verbs[method] as string | undefined;
    if (!verb || (subresource && resource !== 'serviceaccounts')) throw methodNotAllowed();
    const selector =
      verb === 'list' || verb === 'watch' ? parseFieldSelector(query.fieldSelector) : undefined;
    const attrName = name ?? selector?.name;
    this.authorize(who, {
      verb,
      apiGroup: group,
      resource: subresource ? `${resource}/${subresource}` : resource,
      namespace: namespace ?? '',
      ...(attrName ? { name: attrName } : {}),
    });
    // Rejected rather than ignored, so a client relying on one cannot pass by accident.
    if (query.dryRun) throw badRequest('dryRun is not supported by the test API server');

    if (subresource) return [201, this.tokenRequest(namespace!, name!, await readJson(req))];
    if (verb === 'get') {
      const obj = this.stores[resource].get(key(namespace!, name!));
      if (!obj) throw notFound(resource, name!, group);
      return [200, obj];
    }
    if (verb === 'delete') return [200, this.deleteObject(resource, namespace!, name!)];
    if (verb === 'create') {
      const checked = checkFields(resource, await readJson(req), query.fieldValidation);
      return [201, this.insert(resource, namespace!, checked.object), checked.headers];
    }
    if (verb === 'patch') {
      const patchType = mediaTypeOf(req);
      const patch = await readJson(req, PATCH_TYPES);
      const current = this.stores[resource].get(key(namespace!, name!));
      if (!current) throw notFound(resource, name!, group);
      const merged = mergePatch(
        current,
        patchType === 'application/strategic-merge-patch+json' ? withoutOrderDirectives(patch) : patch,
      );
      const checked = checkFields(resource, asJson(merged), query.fieldValidation);
      return [200, this.update(resource, current, checked.object), checked.headers];
    }
    const labels = parseLabelSelector(query.labelSelector);
    const matches = (o: KubeObject) => selector!.matches(o) && labels(o);
    if (verb === 'watch') {
      this.openWatch(resource, namespace, query, matches, res);
      return undefined;
    }
    return [
      200,
      {
        kind: `${RESOURCES[resource].kind}List`,
        apiVersion: apiVersionOf(resource),
        metadata: { resourceVersion: String(this.resourceVersion) },
        items: this.objectsIn(resource, namespace).filter(matches),
      },
    ];
  }

  /** Just enough discovery for kubectl's REST mapper: every kind served, its scope and verbs. */
  private discovery(pathname: string): Json | undefined {
    const groupVersion = (group: string) => ({ groupVersion: `${group}/v1`, version: 'v1' });
    const apiGroup = (group: string) => ({
      name: group,
      versions: [groupVersion(group)],
      preferredVersion: groupVersion(group),
    });
    const resourcesOf = (group: string) =>
      RESOURCE_NAMES.filter((r) => RESOURCES[r].group === group).map((r) => {
        const def = RESOURCES[r] as ResourceDef;
        return {
          name: r,
          singularName: def.kind.toLowerCase(),
          namespaced: def.namespaced,
          kind: def.kind,
          verbs: VERBS,
          ...(def.shortNames ? { shortNames: [...def.shortNames] } : {}),
        };
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
          groups: [apiGroup('authorization.k8s.io'), apiGroup(RBAC_GROUP)],
        };
      case `/apis/${RBAC_GROUP}`:
        return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(RBAC_GROUP) };
      case '/api/v1':
        return {
          kind: 'APIResourceList',
          groupVersion: 'v1',
          resources: [
            ...resourcesOf(''),
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
      case `/apis/${RBAC_GROUP}/v1`:
        return {
          kind: 'APIResourceList',
          apiVersion: 'v1',
          groupVersion: `${RBAC_GROUP}/v1`,
          resources: resourcesOf(RBAC_GROUP),
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

  /**
   * OpenAPI v3: the root lists a document per group version, and each document has the paths of its
   * resources without schemas. That is what kubectl reads: the PATCH operations advertise the
   * fieldValidation parameter, so `kubectl apply` leaves validation to the server (strict field
   * validation, checkFields) instead of downloading schemas; with no schema for a kind it computes
   * patches from the types compiled into it, after trying /openapi/v2 (404 here).
   */
  private openApi(pathname: string): Json | undefined {
    if (!this.openApiDocs) {
      this.openApiDocs = new Map();
      for (const group of [...new Set(RESOURCE_NAMES.map((r) => RESOURCES[r].group as string))]) {
        const doc = openApiDocument(group);
        const hash = createHash('sha512').update(JSON.stringify(doc)).digest('hex').toUpperCase();
        this.openApiDocs.set(group ? `apis/${group}/v1` : 'api/v1', { doc, hash });
      }
    }
    if (pathname === '/openapi/v3') {
      const paths = [...this.openApiDocs].map(([p, d]) => [
        p,
        { serverRelativeURL: `/openapi/v3/${p}?hash=${d.hash}` },
      ]);
      return { paths: Object.fromEntries(paths) };
    }
    return this.openApiDocs.get(pathname.slice('/openapi/v3/'.length))?.doc;
  }

  /** namespace undefined: every namespace. */
  private objectsIn(resource: Resource, namespace: string | undefined): KubeObject[] {
    return [...this.stores[resource].values()]
      .filter((o) => namespace === undefined || (o.metadata.namespace ?? '') === namespace)
      .sort(
        (a, b) =>
          (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') ||
          a.metadata.name.localeCompare(b.metadata.name),
      );
  }

  /** The create path of both the REST API and the test helpers: defaulting, validation, then the controllers. */
  private insert(resource: Resource, namespace: string, body: Json): KubeObject {
    const def = RESOURCES[resource] as ResourceDef;
    const meta = asJson(body.metadata);
    if (def.namespaced && meta.namespace !== undefined && meta.namespace !== namespace) {
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
      throw invalidFields(
        def.kind,
        '',
        [
          {
            field: 'metadata.name',
            cause: 'Required value: name or generateName is required',
            reason: 'FieldValueRequired',
          },
        ],
        def.group || undefined,
      );
    }
    if (this.stores[resource].has(key(namespace, name))) {
      const qualified = def.group ? `${resource}.${def.group}` : resource;
      throw new ApiError(409, 'AlreadyExists', `${qualified} "${name}" already exists`, {
        name,
        ...(def.group ? { group: def.group } : {}),
        kind: resource,
      });
    }
    const obj = storedForm(resource, body, {
      name,
      namespace,
      uid: randomUUID(),
      resourceVersion: '',
      creationTimestamp: rfc3339(this.now()),
    });
    validate(resource, obj);
    obj.metadata.resourceVersion = this.nextResourceVersion();
    this.stores[resource].set(key(namespace, name), obj);
    this.emit(resource, 'ADDED', obj);
    this.controlTokenSecret(resource, obj);
    return structuredClone(obj);
  }

  /** The update path of PATCH: identity and system fields kept, optimistic concurrency, no-ops not stored. */
  private update(resource: Resource, current: KubeObject, next: Json): KubeObject {
    const def = RESOURCES[resource] as ResourceDef;
    const { name, namespace, uid, resourceVersion, creationTimestamp } = current.metadata;
    const meta = asJson(next.metadata);
    if (meta.name !== name) {
      throw badRequest(
        `the name of the object (${String(meta.name ?? '')}) does not match the name on the URL (${name})`,
      );
    }
    if (def.namespaced && meta.namespace !== undefined && meta.namespace !== namespace) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    const qualified = def.group ? `${resource}.${def.group}` : resource;
    const conflict = (why: string) =>
      new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${qualified} "${name}": ${why}`, {
        name,
        ...(def.group ? { group: def.group } : {}),
        kind: resource,
      });
    if (meta.uid && meta.uid !== uid) {
      throw conflict(
        `Precondition failed: UID in precondition: ${String(meta.uid)}, UID in object meta: ${uid}`,
      );
    }
    if (meta.resourceVersion && meta.resourceVersion !== resourceVersion) {
      throw conflict(
        'the object has been modified; please apply your changes to the latest version and try again',
      );
    }
    const obj = storedForm(resource, next, {
      name,
      namespace: namespace ?? '',
      uid,
      resourceVersion,
      creationTimestamp,
    });
    validate(resource, obj, current);
    // As in Kubernetes, a patch that changes nothing is not written: same resourceVersion, no event.
    if (sameJson(obj, current)) return structuredClone(current);
    obj.metadata.resourceVersion = this.nextResourceVersion();
    this.stores[resource].set(key(namespace ?? '', name), obj);
    this.emit(resource, 'MODIFIED', obj);
    this.controlTokenSecret(resource, obj);
    return structuredClone(obj);
  }

  /** Hands a token Secret to the token controller: filled when its ServiceAccount exists, else deleted. */
  private controlTokenSecret(resource: Resource, obj: KubeObject): void {
    const controller = this.options.tokenController;
    if (
      resource !== 'secrets' ||
      obj.type !== SA_TOKEN_TYPE ||
      controller === false ||
      controller === 'manual'
    )
      return;
    const { namespace, name, uid } = obj.metadata;
    const saExists = this.stores.serviceaccounts.has(key(namespace, obj.metadata.annotations![SA_NAME]));
    const delay = saExists ? (this.options.tokenDelayMs ?? 0) : (this.options.orphanDeleteDelayMs ?? 5);
    this.later(delay, () => this.syncTokenSecret(namespace, name, uid));
  }

  private deleteObject(resource: Resource, namespace: string, name: string): Json {
    const { group } = RESOURCES[resource] as ResourceDef;
    const obj = this.stores[resource].get(key(namespace, name));
    if (!obj) throw notFound(resource, name, group);
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
      details: { name, ...(group ? { group } : {}), kind: resource, uid: obj.metadata.uid },
    };
  }

  private remove(resource: Resource, obj: KubeObject): void {
    const k = key(obj.metadata.namespace ?? '', obj.metadata.name);
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

  /**
   * The rules of the caller in a namespace, as Kubernetes' RBAC authorizer lists them (RulesFor):
   * the rules of RoleBindings there and of ClusterRoleBindings, plus system:basic-user's, which every
   * authenticated user has.
   */
  private selfSubjectRulesReview(who: Identity, body: Json): Json {
    const spec = asJson(body.spec);
    const namespace = typeof spec.namespace === 'string' ? spec.namespace : '';
    if (!namespace) {
      throw invalid(
        'SelfSubjectRulesReview',
        '',
        'spec.namespace',
        'Required value: the test API server lists rules per namespace',
        'FieldValueRequired',
        'authorization.k8s.io',
      );
    }
    const own = who.sa && who.rbac ? who.rbac.rulesFor(who.sa, namespace) : [];
    const basic: Rule[] = [
      {
        verbs: ['create'],
        apiGroups: ['authorization.k8s.io'],
        resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
      },
      { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
    ];
    const resourceRules = [...basic, ...who.rules, ...own]
      .filter((r) => r.resources && r.resources.length > 0)
      .map((r) => ({
        verbs: r.verbs,
        apiGroups: r.apiGroups ?? [],
        resources: r.resources ?? [],
        ...(r.resourceNames && r.resourceNames.length > 0 ? { resourceNames: r.resourceNames } : {}),
      }));
    return {
      kind: 'SelfSubjectRulesReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec: { namespace },
      status: { resourceRules, nonResourceRules: [], incomplete: false },
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
    const allowed = allows(who, attrs);
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
      if (w.resource === resource && inNamespace(object, w.namespace) && w.matches(object)) {
        w.res.write(`${JSON.stringify({ type, object })}\n`);
      }
    }
  }

  private openWatch(
    resource: Resource,
    namespace: string | undefined,
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
        if (e.rv > from && e.resource === resource && inNamespace(e.object, namespace) && matches(e.object)) {
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
          kind: RESOURCES[resource].kind,
          apiVersion: apiVersionOf(resource),
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
