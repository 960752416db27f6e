// `argo-token can-i <client> <verb> <resource>`: kubectl auth can-i, answered offline from the manifests.

import { scopeOf } from '../src/catalogue';
import { findClient, loadManifests, parseResource } from './manifests';

export interface CanIInput {
  readonly client: string;
  readonly verb: string;
  readonly resource: string;
  /** Namespace of the request. Default: the client's own. */
  readonly namespace?: string;
  /** Object name, for rules narrowed by resourceNames. */
  readonly name?: string;
  readonly manifests: string;
}

export interface CanIResult {
  readonly allowed: boolean;
  /** The binding that allowed it. */
  readonly reason?: string;
  /** Bound roles the manifests do not define: their grants are not counted. */
  readonly unresolved: string[];
}

export function canI(input: CanIInput): CanIResult {
  const manifests = loadManifests(input.manifests);
  const client = findClient(manifests, input.client, input.manifests);
  const { apiGroup, resource } = parseResource(input.resource);
  const clusterScoped = scopeOf(apiGroup, resource) === 'Cluster';
  const decision = manifests.evaluator.decide(client, {
    verb: input.verb,
    apiGroup,
    resource,
    namespace: clusterScoped ? '' : (input.namespace ?? client.namespace),
    ...(input.name !== undefined ? { name: input.name } : {}),
  });
  return {
    allowed: decision.allowed,
    ...(decision.reason ? { reason: decision.reason } : {}),
    unresolved: manifests.evaluator.unresolvedRoleRefs(client),
  };
}
