// Argo Server's SSO RBAC gatekeeper, offline: which ServiceAccount a signed-in person's request runs as,
// per Argo release (3.5.0–4.1.2), from the ServiceAccounts of a manifests folder. It follows
// server/auth/gatekeeper.go (getServiceAccount, precedence, canDelegateRBACToRequestNamespace,
// rbacAuthorization) at the tags cited in GATEKEEPER_EVIDENCE; rules are evaluated by expr.ts with the
// semantics of the expr release each Argo release pins.

import { type Evidence, ev } from '../argo/facts';
import { compareVersions } from '../argo/versions';
import { evaluateRule, type RuleOutcome, semanticsFor, type Value } from './expr';
import { RBAC_PRECEDENCE_ANNOTATION, RBAC_RULE_ANNOTATION } from './limits';

const GK = 'server/auth/gatekeeper.go';

/** Each step of Argo's gatekeeper followed here, and where it is in Argo's source: `git show <tag>:<file>`, inside `func`, the quoted line. */
export const GATEKEEPER_STEPS = {
  candidates: {
    summary:
      'Only ServiceAccounts that carry the rule annotation are candidates; the key only has to be present.',
    evidence: [
      ev(
        'v3.5.0',
        GK,
        '(*gatekeeper).getServiceAccount',
        '_, ok := serviceAccount.Annotations[common.AnnotationKeyRBACRule]',
      ),
      ev(
        'v4.1.2',
        GK,
        '(*gatekeeper).getServiceAccount',
        '_, ok := serviceAccount.Annotations[common.AnnotationKeyRBACRule]',
      ),
    ],
  },
  precedence: {
    summary: 'The precedence is strconv.Atoi of the annotation, its error ignored (invalid or missing: 0).',
    evidence: [
      ev(
        'v3.5.0',
        GK,
        'precedence',
        'i, _ := strconv.Atoi(serviceAccount.Annotations[common.AnnotationKeyRBACRulePrecedence])',
      ),
      ev(
        'v4.1.2',
        GK,
        'precedence',
        'i, _ := strconv.Atoi(serviceAccount.Annotations[common.AnnotationKeyRBACRulePrecedence])',
      ),
    ],
  },
  sort: {
    summary: 'Highest first, with sort.Slice: not stable, so equal precedences come in any order.',
    evidence: [
      ev(
        'v3.5.0',
        GK,
        '(*gatekeeper).getServiceAccount',
        'sort.Slice(serviceAccounts, func(i, j int) bool { return precedence(serviceAccounts[i]) > precedence(serviceAccounts[j]) })',
      ),
      ev(
        'v4.1.2',
        GK,
        '(*gatekeeper).getServiceAccount',
        'sort.Slice(serviceAccounts, func(i, j int) bool { return precedence(serviceAccounts[i]) > precedence(serviceAccounts[j]) })',
      ),
    ],
  },
  ruleError: {
    summary: 'The first rule that errors aborts the lookup: lower accounts are not tried.',
    evidence: [
      ev(
        'v3.5.0',
        GK,
        '(*gatekeeper).getServiceAccount',
        'return nil, fmt.Errorf("failed to evaluate rule: %w", err)',
      ),
      ev(
        'v4.1.2',
        GK,
        '(*gatekeeper).getServiceAccount',
        'return nil, fmt.Errorf("failed to evaluate rule: %w", err)',
      ),
    ],
  },
  firstTrue: {
    summary: 'The first rule that is true wins.',
    evidence: [ev('v4.1.2', GK, '(*gatekeeper).getServiceAccount', 'return serviceAccount, nil')],
  },
  noMatch: {
    summary: 'No rule true: "no service account rule matches".',
    evidence: [
      ev(
        'v4.1.2',
        GK,
        '(*gatekeeper).getServiceAccount',
        'return nil, fmt.Errorf("no service account rule matches")',
      ),
    ],
  },
  loginRequired: {
    summary: 'Before 4.0.0 the login lookup must succeed: any error (no match included) denies.',
    evidence: [
      ev(
        'v3.5.0',
        GK,
        '(*gatekeeper).rbacAuthorization',
        'loginAccount, err := s.getServiceAccount(claims, s.ssoNamespace)',
      ),
      ev('v3.7.18', GK, '(*gatekeeper).rbacAuthorization', 'return nil, err'),
    ],
  },
  loginOptional: {
    summary:
      'From 4.0.0 "no match" in the login namespace is tolerated (no login account); other errors deny.',
    evidence: [
      ev(
        'v4.0.0',
        GK,
        '(*gatekeeper).rbacAuthorization',
        'if err != nil && !strings.Contains(err.Error(), "no service account rule matches") {',
      ),
    ],
  },
  delegation: {
    summary:
      'Delegation: not --namespaced, the env var exactly "true", a request namespace other than the SSO one.',
    evidence: [
      ev(
        'v3.5.0',
        GK,
        '(*gatekeeper).canDelegateRBACToRequestNamespace',
        'if s.namespaced || os.Getenv("SSO_DELEGATE_RBAC_TO_NAMESPACE") != "true" {',
      ),
      ev(
        'v3.5.0',
        GK,
        '(*gatekeeper).canDelegateRBACToRequestNamespace',
        'return len(namespace) != 0 && s.ssoNamespace != namespace',
      ),
      ev(
        'v4.1.2',
        GK,
        '(*gatekeeper).canDelegateRBACToRequestNamespace',
        'return len(namespace) != 0 && s.ssoNamespace != namespace',
      ),
    ],
  },
  delegationError: {
    summary: 'A failed namespace lookup (no match, rule error) keeps the login account.',
    evidence: [
      ev(
        'v3.5.0',
        GK,
        '(*gatekeeper).rbacAuthorization',
        'log.WithError(err).Info("Error while SSO Delegation")',
      ),
      ev(
        'v4.1.2',
        GK,
        '(*gatekeeper).rbacAuthorization',
        'logger.WithError(err).Info(ctx, "Error while SSO Delegation")',
      ),
    ],
  },
  strictlyHigher: {
    summary:
      '3.5.0–4.0.4: the namespace account wins on a strictly higher precedence (4.0.x: precedence(nil) panics).',
    evidence: [
      ev(
        'v3.5.0',
        GK,
        '(*gatekeeper).rbacAuthorization',
        '} else if precedence(namespaceAccount) > precedence(loginAccount) {',
      ),
      ev(
        'v4.0.4',
        GK,
        '(*gatekeeper).rbacAuthorization',
        '} else if precedence(namespaceAccount) > precedence(loginAccount) {',
      ),
    ],
  },
  noLoginFallback: {
    summary: '4.0.5+: the namespace account also wins when there is no login account.',
    evidence: [
      ev(
        'v4.0.5',
        GK,
        '(*gatekeeper).rbacAuthorization',
        '} else if loginAccount == nil || precedence(namespaceAccount) > precedence(loginAccount) {',
      ),
      ev(
        'v4.1.2',
        GK,
        '(*gatekeeper).rbacAuthorization',
        '} else if loginAccount == nil || precedence(namespaceAccount) > precedence(loginAccount) {',
      ),
    ],
  },
  nobody: {
    summary: '4.0.0+: nobody chosen at all denies.',
    evidence: [ev('v4.0.0', GK, '(*gatekeeper).rbacAuthorization', 'if delegatedAccount == nil {')],
  },
} as const satisfies Record<string, { readonly summary: string; readonly evidence: readonly Evidence[] }>;

