// `argo-token sso whoami` and `argo-token sso matrix`: which ServiceAccount Argo Server's SSO RBAC gives a
// signed-in person (src/sso/gatekeeper.ts, per Argo release), and what each SSO account can call, offline
// from the manifests.

import { OPERATIONS } from '../src/argo/catalogue';
import { DEFAULT_ARGO_VERSION, KNOWN_VERSIONS, RELEASE_LINES, resolveVersion } from '../src/argo/versions';
import { shown } from '../src/clients/messages';
import { ARGO_RELEASE_ANNOTATION } from '../src/names';
import type { KubeObject } from '../src/rbac/evaluator';
import {
  loadManifestObjects,
  loadManifests,
  type ManifestClient,
  ManifestError,
  type Manifests,
} from '../src/rbac/manifests';
import { accessByOperation, type OperationAccess } from '../src/rbac/operations';
import type { Value } from '../src/sso/expr';
import {
  type Decision,
  decide,
  type Lookup,
  precedenceOf,
  type SsoServiceAccount,
  ssoServiceAccounts,
} from '../src/sso/gatekeeper';
import { DEFAULT_SSO_NAMESPACE, RBAC_RULE_ANNOTATION, SSO_NAMESPACE_ANNOTATION } from '../src/sso/limits';
import { CliError, EXIT } from './errors';
import { formatMatrix, type MatrixColumn, matrixJson } from './matrix-table';

export interface WhoamiInput {
  readonly manifests: string;
  /** The manifests' objects, when already in memory (then `manifests` only names them). */
  readonly objects?: readonly KubeObject[];
  readonly groups: readonly string[];
  readonly email?: string;
  readonly sub?: string;
  /** The request's namespace. */
  readonly namespace?: string;
  /** SSO_DELEGATE_RBAC_TO_NAMESPACE=true on argo-server. */
  readonly delegate: boolean;
  /** argo-server runs with --namespaced. */
  readonly namespaced?: boolean;
  readonly argoVersion?: string;
  readonly ssoNamespace?: string;
}

export interface WhoamiResult {
  readonly argoRelease: string;
  readonly ssoNamespace: string;
  readonly claims: Readonly<Record<string, Value>>;
  readonly decision: Decision;
  /** The namespace the operations were evaluated in. */
  readonly namespace?: string;
  /** What the chosen account can call there (absent when none was chosen). */
  readonly access?: Record<string, OperationAccess>;
}

/** An --argo-version: a release line or an exact known release. */
export function parseArgoVersion(text: string): string {
  const exact = resolveVersion(text);
  if (exact) return exact;
  throw new CliError(
    EXIT.USAGE,
    `unknown --argo-version ${shown(text)}: give a release line (${RELEASE_LINES.join(', ')}) or a release ${KNOWN_VERSIONS[0]}–${KNOWN_VERSIONS[KNOWN_VERSIONS.length - 1]}`,
  );
}

interface SsoManifests {
  readonly manifests: Manifests;
  /** Every ServiceAccount, with annotations (the gatekeeper filters them itself). */
  readonly all: readonly SsoServiceAccount[];
  /** The SSO accounts: those with a rule, highest precedence first within each namespace. */
  readonly accounts: readonly SsoServiceAccount[];
}

function loadSso(dir: string, objects?: readonly KubeObject[]): SsoManifests {
  const manifests = objects ? loadManifestObjects(objects) : loadManifests(dir);
  const all = ssoServiceAccounts(manifests.evaluator.objects);
  const accounts = all
    .filter((sa) => Object.hasOwn(sa.annotations, RBAC_RULE_ANNOTATION))
    .map((sa, i) => ({ sa, i }))
    .sort((a, b) => {
      if (a.sa.namespace !== b.sa.namespace) return a.sa.namespace < b.sa.namespace ? -1 : 1;
      const [pa, pb] = [precedenceOf(a.sa), precedenceOf(b.sa)];
      return pa === pb ? a.i - b.i : pa > pb ? -1 : 1;
    })
    .map(({ sa }) => sa);
  if (accounts.length === 0) {
    throw new ManifestError(
      `no ServiceAccount in ${dir}/ carries ${RBAC_RULE_ANNOTATION}: add sso: accounts to the clients file and run npm run synth`,
    );
  }
  return { manifests, all, accounts };
}

