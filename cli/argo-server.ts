// All Argo Server HTTP access of argo-token (verify uses it; it is the base for more checks).
// A base URL whose path is kept (https://host/argo/ → /argo/api/v1/…), TLS with --ca-file or
// --insecure, http:// only when cleartext is explicitly allowed (then a warning), HTTPS_PROXY /
// HTTP_PROXY / NO_PROXY as kubectl reads them, a deadline per request and for the whole command,
// no redirects followed, and every answer classified:
//   allowed       2xx and JSON of the expected shape (a list: {metadata, items})
//   forbidden     403 with Argo's gRPC-gateway error body ({code, message})
//   rejected      401 with Argo's error body (token expired, revoked, or not in client auth mode)
//   argo-error    Argo's error body with another status (404 NotFound, 501 Unimplemented, 500…)
//   server-error  anything else: HTML, a redirect, a 5xx or 404 page, JSON of another shape —
//                 not Argo's API answering (wrong URL or base path, a sign-in proxy, the UI)

import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { CliError, EXIT, oneLine } from './errors';
import {
  describeFailure,
  type Endpoint,
  type FailureContext,
  HttpFailure,
  open,
  readBody,
  send,
} from './http';
import { describeProxy, proxyAgent, proxyFor } from './proxy';

export interface ArgoServerOptions {
  /** `https://host:2746`, `https://host/argo/` (the base path is kept), or `host:2746` (https). */
  readonly server: string;
  /** PEM of the CA that signed Argo Server's certificate (or caFile). */
  readonly ca?: string | Buffer;
  /** For messages: where ca came from (`--ca-file F`). */
  readonly caFile?: string;
  /** Skip TLS verification. */
  readonly insecure?: boolean;
  /** http:// is refused unless 'allow' (then `log` gets a warning): the token would travel in cleartext. */
  readonly cleartext?: 'refuse' | 'allow';
  /** The whole command's deadline: every request also stops when it aborts. */
  readonly signal?: AbortSignal;
  /** Each request's own limit (default: none beyond signal). */
  readonly requestTimeoutMs?: number;
  /** Environment for proxy variables (default process.env). */
  readonly env?: Record<string, string | undefined>;
  readonly log?: (line: string) => void;
  /** How the deadline is named in messages ("60s"). */
  readonly timeoutLabel?: string;
}

export type ArgoAnswer =
  | { readonly kind: 'allowed'; readonly status: number; readonly body: unknown }
  | {
      readonly kind: 'forbidden' | 'rejected' | 'argo-error';
      readonly status: number;
      readonly code: number;
      readonly message: string;
    }
  | { readonly kind: 'server-error'; readonly status: number; readonly why: string };

/** Argo's list answers: `{"metadata": {...}, "items": [...] | null}` (ListMeta and Items, always both). */
export function isArgoList(body: unknown): boolean {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const o = body as { metadata?: unknown; items?: unknown };
  return (
    typeof o.metadata === 'object' &&
    o.metadata !== null &&
    !Array.isArray(o.metadata) &&
    (o.items === null || Array.isArray(o.items))
  );
}

/** Argo Server's gRPC-gateway error body: `{"code": 7, "message": "...", "details": []}`. */
export function argoErrorBody(body: unknown): { code: number; message: string } | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const o = body as Record<string, unknown>;
  const extra = Object.keys(o).filter((k) => !['code', 'message', 'details', 'error'].includes(k));
  if (typeof o.code !== 'number' || typeof o.message !== 'string' || extra.length > 0) return undefined;
  return { code: o.code, message: o.message };
}

