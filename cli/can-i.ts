// `argo-token can-i <client> <verb> <resource>`: kubectl auth can-i, answered offline from the manifests.

import { type ResourceRef, resolveResource, resourceNames, scopeOf } from '../src/argo/resources';
import { didYouMean, shown } from '../src/clients/messages';
import { findClient, loadManifests } from '../src/rbac/manifests';
import { RESOURCE_VERBS } from '../src/rbac/verbs';
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
  // Usage errors before the manifests are read: they do not depend on them.
  const verb = parseVerb(input.verb);
  const { apiGroup, resource } = parseResource(input.resource);
  const manifests = loadManifests(input.manifests);
  const client = findClient(manifests, input.client, input.manifests);
  const clusterScoped = scopeOf(apiGroup, resource) === 'Cluster';
  const decision = manifests.evaluator.decide(client, {
    verb,
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

/** Verbs kubectl auth can-i knows for resources. */
const KNOWN_VERBS = [...RESOURCE_VERBS, 'escalate', 'bind', 'impersonate', 'use', 'approve', 'sign'];

/** Checks a verb as kubectl spells them; an unknown one is a usage error with a suggestion. */
export function parseVerb(verb: string): string {
  const lower = verb.toLowerCase();
  if (KNOWN_VERBS.includes(lower)) return lower;
  throw new CliError(
    EXIT.USAGE,
    `unknown verb ${shown(verb)}${didYouMean(verb, KNOWN_VERBS)}; verbs: ${KNOWN_VERBS.join(', ')}`,
  );
}

export function parseResource(text: string): ResourceRef {
  const found = resolveResource(text);
  if (found) return found;
  throw new CliError(
    EXIT.USAGE,
    `unknown resource ${shown(text)}${didYouMean(text.split(/[./]/)[0], resourceNames())}: name an Argo resource (workflows, wf, workflowtemplates…), a core resource (pods, pods/log, secrets…), or qualify another with its API group (deployments.apps)`,
  );
}
