// All Kubernetes API access of argo-token, through @kubernetes/client-node: kubeconfig loading
// (--kubeconfig, KUBECONFIG, ~/.kube/config, in-cluster; --context; exec plugins; TLS), the calls
// the commands make, and the mapping of API and network failures to one-line CLI errors.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import { CliError, EXIT } from './errors';

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
  readonly object: SecretObject & { readonly code?: number; readonly reason?: string };
}

export interface WatchHandle {
  /** Settles when the server ends the watch (null) or it fails (the error). */
  readonly ended: Promise<unknown>;
  stop(): void;
}

/** What the commands need from the API; tests of the waiting logic can give a fake. */
export interface KubeApi {
  /** Namespace of the kubeconfig context, if it names one. */
  readonly contextNamespace?: string;
  /** The API server URL, for messages. */
  readonly server: string;
  getSecret(namespace: string, name: string): Promise<SecretObject | undefined>;
  /** The list's resourceVersion, to start a watch from, and the Secret if it exists. */
  listSecret(namespace: string, name: string): Promise<{ secret?: SecretObject; resourceVersion: string }>;
  watchSecret(
    namespace: string,
    name: string,
    resourceVersion: string,
    onEvent: (e: WatchEvent) => void,
  ): Promise<WatchHandle>;
  createSecret(namespace: string, secret: SecretObject & { type: string }): Promise<SecretObject>;
  deleteSecret(namespace: string, name: string): Promise<boolean>;
  /** undefined when the caller may not read ServiceAccounts. */
  serviceAccountExists(namespace: string, name: string): Promise<boolean | undefined>;
  requestToken(
    namespace: string,
    serviceAccount: string,
    expirationSeconds: number,
  ): Promise<{ token: string; expiry: string }>;
}

export interface KubeTarget {
  readonly kubeconfig?: string;
  readonly context?: string;
}

/** Turns a failed call into a CliError that says what the caller was doing. */
export class CallContext {
  public constructor(
    public readonly server: string,
    public readonly verb: string,
    public readonly resource: string,
    public readonly namespace: string,
  ) {}

  public fail(err: unknown): never {
    throw kubeError(err, this);
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A TLS or network failure (no HTTP answer), as a CliError; undefined for anything else. */
export function networkError(
  err: unknown,
  server: string,
  exitCode: number,
  what: string,
): CliError | undefined {
  const code = errorCode(err);
  if (code === undefined) return undefined;
  if (NETWORK_CODES.has(code)) {
    return new CliError(
      exitCode,
      `cannot reach ${what} at ${server}: ${code}`,
      'check the address, and that the server is up and reachable from here',
    );
  }
  if (/CERT|SELF_SIGNED|TLS|SSL|ALTNAME|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code)) {
    return new CliError(
      exitCode,
      `TLS failure talking to ${what} at ${server}: ${code}`,
      what === 'the Kubernetes API server'
        ? "the kubeconfig's certificate-authority(-data) does not match the server's certificate"
        : 'pass --ca-file with the CA that signed the server certificate (or --insecure to skip verification)',
    );
  }
  return undefined;
}

function statusOf(err: unknown): { code?: number; message?: string } {
  const e = err as { code?: unknown; statusCode?: unknown; body?: unknown };
  const code =
    typeof e.code === 'number' ? e.code : typeof e.statusCode === 'number' ? e.statusCode : undefined;
  let body = e.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      // not JSON: keep no message
    }
  }
  const message = body && typeof body === 'object' ? (body as { message?: unknown }).message : undefined;
  return { ...(code !== undefined ? { code } : {}), ...(typeof message === 'string' ? { message } : {}) };
}

function kubeError(err: unknown, ctx: CallContext): Error {
  if (err instanceof CliError) return err;
  const net = networkError(err, ctx.server, EXIT.UNREACHABLE, 'the Kubernetes API server');
  if (net) return net;
  const { code, message } = statusOf(err);
  const where = ctx.namespace ? ` in namespace "${ctx.namespace}"` : '';
  if (code === 401) {
    return new CliError(
      EXIT.UNAUTHORIZED,
      `the Kubernetes API server at ${ctx.server} rejected your kubeconfig credentials (401 Unauthorized)`,
      'log in again or refresh the kubeconfig (an expired token, or an exec credential plugin that failed)',
    );
  }
  if (code === 403) {
    return new CliError(
      EXIT.FORBIDDEN,
      `forbidden: your kubeconfig user cannot ${ctx.verb} ${ctx.resource}${where}${message ? ` (${message})` : ''}`,
      `ask for a Role granting ${ctx.verb} on ${ctx.resource}${where}`,
    );
  }
  if (code !== undefined) {
    return new CliError(
      EXIT.UNREACHABLE,
      `${ctx.verb} ${ctx.resource}${where} failed: HTTP ${code}${message ? ` ${message}` : ''}`,
    );
  }
  return err instanceof Error ? err : new Error(String(err));
}

const isNotFound = (err: unknown) => statusOf(err).code === 404;

function defaultKubeconfigExists(): boolean {
  if (process.env.KUBECONFIG) return true;
  if (fs.existsSync(path.join(os.homedir(), '.kube', 'config'))) return true;
  return Boolean(process.env.KUBERNETES_SERVICE_HOST && process.env.KUBERNETES_SERVICE_PORT);
}

