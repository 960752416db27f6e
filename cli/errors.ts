// Exit codes of argo-token and the one error type commands throw: one line, with a hint.

/** Every exit code, documented in the README (a test keeps the two in step). */
export const EXIT = {
  OK: 0,
  /** can-i: no; verify: missing (an allowed operation denied); sso whoami: Argo refuses the person. */
  NO: 1,
  USAGE: 2,
  SECRET_NOT_FOUND: 3,
  NOT_A_TOKEN_SECRET: 4,
  FORBIDDEN: 5,
  UNREACHABLE: 6,
  TIMEOUT: 7,
  NOT_A_JWT: 8,
  UNAUTHORIZED: 9,
  KUBECONFIG: 10,
  ARGO_UNREACHABLE: 11,
  MANIFESTS: 12,
  TOKEN_REJECTED: 13,
  NOT_ROTATED: 14,
  API_ERROR: 15,
  ARGO_ERROR: 16,
  WRONG_TOKEN: 17,
  WRITE_REFUSED: 18,
  ROTATE_INCOMPLETE: 19,
  OVER_GRANT: 20,
  SSO_UNDECIDED: 21,
  INTERNAL: 70,
} as const;

export const EXIT_MEANINGS: Record<number, string> = {
  [EXIT.OK]: 'success (can-i: yes; verify: every operation answered as the manifests say, and no drift)',
  [EXIT.NO]:
    'can-i: no; verify: missing: an operation the manifests allow was denied, or a permission of the manifests is not in the cluster; sso whoami: Argo refuses the person (no rule matches, a rule fails, or the 4.0.0–4.0.4 panic)',
  [EXIT.USAGE]:
    'usage error: unknown flag, bad duration, bad output format, a `--server` that is not an http(s) URL, `http://` without `--allow-http`',
  [EXIT.SECRET_NOT_FOUND]:
    "the token Secret does not exist: deleted while waiting because its ServiceAccount was missing (the ordering trap), or not there by --timeout (the message says what of the client exists, and lists the namespace's clients when it has none of them)",
  [EXIT.NOT_A_TOKEN_SECRET]: 'the Secret is not a service-account-token Secret for this ServiceAccount',
  [EXIT.FORBIDDEN]:
    'your kubeconfig user lacks a permission (the message names the verb and resource); rotate: checked before anything is deleted',
  [EXIT.UNREACHABLE]:
    'the Kubernetes API server (or the proxy to it) is unreachable, or its TLS certificate is not trusted (unknown CA, expired, another host name)',
  [EXIT.TIMEOUT]:
    '`--timeout` (default 60s, the whole command) passed; the message names what it was waiting on: the token controller, a server that does not answer, an exec credential plugin',
  [EXIT.NOT_A_JWT]: 'data.token (or `--token-file`) is not a signed JWT',
  [EXIT.UNAUTHORIZED]: 'the Kubernetes API server rejected your kubeconfig credentials (401)',
  [EXIT.KUBECONFIG]:
    'no usable kubeconfig: file, context or in-cluster config, or its credentials (a client certificate or key file that cannot be read, an exec credential plugin that is missing, fails or prints no ExecCredential)',
  [EXIT.ARGO_UNREACHABLE]:
    'verify: Argo Server (or the proxy to it) is unreachable, or its TLS certificate is not trusted',
  [EXIT.MANIFESTS]:
    'can-i, matrix, verify, sso: the manifests folder or the client is not found in it (sso: no ServiceAccount there carries an rbac-rule)',
  [EXIT.TOKEN_REJECTED]:
    'verify: Argo Server answered 401: token expired, revoked, missing `Bearer `, or the server is not in client auth mode',
  [EXIT.NOT_ROTATED]: 'rotate: the new token equals the old one',
  [EXIT.API_ERROR]:
    'the Kubernetes API server answered with an error: 5xx, a redirect, or a body that is not Kubernetes JSON (an HTML page: a proxy or sign-in page in the way)',
  [EXIT.ARGO_ERROR]:
    "verify: the answer at `--server` is not Argo's API: HTML, a redirect, 5xx, a 404 page, JSON of another shape (wrong URL or base path, a sign-in proxy, the UI)",
  [EXIT.WRONG_TOKEN]:
    "the token does not belong to the client: its claims name another ServiceAccount, namespace or Secret, it has expired, or its signature does not verify against the cluster's service-account issuer keys; it is not printed",
  [EXIT.WRITE_REFUSED]:
    '`--write` refused or failed: the target is not a regular file (a device, FIFO, folder or symlink), or its folder is missing or not writable; nothing was written',
  [EXIT.ROTATE_INCOMPLETE]:
    'rotate: the old token is revoked (its Secret deleted) but the new Secret could not be created: the client has no token until the Secret is applied again',
  [EXIT.OVER_GRANT]:
    'verify: over-grant: the token may do more than the manifests say (an operation they deny answered allowed, or a rules review shows permissions beyond their rules: another RoleBinding, an aggregated ClusterRole)',
  [EXIT.SSO_UNDECIDED]:
    'sso whoami: a rule in the manifests is outside the expr-lang subset argo-token evaluates, so it cannot tell which account Argo chooses',
  [EXIT.INTERNAL]: 'an internal error: a bug, please report it (`ARGO_TOKEN_DEBUG=1` adds the stack)',
};

/** An expected failure: printed as `argo-token: <message>` and `  hint: <hint>`, then exit with `code`. */
export class CliError extends Error {
  public constructor(
    public readonly code: number,
    message: string,
    public readonly hint?: string,
  ) {
    super(message);
  }
}

/** One line: control characters (a server's message may hold newlines) become spaces, and it is cut at `max`. */
export function oneLine(text: string, max = 300): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
