// Token handling without I/O: JWT checks, the `Bearer ` prefix, and the output formats of `get`.

import { CliError, EXIT } from './errors';

export const OUTPUT_FORMATS = ['bearer', 'raw', 'env', 'docker-env', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface TokenInfo {
  /** The JWT, without `Bearer `. */
  readonly token: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** The Secret it came from; absent for a TokenRequest token. */
  readonly secret?: string;
  /** When the token stops working, if known (TokenRequest, or an `exp` claim). */
  readonly expiry?: string;
}

const B64URL = /^[A-Za-z0-9_-]+$/;

/** The claims of a JWT, or undefined when the text is not one. The signature is not checked (the API server does). */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p, i) => B64URL.test(p) || (i === 2 && p === ''))) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (typeof header !== 'object' || header === null || typeof claims !== 'object' || claims === null)
      return undefined;
    return claims as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/**
 * Normalizes what a Secret or a file holds to a bare JWT: strips whitespace and any number of
 * `Bearer ` prefixes (a doubled prefix is the classic ARGO_TOKEN mistake). Never echoes the value.
 */
export function bareJwt(value: string, where: string): string {
  let token = value.trim();
  while (/^bearer\s+/i.test(token)) token = token.replace(/^bearer\s+/i, '').trim();
  if (jwtClaims(token) === undefined) {
    throw new CliError(
      EXIT.NOT_A_JWT,
      `${where} is not a JWT (expected three base64url parts separated by dots; ${token.length} characters found)`,
      'a token set by hand in the manifest is kept by the token controller and never works: delete the Secret and apply it again without data',
    );
  }
  return token;
}

/** Expiry from the `exp` claim, as an ISO timestamp. */
export function jwtExpiry(token: string): string | undefined {
  const exp = jwtClaims(token)?.exp;
  return typeof exp === 'number' ? new Date(exp * 1000).toISOString() : undefined;
}

export interface FormatOptions {
  /** Argo Server as `https://host:port` or `host:port`, for docker-env. */
  readonly server?: string;
  /** Skip TLS verification (docker-env: ARGO_INSECURE_SKIP_VERIFY). */
  readonly insecure?: boolean;
}

/** Splits `--server` into ARGO_SERVER (host:port, no scheme) and ARGO_SECURE. */
export function argoServerEnv(server: string): { host: string; secure: boolean } {
  const m = /^(https?):\/\/(.+?)\/?$/.exec(server);
  if (m) return { host: m[2], secure: m[1] === 'https' };
  return { host: server.replace(/\/$/, ''), secure: true };
}

/** What `get` prints on stdout (or writes to --write FILE), ending in a newline. */
export function formatToken(info: TokenInfo, format: OutputFormat, options: FormatOptions = {}): string {
  const bearer = `Bearer ${info.token}`;
  switch (format) {
    case 'bearer':
      return `${bearer}\n`;
    case 'raw':
      return `${info.token}\n`;
    case 'env':
      return `export ARGO_TOKEN='${bearer}'\n`;
    case 'docker-env': {
      if (!options.server) {
        throw new CliError(
          EXIT.USAGE,
          '-o docker-env needs --server (the Argo Server address the container should call)',
        );
      }
      const { host, secure } = argoServerEnv(options.server);
      // docker --env-file takes values verbatim: no quotes, or they become part of the value.
      return [
        `ARGO_SERVER=${host}`,
        `ARGO_TOKEN=${bearer}`,
        'ARGO_HTTP1=true',
        `ARGO_SECURE=${secure}`,
        ...(options.insecure ? ['ARGO_INSECURE_SKIP_VERIFY=true'] : []),
        `ARGO_NAMESPACE=${info.namespace}`,
        'KUBECONFIG=/dev/null',
        '',
      ].join('\n');
    }
    case 'json':
      return `${JSON.stringify(
        {
          token: info.token,
          authorization: bearer,
          namespace: info.namespace,
          serviceAccount: info.serviceAccount,
          secret: info.secret ?? null,
          expiry: info.expiry ?? null,
        },
        null,
        2,
      )}\n`;
  }
}
