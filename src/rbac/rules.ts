// Turns what a client asks for (preset, capabilities, explicit rules) into the fewest RBAC rules:
// same apiGroup, verbs and resourceNames → one rule; sorted, deduplicated, verbs in a fixed order.

import { type CapabilityOptions, capability, capabilityRules, preset } from '../argo/capabilities';
import { ARGO_GROUP, scopeOf } from '../argo/resources';
import { type ArgoVersion, DEFAULT_ARGO_VERSION, resolveVersion } from '../argo/versions';
import { type RuleSpec, VERBS, type Verb } from './verbs';

/**
 * A capability as the clients file names it: its name, or `{name: options}` (one key) where the
 * capability takes options (`{read-artifacts: {secrets: [s3-credentials]}}`).
 */
export type CapabilityRef = string | Readonly<Record<string, CapabilityOptions>>;

/** The name and options of a capability reference. */
export function capabilityRef(ref: CapabilityRef): { name: string; options: CapabilityOptions } {
  if (typeof ref === 'string') return { name: ref, options: {} };
  const [name, options] = Object.entries(ref)[0];
  return { name, options: options ?? {} };
}

/** A rule as Kubernetes writes it (rbac.authorization.k8s.io/v1 PolicyRule). */
export interface PolicyRule {
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly verbs: string[];
  readonly resourceNames?: string[];
}

/** What a client asks for, in clients-file vocabulary. */
export interface PermissionRequest {
  readonly preset?: string;
  readonly can?: readonly CapabilityRef[];
  readonly rules?: readonly RuleInput[];
  /** A release line ("4.1": its newest known patch) or an exact release ("3.7.10"). */
  readonly argoVersion?: ArgoVersion;
}

/** An explicit rule of the clients file: `apiGroup` defaults to argoproj.io. */
export interface RuleInput {
  readonly apiGroup?: string;
  readonly resources: readonly string[];
  readonly verbs: readonly Verb[];
  readonly resourceNames?: readonly string[];
}

export interface ResolvedRules {
  /** Rules on namespaced resources: a Role in each namespace the client works in. */
  readonly namespaced: PolicyRule[];
  /** Rules on cluster-scoped resources (clusterworkflowtemplates): a ClusterRole. */
  readonly cluster: PolicyRule[];
}

/** Every rule a request stands for, before merging, in the catalogue's vocabulary. */
export function requestedRules(request: PermissionRequest): RuleSpec[] {
  const version = exactVersion(request.argoVersion);
  const fromPreset = request.preset === undefined ? undefined : preset(request.preset);
  const capabilities = [...(fromPreset?.can ?? []), ...(request.can ?? [])].map(capabilityRef);
  return [
    ...(fromPreset?.rules ?? []),
    ...capabilities.flatMap(({ name, options }) => capabilityRules(capability(name), version, options)),
    ...(request.rules ?? []).map((r) => ({ ...r, apiGroup: r.apiGroup ?? ARGO_GROUP })),
  ];
}

/** The exact release an argoVersion stands for (the default's newest patch when absent). */
export function exactVersion(argoVersion: ArgoVersion | undefined): string {
  const version = resolveVersion(argoVersion ?? DEFAULT_ARGO_VERSION);
  if (!version) throw new Error(`unknown Argo version "${argoVersion}"`);
  return version;
}

/** Resolves and merges a request, split by the scope of each resource. */
export function resolveRules(request: PermissionRequest): ResolvedRules {
  const specs = requestedRules(request);
  const isCluster = (r: RuleSpec, resource: string) => scopeOf(r.apiGroup, resource) === 'Cluster';
  const split = (cluster: boolean) =>
    specs
      .map((r) => ({ ...r, resources: r.resources.filter((res) => isCluster(r, res) === cluster) }))
      .filter((r) => r.resources.length > 0);
  return { namespaced: mergeRules(split(false)), cluster: mergeRules(split(true)) };
}

const verbRank = new Map<string, number>(VERBS.map((v, i) => [v, i]));
const byVerbOrder = (a: string, b: string) =>
  (verbRank.get(a) ?? VERBS.length) - (verbRank.get(b) ?? VERBS.length) || a.localeCompare(b);
const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** argoproj.io first (what the client is for), then core, then other groups alphabetically. */
const groupRank = (g: string) => (g === ARGO_GROUP ? 0 : g === '' ? 1 : 2);

const SEP = '\u0000';

/**
 * Merges rules into the fewest rules that allow exactly the same requests. A grant narrowed by
 * resourceNames is dropped when the same resource and verb is granted without names.
 */
export function mergeRules(rules: readonly (RuleSpec | PolicyRule)[]): PolicyRule[] {
  // (group, resource, verb) → undefined for "any name", else the set of names.
  const grants = new Map<string, Set<string> | undefined>();
  for (const rule of rules) {
    const groups = 'apiGroups' in rule ? rule.apiGroups : [rule.apiGroup];
    const names = rule.resourceNames && rule.resourceNames.length > 0 ? rule.resourceNames : undefined;
    for (const group of groups) {
      for (const resource of rule.resources) {
        for (const verb of rule.verbs) {
          const key = [group, resource, verb].join(SEP);
          if (!names) {
            grants.set(key, undefined);
            continue;
          }
          if (grants.has(key) && grants.get(key) === undefined) continue;
          const set = grants.get(key) ?? new Set<string>();
          for (const n of names) set.add(n);
          grants.set(key, set);
        }
      }
    }
  }

  // (group, resource, names) → verbs; then (group, verbs, names) → resources.
  const verbsOf = new Map<string, { group: string; resource: string; names: string[]; verbs: string[] }>();
  for (const [key, names] of grants) {
    const [group, resource, verb] = key.split(SEP);
    const nameList = names ? [...names].sort(byString) : [];
    const k = [group, resource, nameList.join(',')].join(SEP);
    const entry = verbsOf.get(k) ?? { group, resource, names: nameList, verbs: [] };
    entry.verbs.push(verb);
    verbsOf.set(k, entry);
  }
  const merged = new Map<string, { group: string; verbs: string[]; names: string[]; resources: string[] }>();
  for (const { group, resource, names, verbs } of verbsOf.values()) {
    verbs.sort(byVerbOrder);
    const k = [group, verbs.join(','), names.join(',')].join(SEP);
    const entry = merged.get(k) ?? { group, verbs, names, resources: [] };
    entry.resources.push(resource);
    merged.set(k, entry);
  }

  return [...merged.values()]
    .map(({ group, verbs, names, resources }) => ({
      apiGroups: [group],
      resources: resources.sort(byString),
      verbs,
      ...(names.length > 0 ? { resourceNames: names } : {}),
    }))
    .sort(
      (a, b) =>
        groupRank(a.apiGroups[0]) - groupRank(b.apiGroups[0]) ||
        byString(a.apiGroups[0], b.apiGroups[0]) ||
        (a.resourceNames ? 1 : 0) - (b.resourceNames ? 1 : 0) ||
        byString(a.resources[0], b.resources[0]) ||
        byString(a.verbs.join(','), b.verbs.join(',')) ||
        byString((a.resourceNames ?? []).join(','), (b.resourceNames ?? []).join(',')),
    );
}
