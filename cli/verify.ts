// `argo-token verify`: proves live, with the client's own token and without changing anything, that
// Argo Server lets it make exactly the calls its manifests say — every catalogue operation, allowed
// or denied, in every namespace of the client — and that the cluster gives the token nothing more
// (a SelfSubjectRulesReview per namespace: drift). How each operation is proven comes from
// src/argo/probes.ts (http, watch, named-read, dry-run, ssar); what is expected from the manifests
// and the catalogue's facts at the Argo release the server reports (src/rbac/operations.ts).

import { checksAt, existsAt, OPERATIONS } from '../src/argo/catalogue';
import type { Operation } from '../src/argo/facts';
import { dryRunWorkflow, type ProbeKind, probeFor } from '../src/argo/probes';
import { apiGroupOf, scopeOf } from '../src/argo/resources';
import { resolveVersion } from '../src/argo/versions';
import { compareRules, describePermissions } from '../src/rbac/drift';
import { findClient, loadManifests, type ManifestClient, type Manifests } from '../src/rbac/manifests';
import { attributesOf, type CheckResult, operationAccess, type Verdict } from '../src/rbac/operations';
import type { ArgoAnswer, ArgoServerClient } from './argo-server';
import { CliError, EXIT } from './errors';
import { type KubeApi, KubeError } from './kube';

export interface VerifyInput {
  /** `name` or `namespace/name`, as in the manifests. */
  readonly client: string;
  /** Verify only this namespace. Default: every namespace of the client, and the cluster scope. */
  readonly namespace?: string;
  readonly manifests: string;
  /** Argo Server, its base path, TLS and proxy settled. */
  readonly argo: ArgoServerClient;
  /**
   * The Kubernetes API server with the client's own token (KubeApi.withToken): access and rules
   * reviews. Without it (--argo-only) what only a review can prove is reported as not proven.
   */
  readonly kube?: KubeApi;
  /** The bare JWT. */
  readonly token: string;
  /** Warnings (stderr). */
  readonly log?: (line: string) => void;
}

export type Outcome = 'allowed' | 'denied';

export interface VerifyRow {
  /** `''`: the cluster scope (cluster workflow templates, endpoints without a namespace). */
  readonly namespace: string;
  readonly operation: string;
  readonly how: ProbeKind;
  /** `GET /api/v1/…`, or the access reviews made (`SSAR get workflows.argoproj.io`). */
  readonly request: string;
  /** From the manifests: allowed, denied, allowed only for named objects, or not checked by Argo. */
  readonly expected: Verdict;
  readonly got?: Outcome;
  /** The HTTP status of an http, watch, named-read or dry-run probe. */
  readonly status?: number;
  /** MISSING: the manifests allow it, the token may not; OVER-GRANT: the token may, the manifests do not allow it. */
  readonly result: 'ok' | 'MISSING' | 'OVER-GRANT' | 'REJECTED' | 'ERROR' | 'n/a' | 'not proven';
  readonly note?: string;
}

export interface DriftReport {
  readonly namespace: string;
  /** What the token may do beyond the manifests' rules (`list,watch workflowtemplates.argoproj.io`). */
  readonly overGrant: string[];
  /** What the manifests grant that the token may not do. */
  readonly missing: string[];
  /** Why the rules review may be incomplete (a webhook authorizer): the comparison is then partial. */
  readonly incomplete?: string;
}

export interface VerifyReport {
  readonly client: string;
  readonly namespace: string;
  /** The Argo release the manifests were generated for. */
  readonly manifestsVersion: string;
  /** What Argo Server reports at /api/v1/version (undefined when it could not be read). */
  readonly serverVersion?: string;
  /** The release whose facts judged the answers: the server's when the catalogue knows it. */
  readonly judgedBy: string;
  readonly namespaces: string[];
  readonly rows: VerifyRow[];
  /** Per namespace; empty when no rules review was made (--argo-only). */
  readonly drift: DriftReport[];
  readonly driftChecked: boolean;
}

/** The client's namespace and ServiceAccount as the manifests name them (before any call). */
export function verifyTarget(input: Pick<VerifyInput, 'client' | 'manifests'>): ManifestClient {
  return findClient(loadManifests(input.manifests), input.client, input.manifests);
}

