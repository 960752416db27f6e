// `argo-token matrix`: which Argo Server operations each client can call, from the manifests
// and the catalogue's operation table (like rakkess, for Argo operations instead of verbs).

import { OPERATIONS } from '../src/argo/catalogue';
import { findClient, loadManifests, type ManifestClient } from '../src/rbac/manifests';
import { operationAllowed } from '../src/rbac/operations';

export interface MatrixInput {
  readonly client?: string;
  readonly manifests: string;
  /** Namespace to evaluate in. Default: each client's own. */
  readonly namespace?: string;
}

export interface MatrixColumn {
  readonly client: ManifestClient;
  readonly namespace: string;
  /** Operation id → allowed. */
  readonly allowed: Record<string, boolean>;
  readonly unresolved: string[];
}

export function matrix(input: MatrixInput): MatrixColumn[] {
  const manifests = loadManifests(input.manifests);
  const clients = input.client ? [findClient(manifests, input.client, input.manifests)] : manifests.clients;
  return clients.map((client) => {
    const namespace = input.namespace ?? client.namespace;
    const allowed = Object.fromEntries(
      OPERATIONS.map((op) => [op.id, operationAllowed(manifests.evaluator, client, op, namespace)]),
    );
    return { client, namespace, allowed, unresolved: manifests.evaluator.unresolvedRoleRefs(client) };
  });
}

/** The table: one row per operation, one column per client; `wide` adds each operation's method and path. */
export function formatMatrix(columns: readonly MatrixColumn[], wide = false): string {
  const headers = [
    'OPERATION',
    ...(wide ? ['METHOD', 'PATH'] : []),
    ...columns.map((c) => `${c.namespace}/${c.client.name}`),
  ];
  const rows = OPERATIONS.map((op) => [
    op.id,
    ...(wide ? [op.method, op.path] : []),
    ...columns.map((c) => (c.allowed[op.id] ? '✔' : '✖')),
  ]);
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return `${[line(headers), ...rows.map(line)].join('\n')}\n`;
}