/** Sorts an HTTP answer into allowed / forbidden / rejected / argo-error / server-error. */
export function classifyArgoAnswer(
  status: number,
  headers: Record<string, unknown>,
  body: string,
  expect: (body: unknown) => boolean = isArgoList,
): ArgoAnswer {
  const type =
    typeof headers['content-type'] === 'string' ? headers['content-type'].split(';')[0].trim() : '';
  let json: unknown;
  let parsed = false;
  try {
    json = JSON.parse(body);
    parsed = true;
  } catch {
    // not JSON
  }
  const described = parsed ? 'JSON' : type || 'no content type';
  if (status >= 300 && status < 400) {
    const location = typeof headers.location === 'string' ? headers.location : '';
    let to = '';
    try {
      const u = new URL(location, 'https://x');
      to = location.startsWith('/') ? ` to ${u.pathname}` : ` to ${u.origin}${u.pathname}`;
    } catch {
      // no usable Location
    }
    return { kind: 'server-error', status, why: `a redirect${to} (a sign-in proxy or the wrong URL?)` };
  }
  if (status >= 200 && status < 300) {
    if (parsed && expect(json)) return { kind: 'allowed', status, body: json };
    return {
      kind: 'server-error',
      status,
      why: parsed
        ? 'JSON that is not an Argo API answer'
        : `${described}, not Argo's JSON (a UI page or a sign-in proxy?)`,
    };
  }
  const argo = parsed ? argoErrorBody(json) : undefined;
  if (argo) {
    const kind = status === 403 ? 'forbidden' : status === 401 ? 'rejected' : 'argo-error';
    return { kind, status, code: argo.code, message: oneLine(argo.message, 200) };
  }
  return {
    kind: 'server-error',
    status,
    why: `${described}, not Argo's error body${status >= 500 ? ' (a proxy or load balancer in front?)' : status === 404 ? ' (wrong URL or base path?)' : ''}`,
  };
}

function usage(message: string, hint?: string): CliError {
  return new CliError(EXIT.USAGE, message, hint);
}

/** Parses --server: https (or, explicitly, http), a host, no credentials, query or fragment. */
export function parseServerUrl(server: string): URL {
  const text = server.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw usage(
      `--server ${JSON.stringify(oneLine(server, 100))} is not a URL`,
      'pass https://host:2746 (and the base path, if Argo Server has one)',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw usage(`--server must be an https:// URL, got ${url.protocol}//`, 'pass https://host:2746');
  }
  if (!url.hostname) throw usage('--server names no host', 'pass https://host:2746');
  if (url.username || url.password) {
    throw usage('--server must not carry credentials (user:password@)', 'the token is the credential');
  }
  if (url.search || url.hash)
    throw usage('--server must not carry a query or fragment', 'pass https://host:2746/base-path');
  return url;
}

/** The checks of --server shared by verify and -o docker-env: scheme policy and the cleartext warning. */
export function checkServerPolicy(
  url: URL,
  options: Pick<ArgoServerOptions, 'cleartext' | 'caFile' | 'insecure' | 'log'>,
): void {
  if (url.protocol !== 'http:') return;
  if (options.cleartext !== 'allow') {
    throw usage(
      `--server ${url.origin} is http://: the token would travel in cleartext`,
      'use https://; if Argo Server really runs with --secure=false on a trusted network, pass --allow-http',
    );
  }
  if (options.caFile || options.insecure) {
    throw usage(
      `${options.caFile ? '--ca-file' : '--insecure'} has no effect on http:// (no TLS)`,
      'use https:// with --ca-file, or leave it out',
    );
  }
  options.log?.(
    `warning: --allow-http: the token goes to ${url.origin} in cleartext; anyone on the network path can read and reuse it`,
  );
}

export class ArgoServerClient {
  public static async create(options: ArgoServerOptions): Promise<ArgoServerClient> {
    const base = parseServerUrl(options.server);
    checkServerPolicy(base, options);
    let ca = options.ca;
    if (ca === undefined && options.caFile) {
      try {
        ca = fs.readFileSync(options.caFile);
      } catch (err) {
        throw usage(`cannot read --ca-file ${options.caFile}: ${(err as NodeJS.ErrnoException).code ?? err}`);
      }
    }
    const proxy = proxyFor(base, options.env ?? process.env);
    const agent = proxy
      ? await proxyAgent(proxy, base)
      : base.protocol === 'https:'
        ? new https.Agent({ keepAlive: true })
        : new http.Agent({ keepAlive: true });
    const endpoint: Endpoint = {
      tls: { rejectUnauthorized: !options.insecure, ...(ca ? { ca } : {}) },
      agent,
      ...(proxy ? { proxy } : {}),
    };
    if (proxy) options.log?.(`calling Argo Server through the proxy ${describeProxy(proxy)}`);
    return new ArgoServerClient(base, endpoint, options);
  }

  /** The base URL, its path kept, without a trailing slash. */
  public readonly server: string;

  private constructor(
    public readonly base: URL,
    private readonly endpoint: Endpoint,
    private readonly options: ArgoServerOptions,
  ) {
    this.server = `${base.origin}${base.pathname.replace(/\/+$/, '')}`;
  }

