// The synthesized manifests as the offline commands (can-i, matrix, verify) see them: the RBAC
// evaluator, and the clients (ServiceAccounts) found there with the Argo version of their rules.

import { DEFAULT_ARGO_VERSION, resolveVersion } from '../argo/versions';
import { ARGO_RELEASE_ANNOTATION, ARGO_VERSION_ANNOTATION, crossNamespaceName } from '../names';
import {
  type KubeObject,
  ManifestError,
  RbacEvaluator,
  readManifests,
  type ServiceAccountRef,
} from './evaluator';

export { ManifestError } from './evaluator';

export interface ManifestClient extends ServiceAccountRef {
  /** The exact Argo release the client's rules were computed for. */
  readonly argoVersion: string;
}

export interface Manifests {
  readonly evaluator: RbacEvaluator;
  readonly clients: readonly ManifestClient[];
}

export function loadManifests(dir: string): Manifests {
  return loadManifestObjects(readManifests(dir));
}

/** The clients of a set of objects (a manifests folder, or a synth's output in memory). */
export function loadManifestObjects(objects: readonly KubeObject[]): Manifests {
  const evaluator = new RbacEvaluator(objects);
  // The release the Role (or ClusterRole) records; an older argo-token recorded only the release line.
  const versionOf = (sa: ServiceAccountRef): string => {
    const roleNames = [sa.name, crossNamespaceName(sa.namespace, sa.name)];
    for (const o of evaluator.objects) {
      const mine = o.kind === 'ClusterRole' || o.metadata?.namespace === sa.namespace;
      if (!mine || !roleNames.includes(o.metadata?.name ?? '')) continue;
      const annotations = o.metadata?.annotations ?? {};
      const exact = resolveVersion(
        annotations[ARGO_RELEASE_ANNOTATION] ?? annotations[ARGO_VERSION_ANNOTATION] ?? '',
      );
      if (exact) return exact;
    }
    return resolveVersion(DEFAULT_ARGO_VERSION)!;
  };
  const clients = evaluator.serviceAccounts.map((sa) => ({ ...sa, argoVersion: versionOf(sa) }));
  return { evaluator, clients };
}

/** Finds a client by `name` or `namespace/name`; a bare name must be unique. */
export function findClient(manifests: Manifests, ref: string, dir: string): ManifestClient {
  const [namespace, name] = ref.includes('/') ? ref.split('/', 2) : [undefined, ref];
  const matches = manifests.clients.filter(
    (c) => c.name === name && (namespace === undefined || c.namespace === namespace),
  );
  if (matches.length === 1) return matches[0];
  if (matches.length === 0) {
    const known = manifests.clients.map((c) => `${c.namespace}/${c.name}`).join(', ') || 'none';
    throw new ManifestError(`no ServiceAccount "${ref}" in ${dir}/ (clients there: ${known})`);
  }
  throw new ManifestError(
    `"${ref}" names ${matches.length} clients: ${matches.map((c) => `${c.namespace}/${c.name}`).join(', ')}; write namespace/name`,
  );
}
