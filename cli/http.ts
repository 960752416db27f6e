// The HTTP client under cli/kube.ts and cli/argo-server.ts: one request or one line stream over
// node:http(s), with the TLS options and agent (direct or proxy) of its endpoint, the command's
// deadline as an abort signal, bounded bodies, and no redirects followed. Failures without an
// HTTP answer (network, TLS, proxy, deadline) come back as HttpFailure; describeFailure turns one
// into a one-line message and a hint for the endpoint's side (Kubernetes API or Argo Server).

import * as http from 'node:http';
import * as https from 'node:https';
import type * as tls from 'node:tls';
import { describeProxy, type ProxyChoice } from './proxy';

export interface TlsOptions {
  readonly ca?: string | Buffer;
  readonly cert?: string | Buffer;
  readonly key?: string | Buffer;
  readonly rejectUnauthorized?: boolean;
  readonly servername?: string;
}

export interface Endpoint {
  readonly tls: TlsOptions;
  /** Direct (https.Agent / http.Agent) or a proxy agent. */
  readonly agent: http.Agent;
  readonly proxy?: ProxyChoice;
}

export interface HttpRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly signal: AbortSignal;
  /** Largest body read (default 16 MiB); more is a failure, not a truncated answer. */
  readonly maxBytes?: number;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export type FailureKind = 'network' | 'tls' | 'proxy' | 'aborted' | 'too-large' | 'cut';

/** No (complete) HTTP answer: the connection, TLS, the proxy, the deadline, or a body cut short. */
export class HttpFailure extends Error {
  public constructor(
    public readonly kind: FailureKind,
    /** An errno or TLS code (ECONNREFUSED, CERT_HAS_EXPIRED…), or the proxy's status line. */
    public readonly detail: string,
    /** The failure was on the way to the proxy, not to the server. */
    public readonly atProxy = false,
    /** The server had started answering (status and headers received). */
    public readonly answered = false,
  ) {
    super(`${kind}: ${detail}`);
  }
}

const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

function errorCode(err: unknown): string {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return (err as Error)?.message ?? String(err);
}

const TLS_CODE =
  /CERT|SELF_SIGNED|TLS|SSL|ALTNAME|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|EPROTO|ERR_SSL|HANDSHAKE/;

function classify(err: unknown, endpoint: Endpoint, signal: AbortSignal, answered: boolean): HttpFailure {
  if (err instanceof HttpFailure) return err;
  if (signal.aborted) return new HttpFailure('aborted', 'deadline', false, answered);
  const code = errorCode(err);
  const e = err as { port?: unknown; address?: unknown };
  const proxyPort = endpoint.proxy
    ? Number(endpoint.proxy.url.port || (endpoint.proxy.url.protocol === 'https:' ? 443 : 80))
    : undefined;
  const atProxy = proxyPort !== undefined && !answered && e.port === proxyPort;
  if (answered) return new HttpFailure('cut', code, false, true);
  if (TLS_CODE.test(code)) return new HttpFailure('tls', code, atProxy);
  return new HttpFailure('network', code, atProxy);
}

/** Sends the request; resolves once status and headers are in (the body is left to the caller). */
export function open(endpoint: Endpoint, req: HttpRequest): Promise<http.IncomingMessage> {
  const client = req.url.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    if (req.signal.aborted) {
      reject(new HttpFailure('aborted', 'deadline'));
      return;
    }
    const headers: Record<string, string> = { ...req.headers };
    if (req.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(req.body));
    const options: https.RequestOptions = {
      method: req.method,
      headers,
      agent: endpoint.agent,
      signal: req.signal,
      ...(req.url.protocol === 'https:' ? (endpoint.tls as tls.ConnectionOptions) : {}),
    };
    let proxyRefusal: HttpFailure | undefined;
    const request = client.request(req.url, options, (res) => {
      if (proxyRefusal) {
        res.resume();
        request.destroy();
        reject(proxyRefusal);
        return;
      }
      resolve(res);
    });
    // https-proxy-agent replays a refused CONNECT as if the server answered: tell the two apart.
    request.on('proxyConnect', (connect: { statusCode?: number; statusText?: string }) => {
      if (connect.statusCode !== 200) {
        proxyRefusal = new HttpFailure(
          'proxy',
          `${connect.statusCode ?? '?'} ${connect.statusText ?? ''}`.trim(),
          true,
        );
      }
    });
    request.on('error', (err) => reject(classify(err, endpoint, req.signal, false)));
    request.end(req.body);
  });
}

