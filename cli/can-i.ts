// `argo-token can-i <client> <verb> <resource>`: kubectl auth can-i, answered offline from the manifests.

import { ARGO_GROUP, ARGO_RESOURCES, CORE_GROUP, CORE_RESOURCES, scopeOf } from '../src/argo/resources';
import { findClient, loadManifests } from '../src/rbac/manifests';
import { CliError, EXIT } from './errors';

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