/** A ServiceAccount as the gatekeeper sees it: its namespace, name and annotations. */
export interface SsoServiceAccount {
  readonly namespace: string;
  readonly name: string;
  readonly annotations: Readonly<Record<string, string>>;
}

export interface SsoRequest {
  /** The claims as Argo's rules see them (server/auth/types/claims.go JSON: empty claims absent). */
  readonly claims: Readonly<Record<string, Value>>;
  /** The namespace Argo Server runs in (or --managed-namespace under --namespaced). */
  readonly ssoNamespace: string;
  /** The request's namespace ("" or absent: cluster-scoped and info requests, all-namespace lists). */
  readonly namespace?: string;
  /** SSO_DELEGATE_RBAC_TO_NAMESPACE=true on argo-server. */
  readonly delegate: boolean;
  /** argo-server runs with --namespaced (delegation off). */
  readonly namespaced?: boolean;
  /** The exact Argo release (3.5.0–4.1.2). */
  readonly argoRelease: string;
}

/** One candidate as Argo evaluates it, in the order it evaluates them. */
export interface Tried {
  readonly account: SsoServiceAccount;
  readonly precedence: bigint;
  readonly outcome: RuleOutcome;
}

/** getServiceAccount in one namespace. */
export interface Lookup {
  readonly namespace: string;
  /** `match`: a rule was true; `none`: no rule true; `error`: a rule failed (the lookup aborts); `unknown`: a rule is outside what argo-token evaluates. */
  readonly outcome: 'match' | 'none' | 'error' | 'unknown';
  readonly account?: SsoServiceAccount;
  readonly precedence?: bigint;
  /** The failing (or unknown) account and its message. */
  readonly failed?: { readonly account: SsoServiceAccount; readonly message: string };
  /** Candidates in evaluation order, up to the one that decided. */
  readonly tried: readonly Tried[];
  /** Other candidates of the deciding precedence that Argo may evaluate first (sort.Slice is not stable). */
  readonly ambiguous: readonly SsoServiceAccount[];
}

