// All Kubernetes API access of argo-token. @kubernetes/client-node loads the kubeconfig
// (--kubeconfig, KUBECONFIG, ~/.kube/config, in-cluster; --context) and turns its user into request
// credentials (token, token file, client certificate, basic auth, auth providers). Exec credential
// plugins are run here instead (client-node runs them without a timeout, without
// KUBERNETES_EXEC_INFO, and crashes on output that is not an ExecCredential). Requests go through
// cli/http.ts: the command's deadline on every one, HTTPS_PROXY/NO_PROXY (or the kubeconfig's
// proxy-url) as kubectl reads them, no redirects, and every answer classified: Kubernetes JSON,
// a Kubernetes Status error, or something else (HTML, a redirect), which is an API error.

import { spawn } from 'node:child_process';
import type { JsonWebKey } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import { MANAGED_BY, MANAGED_BY_LABEL } from '../src/names';
import { type ClientNode, clientNode } from './client-node';
import type { Deadline } from './deadline';
import { CliError, EXIT, oneLine } from './errors';
import {
  describeFailure,
  type Endpoint,
  type FailureContext,
  HttpFailure,
  type HttpRequest,
  lines,
  open,
  readBody,
  send,
  type TlsOptions,
} from './http';
import { type ProxyChoice, parseProxyUrl, proxyAgent, proxyFor } from './proxy';

/** A Secret as the commands read it (the fields they use). */
export interface SecretObject {
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly resourceVersion?: string;
    readonly uid?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  readonly type?: string;
  readonly data?: Record<string, string>;
}

export interface WatchEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR' | string;
  readonly object: SecretObject & {
    readonly code?: number;
    readonly reason?: string;
    readonly message?: string;
  };
}

export interface AccessCheck {
  readonly verb: string;
  readonly resource: string;
  readonly namespace: string;
  readonly name?: string;
  readonly group?: string;
}

export interface RulesReview {
  readonly rules: readonly {
    readonly verbs: string[];
    readonly apiGroups?: string[];
    readonly resources?: string[];
    readonly resourceNames?: string[];
  }[];
  /** The authorizer could not list every rule (a webhook authorizer, an evaluation error). */
  readonly incomplete: boolean;
  readonly evaluationError?: string;
}

/** The cluster's service-account issuer keys (/openid/v1/jwks), or why they could not be read. */
export type IssuerKeys = { readonly keys: readonly JsonWebKey[] } | { readonly unavailable: string };

/** What the commands need from the API; tests of the waiting logic give a fake. */
export interface KubeApi {
  /** Namespace of the kubeconfig context, if it names one. */
  readonly contextNamespace?: string;
  /** The API server URL, for messages. */
  readonly server: string;
  /** The command's deadline: every call is bounded by it. */
  readonly deadline: Deadline;
  getSecret(namespace: string, name: string): Promise<SecretObject | undefined>;
  /** The list's resourceVersion, to start a watch from, and the Secret if it exists. */
  listSecret(namespace: string, name: string): Promise<{ secret?: SecretObject; resourceVersion: string }>;
  /**
   * The events of a watch on one Secret from resourceVersion. Ends when the server ends the watch
   * (or the deadline passes once it is open); throws a KubeError when it fails (kind 'stream': a
   * reset or a line that is not a watch event). Stopping the iteration closes the watch.
   */
  watchSecret(namespace: string, name: string, resourceVersion: string): AsyncIterable<WatchEvent>;
  createSecret(namespace: string, secret: SecretObject & { type: string }): Promise<SecretObject>;
  deleteSecret(namespace: string, name: string): Promise<boolean>;
  /** The ServiceAccount's uid; null when it does not exist; undefined when the caller may not read it. */
  serviceAccount(namespace: string, name: string): Promise<{ uid?: string } | null | undefined>;
  /** The ServiceAccounts argo-token manages in a namespace (its label); undefined when the caller may not list them. */
  managedClients(namespace: string): Promise<string[] | undefined>;
  requestToken(
    namespace: string,
    serviceAccount: string,
    expirationSeconds: number,
  ): Promise<{ token: string; expiry: string }>;
  /** A SelfSubjectAccessReview: may the kubeconfig user do this? */
  canI(check: AccessCheck): Promise<boolean>;
  /** A SelfSubjectRulesReview in a namespace: the resource rules of the caller, and whether the list is incomplete. */
  rulesReview(namespace: string): Promise<RulesReview>;
  /**
   * The same API server (its address, CA and proxy) with another bearer token instead of the
   * kubeconfig's credentials: the client's own, for its access and rules reviews.
   */
  withToken(token: string): KubeApi;
  issuerKeys(): Promise<IssuerKeys>;
  /** Closes kept-alive connections. */
  close(): void;
}

