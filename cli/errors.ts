// Exit codes of argo-token and the one error type commands throw: one line, with a hint.

/** Every exit code, documented in the README (a test keeps the two in step). */
export const EXIT = {
  OK: 0,
  /** can-i: no; verify: an endpoint answered differently than the Role says. */
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
} as const;

export const EXIT_MEANINGS: Record<number, string> = {
  [EXIT.OK]: 'success (can-i: yes; verify: every endpoint answered as expected)',
  [EXIT.NO]: 'can-i: no; verify: an endpoint answered differently than the manifests say',
  [EXIT.USAGE]: 'usage error: unknown flag, bad duration, bad output format',
  [EXIT.SECRET_NOT_FOUND]:
    'the token Secret does not exist or was deleted while waiting (usually: its ServiceAccount was missing when it was created)',
  [EXIT.NOT_A_TOKEN_SECRET]: 'the Secret is not a service-account-token Secret for this ServiceAccount',
  [EXIT.FORBIDDEN]: 'your kubeconfig user lacks a permission (the message names the verb and resource)',
  [EXIT.UNREACHABLE]: 'the Kubernetes API server is unreachable, or its TLS certificate is not trusted',
  [EXIT.TIMEOUT]:
    'timed out waiting for the token (is the token controller of kube-controller-manager running?)',
  [EXIT.NOT_A_JWT]: 'data.token is not a JWT',
  [EXIT.UNAUTHORIZED]: 'the Kubernetes API server rejected your kubeconfig credentials (401)',
  [EXIT.KUBECONFIG]: 'no usable kubeconfig (file, context or in-cluster config)',
  [EXIT.ARGO_UNREACHABLE]: 'verify: Argo Server is unreachable, or its TLS certificate is not trusted',
  [EXIT.MANIFESTS]: 'can-i, matrix, verify: the manifests folder or the client is not found in it',
  [EXIT.TOKEN_REJECTED]:
    'verify: Argo Server answered 401: token expired, revoked, missing `Bearer `, or the server is not in client auth mode',
  [EXIT.NOT_ROTATED]: 'rotate: the new token equals the old one',
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
