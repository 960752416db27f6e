// `argo-token rotate`: revoke the client's token and mint a new one — ask the API server first
// (SelfSubjectAccessReviews for delete and create), delete the token Secret, create it again (same
// name, type, annotation, labels; no uid, no data), wait for the new token. When the create fails
// after the delete, say plainly that the old token is revoked and how to restore the Secret.

import { SA_NAME_ANNOTATION, SA_UID_ANNOTATION, TOKEN_SECRET_TYPE } from '../src/names';
import { Backoff } from './deadline';
import { CliError, EXIT } from './errors';
import { defaultSecretName, type GetInput, getToken, tokenOf } from './get';
import type { KubeApi, SecretObject } from './kube';
import type { TokenInfo } from './token';

export interface RotateResult {
  readonly info: TokenInfo;
  /** False when there was no old token (no Secret, or not filled yet). */
  readonly revokedOld: boolean;
}

/** The Secret to create again: what the manifest declared, nothing the controller or API server owns. */
export function recreated(
  old: SecretObject | undefined,
  input: GetInput,
  name: string,
): SecretObject & { type: string } {
  const labels = Object.fromEntries(
    Object.entries(old?.metadata.labels ?? {}).filter(([k]) => !k.startsWith('kubernetes.io/legacy-token')),
  );
  const annotations = Object.fromEntries(
    Object.entries(old?.metadata.annotations ?? {}).filter(([k]) => k !== SA_UID_ANNOTATION),
  );
  return {
    metadata: {
      name,
      namespace: input.namespace,
      ...(Object.keys(labels).length > 0 ? { labels } : {}),
      annotations: { ...annotations, [SA_NAME_ANNOTATION]: input.client },
    },
    type: TOKEN_SECRET_TYPE,
  };
}

/** The manifests file that holds the client's Secret (loaded only on this path: it brings the YAML writer). */
function manifestFile(input: GetInput): string {
  const { clientFileName } = require('../src/output/render') as typeof import('../src/output/render');
  return `dist/${clientFileName(input.namespace, input.client)}`;
}

/** Refuses (nothing deleted) unless the kubeconfig user may both delete and create the Secret. */
async function mayRotate(kube: KubeApi, input: GetInput, name: string, exists: boolean): Promise<void> {
  const [mayDelete, mayCreate] = await Promise.all([
    exists
      ? kube.canI({ verb: 'delete', resource: 'secrets', namespace: input.namespace, name })
      : Promise.resolve(true),
    kube.canI({ verb: 'create', resource: 'secrets', namespace: input.namespace }),
  ]);
  const missing = [
    ...(mayDelete ? [] : [`delete secrets "${name}"`]),
    ...(mayCreate ? [] : ['create secrets']),
  ];
  if (missing.length > 0) {
    throw new CliError(
      EXIT.FORBIDDEN,
      `forbidden: your kubeconfig user cannot ${missing.join(' or ')} in namespace "${input.namespace}" (asked with SelfSubjectAccessReviews before deleting anything); nothing was changed, the old token still works`,
      `rotate needs delete and create on secrets in namespace "${input.namespace}": ask for a Role granting both (kubectl auth can-i delete secrets/${name} -n ${input.namespace})`,
    );
  }
}

export async function rotate(kube: KubeApi, input: GetInput): Promise<RotateResult> {
  const name = input.secret ?? defaultSecretName(input.client);
  const old = await kube.getSecret(input.namespace, name);
  // Type and annotation are checked before anything is deleted.
  const oldToken = old ? tokenOf(old, input) : undefined;
  await mayRotate(kube, input, name, old !== undefined);
  const revoked = (cause: CliError | Error): CliError =>
    new CliError(
      EXIT.ROTATE_INCOMPLETE,
      `the old token of ${input.namespace}/${input.client} is revoked (Secret "${name}" was deleted), but the Secret could not be created again: ${cause.message}`,
      `the client has no token now: restore the Secret with kubectl apply -f ${manifestFile(input)}, then run argo-token get ${input.client} -n ${input.namespace}`,
    );

  if (old) {
    await kube.deleteSecret(input.namespace, name);
    // Deletion is usually immediate; a finalizer or a GitOps self-heal can delay it or recreate the Secret.
    const backoff = new Backoff(50, 1000, input.random);
    for (;;) {
      const now = await kube.getSecret(input.namespace, name).catch((err: Error) => {
        throw revoked(err);
      });
      if (!now) break;
      if (now.metadata.uid !== old.metadata.uid) break; // already recreated by someone else: wait for its token
      if (kube.deadline.expired()) {
        throw new CliError(
          EXIT.TIMEOUT,
          `Secret "${name}" in namespace "${input.namespace}" is still there after it was deleted (until --timeout passed); its token is revoked once the deletion starts`,
          'a finalizer holds it; check metadata.finalizers',
        );
      }
      await kube.deadline.sleep(backoff.next());
    }
  } else {
    input.log?.(`Secret ${input.namespace}/${name} did not exist: creating it`);
  }
  try {
    if (!(await kube.getSecret(input.namespace, name))) {
      await kube.createSecret(input.namespace, recreated(old, input, name));
    }
  } catch (err) {
    // 409: someone (a GitOps controller) created it meanwhile: wait for its token like ours.
    const conflict = (err as { status?: number }).status === 409;
    if (!conflict) {
      if (old) throw revoked(err as Error);
      throw err;
    }
  }
  let info: TokenInfo;
  try {
    info = await getToken(kube, { ...input, justCreated: true });
  } catch (err) {
    if (old && err instanceof CliError) {
      throw new CliError(
        err.code,
        `${err.message} (the old token is already revoked: Secret "${name}" was deleted and created again)`,
        err.hint,
      );
    }
    throw err;
  }
  if (oldToken !== undefined && info.token === oldToken) {
    throw new CliError(
      EXIT.NOT_ROTATED,
      `the token of Secret "${name}" did not change`,
      'check that nothing writes data.token into the Secret',
    );
  }
  if (oldToken !== undefined) {
    input.log?.(
      `the old token of ${input.namespace}/${input.client} is revoked (its Secret was deleted); the new one is printed`,
    );
  }
  return { info, revokedOld: oldToken !== undefined };
}
