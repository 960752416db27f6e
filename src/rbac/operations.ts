// Which Argo Server operations a client's RBAC allows, from the catalogue's facts: every check Argo
// makes for the request passes. Shared by the commands that answer it (matrix, verify, can-i) and by
// the capability tests. An access review (ssar) carries no object name; a call that names its object
// is satisfied by a rule narrowed to that name.

import {
  type Conditions,
  checksNothing,
  conditionalChecks,
  existsAt,
  requiredChecks,
} from '../argo/catalogue';
import type { Check, Operation } from '../argo/facts';
import { apiGroupOf, scopeOf } from '../argo/resources';
import { RbacEvaluator, type ResourceAttributes, type Rule, type ServiceAccountRef } from './evaluator';

/**
 * - `allowed`: the typical request passes every check;
 * - `named`: it passes only for the objects the rules name (see `names`);
 * - `denied`: a check fails (see `denied`);
 * - `unchecked`: Argo checks nothing for it at this version: any token passes, which proves nothing.
 */
export type Verdict = 'allowed' | 'named' | 'denied' | 'unchecked';

export interface CheckResult {
  readonly check: Check;
  readonly allowed: boolean;
  /** Names a narrowed rule allows, when the check is allowed only for them. */
  readonly names?: readonly string[];
}

export interface OperationAccess {
  readonly operation: Operation;
  readonly verdict: Verdict;
  /** The checks of the request and their outcome. */
  readonly checks: readonly CheckResult[];
  /** Checks made only under other conditions (`check.when`), with their outcome. */
  readonly conditional: readonly CheckResult[];
}

/** The request attributes of a check in a namespace (cluster-scoped resources: no namespace). */
export function attributesOf(check: Check, namespace: string): ResourceAttributes {
  const apiGroup = apiGroupOf(check.resource);
  return {
    verb: check.verb,
    apiGroup,
    resource: check.resource,
    namespace: scopeOf(apiGroup, check.resource) === 'Cluster' ? '' : namespace,
  };
}

function evaluate(
  evaluator: RbacEvaluator,
  sa: ServiceAccountRef,
  check: Check,
  namespace: string,
): CheckResult {
  const attrs = attributesOf(check, namespace);
  if (evaluator.can(sa, attrs)) return { check, allowed: true };
  if (check.mechanism === 'caller' && check.named) {
    const names = evaluator.namesAllowed(sa, attrs) ?? [];
    if (names.length > 0) return { check, allowed: true, names };
  }
  return { check, allowed: false };
}

/** What the client can do with an operation in a namespace, at an exact Argo release. */
export function operationAccess(
  evaluator: RbacEvaluator,
  sa: ServiceAccountRef,
  op: Operation,
  namespace: string,
  version: string,
  conditions: Conditions = {},
): OperationAccess {
  const checks = requiredChecks(op, version, conditions).map((c) => evaluate(evaluator, sa, c, namespace));
  const conditional = conditionalChecks(op, version, conditions).map((c) =>
    evaluate(evaluator, sa, c, namespace),
  );
  const verdict: Verdict = checksNothing(op, version)
    ? 'unchecked'
    : checks.every((r) => r.allowed)
      ? checks.some((r) => r.names)
        ? 'named'
        : 'allowed'
      : 'denied';
  return { operation: op, verdict, checks, conditional };
}

/** Whether the typical request passes (for any object: `named` does not count). */
export function operationAllowed(
  evaluator: RbacEvaluator,
  sa: ServiceAccountRef,
  op: Operation,
  namespace: string,
  version: string,
): boolean {
  const { verdict } = operationAccess(evaluator, sa, op, namespace, version);
  return verdict === 'allowed' || verdict === 'unchecked';
}

/**
 * What rules allow, without manifests: a ServiceAccount bound to them (namespaced rules by a Role in
 * `namespace`, cluster-scoped ones by a ClusterRole), evaluated for every operation at a release.
 */
export function accessUnderRules(
  rules: { namespaced: readonly Rule[]; cluster: readonly Rule[] },
  version: string,
  operations: readonly Operation[],
  namespace = 'ns',
): OperationAccess[] {
  const sa = { namespace, name: 'client' };
  const subject = [{ kind: 'ServiceAccount', name: sa.name, namespace }];
  const rbac = 'rbac.authorization.k8s.io/v1';
  const evaluator = new RbacEvaluator([
    { apiVersion: rbac, kind: 'Role', metadata: { name: 'r', namespace }, rules: rules.namespaced },
    {
      apiVersion: rbac,
      kind: 'RoleBinding',
      metadata: { name: 'r', namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' },
      subjects: subject,
    },
    { apiVersion: rbac, kind: 'ClusterRole', metadata: { name: 'c' }, rules: rules.cluster },
    {
      apiVersion: rbac,
      kind: 'ClusterRoleBinding',
      metadata: { name: 'c' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'c' },
      subjects: subject,
    },
  ]);
  return operations
    .filter((op) => existsAt(op, version))
    .map((op) => operationAccess(evaluator, sa, op, namespace, version));
}

/** Every operation that exists at the release → what the ServiceAccount can do with it in the namespace. */
export function accessByOperation(
  evaluator: RbacEvaluator,
  sa: ServiceAccountRef,
  namespace: string,
  version: string,
  operations: readonly Operation[],
): Record<string, OperationAccess> {
  return Object.fromEntries(
    operations
      .filter((op) => existsAt(op, version))
      .map((op) => [op.id, operationAccess(evaluator, sa, op, namespace, version)]),
  );
}
