// SSO accounts of the clients file (`sso:`): the ServiceAccounts Argo Server's SSO RBAC maps signed-in
// people to. Each is a client (the same preset / can / rules, the same validation and lint) plus who it is
// for (a structured `match` or a raw expr-lang `rule`) and a precedence. This module validates one entry,
// then plans the whole list: the rule each ServiceAccount carries, the precedence computed from the file,
// the precedence conflicts Argo would resolve at random, and the lint of accounts nobody can reach.

import { shown } from '../clients/messages';
import {
  type ClientSpec,
  checkSemantics,
  findRefusedVerbs,
  findWildcards,
  type Issue,
  issueFromSchemaError,
  lintIssues,
  type Path,
  schemaValidators,
  withoutShadowed,
} from '../clients/spec';
import { ARGO_RELEASE_ANNOTATION } from '../names';
import type { Acknowledgement } from '../rbac/lint';
import { exactVersion } from '../rbac/rules';
import { buildRule, checkRule, evaluateRule, semanticsFor } from './expr';
import {
  RBAC_PRECEDENCE_ANNOTATION,
  RBAC_RULE_ANNOTATION,
  SSO_ACKNOWLEDGEMENTS,
  SSO_NAMESPACE_ANNOTATION,
  type SsoAcknowledgement,
} from './limits';
import { canOverlap, lintSso, releaseOf, who } from './lint';

export {
  DEFAULT_SSO_NAMESPACE,
  MAX_PRECEDENCE,
  MIN_PRECEDENCE,
  RBAC_PRECEDENCE_ANNOTATION,
  RBAC_RULE_ANNOTATION,
  SSO_NAMESPACE_ANNOTATION,
} from './limits';
export { canOverlap, covers } from './lint';

/** Who an account is for. Any of the values within a field; every field given must hold (AND). */
export interface SsoMatch {
  /** People in at least one of these groups (the `groups` claim). */
  readonly groups?: readonly string[];
  /** People whose `email` claim is one of these (exact, case-sensitive). */
  readonly emails?: readonly string[];
  /** People whose `sub` claim is one of these. */
  readonly subjects?: readonly string[];
  /** Everybody who signs in: the catch-all. Alone only. */
  readonly everyone?: true;
}

/** One entry of `sso:`: a client's fields (namespace defaults to the login namespace) plus match/rule/precedence. */
export interface SsoAccountSpec extends Omit<ClientSpec, 'namespace' | 'acknowledge'> {
  /** The client lint's acknowledgements, and the SSO lint's (SSO_ACKNOWLEDGEMENTS). */
  readonly acknowledge?: readonly (Acknowledgement | SsoAcknowledgement)[];
  /** The login namespace (ssoNamespace) for a login account; a team namespace for a delegated one. */
  readonly namespace?: string;
  readonly match?: SsoMatch;
  /** A raw expr-lang rule, instead of match. */
  readonly rule?: string;
  /** Argo's rbac-rule-precedence; computed from the file order when absent. */
  readonly precedence?: number;
}

/** The client part of an entry (what validateClient and the construct take): namespace filled in. */
export function clientPartOf(entry: SsoAccountSpec, ssoNamespace: string): ClientSpec {
  const { match: _m, rule: _r, precedence: _p, acknowledge, ...client } = entry;
  const own = (acknowledge ?? []).filter((a): a is Acknowledgement => !isSsoAcknowledgement(a));
  return {
    ...client,
    ...(acknowledge !== undefined ? { acknowledge: own } : {}),
    namespace: entry.namespace ?? ssoNamespace,
  };
}

const isSsoAcknowledgement = (a: unknown): a is SsoAcknowledgement =>
  (SSO_ACKNOWLEDGEMENTS as readonly unknown[]).includes(a);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** The rule an entry's ServiceAccount carries: the raw rule, or the match built with correct quoting. */
export function ruleOf(entry: Pick<SsoAccountSpec, 'match' | 'rule'>): string {
  if (entry.rule !== undefined) return entry.rule;
  return buildRule(entry.match ?? {});
}

