// The operations × accounts table of `matrix` and `sso matrix` (shared: commands never import each other).

import { OPERATIONS } from '../src/argo/catalogue';
import { CONDITIONS, type Operation } from '../src/argo/facts';
import type { ManifestClient } from '../src/rbac/manifests';
import type { OperationAccess } from '../src/rbac/operations';

export interface MatrixColumn {
  readonly client: ManifestClient;
  readonly namespace: string;
  /** Operation id → what the client can do with it; absent when the endpoint does not exist at its release. */
  readonly access: Record<string, OperationAccess>;
  readonly unresolved: string[];
}

const SYMBOL = { allowed: '✔', named: '◐', denied: '✖', unchecked: '○' } as const;

const endpoint = (op: Operation) => `${op.path}${op.variant ? ` (${op.variant})` : ''}`;

/** The table: one row per operation, one column per client; `wide` adds each operation's method and path. */
export function formatMatrix(columns: readonly MatrixColumn[], wide = false): string {
  const headers = [
    'OPERATION',
    ...(wide ? ['METHOD', 'PATH'] : []),
    ...columns.map((c) => `${c.namespace}/${c.client.name}`),
  ];
  const cell = (c: MatrixColumn, op: Operation) => {
    const a = c.access[op.id];
    if (!a) return '-';
    if (!wide || a.verdict !== 'named') return SYMBOL[a.verdict];
    const names = a.checks.flatMap((r) => (r.names ? [`${r.check.resource}: ${r.names.join(',')}`] : []));
    return `${SYMBOL.named} ${names.join('; ')}`;
  };
  const rows = OPERATIONS.map((op) => [
    op.id,
    ...(wide ? [op.method, endpoint(op)] : []),
    ...columns.map((c) => cell(c, op)),
  ]);
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const used = new Set(columns.flatMap((c) => Object.values(c.access).map((a) => a.verdict)));
  const legend = [
    `${SYMBOL.allowed} allowed`,
    `${SYMBOL.denied} denied`,
    ...(used.has('named') ? [`${SYMBOL.named} only for the objects its rules name`] : []),
    ...(used.has('unchecked') ? [`${SYMBOL.unchecked} Argo checks nothing (any token passes)`] : []),
    ...(columns.some((c) => Object.keys(c.access).length < OPERATIONS.length)
      ? ['- not in this Argo release']
      : []),
  ].join('  ');
  return `${[line(headers), ...rows.map(line)].join('\n')}\n\n${legend}\n`;
}

/** `-o json`: per client, every operation with its method, path and verdict, so scripts can key by endpoint. */
export function matrixJson(columns: readonly MatrixColumn[]): unknown {
  const check = (r: OperationAccess['checks'][number]) => ({
    verb: r.check.verb,
    resource: r.check.resource,
    mechanism: r.check.mechanism,
    allowed: r.allowed,
    ...(r.names ? { names: r.names } : {}),
  });
  return columns.map((c) => ({
    client: c.client.name,
    namespace: c.namespace,
    argoVersion: c.client.argoVersion,
    operations: OPERATIONS.filter((op) => c.access[op.id]).map((op) => {
      const a = c.access[op.id];
      return {
        operation: op.id,
        method: op.method,
        path: op.path,
        ...(op.variant ? { variant: op.variant } : {}),
        verdict: a.verdict,
        allowed: a.verdict === 'allowed' || a.verdict === 'unchecked',
        checks: a.checks.map(check),
        conditional: a.conditional.map((r) => ({
          when: r.check.when ?? [],
          whenMeans: (r.check.when ?? []).map((w) => CONDITIONS[w].summary),
          ...check(r),
        })),
      };
    }),
  }));
}
