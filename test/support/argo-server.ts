// An Argo Server double for tests: answers the REST paths of the catalogue's operations as Argo
// Server in client auth mode would, deciding with the RBAC of manifests: a list
// (`{"metadata":{…},"items":null}`) when allowed, Argo's gRPC-gateway error body (`{"code":7,…}`)
// with 403 when not, 401 for a token Kubernetes does not know. Optionally under a base path, over
// plain http, with an expired certificate, and with faults injected (HTML pages, redirects, 5xx,
// malformed JSON, hangs, delays, resets): what sign-in proxies, UIs and load balancers answer.

import type { IncomingMessage, ServerResponse } from 'node:http';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { OPERATIONS, requiredChecks } from '../../src/argo/catalogue';
import type { Operation } from '../../src/argo/facts';
import { DEFAULT_ARGO_VERSION, latestPatch } from '../../src/argo/versions';
import type { RbacEvaluator, ResourceAttributes } from '../../src/rbac/evaluator';
import { attributesOf } from '../../src/rbac/operations';
import type { Fault } from './kube-api-server';
import { testTls } from './tls';

export interface ArgoServerOptions {
  /** Who a bearer token is (a KubeApiServer's whoIs): undefined means Kubernetes would answer 401. */
  readonly authenticate: (token: string) => { namespace: string; serviceAccount: string } | undefined;
  /** The RBAC the cluster really has (when `authorize` is not given). */
  readonly rbac?: RbacEvaluator;
  /**
   * Kubernetes' answer for a request made with the caller's token (a KubeApiServer's authorizeToken):
   * RBAC evaluated over the objects applied to that server, drift included.
   */
  readonly authorize?: (token: string, attrs: ResourceAttributes) => 'unauthenticated' | 'allowed' | 'denied';
  /** The Argo release the server runs (its /api/v1/version and the checks it makes). Default: the latest of the default line. */
  readonly version?: string;
  /** Whether the workflow archive is enabled (when not, archived endpoints answer 404). */
  readonly archive?: boolean;
  /** Serve the API under this path (`/argo`), as with Argo Server's --basehref behind an ingress. */
  readonly basePath?: string;
  /** Plain http (Argo Server with --secure=false). */
  readonly http?: boolean;
  readonly certificate?: 'valid' | 'expired';
}

/** The faults of KubeApiServer that make sense here (no watch faults). */
export type ArgoFault = Exclude<Fault, { kind: 'watch-error' | 'watch-garbage' | 'watch-reset' }>;

/** A sign-in page, as an auth proxy in front of Argo Server answers everything. */
export const SIGN_IN_PAGE =
  '<!doctype html><html><head><title>Sign in</title></head><body>Sign in</body></html>';

/** Watches and log streams: grpc-gateway streams. */
const STREAM = /\/(stream|workflow-events)\/|\/log$/;

interface Route {
  readonly op: Operation;
  readonly path: RegExp;
  readonly query: [string, string][];
}

/** Templates as regexes; a template with query parameters is more specific than one without. */
const ROUTES: Route[] = OPERATIONS.map((op) => {
  const [pathPart, queryPart] = op.path.split('?');
  const path = new RegExp(`^${pathPart.replace(/\{[^}]+\}/g, '([^/]+)')}$`);
  const query = [...new URLSearchParams(queryPart ?? '')].map(([k, v]) => [k, v] as [string, string]);
  return { op, path, query };
}).sort((a, b) => b.query.length - a.query.length);

export class ArgoServer {
  public static async start(options: ArgoServerOptions): Promise<ArgoServer> {
    const server = new ArgoServer(options);
    await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  /** Every request: method, path (with query) and the Authorization header's first word. */
  public readonly requests: { method: string; url: string; scheme?: string }[] = [];
  /** What a create without a dry run stored (a dry run stores nothing). */
  public readonly stored: { operation: string; namespace: string; body: unknown }[] = [];
  private readonly server: http.Server;
  private readonly faults: { pattern: RegExp; fault: ArgoFault; remaining: number }[] = [];
  private readonly hung = new Set<ServerResponse>();

  private constructor(private readonly options: ArgoServerOptions) {
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      this.handle(req, res).catch(() => res.destroy());
    };
    if (options.http) {
      this.server = http.createServer(handler);
    } else {
      const tls = testTls();
      this.server = https.createServer(
        { cert: options.certificate === 'expired' ? tls.expiredCertPem : tls.certPem, key: tls.keyPem },
        handler,
      );
    }
  }

  /** The URL to pass as --server (with the base path, if any). */
  public get url(): string {
    const scheme = this.options.http ? 'http' : 'https';
    return `${scheme}://127.0.0.1:${(this.server.address() as AddressInfo).port}${this.options.basePath ?? ''}`;
  }

  public get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The next `times` requests (default: all) whose path (with query) matches get the fault. */
  public inject(pattern: RegExp, fault: ArgoFault, times = Number.POSITIVE_INFINITY): void {
    this.faults.push({ pattern, fault, remaining: times });
  }

  public clearFaults(): void {
    this.faults.length = 0;
    for (const res of this.hung) res.destroy();
    this.hung.clear();
  }