/** Exit 13: Argo Server answered 401 to the client's token. */
function argoRejected(who: string): CliError {
  return new CliError(
    EXIT.TOKEN_REJECTED,
    `${who} rejected the token (401): expired, revoked, missing \`Bearer \`, or Argo Server not in client auth mode`,
    'run argo-token get again (or rotate), and check that Argo Server runs with --auth-mode=client',
  );
}

/** The client `namespace/name` if the manifests have it, else undefined. */
export function findTarget(input: Pick<VerifyInput, 'client' | 'manifests'>): ManifestClient | undefined {
  const manifests = loadManifests(input.manifests);
  const [namespace, name] = input.client.split('/', 2);
  return manifests.clients.find((c) => c.namespace === namespace && c.name === name);
}

/** Cluster-scoped: no namespace in the path and every check (if any) on a cluster-scoped resource. */
export function clusterScoped(op: Operation, version: string): boolean {
  if (op.path.includes('{namespace}')) return false;
  return checksAt(op, version).every((c) => scopeOf(apiGroupOf(c.resource), c.resource) === 'Cluster');
}

/** The Argo release Argo Server reports, as the catalogue knows it (`v3.7.2` → `3.7.2`). */
export function parseServerVersion(body: unknown): string | undefined {
  const v = (body as { version?: unknown } | null)?.version;
  if (typeof v !== 'string') return undefined;
  const m = /^v?(\d+\.\d+\.\d+)(?:[-+].*)?$/.exec(v.trim());
  return m ? m[1] : undefined;
}

const isObject = (body: unknown) =>
  typeof body === 'object' && body !== null && !Array.isArray(body) && 'metadata' in body;

/** Runs fns with at most `limit` in flight, results in order. */
async function pool<T>(fns: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array(fns.length);
  let next = 0;
  const worker = async () => {
    while (next < fns.length) {
      const i = next++;
      out[i] = await fns[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, fns.length) }, worker));
  return out;
}

export async function verify(input: VerifyInput): Promise<VerifyReport> {
  const manifests = loadManifests(input.manifests);
  const client = findClient(manifests, input.client, input.manifests);
  const log = input.log ?? (() => {});

  // Argo's version: /api/v1/version accepts any token (it proves nothing about RBAC).
  const versionAnswer = await input.argo.get('/api/v1/version', input.token, {
    expect: (b) => typeof (b as { version?: unknown } | null)?.version === 'string',
  });
  const reported = versionAnswer.kind === 'allowed' ? parseServerVersion(versionAnswer.body) : undefined;
  const rawVersion =
    versionAnswer.kind === 'allowed'
      ? String((versionAnswer.body as { version: string }).version)
      : undefined;
  const known = reported ? resolveVersion(reported) : undefined;
  let judgedBy = client.argoVersion;
  if (versionAnswer.kind === 'rejected') {
    throw argoRejected(`Argo Server at ${input.argo.server}`);
  }
  if (!rawVersion) {
    log(
      `warning: could not read Argo Server's version at ${input.argo.server}/api/v1/version; judging by ${client.argoVersion}, the release the manifests were generated for`,
    );
  } else if (!known) {
    log(
      `warning: Argo Server reports version ${JSON.stringify(rawVersion)}, which the catalogue does not know; judging by ${client.argoVersion}, the release the manifests were generated for`,
    );
  } else if (known !== client.argoVersion) {
    judgedBy = known;
    log(
      `warning: Argo Server runs ${known}, the manifests of ${client.namespace}/${client.name} were generated for ${client.argoVersion}; judging by ${known}'s facts (set argoVersion: "${known}" and synth again to match)`,
    );
  }

  const namespaces = input.namespace
    ? [input.namespace]
    : [...new Set([client.namespace, ...manifests.evaluator.boundNamespaces(client)])];
  const scopes = input.namespace ? namespaces : [...namespaces, ''];
  const ctx = new Prober(input, manifests, client, judgedBy, rawVersion !== undefined);

  const jobs: (() => Promise<VerifyRow>)[] = [];
  for (const namespace of scopes) {
    for (const op of OPERATIONS) {
      if (!existsAt(op, judgedBy)) continue;
      if (clusterScoped(op, judgedBy) !== (namespace === '')) continue;
      jobs.push(() => ctx.row(op, namespace));
    }
  }
  const rows = await pool(jobs, 6);

  const drift: DriftReport[] = [];
  for (const namespace of input.kube ? namespaces : []) {
    const kube = input.kube!;
    const review = await ctx.kubeCall(() => kube.rulesReview(namespace));
    const { overGrant, missing } = compareRules(
      manifests.evaluator.rulesFor(client, namespace),
      review.rules,
    );
    drift.push({
      namespace,
      overGrant: describePermissions(overGrant),
      missing: describePermissions(missing),
      ...(review.incomplete
        ? { incomplete: review.evaluationError ?? 'the authorizer could not list every rule' }
        : {}),
    });
  }
  return {
    client: client.name,
    namespace: client.namespace,
    manifestsVersion: client.argoVersion,
    ...(rawVersion ? { serverVersion: rawVersion } : {}),
    judgedBy,
    namespaces,
    rows,
    drift,
    driftChecked: input.kube !== undefined,
  };
}

