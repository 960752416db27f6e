// Token handling without I/O: JWT checks (shape, claims against the ServiceAccount and Secret,
// signature against the cluster's issuer keys), the `Bearer ` prefix, and the output formats of `get`.

import type { JsonWebKey } from 'node:crypto';
import * as crypto from 'node:crypto';
import { CliError, EXIT, oneLine } from './errors';

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

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Header and claims of a signed JWT (three base64url parts, an `alg` other than none, a signature), or undefined. */
export function decodeJwt(
  token: string,
): { header: Record<string, unknown>; claims: Record<string, unknown> } | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => B64URL.test(p))) return undefined;
  const header = decodePart(parts[0]);
  const claims = decodePart(parts[1]);
  if (!header || !claims) return undefined;
  if (typeof header.alg !== 'string' || header.alg.toLowerCase() === 'none') return undefined;
  return { header, claims };
}

/** The claims of a JWT, or undefined when the text is not a signed JWT. The signature is not checked here. */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  return decodeJwt(token)?.claims;
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
      `${where} is not a signed JWT (expected three base64url parts separated by dots, a header with an algorithm, and a signature; ${token.length} characters found)`,
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

/** Whose token it must be: the client's ServiceAccount, and the Secret it was read from. */
export interface TokenOwner {
  readonly namespace: string;
  readonly serviceAccount: string;
  /** The Secret the token was read from (absent for a TokenRequest token). */
  readonly secret?: string;
  /** The ServiceAccount's uid, when known (the Secret's annotation, or the ServiceAccount itself). */
  readonly serviceAccountUid?: string;
}

const show = (value: unknown) => JSON.stringify(oneLine(String(value), 80));

/**
 * Why the claims do not name owner (undefined when they do). Legacy Secret tokens carry
 * kubernetes.io/serviceaccount/* claims, TokenRequest tokens a kubernetes.io object; both a sub.
 */
export function claimsProblem(
  claims: Record<string, unknown>,
  owner: TokenOwner,
  nowMs = Date.now(),
): string | undefined {
  const subject = `system:serviceaccount:${owner.namespace}:${owner.serviceAccount}`;
  if (claims.sub === undefined) return 'it names no ServiceAccount (no sub claim)';
  if (claims.sub !== subject) return `its subject is ${show(claims.sub)}, not "${subject}"`;
  const bound = (claims['kubernetes.io'] ?? {}) as {
    namespace?: unknown;
    serviceaccount?: { name?: unknown; uid?: unknown };
    secret?: { name?: unknown };
  };
  const checks: [string, unknown, string | undefined][] = [
    ['namespace', claims['kubernetes.io/serviceaccount/namespace'], owner.namespace],
    ['namespace', bound.namespace, owner.namespace],
    ['ServiceAccount', claims['kubernetes.io/serviceaccount/service-account.name'], owner.serviceAccount],
    ['ServiceAccount', bound.serviceaccount?.name, owner.serviceAccount],
    [
      'ServiceAccount uid',
      claims['kubernetes.io/serviceaccount/service-account.uid'],
      owner.serviceAccountUid,
    ],
    ['ServiceAccount uid', bound.serviceaccount?.uid, owner.serviceAccountUid],
    ['Secret', claims['kubernetes.io/serviceaccount/secret.name'], owner.secret],
  ];
  for (const [what, claim, expected] of checks) {
    if (claim !== undefined && expected !== undefined && claim !== expected) {
      return `its ${what} claim is ${show(claim)}, not "${expected}"`;
    }
  }
  if (claims.exp !== undefined) {
    if (typeof claims.exp !== 'number') return 'its exp claim is not a number';
    if (claims.exp * 1000 <= nowMs) return `it expired at ${new Date(claims.exp * 1000).toISOString()}`;
  }
  if (typeof claims.nbf === 'number' && claims.nbf * 1000 > nowMs + 60_000) {
    return `it is not valid before ${new Date(claims.nbf * 1000).toISOString()}`;
  }
  return undefined;
}

const ALGORITHMS: Record<string, { hash: string; kty: string; pss?: boolean }> = {
  RS256: { hash: 'sha256', kty: 'RSA' },
  RS384: { hash: 'sha384', kty: 'RSA' },
  RS512: { hash: 'sha512', kty: 'RSA' },
  PS256: { hash: 'sha256', kty: 'RSA', pss: true },
  PS384: { hash: 'sha384', kty: 'RSA', pss: true },
  PS512: { hash: 'sha512', kty: 'RSA', pss: true },
  ES256: { hash: 'sha256', kty: 'EC' },
  ES384: { hash: 'sha384', kty: 'EC' },
  ES512: { hash: 'sha512', kty: 'EC' },
};

/**
 * Checks a JWS signature against a JSON Web Key Set (the cluster's /openid/v1/jwks): the key with
 * the token's kid (any key of the right type when it has none), verified by node:crypto. Returns
 * undefined when it verifies, else why not.
 */
export function signatureProblem(token: string, keys: readonly JsonWebKey[]): string | undefined {
  const decoded = decodeJwt(token);
  if (!decoded) return 'it is not a signed JWT';
  const alg = String(decoded.header.alg);
  const spec = ALGORITHMS[alg];
  if (!spec) return `it is signed with ${show(alg)}, which Kubernetes does not use`;
  const kid = typeof decoded.header.kid === 'string' ? decoded.header.kid : undefined;
  const candidates = keys.filter((k) => {
    const key = k as JsonWebKey & { kid?: string; use?: string };
    return (
      key.kty === spec.kty &&
      (kid === undefined || key.kid === kid) &&
      (key.alg === undefined || key.alg === alg) &&
      (key.use === undefined || key.use === 'sig')
    );
  });
  if (candidates.length === 0) {
    return `the cluster publishes no ${alg} key${kid ? ` with its key id ${show(kid)}` : ''} (${keys.length} issuer key${keys.length === 1 ? '' : 's'} read)`;
  }
  const [h, p, sig] = token.split('.');
  const data = Buffer.from(`${h}.${p}`);
  const signature = Buffer.from(sig, 'base64url');
  for (const jwk of candidates) {
    let key: crypto.KeyObject;
    try {
      key = crypto.createPublicKey({ key: jwk, format: 'jwk' });
    } catch {
      continue;
    }
    const ok = crypto.verify(
      spec.hash,
      data,
      spec.kty === 'EC'
        ? { key, dsaEncoding: 'ieee-p1363' }
        : spec.pss
          ? {
              key,
              padding: crypto.constants.RSA_PKCS1_PSS_PADDING,
              saltLength: crypto.constants.RSA_PSS_SALTLEN_DIGEST,
            }
          : key,
      signature,
    );
    if (ok) return undefined;
  }
  return `its signature does not verify with the cluster's service-account issuer key${kid ? ` ${show(kid)}` : 's'}`;
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
          'add --server https://host:2746',
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