  public stop(): Promise<void> {
    this.clearFaults();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://localhost');
    const authorization = req.headers.authorization ?? '';
    this.requests.push({
      method: req.method ?? '',
      url: `${url.pathname}${url.search}`,
      scheme: authorization.split(' ')[0],
    });
    const rule = this.faults.find((f) => f.remaining > 0 && f.pattern.test(`${url.pathname}${url.search}`));
    if (rule) {
      rule.remaining -= 1;
      const fault = rule.fault;
      if (fault.kind === 'hang') {
        this.hung.add(res);
        res.on('close', () => this.hung.delete(res));
        return;
      }
      if (fault.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (fault.kind === 'raw') {
        res.writeHead(fault.status, {
          'Content-Type': fault.contentType ?? 'text/html; charset=utf-8',
          ...fault.headers,
        });
        res.end(fault.body);
        return;
      }
      // unref: a delayed answer pending when the test ends must not keep the process alive.
      await new Promise((r) => setTimeout(r, fault.ms).unref());
      if (res.destroyed) return;
    }
    const base = this.options.basePath ?? '';
    if (!url.pathname.startsWith(`${base}/`)) {
      // Outside the base path: what the ingress in front answers.
      res.writeHead(404, { 'Content-Type': 'text/html' });
      res.end('<html><body>404 Not Found</body></html>');
      return;
    }
    url.pathname = url.pathname.slice(base.length);
    const body = req.method === 'POST' || req.method === 'PUT' ? await readBody(req) : undefined;
    const answer = this.answer(req.method ?? 'GET', url, authorization, body);
    if (answer.stream) {
      // Argo sends the headers of a stream at once (ws.SendHeader), then one frame per event.
      res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
      res.flushHeaders();
      this.hung.add(res);
      res.on('close', () => this.hung.delete(res));
      return;
    }
    res.writeHead(answer.status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  }

  private get version(): string {
    return this.options.version ?? latestPatch(DEFAULT_ARGO_VERSION)!;
  }

  private allowed(
    token: string,
    who: { namespace: string; serviceAccount: string },
    attrs: ResourceAttributes,
  ): boolean {
    if (this.options.authorize) return this.options.authorize(token, attrs) === 'allowed';
    return this.options.rbac?.can({ namespace: who.namespace, name: who.serviceAccount }, attrs) === true;
  }

  private answer(
    method: string,
    url: URL,
    authorization: string,
    body: unknown,
  ): { status: number; body?: unknown; stream?: true } {
    // Like Argo Server: these accept any bearer token, which is why they prove nothing.
    if (url.pathname === '/api/v1/version' || url.pathname === '/api/v1/info')
      return {
        status: 200,
        body: { version: `v${this.version}`, gitCommit: 'test', platform: 'linux/amd64' },
      };
    const route = ROUTES.find(
      (r) =>
        r.op.method === method &&
        r.path.test(url.pathname) &&
        r.query.every(([k]) => url.searchParams.has(k)),
    );
    if (!route) return { status: 404, body: { code: 5, message: 'Not Found', details: [] } };
    const match = /^Bearer (.+)$/.exec(authorization);
    const who = match ? this.options.authenticate(match[1]) : undefined;
    if (!match || !who)
      return { status: 401, body: { code: 16, message: 'token not valid for running mode', details: [] } };
    if (route.op.area === 'archived workflows' && this.options.archive === false) {
      return { status: 404, body: { code: 5, message: 'archived workflows not supported', details: [] } };
    }
    const params = route.path.exec(url.pathname)?.slice(1).map(decodeURIComponent) ?? [];
    const names = [...route.op.path.split('?')[0].matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    const param = (p: string) => params[names.indexOf(p)];
    const namespace = url.searchParams.get('namespace') ?? param('namespace') ?? '';
    const name = param('name');
    // The checks Argo makes for the request (the catalogue's), each answered by Kubernetes' RBAC.
    for (const check of requiredChecks(route.op, this.version)) {
      const attrs = attributesOf(check, namespace);
      const named = check.mechanism === 'caller' && check.named && name ? { name } : {};
      if (!this.allowed(match[1], who, { ...attrs, ...named })) {
        const message = `${check.resource} is forbidden: User "system:serviceaccount:${who.namespace}:${who.serviceAccount}" cannot ${check.verb} resource "${check.resource}" in the namespace "${attrs.namespace}"`;
        // A stream that fails before its first frame: grpc-gateway v1's status and error chunk.
        const body = STREAM.test(route.op.path)
          ? { error: { grpc_code: 7, http_code: 403, message, http_status: 'Forbidden' } }
          : { code: 7, message, details: [] };
        return { status: 403, body };
      }
    }
    const op = route.op;
    if (STREAM.test(op.path)) return { status: 200, stream: true };
    if (op.method === 'GET' && name !== undefined) {
      // The test server holds no objects: a named read finds nothing (after the checks passed).
      return { status: 404, body: { code: 5, message: `${op.area} "${name}" not found`, details: [] } };
    }
    if (op.id === 'create-workflow') {
      const request = (body ?? {}) as { serverDryRun?: boolean; workflow?: { metadata?: object } };
      const workflow = {
        ...request.workflow,
        metadata: { ...request.workflow?.metadata, name: 'argo-token-verify-x7k2p', namespace },
      };
      if (!request.serverDryRun) this.stored.push({ operation: op.id, namespace, body: workflow });
      return { status: 200, body: workflow };
    }
    if (op.method === 'GET') {
      // Argo's JSON marshaller writes ListMeta and a nil Items as null.
      return { status: 200, body: { metadata: { resourceVersion: '1' }, items: null } };
    }
    this.stored.push({ operation: op.id, namespace, body });
    return { status: 200, body: {} };
  }
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}