class Prober {
  private readonly reviews = new Map<string, Promise<boolean>>();
  /** A name no object is expected to have; if one does, the read answers 200, which proves access as well. */
  private readonly absent = 'argo-token-verify-absent';

  public constructor(
    private readonly input: VerifyInput,
    private readonly manifests: Manifests,
    private readonly client: ManifestClient,
    private readonly version: string,
    /** /api/v1/version answered as Argo Server does: only then do a stream's headers prove anything. */
    private readonly isArgo: boolean,
  ) {}

  public async row(op: Operation, namespace: string): Promise<VerifyRow> {
    const access = operationAccess(this.manifests.evaluator, this.client, op, namespace, this.version);
    const how = probeFor(op, this.version);
    const base = { namespace, operation: op.id, how, expected: access.verdict };
    if (how === 'none') {
      return {
        ...base,
        request: `${op.method} ${op.path}`,
        result: 'n/a',
        note: 'Argo checks nothing: any token passes',
      };
    }
    const named = access.checks.flatMap((c) =>
      c.names ? [`${c.check.resource}: ${c.names.join(',')}`] : [],
    );
    const namedNote = named.length > 0 ? `allowed only for ${named.join('; ')}` : undefined;
    if (how === 'ssar') return this.bySsar(base, access.checks, namedNote);

    const path = this.path(op, namespace);
    const answer = await this.call(how, path, namespace);
    const request = `${how === 'dry-run' ? 'POST' : 'GET'} ${path}${how === 'dry-run' ? ' (serverDryRun)' : ''}`;
    // A probe names no object (or one that does not exist): a grant narrowed to names does not cover it.
    const expectAllowed = access.verdict === 'allowed';
    const judged = { ...base, request, status: answer.status };
    switch (answer.kind) {
      case 'open':
        if (!this.isArgo) {
          return {
            ...judged,
            result: 'ERROR',
            note: "not Argo's API: a stream opened, but /api/v1/version did not answer as Argo Server's, so that proves nothing",
          };
        }
        return this.judge(judged, expectAllowed, 'allowed', namedNote);
      case 'allowed':
        return this.judge(judged, expectAllowed, 'allowed', namedNote);
      case 'forbidden':
        return this.judge(judged, expectAllowed, 'denied', namedNote);
      case 'rejected':
        return {
          ...judged,
          result: 'REJECTED',
          note: 'token rejected: expired, revoked, or Argo Server not in client auth mode',
        };
      case 'argo-error':
        if (how === 'named-read' && answer.status === 404) {
          return this.judge(
            { ...judged, note: `${this.absent} does not exist: 404 after the check passed` },
            expectAllowed,
            'allowed',
            namedNote,
          );
        }
        if (op.area === 'archived workflows' && (answer.status === 404 || answer.status === 501)) {
          const bySsar = await this.bySsar({ ...base, how: 'ssar' }, access.checks, namedNote);
          return {
            ...bySsar,
            note: `the workflow archive is off on this Argo Server; ${bySsar.note ?? 'proven by access review'}`,
          };
        }
        return { ...judged, result: 'ERROR', note: `Argo Server failed: ${answer.message}` };
      case 'server-error':
        return { ...judged, result: 'ERROR', note: `not Argo's API: ${answer.why}` };
    }
  }