export interface Delegation {
  /** Whether canDelegateRBACToRequestNamespace holds. */
  readonly applies: boolean;
  readonly why: string;
  /** The lookup in the request namespace, when it applies. */
  readonly lookup?: Lookup;
}

export type Decision =
  | {
      readonly kind: 'account';
      readonly account: SsoServiceAccount;
      readonly precedence: bigint;
      /** `login`: the login account; `namespace`: the request namespace's account took over. */
      readonly via: 'login' | 'namespace';
      readonly why: string;
      readonly login: Lookup;
      readonly delegation: Delegation;
    }
  | {
      /** `denied`: 403 "not allowed"; `panic`: Argo 4.0.0–4.0.4 dereferences a nil login account (500); `unknown`: argo-token cannot tell. */
      readonly kind: 'denied' | 'panic' | 'unknown';
      readonly why: string;
      readonly login: Lookup;
      readonly delegation: Delegation;
    };

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/**
 * Go's strconv.Atoi on a 64-bit build, with its error ignored as Argo's precedence() does: an optional sign
 * and decimal digits; anything else (empty, spaces, "1.5", "1_000") is 0; out of range is clamped.
 */
export function atoi(text: string | undefined): bigint {
  if (text === undefined || !/^[+-]?[0-9]+$/.test(text)) return 0n;
  const v = BigInt(text);
  return v > INT64_MAX ? INT64_MAX : v < INT64_MIN ? INT64_MIN : v;
}

/** The precedence Argo reads from a ServiceAccount. */
export const precedenceOf = (sa: SsoServiceAccount): bigint =>
  atoi(sa.annotations[RBAC_PRECEDENCE_ANNOTATION]);

const ref = (sa: SsoServiceAccount) => `${sa.namespace}/${sa.name}`;

/**
 * getServiceAccount: the candidates of a namespace (annotated with a rule), highest precedence first, each
 * rule evaluated until one is true (chosen) or fails (the lookup aborts). Equal precedences are taken in the
 * given order, and reported as ambiguous when another of them could decide instead.
 */
export function lookup(
  accounts: readonly SsoServiceAccount[],
  namespace: string,
  claims: Readonly<Record<string, Value>>,
  argoRelease: string,
): Lookup {
  const semantics = semanticsFor(argoRelease);
  const candidates = accounts
    .filter((sa) => sa.namespace === namespace && Object.hasOwn(sa.annotations, RBAC_RULE_ANNOTATION))
    .map((account, i) => ({ account, i, precedence: precedenceOf(account) }))
    .sort((a, b) => (a.precedence === b.precedence ? a.i - b.i : a.precedence > b.precedence ? -1 : 1));
  const tried: Tried[] = [];
  const outcomes = new Map<SsoServiceAccount, RuleOutcome>();
  const outcomeOf = (sa: SsoServiceAccount) => {
    let o = outcomes.get(sa);
    if (!o) {
      o = evaluateRule(sa.annotations[RBAC_RULE_ANNOTATION], claims, semantics);
      outcomes.set(sa, o);
    }
    return o;
  };
  for (const c of candidates) {
    const outcome = outcomeOf(c.account);
    tried.push({ account: c.account, precedence: c.precedence, outcome });
    if (outcome.kind === 'false') continue;
    const ambiguous = candidates
      .filter(
        (o) =>
          o.account !== c.account && o.precedence === c.precedence && outcomeOf(o.account).kind !== 'false',
      )
      .map((o) => o.account);
    const base = { namespace, tried, ambiguous, precedence: c.precedence };
    if (outcome.kind === 'true') return { ...base, outcome: 'match', account: c.account };
    return {
      ...base,
      outcome: outcome.kind === 'error' ? 'error' : 'unknown',
      failed: { account: c.account, message: outcome.message },
    };
  }
  return { namespace, outcome: 'none', tried, ambiguous: [] };
}

/** canDelegateRBACToRequestNamespace, with the reason. */
export function delegationApplies(req: SsoRequest): { applies: boolean; why: string } {
  const ns = req.namespace ?? '';
  if (req.namespaced) return { applies: false, why: 'argo-server runs --namespaced: no delegation' };
  if (!req.delegate)
    return { applies: false, why: 'SSO_DELEGATE_RBAC_TO_NAMESPACE is not "true" on argo-server' };
  if (ns === '')
    return {
      applies: false,
      why: 'the request names no namespace (cluster-wide and info requests never delegate)',
    };
  if (ns === req.ssoNamespace)
    return { applies: false, why: `the request is in the SSO namespace ${ns} itself` };
  return { applies: true, why: `delegation on and the request is in ${ns}` };
}

const failure = (l: Lookup) =>
  l.outcome === 'none'
    ? `no rule in ${l.namespace} matches`
    : `the rule of ${ref(l.failed!.account)} ${l.outcome === 'unknown' ? 'is outside what argo-token evaluates' : 'fails'}: ${l.failed!.message}`;

