// An Argo Server double for tests: answers the REST paths of the catalogue's operations with
// 200, 401 or 403 as Argo Server in client auth mode would, deciding with the RBAC of manifests.

import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { OPERATIONS } from '../../src/argo/catalogue';
import type { Operation } from '../../src/argo/facts';
import { DEFAULT_ARGO_VERSION, latestPatch } from '../../src/argo/versions';
import type { RbacEvaluator } from '../../src/rbac/evaluator';
import { operationAllowed } from '../../src/rbac/operations';
import { testTls } from './tls';

export interface ArgoServerOptions {
  /** Who a bearer token is (a KubeApiServer's whoIs): undefined means Kubernetes would answer 401. */
  readonly authenticate: (token: string) => { namespace: string; serviceAccount: string } | undefined;
  /** The RBAC the cluster really has. */
  readonly rbac: RbacEvaluator;
  /** Whether the workflow archive is enabled (when not, archived endpoints answer 404). */
  readonly archive?: boolean;
}

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
  private readonly server: https.Server;

  private constructor(private readonly options: ArgoServerOptions) {
    const tls = testTls();
    this.server = https.createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
      const url = new URL(req.url ?? '/', 'https://localhost');
      const authorization = req.headers.authorization ?? '';
      this.requests.push({
        method: req.method ?? '',
        url: `${url.pathname}${url.search}`,
        scheme: authorization.split(' ')[0],
      });
      const { status, body } = this.answer(req.method ?? 'GET', url, authorization);
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  }

  public get url(): string {
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  public stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
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
    if (!route) return { status: 404, body: { code: 5, message: 'Not Found' } };
    const match = /^Bearer (.+)$/.exec(authorization);
    const who = match ? this.options.authenticate(match[1]) : undefined;
    if (!who) return { status: 401, body: { code: 16, message: 'token not valid for running mode' } };
    if (route.op.area === 'archived workflows' && this.options.archive === false) {
      return { status: 404, body: { code: 5, message: 'archived workflows not supported' } };
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
        },
      };
    }
    return { status: 200, body: { items: [] } };
  }
}