  private judge(
    row: Omit<VerifyRow, 'result' | 'got'>,
    expectAllowed: boolean,
    got: Outcome,
    namedNote: string | undefined,
  ): VerifyRow {
    const result =
      expectAllowed === (got === 'allowed') ? 'ok' : got === 'allowed' ? 'OVER-GRANT' : 'MISSING';
    const note = [row.note, namedNote].filter(Boolean).join('; ');
    return { ...row, got, result, ...(note ? { note } : {}) };
  }

  private async bySsar(
    base: Omit<VerifyRow, 'request' | 'result'>,
    checks: readonly CheckResult[],
    namedNote: string | undefined,
  ): Promise<VerifyRow> {
    const kube = this.input.kube;
    if (!kube) {
      return {
        ...base,
        request: `SSAR ${checks.map((c) => `${c.check.verb} ${c.check.resource}`).join(' + ')}`,
        result: 'not proven',
        note: 'only an access review with the client token proves it without a side effect (--argo-only)',
      };
    }
    const seen = new Set<string>();
    const reviews = checks
      .map((c) => {
        const attrs = attributesOf(c.check, base.namespace);
        const name = c.names?.[0];
        const resource = attrs.apiGroup ? `${c.check.resource}.${attrs.apiGroup}` : c.check.resource;
        return { c, attrs, name, text: `${c.check.verb} ${resource}${name ? ` "${name}"` : ''}` };
      })
      .filter((r) => !seen.has(r.text) && seen.add(r.text) !== undefined);
    const answers = await Promise.all(
      reviews.map((r) =>
        this.review({
          verb: r.attrs.verb,
          group: r.attrs.apiGroup,
          resource: r.attrs.resource,
          namespace: r.attrs.namespace ?? '',
          ...(r.name ? { name: r.name } : {}),
        }),
      ),
    );
    const got: Outcome = answers.every(Boolean) ? 'allowed' : 'denied';
    const expectAllowed = base.expected === 'allowed' || base.expected === 'named';
    const request = `SSAR ${reviews.map((r) => r.text).join(' + ')}`;
    const denied = reviews.filter((_, i) => !answers[i]).map((r) => r.text);
    const note = got === 'denied' && expectAllowed ? `denied: ${denied.join(', ')}` : undefined;
    return this.judge({ ...base, request, ...(note ? { note } : {}) }, expectAllowed, got, namedNote);
  }

  /** One access review per distinct question (many operations share a check). */
  private review(check: {
    verb: string;
    group: string;
    resource: string;
    namespace: string;
    name?: string;
  }): Promise<boolean> {
    const key = JSON.stringify(check);
    let answer = this.reviews.get(key);
    if (!answer) {
      const kube = this.input.kube!;
      answer = this.kubeCall(() =>
        kube.canI({
          verb: check.verb,
          group: check.group,
          resource: check.resource,
          namespace: check.namespace,
          ...(check.name ? { name: check.name } : {}),
        }),
      );
      this.reviews.set(key, answer);
    }
    return answer;
  }

  /** A Kubernetes call with the client's token: a 401 means the token is not valid (exit 13). */
  public async kubeCall<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof KubeError && err.status === 401) {
        throw new CliError(
          EXIT.TOKEN_REJECTED,
          `the Kubernetes API server at ${this.input.kube?.server} rejected the client's token (401): expired or revoked`,
          'run argo-token get again (or rotate)',
        );
      }
      throw err;
    }
  }

  private path(op: Operation, namespace: string): string {
    const ns = encodeURIComponent(namespace);
    const filled = op.path.replaceAll('{namespace}', ns).replaceAll('{name}', this.absent);
    return op.path.includes('{namespace}') || namespace === '' ? filled : `${filled}?namespace=${ns}`;
  }

  private call(
    how: ProbeKind,
    path: string,
    namespace: string,
  ): Promise<ArgoAnswer | { kind: 'open'; status: number }> {
    const { argo, token } = this.input;
    switch (how) {
      case 'watch':
        return argo.openStream(path, token);
      case 'dry-run':
        return argo.request('POST', path, token, { body: dryRunWorkflow(namespace), expect: isObject });
      case 'named-read':
        return argo.get(path, token, { expect: isObject });
      default:
        return argo.get(path, token);
    }
  }
}