/** Checks of match / rule no schema can express. */
function checkSso(entry: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  const error = (path: Path, message: string) => issues.push({ severity: 'error', path, message });
  const hasMatch = entry.match !== undefined;
  const hasRule = entry.rule !== undefined;
  if (hasMatch && hasRule) {
    error(
      ['rule'],
      "'rule' and 'match' are both given: keep one ('match' builds the rule; 'rule' is a raw expr-lang expression)",
    );
    return issues;
  }
  if (!hasMatch && !hasRule) {
    error(
      [],
      "says nobody it is for: give 'match' (groups, emails, subjects, or everyone: true) or a raw 'rule'",
    );
    return issues;
  }
  const release = releaseOf(entry.argoVersion);
  if (hasMatch && isRecord(entry.match)) {
    const m = entry.match;
    // Unknown keys and a wrong everyone are the schema's to report.
    const known = ['groups', 'emails', 'subjects', 'everyone'];
    if (Object.keys(m).some((k) => !known.includes(k)) || (m.everyone !== undefined && m.everyone !== true)) {
      return issues;
    }
    const fields = ['groups', 'emails', 'subjects'].filter((k) => m[k] !== undefined);
    if (fields.length === 0 && m.everyone === undefined) {
      error(['match'], "'match' names nobody: give groups, emails, subjects, or everyone: true");
      return issues;
    }
    if (m.everyone === true && fields.length > 0) {
      error(
        ['match', 'everyone'],
        `'match.everyone' matches everybody, so ${fields.join(' and ')} would narrow nothing: drop everyone (to match only them) or drop ${fields.join(' and ')}`,
      );
      return issues;
    }
    const lists = fields.map((k) => m[k]);
    if (!lists.every((l) => Array.isArray(l) && l.every((v) => typeof v === 'string'))) return issues;
    try {
      ruleOf({ match: m as SsoMatch });
    } catch (e) {
      error(['match'], `'match' cannot be written as a rule: ${(e as Error).message}`);
    }
    return issues;
  }
  if (typeof entry.rule !== 'string' || release === undefined) return issues;
  if (entry.rule.trim() === '') {
    error(['rule'], "'rule' is empty: Argo fails to compile it and denies everyone it reaches; use match");
    return issues;
  }
  const semantics = semanticsFor(release);
  const problem = checkRule(entry.rule, semantics);
  if (problem?.kind === 'unsupported') {
    error(
      ['rule'],
      `'rule' uses ${problem.message.replace(/ is outside the expr subset argo-token evaluates$/, '')}, outside the expr-lang subset argo-token evaluates (in, ==, !=, &&, ||, !, parentheses, string and list literals, startsWith, endsWith, contains, matches): rewrite it within the subset, or use match`,
    );
  } else if (problem) {
    error(
      ['rule'],
      `'rule' fails in Argo ${release} for everyone: ${problem.message}; Argo then denies everyone it reaches (fix the expression, or use match)`,
    );
  } else {
    // A person with no groups (or email) lacks the claim; from 3.5.5 naming it is a compile error that
    // stops the whole lookup (lower accounts, the catch-all included, are not tried).
    const bare = evaluateRule(entry.rule, { iss: 'argo-server', sub: 'someone', exp: 0 }, semantics);
    if (bare.kind === 'error') {
      issues.push({
        severity: 'warning',
        path: ['rule'],
        message: `'rule' fails in Argo ${release} for a person without some claim it names (${bare.message}): Argo then stops looking and denies them, even when a lower account (the catch-all) would match; write $env?.groups, $env?.email… (absent reads as nil), or use match`,
      });
    }
  }
  return issues;
}

/** Drops the fields the wildcard check must not read: match values and raw rules are not RBAC. */
function rbacPart(entry: unknown): unknown {
  if (!isRecord(entry)) return entry;
  const { match: _m, rule: _r, ...rest } = entry;
  return rest;
}

/**
 * Validates one `sso:` entry: the schema, the client checks (the same as a client's), match and rule, then
 * (when those pass) the client security lint. Paths are inside the entry.
 */
export function validateSsoAccount(entry: unknown, ssoNamespace: string, strict = false): Issue[] {
  const validators = schemaValidators();
  const refused = withoutShadowed(findWildcards(rbacPart(entry)), findRefusedVerbs(entry));
  validators.sso(entry);
  const precise = (i: Issue) =>
    i.path[0] === 'can' ||
    (i.path[0] === 'argoVersion' && typeof (entry as { argoVersion?: unknown })?.argoVersion === 'number');
  const schemaIssues = (validators.sso.errors ?? [])
    .map((e) => issueFromSchemaError(e, [], 'the SSO account entry'))
    .filter((i) => !precise(i));
  const structural = withoutShadowed(refused, schemaIssues);
  if (!isRecord(entry)) return structural;
  const client = clientPartOf(entry as unknown as SsoAccountSpec, ssoNamespace) as unknown as Record<
    string,
    unknown
  >;
  // An SSO account may grant nothing: people it matches sign in and see nothing (a deliberate catch-all).
  const semantic = [
    ...checkSemantics(client).filter((i) => !(i.path.length === 0 && i.message.startsWith('grants nothing'))),
    ...checkSso(entry),
  ];
  const issues = withoutShadowed(structural, semantic);
  if (issues.some((i) => i.severity === 'error')) return issues;
  return [...issues, ...lintIssues(client as unknown as ClientSpec, strict)];
}

// ---------------------------------------------------------------------------------------------------------
// The plan of the whole list

