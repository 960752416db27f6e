// `argo-token verify`: the seed's "check you cannot do things you're not allowed", as one command.
// Calls Argo Server's read endpoints with the client's token (through cli/argo-server.ts): those
// its Role allows must be allowed (200 and an Argo list), the others forbidden (403 and Argo's
// error body). Anything else is not Argo's API answering and is reported as such, never counted.
// Only GETs that change nothing; never /version or /info (they accept any token).

import { checksNothing, OPERATIONS } from '../src/argo/catalogue';
import { findClient, loadManifests } from '../src/rbac/manifests';
import { operationAllowed } from '../src/rbac/operations';
import type { ArgoServerClient } from './argo-server';

export interface VerifyInput {
  readonly client: string;
  /** Namespace the endpoints are called for. Default: the client's own. */
  readonly namespace?: string;
  readonly manifests: string;
  /** Argo Server, its base path, TLS and proxy settled. */
  readonly argo: ArgoServerClient;
  /** The bare JWT. */
  readonly token: string;
}

export interface VerifyRow {
  readonly operation: string;
  readonly endpoint: string;
  readonly expected: 200 | 403;
  readonly got: number;
  /** ERROR: the answer was not Argo's API (HTML, redirect, 5xx, a 404 page, JSON of another shape). */
  readonly result: 'ok' | 'MISMATCH' | 'REJECTED' | 'skipped' | 'ERROR';
  readonly note?: string;
}

/**
 * The endpoints verify calls: the catalogue's GETs of a namespace's collection that return (no stream,
 * no object name) and check something; never /version or /info (they accept any token).
 */
export const VERIFY_OPERATIONS = OPERATIONS.filter(
  (op) =>
    op.method === 'GET' &&
    op.variant === undefined &&
    !/\{(?!namespace\})|\/stream\/|workflow-events|label-(keys|values)/.test(op.path) &&
    op.checks.length > 0,
);

/** The path verify calls for an operation in a namespace (the archive takes the namespace as a query). */
function probePath(path: string, namespace: string): string {
  const ns = encodeURIComponent(namespace);
  return path.includes('{namespace}') ? path.replaceAll('{namespace}', ns) : `${path}?namespace=${ns}`;
}

/** The client's namespace and ServiceAccount as the manifests name them (before any call). */
export function verifyTarget(input: Pick<VerifyInput, 'client' | 'manifests'>): {
  namespace: string;
  name: string;
} {
  const manifests = loadManifests(input.manifests);
  const client = findClient(manifests, input.client, input.manifests);
  return { namespace: client.namespace, name: client.name };
}

export async function verify(input: VerifyInput): Promise<VerifyRow[]> {
  const manifests = loadManifests(input.manifests);
  const client = findClient(manifests, input.client, input.manifests);
  const namespace = input.namespace ?? client.namespace;

  const rows: VerifyRow[] = [];
  for (const op of VERIFY_OPERATIONS) {
    if (checksNothing(op, client.argoVersion)) continue;
    const endpoint = probePath(op.path, namespace);
    const expected: 200 | 403 = operationAllowed(
      manifests.evaluator,
      client,
      op,
      namespace,
      client.argoVersion,
    )
      ? 200
      : 403;
    const answer = await input.argo.get(endpoint, input.token);
    const row = { operation: op.id, endpoint: `GET ${endpoint}`, expected, got: answer.status };
    switch (answer.kind) {
      case 'allowed':
        rows.push({ ...row, result: expected === 200 ? 'ok' : 'MISMATCH' });
        break;
      case 'forbidden':
        rows.push({ ...row, result: expected === 403 ? 'ok' : 'MISMATCH' });
        break;
      case 'rejected':
        rows.push({
          ...row,
          result: 'REJECTED',
          note: 'token rejected: expired, revoked, missing `Bearer `, or Argo Server not in client auth mode',
        });
        break;
      case 'argo-error':
        if (op.area === 'archived workflows' && (answer.status === 404 || answer.status === 501)) {
          rows.push({
            ...row,
            result: 'skipped',
            note: 'the workflow archive is not enabled on this Argo Server',
          });
        } else {
          rows.push({ ...row, result: 'ERROR', note: `Argo Server failed: ${answer.message}` });
        }
        break;
      case 'server-error':
        rows.push({ ...row, result: 'ERROR', note: `not Argo's API: ${answer.why}` });
        break;
    }
  }
  return rows;
}

export function formatVerify(rows: readonly VerifyRow[]): string {
  const headers = ['ENDPOINT', 'EXPECTED', 'GOT', 'RESULT'];
  const cells = rows.map((r) => [
    r.endpoint,
    String(r.expected),
    String(r.got),
    r.note ? `${r.result}: ${r.note}` : r.result,
  ]);
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) =>
    c.map((cell, i) => (i === c.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ');
  return `${[line(headers), ...cells.map(line)].join('\n')}\n`;
}
