// `argo-token can-i <client> <verb> <resource>`: kubectl auth can-i, answered offline from the manifests.

import {
  ARGO_GROUP,
  ARGO_RESOURCES,
  CORE_GROUP,
  CORE_RESOURCES,
  type ResourceInfo,
  scopeOf,
} from '../src/argo/resources';
import { didYouMean, shown } from '../src/clients/messages';
import { RESOURCE_VERBS } from '../src/rbac/verbs';
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

export interface ResourceRef {
  readonly apiGroup: string;
  readonly resource: string;
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

/** Every name kubectl accepts for a resource: plural, singular (the kind in lower case), kind, short names. */
function namesOf(r: ResourceInfo): string[] {
  const base = r.resource.split('/')[0];
  const kind = r.kind?.toLowerCase();
  return [base, ...(kind ? [kind] : []), ...(r.shortNames ?? [])];
}

/**
 * Parses a resource as kubectl spells it: plural, singular, kind or short name, any case
 * (`workflows`, `workflow`, `Workflows`, `wf`), optionally qualified by its group
 * (`workflows.argoproj.io`, `wf.argoproj.io`) and with a subresource (`pods/log`).
 * Resources of groups the catalogue does not know are taken as written (`deployments.apps`).
 */
export function parseResource(text: string): ResourceRef {
  const [head, subresource] = text.split('/', 2);
  const dot = head.indexOf('.');
  const name = (dot >= 0 ? head.slice(0, dot) : head).toLowerCase();
  const group = dot >= 0 ? head.slice(dot + 1).toLowerCase() : undefined;
  const sub = subresource ? `/${subresource.toLowerCase()}` : '';
  const candidates = [...ARGO_RESOURCES, ...CORE_RESOURCES.filter((r) => !r.resource.includes('/'))].filter(
    (r) => group === undefined || r.apiGroup === group || (group === 'core' && r.apiGroup === CORE_GROUP),
  );
  const found = candidates.find((r) => namesOf(r).includes(name));
  if (found) return { apiGroup: found.apiGroup, resource: `${found.resource}${sub}` };
  if (group !== undefined && group !== ARGO_GROUP && group !== 'core' && group !== '') {
    return { apiGroup: group, resource: `${name}${sub}` };
  }
  const known = [...ARGO_RESOURCES, ...CORE_RESOURCES].flatMap(namesOf);
  const guess = didYouMean(name, known);
  throw new CliError(
    EXIT.USAGE,
    `unknown resource ${shown(text)}${guess}: name an Argo resource (workflows, wf, workflowtemplates…), a core resource (pods, pods/log, secrets…), or qualify another with its API group (deployments.apps)`,
  );
}
