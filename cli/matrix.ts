// `argo-token matrix`: which Argo Server operations each client can call, from the manifests and the
// catalogue's facts at the client's Argo release (like rakkess, for Argo operations instead of verbs).

import { OPERATIONS } from '../src/argo/catalogue';
import { findClient, loadManifests } from '../src/rbac/manifests';
import { accessByOperation } from '../src/rbac/operations';
import type { MatrixColumn } from './matrix-table';

export { formatMatrix, type MatrixColumn, matrixJson } from './matrix-table';

export interface MatrixInput {
  readonly client?: string;
  readonly manifests: string;
  /** Namespace to evaluate in. Default: each client's own. */
  readonly namespace?: string;
}

export function matrix(input: MatrixInput): MatrixColumn[] {
  const manifests = loadManifests(input.manifests);
  const clients = input.client ? [findClient(manifests, input.client, input.manifests)] : manifests.clients;
  return clients.map((client) => {
    const namespace = input.namespace ?? client.namespace;
    const access = accessByOperation(manifests.evaluator, client, namespace, client.argoVersion, OPERATIONS);
    return { client, namespace, access, unresolved: manifests.evaluator.unresolvedRoleRefs(client) };
  });
}