const SYMBOL: Record<string, string> = {
  allowed: 'allowed',
  denied: 'denied',
  named: 'named',
  unchecked: '-',
};

/** The table: one row per namespace and operation, then the drift per namespace. */
export function formatVerify(report: VerifyReport): string {
  const headers = ['NAMESPACE', 'OPERATION', 'HOW', 'EXPECTED', 'GOT', 'RESULT', 'REQUEST'];
  const cells = report.rows.map((r) => [
    r.namespace || '(cluster)',
    r.operation,
    r.how,
    SYMBOL[r.expected],
    r.got ? `${r.got}${r.status ? ` (${r.status})` : ''}` : r.status ? String(r.status) : '-',
    r.note ? `${r.result}: ${r.note}` : r.result,
    r.request,
  ]);
  // RESULT may be long: the request goes last.
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) =>
    c
      .map((cell, i) => (i === c.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  if (!report.driftChecked)
    return `${[line(headers), ...cells.map(line)].join('\n')}\n\ndrift: not checked (--argo-only)\n`;
  const drift = report.drift.flatMap((d) => {
    const lines = [
      ...d.overGrant.map((p) => `drift ${d.namespace}: OVER-GRANT ${p} (not in the manifests)`),
      ...d.missing.map((p) => `drift ${d.namespace}: MISSING ${p} (in the manifests, not in the cluster)`),
      ...(d.incomplete ? [`drift ${d.namespace}: the rules review is incomplete: ${d.incomplete}`] : []),
    ];
    return lines.length > 0
      ? lines
      : [`drift ${d.namespace}: none (the token's rules are the manifests' rules)`];
  });
  return `${[line(headers), ...cells.map(line)].join('\n')}\n\n${drift.join('\n')}\n`;
}

/** The exit the report calls for: 0 when everything is as expected. */
export function verifyVerdict(report: VerifyReport, server: string): CliError | undefined {
  const rows = report.rows;
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  if (rows.some((r) => r.result === 'REJECTED')) {
    return argoRejected('Argo Server');
  }
  const over = rows.filter((r) => r.result === 'OVER-GRANT');
  const overRules = report.drift.reduce((n, d) => n + d.overGrant.length, 0);
  if (over.length > 0 || overRules > 0) {
    const where = [
      ...(over.length > 0
        ? [
            `${count(over.length, 'operation')} the manifests deny answered allowed (${over[0].namespace || 'cluster'}: ${over[0].operation})`,
          ]
        : []),
      ...(overRules > 0 ? [`${count(overRules, 'permission')} beyond the manifests' rules`] : []),
    ].join('; ');
    return new CliError(
      EXIT.OVER_GRANT,
      `over-grant: the token may do more than the manifests say: ${where}`,
      'find what grants it: kubectl get rolebindings,clusterrolebindings -A -o wide | grep <client>; remove it, or add the permission to the clients file',
    );
  }
  const errors = rows.filter((r) => r.result === 'ERROR');
  if (errors.length > 0) {
    return new CliError(
      EXIT.ARGO_ERROR,
      `${errors.length} of ${rows.length} probes at ${server} did not answer as Argo Server's API (${errors[0].status}: ${errors[0].note?.replace(/^[^:]*: /, '')}); nothing is concluded from them`,
      "check --server: Argo Server's address including its base path (e.g. https://host/argo), not a sign-in proxy or the UI",
    );
  }
  const missing = rows.filter((r) => r.result === 'MISSING');
  const missingRules = report.drift.reduce((n, d) => n + d.missing.length, 0);
  if (missing.length > 0 || missingRules > 0) {
    return new CliError(
      EXIT.NO,
      `missing: the token may do less than the manifests say: ${[
        ...(missing.length > 0
          ? [
              `${count(missing.length, 'operation')} answered 403 (${missing[0].namespace || 'cluster'}: ${missing[0].operation})`,
            ]
          : []),
        ...(missingRules > 0
          ? [`${count(missingRules, 'permission')} of the manifests not in the cluster`]
          : []),
      ].join('; ')}`,
      'the cluster RBAC and dist/ differ: apply dist/ (kubectl apply -f dist/) or synth again',
    );
  }
  return undefined;
}