/** rbacAuthorization: the account a request runs as, or why Argo refuses it, at the request's Argo release. */
export function decide(accounts: readonly SsoServiceAccount[], req: SsoRequest): Decision {
  const login = lookup(accounts, req.ssoNamespace, req.claims, req.argoRelease);
  const { applies, why: delegationWhy } = delegationApplies(req);
  const notTried: Delegation = { applies: false, why: delegationWhy };
  const v4 = compareVersions(req.argoRelease, '4.0.0') >= 0;
  const fixed = compareVersions(req.argoRelease, '4.0.5') >= 0;
  if (login.outcome === 'unknown') {
    return { kind: 'unknown', why: `login lookup: ${failure(login)}`, login, delegation: notTried };
  }
  // < 4.0.0 any login error denies; from 4.0.0 only "no service account rule matches" is tolerated.
  if (login.outcome === 'error' || (login.outcome === 'none' && !v4)) {
    return {
      kind: 'denied',
      why: `${failure(login)}${login.outcome === 'none' ? ` (Argo ${req.argoRelease} needs a login account in ${req.ssoNamespace} before 4.0.0)` : ''}: Argo answers 403 "not allowed"`,
      login,
      delegation: notTried,
    };
  }
  const loginAccount = login.outcome === 'match' ? login : undefined;
  if (!applies) {
    if (!loginAccount) {
      return {
        kind: 'denied',
        why: `${failure(login)}, and ${delegationWhy}: Argo answers 403 "not allowed"`,
        login,
        delegation: notTried,
      };
    }
    return {
      kind: 'account',
      account: loginAccount.account!,
      precedence: loginAccount.precedence!,
      via: 'login',
      why: `login account (${delegationWhy})`,
      login,
      delegation: notTried,
    };
  }
  const nsLookup = lookup(accounts, req.namespace ?? '', req.claims, req.argoRelease);
  const delegation: Delegation = { applies: true, why: delegationWhy, lookup: nsLookup };
  if (nsLookup.outcome === 'unknown') {
    return { kind: 'unknown', why: `namespace lookup: ${failure(nsLookup)}`, login, delegation };
  }
  if (nsLookup.outcome !== 'match') {
    if (!loginAccount) {
      return {
        kind: 'denied',
        why: `${failure(login)}, and in ${nsLookup.namespace}: ${failure(nsLookup)}: Argo answers 403 "not allowed"`,
        login,
        delegation,
      };
    }
    return {
      kind: 'account',
      account: loginAccount.account!,
      precedence: loginAccount.precedence!,
      via: 'login',
      why: `login account: delegation to ${nsLookup.namespace} failed (${failure(nsLookup)}), so Argo keeps the login account`,
      login,
      delegation,
    };
  }
  const nsAccount = nsLookup.account!;
  const nsPrecedence = nsLookup.precedence!;
  if (!loginAccount) {
    if (!fixed) {
      return {
        kind: 'panic',
        why: `no login account matches and ${ref(nsAccount)} does: Argo ${req.argoRelease} (4.0.0–4.0.4) compares precedence(nil) and panics: HTTP 500 (fixed in 4.0.5)`,
        login,
        delegation,
      };
    }
    return {
      kind: 'account',
      account: nsAccount,
      precedence: nsPrecedence,
      via: 'namespace',
      why: `namespace account: no login account matches, and Argo ${req.argoRelease} (4.0.5+) then takes the namespace account`,
      login,
      delegation,
    };
  }
  const lp = loginAccount.precedence!;
  if (nsPrecedence > lp) {
    return {
      kind: 'account',
      account: nsAccount,
      precedence: nsPrecedence,
      via: 'namespace',
      why: `namespace account: its precedence ${nsPrecedence} is higher than login account ${ref(loginAccount.account!)}'s ${lp}`,
      login,
      delegation,
    };
  }
  return {
    kind: 'account',
    account: loginAccount.account!,
    precedence: lp,
    via: 'login',
    why: `login account: ${ref(nsAccount)} matches too, but its precedence ${nsPrecedence} is not higher than ${lp} (a namespace account needs a strictly higher one)`,
    login,
    delegation,
  };
}

/** The ServiceAccounts of a set of objects (a manifests folder), with their annotations. */
export function ssoServiceAccounts(
  objects: readonly {
    apiVersion?: string;
    kind?: string;
    metadata?: { name?: string; namespace?: string; annotations?: Record<string, string> };
  }[],
): SsoServiceAccount[] {
  return objects
    .filter((o) => o.apiVersion === 'v1' && o.kind === 'ServiceAccount')
    .map((o) => ({
      namespace: o.metadata?.namespace ?? '',
      name: o.metadata?.name ?? '',
      annotations: { ...(o.metadata?.annotations ?? {}) },
    }));
}