  /** An API path (`/api/v1/workflows/argo?x=y`) below the base path. */
  public url(apiPath: string): URL {
    const [p, query] = apiPath.split('?');
    const url = new URL(this.base.href);
    url.pathname = `${url.pathname.replace(/\/+$/, '')}${p.startsWith('/') ? p : `/${p}`}`;
    url.search = query ?? '';
    return url;
  }

  public close(): void {
    this.endpoint.agent.destroy();
  }

  /**
   * GETs apiPath with the token and classifies the answer. A failure without an answer throws a
   * CliError: exit 11 (unreachable, TLS, proxy), or exit 7 when the deadline or requestTimeoutMs passes.
   */
  public get(
    apiPath: string,
    token: string,
    opts: { expect?: (body: unknown) => boolean; timeoutMs?: number } = {},
  ): Promise<ArgoAnswer> {
    return this.request('GET', apiPath, token, opts);
  }

  /** A request with the token (and a JSON body), its answer classified as get's. */
  public async request(
    method: 'GET' | 'POST',
    apiPath: string,
    token: string,
    opts: { expect?: (body: unknown) => boolean; timeoutMs?: number; body?: unknown } = {},
  ): Promise<ArgoAnswer> {
    const url = this.url(apiPath);
    const doing = `${method} ${url.pathname}${url.search}`;
    const signal = this.signalFor(opts.timeoutMs);
    try {
      const res = await send(this.endpoint, {
        method,
        url,
        headers: {
          ...this.headers(token),
          ...(opts.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        },
        ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
        signal,
        maxBytes: 64 * 1024 * 1024,
      });
      return classifyArgoAnswer(res.status, res.headers, res.body, opts.expect);
    } catch (err) {
      throw this.failure(err, doing, opts.timeoutMs);
    }
  }

  /**
   * Opens a stream (a watch) and closes it as soon as its headers come: Argo sends them only once
   * its check passed (ws.SendHeader after the watch call), so JSON headers with 200 mean allowed
   * (`open`); a denial comes instead as 403 (Argo's error body, or grpc-gateway's `{"error": …}`
   * chunk). No silence is taken as an answer: a server that sends nothing meets the deadline.
   */
  public async openStream(
    apiPath: string,
    token: string,
  ): Promise<ArgoAnswer | { readonly kind: 'open'; readonly status: number }> {
    const url = this.url(apiPath);
    const doing = `GET ${url.pathname}${url.search}`;
    const req = {
      method: 'GET',
      url,
      headers: this.headers(token),
      signal: this.signalFor(undefined),
      maxBytes: 4 * 1024 * 1024,
    };
    try {
      const res = await open(this.endpoint, req);
      const status = res.statusCode ?? 0;
      const type = String(res.headers['content-type'] ?? '')
        .split(';')[0]
        .trim();
      if (status === 200 && type === 'application/json') {
        res.destroy();
        return { kind: 'open', status };
      }
      const body = await readBody(res, this.endpoint, req);
      // grpc-gateway v1 answers a stream that fails before its first frame with the status and an error chunk.
      const chunk = body.trimStart().startsWith('{"error"') ? classifyStreamFrame(body.trim()) : undefined;
      return chunk && chunk.kind !== 'server-error' ? chunk : classifyArgoAnswer(status, res.headers, body);
    } catch (err) {
      throw this.failure(err, doing, undefined);
    }
  }

  private headers(token: string): Record<string, string> {
    return { Authorization: `Bearer ${token}`, Accept: 'application/json', 'User-Agent': 'argo-token' };
  }

  private signalFor(timeoutMs: number | undefined): AbortSignal {
    const signals: AbortSignal[] = [];
    if (this.options.signal) signals.push(this.options.signal);
    const perRequest = timeoutMs ?? this.options.requestTimeoutMs;
    if (perRequest !== undefined) signals.push(AbortSignal.timeout(perRequest));
    return signals.length === 0 ? new AbortController().signal : AbortSignal.any(signals);
  }

  private failure(err: unknown, doing: string, timeoutMs: number | undefined): unknown {
    if (!(err instanceof HttpFailure)) return err;
    const perRequest = timeoutMs ?? this.options.requestTimeoutMs;
    if (err.kind === 'aborted') {
      const whole = this.options.signal?.aborted;
      return new CliError(
        EXIT.TIMEOUT,
        `timed out${whole && this.options.timeoutLabel ? ` after ${this.options.timeoutLabel}` : ''} waiting for Argo Server at ${this.server} to answer ${doing}${whole ? '' : ` (per-request limit ${perRequest} ms)`}`,
        'it accepted the connection but did not answer in time: check Argo Server and any proxy in between, or raise --timeout',
      );
    }
    const ctx: FailureContext = {
      what: 'Argo Server',
      server: this.server,
      doing,
      trust: {
        given: Boolean(this.options.ca ?? this.options.caFile),
        source: this.options.caFile ? `the CA in --ca-file ${this.options.caFile}` : 'the given CA',
        fix: this.options.caFile
          ? 'pass the CA that signed it with --ca-file (or --insecure to skip verification)'
          : 'pass --ca-file with the CA that signed it (or --insecure to skip verification)',
      },
    };
    const { message, hint } = describeFailure(err, ctx, this.endpoint);
    return new CliError(EXIT.ARGO_UNREACHABLE, message, hint);
  }
}

/**
 * One frame of a grpc-gateway stream: `{"result": …}` (an event: the watch is allowed) or
 * `{"error": {"grpc_code": 7, "http_code": 403, "message": …}}` (grpc-gateway v1's errorChunk).
 */
export function classifyStreamFrame(line: string): ArgoAnswer {
  let frame: unknown;
  try {
    frame = JSON.parse(line);
  } catch {
    return { kind: 'server-error', status: 200, why: "a stream frame that is not JSON, not Argo's stream" };
  }
  const o = (frame ?? {}) as { result?: unknown; error?: Record<string, unknown> };
  if (o.result !== undefined) return { kind: 'allowed', status: 200, body: o.result };
  const e = o.error;
  if (e && typeof e === 'object') {
    const code = Number(e.grpc_code ?? e.code);
    const status = Number(e.http_code ?? (code === 7 ? 403 : code === 16 ? 401 : 500));
    const message = oneLine(String(e.message ?? ''), 200);
    const kind = status === 403 ? 'forbidden' : status === 401 ? 'rejected' : 'argo-error';
    return { kind, status, code, message };
  }
  return { kind: 'server-error', status: 200, why: "a stream frame of another shape, not Argo's stream" };
}

/**
 * Where Argo Server is, as the Argo CLI reads it (cmd/argo/commands/client/conn.go): `--server`, else
 * ARGO_SERVER (`host:port`); without a scheme, https unless ARGO_SECURE is "false"; ARGO_BASE_HREF as
 * the base path when the address has none; ARGO_INSECURE_SKIP_VERIFY "true" skips TLS verification.
 * ARGO_HTTP1 needs nothing: argo-token always speaks HTTP/1.1 to the REST API.
 */
export function argoServerFromEnv(
  flag: string | undefined,
  env: Record<string, string | undefined>,
): { url: string; insecure: boolean; cleartext: boolean } {
  const given = flag ?? env.ARGO_SERVER;
  if (given === undefined || given.trim() === '') {
    throw usage(
      'no Argo Server: pass --server, or set ARGO_SERVER (host:port, as for the Argo CLI)',
      'e.g. --server https://argo.example.com:2746, or ARGO_SERVER=argo.example.com:2746',
    );
  }
  const source = flag !== undefined ? '--server' : 'ARGO_SERVER';
  const text = given.trim();
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  const secure = env.ARGO_SECURE !== 'false';
  let url = hasScheme ? text : `${secure ? 'https' : 'http'}://${text}`;
  const parsed = (() => {
    try {
      return new URL(url);
    } catch {
      throw usage(
        `${source} ${JSON.stringify(oneLine(given, 100))} is not a URL`,
        'pass host:port or https://host:2746 (and the base path, if Argo Server has one)',
      );
    }
  })();
  const baseHref = (env.ARGO_BASE_HREF ?? '').trim().replace(/^\/*/, '/').replace(/\/+$/, '');
  if (baseHref && (parsed.pathname === '/' || parsed.pathname === '')) {
    url = `${parsed.origin}${baseHref}`;
  }
  return {
    url,
    insecure: env.ARGO_INSECURE_SKIP_VERIFY === 'true',
    // ARGO_SECURE=false is the user's explicit word that Argo Server speaks http (as --allow-http).
    cleartext: !hasScheme && !secure,
  };
}