export interface KubeTarget {
  readonly kubeconfig?: string;
  readonly context?: string;
}

export type KubeErrorKind = 'status' | 'answer' | 'network' | 'stream' | 'timeout';

/**
 * A failed call: a CliError (so it prints as one line and a hint) that also says what failed, so
 * the waiting logic can tell a retryable watch failure from a fatal one.
 */
export class KubeError extends CliError {
  public constructor(
    code: number,
    message: string,
    hint: string | undefined,
    public readonly kind: KubeErrorKind,
    /** The HTTP status of a 'status' or 'answer' error. */
    public readonly status?: number,
    /** The Status reason (NotFound, Expired…) of a 'status' error. */
    public readonly reason?: string,
  ) {
    super(code, message, hint);
  }
}

const MAX_KUBECONFIG_BYTES = 16 * 1024 * 1024;
const MAX_PLUGIN_OUTPUT = 1024 * 1024;
const KUBE = 'the Kubernetes API server';

function readBounded(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    for (;;) {
      const buf = Buffer.alloc(64 * 1024);
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      size += n;
      if (size > MAX_KUBECONFIG_BYTES) throw new Error('larger than 16 MiB');
      chunks.push(buf.subarray(0, n));
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

function loadKubeconfig(lib: ClientNode, target: KubeTarget): k8s.KubeConfig {
  const kc = new lib.KubeConfig();
  const load = (file: string, into: k8s.KubeConfig) => {
    into.loadFromString(readBounded(file));
    into.makePathsAbsolute(path.dirname(path.resolve(file)));
  };
  const files = target.kubeconfig
    ? [target.kubeconfig]
    : (process.env.KUBECONFIG ?? '').split(path.delimiter).filter(Boolean);
  const home = path.join(os.homedir(), '.kube', 'config');
  const where = files.length > 0 ? files.join(path.delimiter) : home;
  try {
    if (files.length > 0) {
      load(files[0], kc);
      for (const file of files.slice(1)) {
        const more = new lib.KubeConfig();
        load(file, more);
        kc.mergeConfig(more, true);
      }
    } else if (fs.existsSync(home)) {
      load(home, kc);
    } else if (process.env.KUBERNETES_SERVICE_HOST && process.env.KUBERNETES_SERVICE_PORT) {
      kc.loadFromCluster();
    } else {
      throw new CliError(
        EXIT.KUBECONFIG,
        'no kubeconfig: none given with --kubeconfig, KUBECONFIG is not set, ~/.kube/config does not exist, and this is not a pod',
        'pass --kubeconfig FILE or set KUBECONFIG',
      );
    }
  } catch (err) {
    if (err instanceof CliError) throw err;
    const e = err as NodeJS.ErrnoException;
    throw new CliError(
      EXIT.KUBECONFIG,
      `cannot load the kubeconfig ${where}: ${oneLine(e.code ?? e.message, 200)}`,
      'check the file (kubectl config view --kubeconfig FILE shows what kubectl reads)',
    );
  }
  return kc;
}

/** The kubeconfig's exec section (users[].user.exec). */
interface ExecConfig {
  command?: string;
  args?: string[];
  env?: { name: string; value: string }[];
  apiVersion?: string;
  installHint?: string;
  provideClusterInfo?: boolean;
  interactiveMode?: string;
}

interface ExecCredential {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
}

/** Runs an exec credential plugin as kubectl does, bounded by the deadline (the plugin is killed then). */
export async function runExecPlugin(
  exec: ExecConfig,
  cluster: k8s.Cluster,
  deadline: Deadline,
): Promise<ExecCredential> {
  const command = exec.command;
  const name = `the kubeconfig's exec credential plugin "${command}"`;
  if (!command)
    throw new CliError(
      EXIT.KUBECONFIG,
      "the kubeconfig's user has an exec section without a command",
      'fix users[].user.exec in the kubeconfig',
    );
  const apiVersion = exec.apiVersion ?? 'client.authentication.k8s.io/v1';
  const interactive = process.stdin.isTTY === true && exec.interactiveMode !== 'Never';
  const info = {
    apiVersion,
    kind: 'ExecCredential',
    spec: {
      interactive,
      ...(exec.provideClusterInfo
        ? {
            cluster: {
              server: cluster.server,
              ...(cluster.tlsServerName ? { 'tls-server-name': cluster.tlsServerName } : {}),
              ...(cluster.skipTLSVerify ? { 'insecure-skip-tls-verify': true } : {}),
              ...(cluster.caData ? { 'certificate-authority-data': cluster.caData } : {}),
              ...(cluster.proxyUrl ? { 'proxy-url': cluster.proxyUrl } : {}),
            },
          }
        : {}),
    },
  };
  const env: NodeJS.ProcessEnv = { ...process.env, KUBERNETES_EXEC_INFO: JSON.stringify(info) };
  for (const e of exec.env ?? []) if (e?.name) env[e.name] = String(e.value ?? '');
  const hintInstall = exec.installHint ? oneLine(exec.installHint, 200) : undefined;

  const finished = new Promise<{
    code: number | null;
    signal: string | null;
    stdout: string;
    stderr: string;
    error?: NodeJS.ErrnoException;
  }>((resolve) => {
    let stdout = '';
    let stderr = '';
    let error: NodeJS.ErrnoException | undefined;
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(command, Array.isArray(exec.args) ? exec.args.map(String) : [], {
        env,
        // The plugin never gets our stdin (verify --token-file - reads the token from it) unless it may prompt.
        stdio: [interactive ? 'inherit' : 'ignore', 'pipe', interactive ? 'inherit' : 'pipe'],
        signal: deadline.signal,
        killSignal: 'SIGKILL',
      });
    } catch (err) {
      resolve({ code: null, signal: null, stdout, stderr, error: err as NodeJS.ErrnoException });
      return;
    }
    child.stdout?.on('data', (d: Buffer) => {
      if (stdout.length < MAX_PLUGIN_OUTPUT) stdout += d.toString('utf8');
    });
    child.stderr?.on('data', (d: Buffer) => {
      if (stderr.length < MAX_PLUGIN_OUTPUT) stderr += d.toString('utf8');
    });
    child.on('error', (err) => {
      error = err;
    });
    child.on('close', (code, signal) =>
      resolve({ code, signal, stdout, stderr, ...(error ? { error } : {}) }),
    );
  });
  // At the deadline the spawn's signal kills the plugin; the race does not wait for its pipes to close.
  const outcome = await deadline.race(
    finished,
    `waiting for ${name}`,
    'it may be waiting for a login or a network: run it by hand to see, or raise --timeout',
  );
  if (outcome.error) {
    const code = outcome.error.code ?? outcome.error.message;
    throw new CliError(
      EXIT.KUBECONFIG,
      code === 'ENOENT'
        ? `${name} was not found (ENOENT)`
        : `${name} could not be started: ${oneLine(code, 200)}`,
      hintInstall ?? 'install it, or fix users[].user.exec.command in the kubeconfig',
    );
  }
  if (outcome.code !== 0) {
    const last = outcome.stderr.trim().split('\n').pop() ?? '';
    throw new CliError(
      EXIT.KUBECONFIG,
      `${name} failed (${outcome.signal ? `killed by ${outcome.signal}` : `exit ${outcome.code}`})${last ? `: ${oneLine(last, 200)}` : ''}`,
      hintInstall ?? 'run it by hand to see why (a login may have expired)',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(outcome.stdout);
  } catch {
    throw new CliError(
      EXIT.KUBECONFIG,
      `${name} printed no ExecCredential (its output is not JSON, ${outcome.stdout.length} characters)`,
      'run it by hand: it must print one ExecCredential object on stdout',
    );
  }
  const cred = parsed as { kind?: unknown; apiVersion?: unknown; status?: ExecCredential };
  const status = cred && typeof cred === 'object' ? cred.status : undefined;
  const usable =
    status &&
    typeof status === 'object' &&
    ((typeof status.token === 'string' && status.token !== '') ||
      (typeof status.clientCertificateData === 'string' && typeof status.clientKeyData === 'string'));
  if (cred?.kind !== 'ExecCredential' || !usable) {
    throw new CliError(
      EXIT.KUBECONFIG,
      `${name} printed no usable ExecCredential (it needs kind ExecCredential and status.token, or status.clientCertificateData and clientKeyData)`,
      'run it by hand to see what it prints',
    );
  }
  if (cred.apiVersion !== apiVersion) {
    throw new CliError(
      EXIT.KUBECONFIG,
      `${name} is configured for ${apiVersion} but printed an ExecCredential of ${String(cred.apiVersion)}`,
      'fix users[].user.exec.apiVersion in the kubeconfig',
    );
  }
  return status as ExecCredential;
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\./.test(h);
}

/** Loads the kubeconfig, obtains its credentials (running an exec plugin if it has one) and prepares the connection. */
export async function connect(target: KubeTarget, deadline: Deadline): Promise<KubeApi> {
  const lib = await clientNode();
  const kc = loadKubeconfig(lib, target);
  if (target.context) {
    if (!kc.getContextObject(target.context)) {
      const known =
        kc
          .getContexts()
          .map((c) => c.name)
          .join(', ') || 'none';
      throw new CliError(
        EXIT.KUBECONFIG,
        `context "${target.context}" is not in the kubeconfig (contexts: ${known})`,
        'kubectl config get-contexts lists them',
      );
    }
    kc.setCurrentContext(target.context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) {
    throw new CliError(
      EXIT.KUBECONFIG,
      `the kubeconfig's current context "${kc.getCurrentContext()}" names no cluster`,
      'kubectl config use-context NAME, or pass --context',
    );
  }
  let serverUrl: URL;
  try {
    serverUrl = new URL(cluster.server);
  } catch {
    throw new CliError(
      EXIT.KUBECONFIG,
      `the kubeconfig's server "${oneLine(cluster.server ?? '', 100)}" is not a URL`,
    );
  }
  if (
    serverUrl.protocol !== 'https:' &&
    !(serverUrl.protocol === 'http:' && isLoopbackHost(serverUrl.hostname))
  ) {
    throw new CliError(
      EXIT.KUBECONFIG,
      `the kubeconfig's server ${serverUrl.origin} is not https:// (cleartext is only accepted on this machine, as with kubectl proxy)`,
      'use the https:// address of the API server',
    );
  }

  // Exec plugins are run here, with the deadline; client-node then sees a plain token or certificate.
  let user = kc.getCurrentUser();
  if (user?.exec) {
    const cred = await runExecPlugin(user.exec as ExecConfig, cluster, deadline);
    const { exec: _exec, ...rest } = user;
    user = {
      ...rest,
      ...(cred.token ? { token: cred.token } : {}),
      ...(cred.clientCertificateData
        ? { certData: b64(cred.clientCertificateData), certFile: undefined }
        : {}),
      ...(cred.clientKeyData ? { keyData: b64(cred.clientKeyData), keyFile: undefined } : {}),
    } as k8s.User;
  }
  const context = kc.getContextObject(kc.getCurrentContext());
  const options = new lib.KubeConfig();
  options.loadFromOptions({
    // http:// (loopback only, checked above) needs skipTLSVerify for client-node's agent; it has no TLS anyway.
    clusters: [
      serverUrl.protocol === 'http:'
        ? { ...cluster, skipTLSVerify: true, proxyUrl: undefined }
        : { ...cluster, proxyUrl: undefined },
    ],
    users: user ? [user] : [],
    contexts: context ? [context] : [],
    currentContext: kc.getCurrentContext(),
  });
  const opts: https.RequestOptions & { headers?: Record<string, string> } = {};
  try {
    const applied = options.applyToHTTPSOptions(opts);
    // Only an auth provider (OIDC refresh, cloud plugins) may take time: only then name it in a timeout.
    await (user?.authProvider
      ? deadline.race(applied, "waiting for the kubeconfig's auth provider to give credentials")
      : applied);
  } catch (err) {
    if (err instanceof CliError) throw err;
    const e = err as NodeJS.ErrnoException & { path?: string };
    throw new CliError(
      EXIT.KUBECONFIG,
      e.path
        ? `cannot read ${e.path} named in the kubeconfig: ${e.code ?? oneLine(e.message, 200)}`
        : `cannot get credentials from the kubeconfig: ${oneLine(e.message, 200)}`,
      "check the kubeconfig's client-certificate, client-key, certificate-authority and auth settings",
    );
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.headers ?? {})) if (typeof v === 'string') headers[k] = v;
  if (typeof opts.auth === 'string')
    headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
  const tls: TlsOptions = {
    ...(opts.ca ? { ca: opts.ca as Buffer } : {}),
    ...(opts.cert ? { cert: opts.cert as Buffer } : {}),
    ...(opts.key ? { key: opts.key as Buffer } : {}),
    ...(cluster.skipTLSVerify ? { rejectUnauthorized: false } : { rejectUnauthorized: true }),
    ...(cluster.tlsServerName ? { servername: cluster.tlsServerName } : {}),
  };
  const proxy: ProxyChoice | undefined = cluster.proxyUrl
    ? {
        url: parseProxyUrl(cluster.proxyUrl, "the kubeconfig's proxy-url"),
        source: "the kubeconfig's proxy-url",
      }
    : proxyFor(serverUrl);
  const agent = proxy
    ? await proxyAgent(proxy, serverUrl)
    : serverUrl.protocol === 'https:'
      ? new https.Agent({ keepAlive: true })
      : new http.Agent({ keepAlive: true });
  const endpoint: Endpoint = { tls, agent, ...(proxy ? { proxy } : {}) };
  const trust = {
    given: Boolean(cluster.caData || cluster.caFile),
    source: "the kubeconfig's certificate-authority(-data)",
    fix:
      cluster.caData || cluster.caFile
        ? "put the cluster's CA into the kubeconfig's certificate-authority-data (or set tls-server-name to the name the certificate carries)"
        : "add the cluster's CA as certificate-authority-data to the kubeconfig",
  };
  return new HttpKube(serverUrl, endpoint, headers, deadline, trust, context?.namespace);
}

interface Call {
  readonly method: string;
  /** Path below the server URL (whose own path is kept: a proxied API lives under one). */
  readonly path: string;
  readonly query?: Record<string, string>;
  readonly body?: unknown;
  /** For messages: `get secrets "x" in namespace "argo"`. */
  readonly doing: string;
  /** For a 403: the verb and resource to name. */
  readonly verb: string;
  readonly resource: string;
  readonly namespace?: string;
}

const RETRYABLE = new Set([429, 503]);

class HttpKube implements KubeApi {
  public readonly server: string;

  public constructor(
    private readonly base: URL,
    private readonly endpoint: Endpoint,
    private readonly headers: Record<string, string>,
    public readonly deadline: Deadline,
    private readonly trust: FailureContext['trust'],
    public readonly contextNamespace?: string,
  ) {
    this.server = base.href.replace(/\/$/, '');
  }

  public close(): void {
    this.endpoint.agent.destroy();
  }

  private url(p: string, query: Record<string, string> = {}): URL {
    const url = new URL(this.base.href);
    url.pathname = `${url.pathname.replace(/\/$/, '')}${p}`;
    url.search = new URLSearchParams(query).toString();
    return url;
  }

  private request(call: Call, signal: AbortSignal = this.deadline.signal): HttpRequest {
    return {
      method: call.method,
      url: this.url(call.path, call.query),
      headers: {
        ...this.headers,
        Accept: 'application/json',
        'User-Agent': 'argo-token',
        ...(call.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
      signal,
    };
  }

  private failure(failure: HttpFailure, call: Call): KubeError {
    const ctx: FailureContext = { what: KUBE, server: this.server, trust: this.trust, doing: call.doing };
    if (failure.kind === 'aborted') {
      const e = this.deadline.error(
        `waiting for ${KUBE} at ${this.server} to answer ${call.doing}`,
        'it accepted the connection but did not answer in time: check the server and any proxy in between, or raise --timeout',
      );
      return new KubeError(e.code, e.message, e.hint, 'timeout');
    }
    const { message, hint } = describeFailure(failure, ctx, this.endpoint);
    return new KubeError(EXIT.UNREACHABLE, message, hint, failure.kind === 'cut' ? 'stream' : 'network');
  }

  /** An answer that is not 2xx, or not Kubernetes JSON: a KubeError of kind 'status' or 'answer'. */
  private answerError(status: number, headers: Record<string, unknown>, body: string, call: Call): KubeError {
    const where = call.namespace ? ` in namespace "${call.namespace}"` : '';
    if (status >= 300 && status < 400) {
      const location = typeof headers.location === 'string' ? headers.location : '';
      let to = '';
      try {
        const u = new URL(location, this.base);
        to = ` to ${u.origin}${u.pathname}`;
      } catch {
        // no usable Location
      }
      return new KubeError(
        EXIT.API_ERROR,
        `${KUBE} at ${this.server} answered ${call.doing} with a redirect (HTTP ${status}${to})`,
        "the API server never redirects: the kubeconfig's server leads to a sign-in page or a proxy; use the API server's own address (kubectl cluster-info)",
        'answer',
        status,
      );
    }
    const parsed = parseJson(body);
    const statusObj =
      parsed && typeof parsed === 'object' && (parsed as { kind?: unknown }).kind === 'Status'
        ? (parsed as { code?: unknown; reason?: unknown; message?: unknown })
        : undefined;
    const message = typeof statusObj?.message === 'string' ? oneLine(statusObj.message, 300) : undefined;
    const reason = typeof statusObj?.reason === 'string' ? statusObj.reason : undefined;
    if (status === 401) {
      return new KubeError(
        EXIT.UNAUTHORIZED,
        `${KUBE} at ${this.server} rejected your kubeconfig credentials (401 Unauthorized)`,
        'log in again or refresh the kubeconfig (an expired token, or an exec credential plugin that failed)',
        'status',
        401,
        reason,
      );
    }
    if (statusObj && status === 403) {
      return new KubeError(
        EXIT.FORBIDDEN,
        `forbidden: your kubeconfig user cannot ${call.verb} ${call.resource}${where}${message ? ` (${message})` : ''}`,
        `ask for a Role granting ${call.verb} on ${call.resource}${where}`,
        'status',
        403,
        reason,
      );
    }
    if (statusObj && status >= 400) {
      return new KubeError(
        EXIT.API_ERROR,
        `${KUBE} at ${this.server} failed ${call.doing}: HTTP ${status}${reason ? ` ${reason}` : ''}${message ? `: ${message}` : ''}`,
        status >= 500
          ? 'a server-side failure: retry later, and check the API server and its etcd'
          : 'the request was refused as shown',
        'status',
        status,
        reason,
      );
    }
    const type =
      typeof headers['content-type'] === 'string' ? headers['content-type'].split(';')[0] : 'no content type';
    const what =
      parsed === undefined
        ? `${type}, not JSON`
        : `JSON that is not a Kubernetes ${status < 300 ? 'object' : 'Status'}`;
    return new KubeError(
      EXIT.API_ERROR,
      `${KUBE} at ${this.server} answered ${call.doing} with HTTP ${status} (${what})`,
      /html/i.test(type)
        ? "an HTML page comes from a proxy, load balancer or sign-in page, not the API server: check the kubeconfig's server and any proxy (HTTPS_PROXY)"
        : "is the kubeconfig's server a Kubernetes API server? check it and any proxy or load balancer in between",
      'answer',
      status,
    );
  }

  /** One call: a JSON object on 2xx; otherwise a KubeError. 429 and 503 are retried (Retry-After), within the deadline. */
  private async call(call: Call): Promise<Record<string, unknown>> {
    for (let attempt = 0; ; attempt++) {
      let res: Awaited<ReturnType<typeof send>>;
      try {
        res = await send(this.endpoint, this.request(call));
      } catch (err) {
        if (err instanceof HttpFailure) throw this.failure(err, call);
        throw err;
      }
      if (res.status >= 200 && res.status < 300) {
        const parsed = parseJson(res.body);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
          return parsed as Record<string, unknown>;
        throw this.answerError(res.status, res.headers, res.body, call);
      }
      if (RETRYABLE.has(res.status) && attempt < 3) {
        const after = Number(res.headers['retry-after']);
        await this.deadline.sleep(
          Number.isFinite(after) && after > 0 ? Math.min(after, 10) * 1000 : 500 * 2 ** attempt,
        );
        if (!this.deadline.expired()) continue;
      }
      throw this.answerError(res.status, res.headers, res.body, call);
    }
  }

  private secretCall(
    method: string,
    verb: string,
    namespace: string,
    name?: string,
    extra: Partial<Call> = {},
  ): Call {
    const ns = encodeURIComponent(namespace);
    return {
      method,
      path: `/api/v1/namespaces/${ns}/secrets${name !== undefined ? `/${encodeURIComponent(name)}` : ''}`,
      doing: `${verb} secrets${name !== undefined ? ` "${name}"` : ''} in namespace "${namespace}"`,
      verb,
      resource: 'secrets',
      namespace,
      ...extra,
    };
  }

  public async getSecret(namespace: string, name: string): Promise<SecretObject | undefined> {
    try {
      return asSecret(await this.call(this.secretCall('GET', 'get', namespace, name)));
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  public async listSecret(namespace: string, name: string) {
    const list = await this.call(
      this.secretCall('GET', 'list', namespace, undefined, {
        query: { fieldSelector: `metadata.name=${name}` },
      }),
    );
    const items = Array.isArray(list.items) ? list.items : [];
    const secret = items.map(asSecret).find((s) => s.metadata.name === name);
    const rv = (list.metadata as { resourceVersion?: unknown } | undefined)?.resourceVersion;
    return { ...(secret ? { secret } : {}), resourceVersion: typeof rv === 'string' ? rv : '' };
  }

  public async *watchSecret(
    namespace: string,
    name: string,
    resourceVersion: string,
  ): AsyncGenerator<WatchEvent> {
    const call = this.secretCall('GET', 'watch', namespace, undefined, {
      query: {
        watch: 'true',
        fieldSelector: `metadata.name=${name}`,
        allowWatchBookmarks: 'true',
        ...(resourceVersion ? { resourceVersion } : {}),
        // The server ends the watch by then; our deadline ends it anyway.
        timeoutSeconds: String(Math.max(1, Math.min(1800, Math.ceil(this.deadline.remaining() / 1000)))),
      },
    });
    const req = this.request(call);
    let res: Awaited<ReturnType<typeof open>>;
    try {
      res = await open(this.endpoint, req);
    } catch (err) {
      if (err instanceof HttpFailure) throw this.failure(err, call);
      throw err;
    }
    if (res.statusCode !== 200) {
      let body = '';
      try {
        body = await readBody(res, this.endpoint, { ...req, maxBytes: 1024 * 1024 });
      } catch (err) {
        if (err instanceof HttpFailure) throw this.failure(err, call);
        throw err;
      }
      throw this.answerError(res.statusCode ?? 0, res.headers, body, call);
    }
    try {
      for await (const line of lines(res, this.endpoint, req)) {
        const event = parseJson(line) as { type?: unknown; object?: unknown } | undefined;
        if (!event || typeof event.type !== 'string' || !event.object || typeof event.object !== 'object') {
          throw new KubeError(
            EXIT.API_ERROR,
            `${KUBE} at ${this.server} sent a line that is not a watch event while watching secrets "${name}" in namespace "${namespace}"`,
            'a proxy in between may be rewriting the stream',
            'stream',
            undefined,
            'NotAWatchEvent',
          );
        }
        yield event as unknown as WatchEvent;
      }
    } catch (err) {
      if (err instanceof HttpFailure) {
        // The deadline passing while the watch is open is the end of the wait, not a failure of the server.
        if (err.kind === 'aborted') return;
        const e = this.failure(err, call);
        throw new KubeError(
          e.code,
          e.message,
          e.hint,
          'stream',
          undefined,
          err.kind === 'cut' ? 'Reset' : undefined,
        );
      }
      throw err;
    }
  }

  public async createSecret(
    namespace: string,
    secret: SecretObject & { type: string },
  ): Promise<SecretObject> {
    return asSecret(
      await this.call(
        this.secretCall('POST', 'create', namespace, undefined, {
          body: { apiVersion: 'v1', kind: 'Secret', ...secret },
          doing: `create secrets "${secret.metadata.name}" in namespace "${namespace}"`,
        }),
      ),
    );
  }

  public async deleteSecret(namespace: string, name: string): Promise<boolean> {
    try {
      await this.call(this.secretCall('DELETE', 'delete', namespace, name));
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  public async serviceAccount(namespace: string, name: string) {
    try {
      const sa = await this.call({
        method: 'GET',
        path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/serviceaccounts/${encodeURIComponent(name)}`,
        doing: `get serviceaccounts "${name}" in namespace "${namespace}"`,
        verb: 'get',
        resource: 'serviceaccounts',
        namespace,
      });
      const uid = (sa.metadata as { uid?: unknown } | undefined)?.uid;
      return typeof uid === 'string' ? { uid } : {};
    } catch (err) {
      if (isNotFound(err)) return null;
      if (err instanceof KubeError && err.status === 403) return undefined;
      throw err;
    }
  }

  public async managedClients(namespace: string): Promise<string[] | undefined> {
    try {
      const list = await this.call({
        method: 'GET',
        path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/serviceaccounts`,
        query: { labelSelector: `${MANAGED_BY_LABEL}=${MANAGED_BY}` },
        doing: `list serviceaccounts in namespace "${namespace}"`,
        verb: 'list',
        resource: 'serviceaccounts',
        namespace,
      });
      const items = Array.isArray(list.items) ? (list.items as { metadata?: { name?: unknown } }[]) : [];
      return items
        .map((i) => i.metadata?.name)
        .filter((n): n is string => typeof n === 'string')
        .sort();
    } catch (err) {
      if (err instanceof KubeError && err.status === 403) return undefined;
      throw err;
    }
  }

  public async requestToken(namespace: string, serviceAccount: string, expirationSeconds: number) {
    let response: Record<string, unknown>;
    try {
      response = await this.call({
        method: 'POST',
        path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/serviceaccounts/${encodeURIComponent(serviceAccount)}/token`,
        body: {
          apiVersion: 'authentication.k8s.io/v1',
          kind: 'TokenRequest',
          spec: { audiences: [], expirationSeconds },
        },
        doing: `create serviceaccounts/token "${serviceAccount}" in namespace "${namespace}"`,
        verb: 'create',
        resource: 'serviceaccounts/token',
        namespace,
      });
    } catch (err) {
      if (isNotFound(err)) {
        throw new CliError(
          EXIT.SECRET_NOT_FOUND,
          `ServiceAccount "${serviceAccount}" not found in namespace "${namespace}"`,
          'apply the manifests first: kubectl apply -f dist/',
        );
      }
      throw err;
    }
    const status = (response.status ?? {}) as { token?: unknown; expirationTimestamp?: unknown };
    if (typeof status.token !== 'string' || !status.token) {
      throw new CliError(
        EXIT.NOT_A_JWT,
        'the TokenRequest answer holds no token',
        'check that the kubeconfig points at a Kubernetes API server',
      );
    }
    return { token: status.token, expiry: String(status.expirationTimestamp ?? '') };
  }

  public async canI(check: AccessCheck): Promise<boolean> {
    const review = await this.call({
      method: 'POST',
      path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: {
          resourceAttributes: {
            verb: check.verb,
            // `pods/log` is the resource pods with the subresource log, as the API server's authorizers see it.
            resource: check.resource.split('/')[0],
            ...(check.resource.includes('/') ? { subresource: check.resource.split('/')[1] } : {}),
            group: check.group ?? '',
            namespace: check.namespace,
            ...(check.name ? { name: check.name } : {}),
          },
        },
      },
      doing: `create selfsubjectaccessreviews (may I ${check.verb} ${check.resource}?)`,
      verb: 'create',
      resource: 'selfsubjectaccessreviews.authorization.k8s.io',
    });
    return (review.status as { allowed?: unknown } | undefined)?.allowed === true;
  }

  public async rulesReview(namespace: string): Promise<RulesReview> {
    const review = await this.call({
      method: 'POST',
      path: '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectRulesReview',
        spec: { namespace },
      },
      doing: `create selfsubjectrulesreviews in namespace "${namespace}"`,
      verb: 'create',
      resource: 'selfsubjectrulesreviews.authorization.k8s.io',
      namespace,
    });
    const status = (review.status ?? {}) as {
      resourceRules?: unknown;
      incomplete?: unknown;
      evaluationError?: unknown;
    };
    const rules = (Array.isArray(status.resourceRules) ? status.resourceRules : []).filter(
      (r): r is RulesReview['rules'][number] =>
        typeof r === 'object' && r !== null && Array.isArray((r as { verbs?: unknown }).verbs),
    );
    return {
      rules,
      incomplete: status.incomplete === true,
      ...(typeof status.evaluationError === 'string' && status.evaluationError
        ? { evaluationError: oneLine(status.evaluationError, 200) }
        : {}),
    };
  }

  public withToken(token: string): KubeApi {
    const { cert: _cert, key: _key, ...tls } = this.endpoint.tls;
    const headers = Object.fromEntries(
      Object.entries(this.headers).filter(([k]) => k.toLowerCase() !== 'authorization'),
    );
    return new HttpKube(
      this.base,
      { ...this.endpoint, tls },
      { ...headers, Authorization: `Bearer ${token}` },
      this.deadline,
      this.trust,
      this.contextNamespace,
    );
  }

  public async issuerKeys(): Promise<IssuerKeys> {
    try {
      const jwks = await this.call({
        method: 'GET',
        path: '/openid/v1/jwks',
        doing: 'get /openid/v1/jwks',
        verb: 'get',
        resource: '/openid/v1/jwks',
      });
      const keys = Array.isArray(jwks.keys) ? (jwks.keys as JsonWebKey[]) : undefined;
      return keys ? { keys } : { unavailable: '/openid/v1/jwks holds no keys' };
    } catch (err) {
      if (err instanceof KubeError && err.kind !== 'timeout') {
        return { unavailable: err.status ? `HTTP ${err.status} on /openid/v1/jwks` : err.message };
      }
      throw err;
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function asSecret(obj: unknown): SecretObject {
  const o = (obj ?? {}) as { metadata?: unknown };
  const metadata = o.metadata && typeof o.metadata === 'object' ? o.metadata : { name: '' };
  return { ...(obj as object), metadata } as SecretObject;
}

const isNotFound = (err: unknown) => err instanceof KubeError && err.kind === 'status' && err.status === 404;
