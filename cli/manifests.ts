// The synthesized manifests as the offline commands see them: the RBAC evaluator, the clients
// (ServiceAccounts) found there with the Argo version their rules were computed for.

import {
  ARGO_GROUP,
  ARGO_RESOURCES,
  ARGO_VERSIONS,
  type ArgoVersion,
  CORE_GROUP,
  CORE_RESOURCES,
  DEFAULT_ARGO_VERSION,
} from '../src/catalogue';
import { ARGO_VERSION_ANNOTATION, crossNamespaceName } from '../src/names';
import { ManifestError, RbacEvaluator, type ServiceAccountRef } from '../src/rbac-evaluator';
import { CliError, EXIT } from './errors';

export interface ManifestClient extends ServiceAccountRef {
  readonly argoVersion: ArgoVersion;
}

export interface Manifests {
  readonly evaluator: RbacEvaluator;
  readonly clients: readonly ManifestClient[];
}

export function loadManifests(dir: string): Manifests {
  let evaluator: RbacEvaluator;
  try {
    evaluator = RbacEvaluator.fromDirectory(dir);
  } catch (err) {
    if (err instanceof ManifestError) throw new CliError(EXIT.MANIFESTS, err.message);
    throw err;
  }
  const versionOf = (sa: ServiceAccountRef): ArgoVersion => {
    const roleNames = [sa.name, crossNamespaceName(sa.namespace, sa.name)];
    for (const o of evaluator.objects) {
      const annotation = o.metadata?.annotations?.[ARGO_VERSION_ANNOTATION];
      const mine = o.kind === 'ClusterRole' || o.metadata?.namespace === sa.namespace;
      if (annotation && mine && roleNames.includes(o.metadata?.name ?? '')) {
        if ((ARGO_VERSIONS as readonly string[]).includes(annotation)) return annotation as ArgoVersion;
      }
    }
    return DEFAULT_ARGO_VERSION;
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
    throw new CliError(EXIT.MANIFESTS, `no ServiceAccount "${ref}" in ${dir}/ (clients there: ${known})`);
  }
  throw new CliError(
    EXIT.MANIFESTS,
    `"${ref}" names ${matches.length} clients: ${matches.map((c) => `${c.namespace}/${c.name}`).join(', ')}; write namespace/name`,
  );
}

export interface ResourceRef {
  readonly apiGroup: string;
  readonly resource: string;
}

/**
 * Parses `resource[/subresource][.group]` as kubectl spells resources: `workflows`,
 * `workflows.argoproj.io`, `pods/log`. A bare name is looked up in the catalogue.
 */
export function parseResource(text: string): ResourceRef {
  const dot = text.indexOf('.');
  if (dot >= 0) return { resource: text.slice(0, dot), apiGroup: text.slice(dot + 1) };
  const base = text.split('/')[0];
  if (ARGO_RESOURCES.some((r) => r.resource === base)) return { resource: text, apiGroup: ARGO_GROUP };
  if (CORE_RESOURCES.some((r) => r.resource === text || r.resource.split('/')[0] === base)) {
    return { resource: text, apiGroup: CORE_GROUP };
  }
  throw new CliError(
    EXIT.USAGE,
    `unknown resource "${text}": qualify it with its API group (${text}.apps) or use an Argo or core resource`,
  );
}