/** One account as planned: its rule and precedence, and what kind of account it is. */
export interface PlannedAccount {
  /** Its index in `sso:`. */
  readonly index: number;
  readonly spec: SsoAccountSpec;
  /** The client part, namespace filled in. */
  readonly client: ClientSpec;
  readonly namespace: string;
  readonly name: string;
  /** The value of workflows.argoproj.io/rbac-rule. */
  readonly rule: string;
  readonly precedence: number;
  /** Given in the file (else computed). */
  readonly explicit: boolean;
  /** In the login namespace (ssoNamespace): looked up for every request. Else delegated. */
  readonly login: boolean;
  /** Matches everyone who signs in. */
  readonly catchAll: boolean;
}

/** A problem with the list as a whole, at an entry (`index`) and a path inside it. */
export interface PlanIssue extends Issue {
  readonly index: number;
}

export interface SsoPlan {
  readonly ssoNamespace: string;
  readonly accounts: readonly PlannedAccount[];
  readonly issues: readonly PlanIssue[];
}

/** Whether a rule matches everyone: `everyone: true`, or the raw rule `true`. */
export function isCatchAll(entry: Pick<SsoAccountSpec, 'match' | 'rule'>): boolean {
  return entry.match?.everyone === true || entry.rule?.trim() === 'true';
}

/** Spacing of computed precedences, so that an explicit value fits between two accounts. */
export const PRECEDENCE_STEP = 10;

/**
 * Plans valid entries (each passed validateSsoAccount). Computed precedences follow the file, first entry
 * highest, in tiers: delegated accounts above login accounts (a delegated account takes over only with a
 * strictly higher precedence), and in each tier the catch-all last. Explicit values are kept as given.
 */
export function planSso(entries: readonly SsoAccountSpec[], ssoNamespace: string, strict = false): SsoPlan {
  const base = entries.map((spec, index) => {
    const client = clientPartOf(spec, ssoNamespace);
    return {
      index,
      spec,
      client,
      namespace: client.namespace,
      name: client.name,
      rule: ruleOf(spec),
      explicit: spec.precedence !== undefined,
      login: client.namespace === ssoNamespace,
      catchAll: isCatchAll(spec),
    };
  });
  const tier = (a: (typeof base)[number]) => (a.login ? 0 : 2) + (a.catchAll ? 0 : 1);
  const auto = base.filter((a) => !a.explicit).sort((a, b) => tier(b) - tier(a) || a.index - b.index);
  const computed = new Map<number, number>();
  auto.forEach((a, i) => {
    computed.set(a.index, (auto.length - 1 - i) * PRECEDENCE_STEP);
  });
  // A computed catch-all goes below every account of its namespace, explicit ones included.
  for (const a of auto.filter((x) => x.catchAll)) {
    const others = base
      .filter((o) => o.namespace === a.namespace && o.index !== a.index && !o.catchAll)
      .map((o) => (o.explicit ? (o.spec.precedence as number) : (computed.get(o.index) as number)));
    const floor = Math.min(...others);
    if (others.length > 0 && (computed.get(a.index) as number) >= floor) computed.set(a.index, floor - 1);
  }
  const accounts: PlannedAccount[] = base.map((a) => ({
    ...a,
    precedence: a.explicit ? (a.spec.precedence as number) : (computed.get(a.index) as number),
  }));

  const issues: PlanIssue[] = [];

  for (const b of accounts) {
    const ns = shown(b.namespace);
    for (const a of accounts) {
      if (a.index >= b.index || a.namespace !== b.namespace) continue;
      if (a.precedence === b.precedence && canOverlap(a, b)) {
        issues.push({
          index: b.index,
          severity: 'error',
          path: ['precedence'],
          message: `'precedence' ${b.precedence} is also ${who(a)}'s, in the same namespace ${ns}, and someone can match both: Argo then picks either at random (sort.Slice is not stable); give them different precedences (or drop precedence: argo-token computes distinct ones)`,
        });
      }
    }
    if (b.catchAll && b.explicit) {
      const above = accounts.find(
        (o) =>
          o.namespace === b.namespace && o.index !== b.index && !o.catchAll && o.precedence <= b.precedence,
      );
      if (above) {
        issues.push({
          index: b.index,
          severity: 'error',
          path: ['precedence'],
          message: `matches everyone, so it must have the lowest precedence of namespace ${ns}: it has ${b.precedence}, ${who(above)} has ${above.precedence}; lower it (or drop precedence: argo-token puts the catch-all last)`,
        });
      }
    }
  }
  issues.push(...lintSso(accounts, ssoNamespace, strict));
  issues.sort((x, y) => x.index - y.index);
  return { ssoNamespace, accounts, issues };
}

/** The annotations of a planned account's ServiceAccount. */
export function ssoAnnotations(account: PlannedAccount, ssoNamespace: string): Record<string, string> {
  return {
    // The release the rule was checked for: `sso whoami` evaluates it with that release's semantics.
    [ARGO_RELEASE_ANNOTATION]: exactVersion(account.spec.argoVersion),
    [RBAC_RULE_ANNOTATION]: account.rule,
    [RBAC_PRECEDENCE_ANNOTATION]: String(account.precedence),
    [SSO_NAMESPACE_ANNOTATION]: ssoNamespace,
  };
}
