// Drift between the rules the manifests grant a ServiceAccount in a namespace and the rules the
// cluster really gives its token there (a SelfSubjectRulesReview): anything more is an over-grant
// (another RoleBinding, an aggregated ClusterRole, a group binding), anything less is missing.

import { type Rule, ruleAllows } from './evaluator';

/** One permission: a verb on a resource of an API group, optionally for one object name. */
export interface Permission {
  readonly verb: string;
  readonly apiGroup: string;
  readonly resource: string;
  readonly name?: string;
}

/**
 * What every authenticated user may do (the system:basic-user ClusterRole): ask the API server
 * what it may do. Not counted as an over-grant.
 */
const BASIC_USER: readonly Rule[] = [
  {
    apiGroups: ['authorization.k8s.io'],
    resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
    verbs: ['create'],
  },
  { apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'], verbs: ['create'] },
];

/** A rule's permissions, one per verb, API group, resource and name (wildcards stay wildcards). */
export function permissionsOf(rule: Rule): Permission[] {
  if (!rule.resources || rule.resources.length === 0) return []; // nonResourceURLs only
  const out: Permission[] = [];
  const names = rule.resourceNames && rule.resourceNames.length > 0 ? rule.resourceNames : [undefined];
  for (const apiGroup of rule.apiGroups ?? [''])
    for (const resource of rule.resources)
      for (const verb of rule.verbs)
        for (const name of names) out.push({ verb, apiGroup, resource, ...(name ? { name } : {}) });
  return out;
}

const allowedBy = (rules: readonly Rule[], p: Permission) =>
  rules.some((r) =>
    ruleAllows(r, {
      verb: p.verb,
      apiGroup: p.apiGroup,
      resource: p.resource,
      ...(p.name ? { name: p.name } : {}),
    }),
  );

export interface Drift {
  /** What the token may do beyond the expected rules. */
  readonly overGrant: Permission[];
  /** What the expected rules grant that the token may not do. */
  readonly missing: Permission[];
}

/** Compares the expected rules with the rules a SelfSubjectRulesReview reported. */
export function compareRules(expected: readonly Rule[], actual: readonly Rule[]): Drift {
  const key = (p: Permission) => `${p.apiGroup}\u0000${p.resource}\u0000${p.verb}\u0000${p.name ?? ''}`;
  const unique = (ps: Permission[]) => [...new Map(ps.map((p) => [key(p), p])).values()];
  const overGrant = unique(
    actual.flatMap(permissionsOf).filter((p) => !allowedBy(expected, p) && !allowedBy(BASIC_USER, p)),
  );
  const missing = unique(expected.flatMap(permissionsOf).filter((p) => !allowedBy(actual, p)));
  return { overGrant, missing };
}

/** `list,watch workflowtemplates.argoproj.io`, `get workflows.argoproj.io "nightly"`: grouped by resource and name. */
export function describePermissions(permissions: readonly Permission[]): string[] {
  const groups = new Map<string, { what: string; verbs: string[] }>();
  for (const p of permissions) {
    const resource = p.apiGroup ? `${p.resource}.${p.apiGroup}` : p.resource;
    const what = `${resource}${p.name ? ` "${p.name}"` : ''}`;
    const g = groups.get(what) ?? { what, verbs: [] };
    if (!g.verbs.includes(p.verb)) g.verbs.push(p.verb);
    groups.set(what, g);
  }
  return [...groups.values()]
    .sort((a, b) => a.what.localeCompare(b.what))
    .map((g) => `${g.verbs.sort().join(',')} ${g.what}`);
}
