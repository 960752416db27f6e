// Which Argo Server operations a client's RBAC allows: every check Argo makes for the operation passes.
// Shared by the commands that answer it (matrix, verify, can-i) and by the capability tests.

import { type Operation, operationRequirements, scopeOf } from '../argo/catalogue';
import type { RbacEvaluator } from './evaluator';
import type { ManifestClient } from './manifests';

/** Whether the client can call the operation in the namespace: every check Argo Server makes passes. */
export function operationAllowed(
  evaluator: RbacEvaluator,
  client: ManifestClient,
  op: Operation,
  namespace: string,
): boolean {
  return operationRequirements(op, client.argoVersion).every((r) =>
    evaluator.can(client, {
      verb: r.verb,
      apiGroup: r.apiGroup,
      resource: r.resource,
      namespace: scopeOf(r.apiGroup, r.resource) === 'Cluster' ? '' : namespace,
    }),
  );
}
