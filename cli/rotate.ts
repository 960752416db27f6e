// `argo-token rotate`: revoke the client's token and mint a new one — delete the token Secret,
// create it again (same name, type, annotation, labels; no uid, no data), wait for the new token.

import { SA_NAME_ANNOTATION, SA_UID_ANNOTATION, TOKEN_SECRET_TYPE } from '../src/names';
import { CliError, EXIT } from './errors';
import { defaultSecretName, type GetInput, getToken, tokenOf } from './get';
import type { KubeApi, SecretObject } from './kube';
import type { TokenInfo } from './token';

export interface RotateResult {
  readonly info: TokenInfo;
  /** False when there was no old token (no Secret, or not filled yet). */
  readonly revokedOld: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

export async function rotate(kube: KubeApi, input: GetInput): Promise<RotateResult> {
  const name = input.secret ?? defaultSecretName(input.client);
  const old = await kube.getSecret(input.namespace, name);
  const oldToken = old ? tokenOf(old, input) : undefined;
  if (old) {
    await kube.deleteSecret(input.namespace, name);
    // Deletion is usually immediate; a finalizer or a GitOps self-heal can delay it or recreate the Secret.
    const deadline = Date.now() + input.timeoutMs;
    for (;;) {
      const now = await kube.getSecret(input.namespace, name);
      if (!now) break;
      if (now.metadata.uid !== old.metadata.uid) break; // already recreated by someone else: wait for its token
      if (Date.now() > deadline) {
        throw new CliError(
          EXIT.TIMEOUT,
          `Secret "${name}" in namespace "${input.namespace}" is still there after delete`,
          'a finalizer holds it; check metadata.finalizers',
        );
      }
      await sleep(50);
    }
  } else {
    input.log?.(`Secret ${input.namespace}/${name} did not exist: creating it`);
  }
  if (!(await kube.getSecret(input.namespace, name))) {
    await kube.createSecret(input.namespace, recreated(old, input, name));
  }
  const info = await getToken(kube, input);
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