/** Reads the whole body (up to maxBytes). */
export async function readBody(
  res: http.IncomingMessage,
  endpoint: Endpoint,
  req: HttpRequest,
): Promise<string> {
  const max = req.maxBytes ?? DEFAULT_MAX_BYTES;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res) {
      size += (chunk as Buffer).length;
      if (size > max) {
        res.destroy();
        throw new HttpFailure('too-large', `more than ${Math.round(max / 1024 / 1024)} MiB`, false, true);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    throw classify(err, endpoint, req.signal, true);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** One request, its whole answer. */
export async function send(endpoint: Endpoint, req: HttpRequest): Promise<HttpResponse> {
  const res = await open(endpoint, req);
  const body = await readBody(res, endpoint, req);
  return { status: res.statusCode ?? 0, headers: res.headers, body };
}

/**
 * The lines of a streamed answer (a watch), each at most maxBytes. Ends when the server ends the
 * stream; throws an HttpFailure when it is cut (reset) or the signal aborts.
 */
export async function* lines(
  res: http.IncomingMessage,
  endpoint: Endpoint,
  req: HttpRequest,
): AsyncGenerator<string> {
  const max = req.maxBytes ?? DEFAULT_MAX_BYTES;
  let pending = '';
  try {
    for await (const chunk of res) {
      pending += (chunk as Buffer).toString('utf8');
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        if (line) yield line;
        newline = pending.indexOf('\n');
      }
      if (pending.length > max) {
        throw new HttpFailure(
          'too-large',
          `a line of more than ${Math.round(max / 1024 / 1024)} MiB`,
          false,
          true,
        );
      }
    }
  } catch (err) {
    throw classify(err, endpoint, req.signal, true);
  } finally {
    res.destroy();
  }
  if (pending.trim()) yield pending.trim();
}

export interface FailureContext {
  /** "the Kubernetes API server", "Argo Server". */
  readonly what: string;
  /** The URL (origin and base path) named in messages. */
  readonly server: string;
  /** What verifies the server's certificate, for TLS hints. */
  readonly trust: { readonly given: boolean; readonly source: string; readonly fix: string };
  /** The request, for messages ("GET secrets "x" in namespace "argo""). */
  readonly doing?: string;
}

const TRUST_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_CHAIN_TOO_LONG',
  'INVALID_CA',
]);

/** message and hint for a failure without an HTTP answer (the deadline is the caller's: it knows what waited). */
export function describeFailure(
  failure: HttpFailure,
  ctx: FailureContext,
  endpoint: Endpoint,
): { message: string; hint: string } {
  const proxy = endpoint.proxy ? describeProxy(endpoint.proxy) : undefined;
  const via = proxy ? ` through the proxy ${proxy}` : '';
  switch (failure.kind) {
    case 'proxy':
      return {
        message: `the proxy ${proxy} refused to connect to ${ctx.what} at ${ctx.server}: ${failure.detail}`,
        hint: `check the proxy's rules and credentials, or add the host to NO_PROXY`,
      };
    case 'tls': {
      if (failure.atProxy) {
        return {
          message: `TLS failure talking to the proxy ${proxy}: ${failure.detail}`,
          hint: 'check the proxy URL (http:// or https://) and its certificate',
        };
      }
      const code = failure.detail;
      const where = `TLS failure talking to ${ctx.what} at ${ctx.server}${via}`;
      if (code === 'CERT_HAS_EXPIRED') {
        return {
          message: `${where}: its certificate has expired (${code})`,
          hint: `renew ${ctx.what}'s certificate (or check this machine's clock)`,
        };
      }
      if (code === 'CERT_NOT_YET_VALID') {
        return {
          message: `${where}: its certificate is not valid yet (${code})`,
          hint: "check this machine's clock",
        };
      }
      if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
        return {
          message: `${where}: its certificate is not for host ${new URL(ctx.server).hostname} (${code})`,
          hint: `use a host name the certificate names, or ${ctx.trust.fix}`,
        };
      }
      if (TRUST_CODES.has(code)) {
        return {
          message: `${where}: its certificate is not signed by a trusted CA (${code})`,
          hint: ctx.trust.given
            ? `${ctx.trust.source} did not sign ${ctx.what}'s certificate: ${ctx.trust.fix}`
            : `the system CAs do not trust it: ${ctx.trust.fix}`,
        };
      }
      return {
        message: `${where}: ${code}`,
        hint: 'is it serving TLS on this port (an http:// server answers a TLS handshake with garbage)?',
      };
    }
    case 'network':
      if (failure.atProxy) {
        return {
          message: `cannot reach the proxy ${proxy} for ${ctx.what} at ${ctx.server}: ${failure.detail}`,
          hint: `check ${endpoint.proxy?.source}, or add the host to NO_PROXY`,
        };
      }
      return {
        message: `cannot reach ${ctx.what} at ${ctx.server}${via}: ${failure.detail}`,
        hint: 'check the address, and that the server is up and reachable from here',
      };
    case 'cut':
      return {
        message: `${ctx.what} at ${ctx.server} broke off its answer${ctx.doing ? ` to ${ctx.doing}` : ''}: ${failure.detail}`,
        hint: 'retry; if it persists, check the server and any proxy or load balancer in between',
      };
    case 'too-large':
      return {
        message: `${ctx.what} at ${ctx.server} sent ${failure.detail}${ctx.doing ? ` for ${ctx.doing}` : ''}`,
        hint: `is ${ctx.server} really ${ctx.what}?`,
      };
    case 'aborted':
      return {
        message: `${ctx.what} at ${ctx.server} did not answer${ctx.doing ? ` ${ctx.doing}` : ''} in time`,
        hint: 'raise --timeout, or check the server and any proxy in between',
      };
  }
}