/** Loads the kubeconfig and connects (lazily: the first call opens the connection). */
export async function connect(target: KubeTarget): Promise<KubeApi> {
  const lib = await import('@kubernetes/client-node');
  const kc = new lib.KubeConfig();
  try {
    if (target.kubeconfig) kc.loadFromFile(target.kubeconfig);
    else if (defaultKubeconfigExists()) kc.loadFromDefault();
    else {
      throw new CliError(
        EXIT.KUBECONFIG,
        'no kubeconfig: none given with --kubeconfig, KUBECONFIG is not set, ~/.kube/config does not exist, and this is not a pod',
      );
    }
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(
      EXIT.KUBECONFIG,
      `cannot load the kubeconfig${target.kubeconfig ? ` ${target.kubeconfig}` : ''}: ${(err as Error).message}`,
    );
  }
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
      );
    }
    kc.setCurrentContext(target.context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster)
    throw new CliError(
      EXIT.KUBECONFIG,
      `the kubeconfig's current context "${kc.getCurrentContext()}" names no cluster`,
    );
  return new ClientNodeKube(lib, kc, cluster.server);
}

class ClientNodeKube implements KubeApi {
  public readonly contextNamespace?: string;
  private readonly core: k8s.CoreV1Api;

  public constructor(
    private readonly lib: typeof k8s,
    private readonly kc: k8s.KubeConfig,
    public readonly server: string,
  ) {
    this.core = kc.makeApiClient(lib.CoreV1Api);
    const ns = kc.getContextObject(kc.getCurrentContext())?.namespace;
    if (ns) this.contextNamespace = ns;
  }

  private ctx(verb: string, resource: string, namespace: string) {
    return new CallContext(this.server, verb, resource, namespace);
  }

  public async getSecret(namespace: string, name: string): Promise<SecretObject | undefined> {
    try {
      return (await this.core.readNamespacedSecret({ name, namespace })) as SecretObject;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      return this.ctx('get', 'secrets', namespace).fail(err);
    }
  }

  public async listSecret(namespace: string, name: string) {
    try {
      const list = await this.core.listNamespacedSecret({
        namespace,
        fieldSelector: `metadata.name=${name}`,
      });
      const secret = list.items[0] as SecretObject | undefined;
      return { ...(secret ? { secret } : {}), resourceVersion: list.metadata?.resourceVersion ?? '' };
    } catch (err) {
      return this.ctx('list', 'secrets', namespace).fail(err);
    }
  }

  public async watchSecret(
    namespace: string,
    name: string,
    resourceVersion: string,
    onEvent: (e: WatchEvent) => void,
  ): Promise<WatchHandle> {
    let resolveEnded: (v: unknown) => void = () => {};
    const ended = new Promise((resolve) => {
      resolveEnded = resolve;
    });
    const watch = new this.lib.Watch(this.kc);
    const controller = await watch.watch(
      `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets`,
      { fieldSelector: `metadata.name=${name}`, resourceVersion, allowWatchBookmarks: true },
      (type, object) => onEvent({ type, object }),
      (err) => resolveEnded(err ?? null),
    );
    return { ended, stop: () => controller.abort() };
  }

  public async createSecret(
    namespace: string,
    secret: SecretObject & { type: string },
  ): Promise<SecretObject> {
    try {
      return (await this.core.createNamespacedSecret({
        namespace,
        body: { apiVersion: 'v1', kind: 'Secret', ...secret } as k8s.V1Secret,
      })) as SecretObject;
    } catch (err) {
      return this.ctx('create', 'secrets', namespace).fail(err);
    }
  }

  public async deleteSecret(namespace: string, name: string): Promise<boolean> {
    try {
      await this.core.deleteNamespacedSecret({ name, namespace });
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      return this.ctx('delete', 'secrets', namespace).fail(err);
    }
  }

  public async serviceAccountExists(namespace: string, name: string): Promise<boolean | undefined> {
    try {
      await this.core.readNamespacedServiceAccount({ name, namespace });
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      if (statusOf(err).code === 403) return undefined;
      return this.ctx('get', 'serviceaccounts', namespace).fail(err);
    }
  }

  public async requestToken(namespace: string, serviceAccount: string, expirationSeconds: number) {
    try {
      const response = await this.core.createNamespacedServiceAccountToken({
        name: serviceAccount,
        namespace,
        body: {
          apiVersion: 'authentication.k8s.io/v1',
          kind: 'TokenRequest',
          spec: { audiences: [], expirationSeconds },
        },
      });
      const token = response.status?.token;
      if (!token) throw new CliError(EXIT.NOT_A_JWT, 'the TokenRequest answer holds no token');
      const expiry = response.status?.expirationTimestamp;
      return { token, expiry: expiry instanceof Date ? expiry.toISOString() : String(expiry) };
    } catch (err) {
      if (isNotFound(err)) {
        throw new CliError(
          EXIT.SECRET_NOT_FOUND,
          `ServiceAccount "${serviceAccount}" not found in namespace "${namespace}"`,
          'apply the manifests first: kubectl apply -f dist/',
        );
      }
      return this.ctx('create', 'serviceaccounts/token', namespace).fail(err);
    }
  }
}