const clientOf = (m: Manifests, sa: SsoServiceAccount): ManifestClient | undefined =>
  m.clients.find((c) => c.namespace === sa.namespace && c.name === sa.name);

/** The release the SSO accounts were written for (their annotation, the first one's), else the default. */
function defaultRelease(sso: SsoManifests): string {
  for (const sa of sso.accounts) {
    const recorded = resolveVersion(sa.annotations[ARGO_RELEASE_ANNOTATION] ?? '');
    if (recorded) return recorded;
  }
  return resolveVersion(DEFAULT_ARGO_VERSION)!;
}

/** The login namespace the accounts were generated for (their annotation), else argo. */
function recordedSsoNamespace(sso: SsoManifests): string {
  for (const sa of sso.accounts) {
    const ns = sa.annotations[SSO_NAMESPACE_ANNOTATION];
    if (ns) return ns;
  }
  return DEFAULT_SSO_NAMESPACE;
}

/** Argo's default sso.sessionExpiry (config/sso.go GetSessionExpiry: 10h). */
const SESSION_EXPIRY_SECONDS = 10 * 3600;

/** The claims Argo's rules see: iss always argo-server; empty claims absent (server/auth/types/claims.go omitempty). */
export function claimsOf(
  input: Pick<WhoamiInput, 'groups' | 'email' | 'sub'>,
  expiry = Math.floor(Date.now() / 1000) + SESSION_EXPIRY_SECONDS,
): Record<string, Value> {
  // exp is always set (login time + sessionExpiry): a rule may name it without failing.
  const claims: Record<string, Value> = { iss: 'argo-server', exp: expiry };
  if (input.sub) claims.sub = input.sub;
  if (input.groups.length > 0) claims.groups = [...input.groups];
  if (input.email) claims.email = input.email;
  return claims;
}

export function whoami(input: WhoamiInput): WhoamiResult {
  const pinned = input.argoVersion !== undefined ? parseArgoVersion(input.argoVersion) : undefined;
  const sso = loadSso(input.manifests, input.objects);
  const argoRelease = pinned ?? defaultRelease(sso);
  const ssoNamespace = input.ssoNamespace ?? recordedSsoNamespace(sso);
  const claims = claimsOf(input);
  const decision = decide(sso.all, {
    claims,
    ssoNamespace,
    ...(input.namespace !== undefined ? { namespace: input.namespace } : {}),
    delegate: input.delegate,
    namespaced: input.namespaced === true,
    argoRelease,
  });
  if (decision.kind !== 'account') return { argoRelease, ssoNamespace, claims, decision };
  const namespace = input.namespace ?? decision.account.namespace;
  const access = accessByOperation(
    sso.manifests.evaluator,
    decision.account,
    namespace,
    argoRelease,
    OPERATIONS,
  );
  return { argoRelease, ssoNamespace, claims, decision, namespace, access };
}

const ref = (sa: SsoServiceAccount) => `${sa.namespace}/${sa.name}`;

function trace(l: Lookup): string {
  if (l.tried.length === 0) return `no account in ${l.namespace} carries a rule`;
  const steps = l.tried.map((t) => `${ref(t.account)} (${t.precedence}) ${t.outcome.kind}`).join(', ');
  const end =
    l.outcome === 'match'
      ? ` → ${ref(l.account!)}`
      : l.outcome === 'none'
        ? ' → no match'
        : ` → the lookup stops: ${l.failed!.message}`;
  return `${steps}${end}`;
}

