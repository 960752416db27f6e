// Kubernetes RBAC vocabulary: resource verbs, in the fixed order every generated rule lists them, and a rule.

export const VERBS = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
  // Known so that the security lint can say why they are refused, never generated.
  'escalate',
  'bind',
  'impersonate',
] as const;
export type Verb = (typeof VERBS)[number];
/** The eight verbs of ordinary resources: a rule listing all of them is as broad as `*`. */
export const RESOURCE_VERBS: readonly Verb[] = VERBS.slice(0, 8);
/** Verbs that let a client raise its own privileges: known, always refused. */
export const REFUSED_VERBS: readonly string[] = VERBS.slice(8);

/** A rule as the catalogue and the clients file write it: one group, its resources, the verbs. */
export interface RuleSpec {
  readonly apiGroup: string;
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames?: readonly string[];
}
