// `argo-token verify`: the seed's "check you cannot do things you're not allowed", as one command.
// Calls Argo Server's read endpoints with the client's token: those its Role allows must answer
// 200, the others 403. Only GETs that change nothing; never /version or /info (they accept any token).

import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { checksNothing, OPERATIONS } from '../src/argo/catalogue';
import { findClient, loadManifests } from '../src/rbac/manifests';
import { operationAllowed } from '../src/rbac/operations';
import { CliError, EXIT } from './errors';
import { networkError } from './kube';

export interface VerifyInput {
  readonly client: string;
  /** Namespace the endpoints are called for. Default: the client's own. */
  readonly namespace?: string;
  /** Argo Server base URL: https://host:2746 (http:// when it runs with --secure=false). */
  readonly server: string;
  readonly manifests: string;
  readonly insecure?: boolean;
  readonly caFile?: string;
  /** The bare JWT. */
  readonly token: string;
}

export interface VerifyRow {
  readonly operation: string;
  readonly endpoint: string;
  readonly expected: 200 | 403;
  readonly got: number;
  readonly result: 'ok' | 'MISMATCH' | 'REJECTED' | 'skipped';
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

export async function verify(input: VerifyInput): Promise<VerifyRow[]> {
  const manifests = loadManifests(input.manifests);
  const client = findClient(manifests, input.client, input.manifests);
  const namespace = input.namespace ?? client.namespace;
  const base = new URL(input.server.includes('://') ? input.server : `https://${input.server}`);
  const ca = input.caFile ? readCa(input.caFile) : undefined;

  const rows: VerifyRow[] = [];
  for (const op of VERIFY_OPERATIONS) {
    const endpoint = probePath(op.path, namespace);
    if (checksNothing(op, client.argoVersion)) continue;
    const expected = operationAllowed(manifests.evaluator, client, op, namespace, client.argoVersion)
      ? 200
      : 403;
    const got = await getStatus(new URL(endpoint, base), input, ca);
    let result: VerifyRow['result'] = got === expected ? 'ok' : 'MISMATCH';
    let note: string | undefined;
    if (got === 401) {
      result = 'REJECTED';
      note = 'token rejected: expired, revoked, missing `Bearer `, or Argo Server not in client auth mode';
    } else if (op.area === 'archived workflows' && (got === 404 || got === 501)) {
      result = 'skipped';
      note = 'the workflow archive is not enabled on this Argo Server';
    }
    rows.push({
      operation: op.id,
      endpoint: `GET ${endpoint}`,
      expected,
      got,
      result,
      ...(note ? { note } : {}),
    });
  }
  return rows;
}

function readCa(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new CliError(
      EXIT.USAGE,
      `cannot read --ca-file ${file}: ${(err as NodeJS.ErrnoException).code ?? err}`,
    );
  }
}

function getStatus(url: URL, input: VerifyInput, ca: Buffer | undefined): Promise<number> {
  const client = url.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: 'GET',
        headers: { Authorization: `Bearer ${input.token}`, Accept: 'application/json' },
        ...(url.protocol === 'https:' ? { rejectUnauthorized: !input.insecure, ...(ca ? { ca } : {}) } : {}),
        timeout: 15000,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (err) => {
      reject(
        networkError(err, url.origin, EXIT.ARGO_UNREACHABLE, 'Argo Server') ??
          new CliError(EXIT.ARGO_UNREACHABLE, `cannot call Argo Server at ${url.origin}: ${err.message}`),
      );
    });
    req.end();
  });
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