/** Warnings for stderr: equal precedences Argo orders at random. */
export function whoamiWarnings(result: WhoamiResult): string[] {
  const lookups = [result.decision.login, result.decision.delegation.lookup].filter((l): l is Lookup => !!l);
  return lookups
    .filter((l) => l.ambiguous.length > 0)
    .map((l) => {
      const decided = l.account ?? l.failed?.account;
      return `${[decided!, ...l.ambiguous].map(ref).join(', ')} share precedence ${l.precedence} and ${l.outcome === 'match' ? 'match' : 'do not all evaluate to false'}: Argo takes them in random order (sort.Slice), so it may choose ${l.ambiguous.map(ref).join(' or ')} instead`;
    });
}

const endpoint = (a: OperationAccess) =>
  `${a.operation.method} ${a.operation.path}${a.operation.variant ? ` (${a.operation.variant})` : ''}`;

/** The text of whoami: the chosen account on the first line, then why, then what it can call. */
export function formatWhoami(result: WhoamiResult): string {
  const d = result.decision;
  const lines: string[] = [];
  if (d.kind === 'account') lines.push(ref(d.account), `why: ${d.why}`);
  lines.push(`login lookup in ${result.ssoNamespace}: ${trace(d.login)}`);
  const del = d.delegation;
  lines.push(
    del.lookup
      ? `delegation: ${del.why}; lookup in ${del.lookup.namespace}: ${trace(del.lookup)}`
      : `delegation: not tried: ${del.why}`,
  );
  if (d.kind !== 'account' || !result.access) return `${lines.join('\n')}\n`;
  const access = Object.values(result.access);
  const granted = access.filter((a) => a.verdict === 'allowed' || a.verdict === 'named');
  const unchecked = access.filter((a) => a.verdict === 'unchecked');
  const widths = Math.max(0, ...granted.map((a) => a.operation.id.length));
  lines.push(
    `Argo ${result.argoRelease}, in namespace ${result.namespace}: ${ref(d.account)} can call ${granted.length} of ${access.length - unchecked.length} checked operations`,
  );
  for (const a of granted) {
    const note =
      a.verdict === 'named'
        ? `  (only ${a.checks.flatMap((c) => (c.names ? [`${c.check.resource}: ${c.names.join(',')}`] : [])).join('; ')})`
        : '';
    lines.push(`  ${a.operation.id.padEnd(widths)}  ${endpoint(a)}${note}`);
  }
  if (unchecked.length > 0) {
    lines.push(
      `  and ${unchecked.length} operations Argo checks nothing for: ${unchecked.map((a) => a.operation.id).join(', ')}`,
    );
  }
  if (d.via === 'namespace') {
    lines.push(
      `  cluster-wide requests (cluster workflow templates, info) name no namespace: they run as the login account${d.login.account ? ` ${ref(d.login.account)}` : ' (none: denied)'}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** -o json: the decision, the lookups and the operations. */
export function whoamiJson(result: WhoamiResult): unknown {
  const d = result.decision;
  const lookupJson = (l: Lookup) => ({
    namespace: l.namespace,
    outcome: l.outcome,
    ...(l.account ? { account: ref(l.account), precedence: String(l.precedence) } : {}),
    ...(l.failed ? { failed: ref(l.failed.account), message: l.failed.message } : {}),
    tried: l.tried.map((t) => ({
      account: ref(t.account),
      precedence: String(t.precedence),
      outcome: t.outcome.kind,
    })),
    ambiguous: l.ambiguous.map(ref),
  });
  return {
    argoVersion: result.argoRelease,
    ssoNamespace: result.ssoNamespace,
    claims: result.claims,
    decision: d.kind,
    ...(d.kind === 'account'
      ? { account: ref(d.account), precedence: String(d.precedence), via: d.via }
      : {}),
    why: d.why,
    login: lookupJson(d.login),
    delegation: {
      applies: d.delegation.applies,
      why: d.delegation.why,
      ...(d.delegation.lookup ? { lookup: lookupJson(d.delegation.lookup) } : {}),
    },
    ...(result.access
      ? {
          namespace: result.namespace,
          operations: Object.values(result.access)
            .filter((a) => a.verdict !== 'denied')
            .map((a) => ({
              operation: a.operation.id,
              method: a.operation.method,
              path: a.operation.path,
              verdict: a.verdict,
            })),
        }
      : {}),
  };
}

/** The exit of whoami: an account is 0; Argo's refusal (403, or the 4.0.0–4.0.4 panic) 1; undecidable 20. */
export function whoamiFailure(result: WhoamiResult): CliError | undefined {
  const d = result.decision;
  if (d.kind === 'account') return undefined;
  if (d.kind === 'unknown') {
    return new CliError(
      EXIT.SSO_UNDECIDED,
      `cannot tell which account Argo ${result.argoRelease} chooses: ${d.why}`,
      'argo-token evaluates in, ==, !=, &&, ||, !, parentheses, literals, startsWith, endsWith, contains, matches; rules from match stay inside it',
    );
  }
  return new CliError(
    EXIT.NO,
    `Argo ${result.argoRelease} refuses this person${d.kind === 'panic' ? ' (HTTP 500)' : ' (HTTP 403 "not allowed")'}: ${d.why}`,
    d.kind === 'panic'
      ? 'add a login account that matches them, or upgrade Argo to 4.0.5 or later'
      : 'add an sso: account whose match includes them (a catch-all everyone: true account catches everybody else)',
  );
}

// ---------------------------------------------------------------------------------------------------------
// sso matrix

export interface SsoMatrixInput {
  readonly manifests: string;
  /** The manifests' objects, when already in memory (then `manifests` only names them). */
  readonly objects?: readonly KubeObject[];
  /** Namespace to evaluate in. Default: each account's own. */
  readonly namespace?: string;
}

export interface SsoMatrixRow {
  readonly account: SsoServiceAccount;
  readonly precedence: bigint;
  readonly rule: string;
  readonly login: boolean;
}

export interface SsoMatrix {
  readonly ssoNamespace: string;
  readonly rows: readonly SsoMatrixRow[];
  readonly columns: readonly MatrixColumn[];
}

export function ssoMatrix(input: SsoMatrixInput): SsoMatrix {
  const sso = loadSso(input.manifests, input.objects);
  const ssoNamespace = recordedSsoNamespace(sso);
  const fallback = defaultRelease(sso);
  const rows = sso.accounts.map((account) => ({
    account,
    precedence: precedenceOf(account),
    rule: account.annotations[RBAC_RULE_ANNOTATION],
    login: account.namespace === ssoNamespace,
  }));
  const columns = sso.accounts.map((account) => {
    const recorded = resolveVersion(account.annotations[ARGO_RELEASE_ANNOTATION] ?? '');
    const found = clientOf(sso.manifests, account);
    const client = { ...account, argoVersion: recorded ?? found?.argoVersion ?? fallback };
    const namespace = input.namespace ?? account.namespace;
    return {
      client,
      namespace,
      access: accessByOperation(sso.manifests.evaluator, client, namespace, client.argoVersion, OPERATIONS),
      unresolved: sso.manifests.evaluator.unresolvedRoleRefs(client),
    };
  });
  return { ssoNamespace, rows, columns };
}

/** The accounts (precedence, login or delegated, rule), then the operations × accounts table. */
export function formatSsoMatrix(m: SsoMatrix, wide = false): string {
  const head = ['ACCOUNT', 'PRECEDENCE', 'KIND', 'RULE'];
  const cells = m.rows.map((r) => [
    ref(r.account),
    String(r.precedence),
    r.login ? 'login' : 'delegated',
    JSON.stringify(r.rule),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) =>
    c
      .map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return `${[line(head), ...cells.map(line)].join('\n')}\n\n${formatMatrix(m.columns, wide)}`;
}

export function ssoMatrixJson(m: SsoMatrix): unknown {
  const ops = matrixJson(m.columns) as { operations: unknown }[];
  return m.rows.map((r, i) => ({
    account: ref(r.account),
    namespace: m.columns[i].namespace,
    precedence: String(r.precedence),
    rule: r.rule,
    kind: r.login ? 'login' : 'delegated',
    argoVersion: m.columns[i].client.argoVersion,
    operations: ops[i].operations,
  }));
}
