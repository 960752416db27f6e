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
import { OPERATIONS } from '../../src/argo/catalogue';
import type { Operation } from '../../src/argo/facts';
import { DEFAULT_ARGO_VERSION, latestPatch } from '../../src/argo/versions';
import type { RbacEvaluator } from '../../src/rbac/evaluator';
import { operationAllowed } from '../../src/rbac/operations';
import type { Fault } from './kube-api-server';
import { testTls } from './tls';

export interface ArgoServerOptions {
  /** Who a bearer token is (a KubeApiServer's whoIs): undefined means Kubernetes would answer 401. */
  readonly authenticate: (token: string) => { namespace: string; serviceAccount: string } | undefined;
  /** The RBAC the cluster really has. */
  readonly rbac: RbacEvaluator;
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
    const { status, body } = this.answer(req.method ?? 'GET', url, authorization);
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private answer(method: string, url: URL, authorization: string): { status: number; body: unknown } {
    // Like Argo Server: these accept any bearer token, which is why they prove nothing.
    if (url.pathname === '/api/v1/version' || url.pathname === '/api/v1/info')
      return { status: 200, body: { version: 'v0.0.0-test' } };
    const route = ROUTES.find(
      (r) =>
        r.op.method === method &&
        r.path.test(url.pathname) &&
        r.query.every(([k]) => url.searchParams.has(k)),
    );
    if (!route) return { status: 404, body: { code: 5, message: 'Not Found', details: [] } };
    const match = /^Bearer (.+)$/.exec(authorization);
    const who = match ? this.options.authenticate(match[1]) : undefined;
    if (!who)
      return { status: 401, body: { code: 16, message: 'token not valid for running mode', details: [] } };
    if (route.op.area === 'archived workflows' && this.options.archive === false) {
      return { status: 404, body: { code: 5, message: 'archived workflows not supported', details: [] } };
    }
    const namespace = url.searchParams.get('namespace') ?? route.path.exec(url.pathname)?.[1] ?? '';
    const client = { namespace: who.namespace, name: who.serviceAccount };
    const version = latestPatch(DEFAULT_ARGO_VERSION)!;
    if (!operationAllowed(this.options.rbac, client, route.op, decodeURIComponent(namespace), version)) {
      return {
        status: 403,
        body: {
          code: 7,
          message: `Forbidden: system:serviceaccount:${who.namespace}:${who.serviceAccount} cannot ${route.op.id}`,
          details: [],
        },
      };
    }
    // Argo's JSON marshaller writes ListMeta and a nil Items as null.
    return { status: 200, body: { metadata: { resourceVersion: '1' }, items: null } };
  }
}
