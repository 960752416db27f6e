// The SSO lint: accounts of the clients file's `sso:` list that Argo would never choose, or never let
// take over a namespace, and the relations between matches it decides that by (also used to find the
// precedence conflicts Argo would resolve at random). Warnings; `strict` makes them errors; an entry's
// `acknowledge` keeps one on purpose.

import { compareVersions } from '../argo/versions';
import { shown } from '../clients/messages';
import { exactVersion } from '../rbac/rules';
import type { PlanIssue, PlannedAccount, SsoMatch } from './accounts';
import type { SsoAcknowledgement } from './limits';

export type Who = Pick<PlannedAccount, 'spec' | 'catchAll' | 'rule'>;

const valuesOf = (m: SsoMatch, k: 'groups' | 'emails' | 'subjects') =>
  m[k] === undefined ? undefined : new Set(m[k]);

/**
 * Whether some person can match both. A person has many groups but one email and one subject: two matches
 * that both list emails (or subjects) and share none never overlap; anything else may (raw rules: assumed to).
 */
export function canOverlap(a: Who, b: Who): boolean {
  if (a.catchAll || b.catchAll) return true;
  const [ma, mb] = [a.spec.match, b.spec.match];
  if (!ma || !mb) return true;
  for (const k of ['groups', 'emails', 'subjects'] as const) {
    const [va, vb] = [valuesOf(ma, k), valuesOf(mb, k)];
    if (va?.size === 0 || vb?.size === 0) return false; // an empty list matches nobody
    if (k !== 'groups' && va && vb && ![...va].some((v) => vb.has(v))) return false;
  }
  return true;
}

/** Whether `a` matches everyone `b` matches (so, above it in the same namespace, `b` is never chosen). */
export function covers(a: Who, b: Who): boolean {
  if (a.catchAll) return true;
  if (b.catchAll) return false;
  const [ma, mb] = [a.spec.match, b.spec.match];
  if (!ma || !mb) return !ma && !mb && a.rule.trim() === b.rule.trim();
  for (const k of ['groups', 'emails', 'subjects'] as const) {
    const va = valuesOf(ma, k);
    if (!va) continue;
    const vb = valuesOf(mb, k);
    if (!vb || ![...vb].every((v) => va.has(v))) return false;
  }
  return true;
}

/** The exact release of a valid argoVersion, else undefined. */
export function releaseOf(argoVersion: unknown): string | undefined {
  if (argoVersion !== undefined && typeof argoVersion !== 'string') return undefined;
  try {
    return exactVersion(argoVersion);
  } catch {
    return undefined;
  }
}

export const who = (a: PlannedAccount) => `sso[${a.index}] ${shown(a.name)}`;

/**
 * The lint of planned accounts: `shadowed` (a higher account of its namespace matches everyone it matches),
 * `no-login-account` (delegated, but no login account covers its people, on Argo before 4.0.5),
 * `cannot-delegate` (delegated, not strictly above a login account someone can match both), and SSO
 * accounts written for different Argo releases.
 */
export function lintSso(
  accounts: readonly PlannedAccount[],
  ssoNamespace: string,
  strict: boolean,
): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const warn = strict ? 'error' : 'warning';
  const acknowledged = (a: PlannedAccount, what: SsoAcknowledgement) =>
    (a.spec.acknowledge ?? []).includes(what);
  const keep = (what: SsoAcknowledgement) => ` (or acknowledge: [${what}] to keep it so)`;
  for (const b of accounts) {
    const shadow = accounts.find(
      (a) =>
        a.namespace === b.namespace && a.index !== b.index && a.precedence > b.precedence && covers(a, b),
    );
    if (shadow && !acknowledged(b, 'shadowed')) {
      issues.push({
        index: b.index,
        severity: warn,
        path: [],
        message: `can never be chosen: ${who(shadow)} (precedence ${shadow.precedence} > ${b.precedence}) in the same namespace matches everyone it matches; remove it, narrow ${shadow.name}, or give it a higher precedence${keep('shadowed')}`,
      });
      continue;
    }
    if (shadow) continue;
    if (b.login) continue;
    const release = releaseOf(b.spec.argoVersion) ?? exactVersion(undefined);
    if (!accounts.some((l) => l.login && covers(l, b)) && !acknowledged(b, 'no-login-account')) {
      const before4 = compareVersions(release, '4.0.0') < 0;
      const panics = !before4 && compareVersions(release, '4.0.5') < 0;
      if (before4 || panics) {
        issues.push({
          index: b.index,
          severity: warn,
          path: [],
          message: before4
            ? `delegated account, but no login account in ${shown(ssoNamespace)} matches everyone it matches: Argo ${release} (before 4.0.0) denies a person without a login account before it looks at ${shown(b.namespace)}; add a login account for them (a catch-all everyone: true that grants nothing will do)${keep('no-login-account')}`
            : `delegated account, but no login account in ${shown(ssoNamespace)} matches everyone it matches: Argo ${release} (4.0.0–4.0.4) panics (HTTP 500) when only a namespace account matches; add a login account for them (a catch-all everyone: true that grants nothing will do), or use Argo 4.0.5+${keep('no-login-account')}`,
        });
        continue;
      }
    }
    const beaten = accounts.filter((l) => l.login && canOverlap(l, b) && l.precedence >= b.precedence);
    if (beaten.length > 0 && !acknowledged(b, 'cannot-delegate')) {
      const top = beaten.reduce((x, y) => (y.precedence > x.precedence ? y : x));
      issues.push({
        index: b.index,
        severity: warn,
        path: b.explicit ? ['precedence'] : [],
        message: `delegated account in ${shown(b.namespace)} cannot beat login account ${who(top)} (precedence ${top.precedence}) for people both match: with SSO_DELEGATE_RBAC_TO_NAMESPACE=true Argo takes the namespace account only when its precedence is strictly higher (it has ${b.precedence}); raise it above ${top.precedence}${keep('cannot-delegate')}`,
      });
    }
  }
  const releases = accounts.map((a) => exactVersion(a.spec.argoVersion));
  const first = releases[0];
  const other = releases.findIndex((r) => r !== first);
  if (other >= 0) {
    issues.push({
      index: other,
      severity: 'warning',
      path: ['argoVersion'],
      message: `'argoVersion' is Argo ${releases[other]}, ${who(accounts[0])}'s is ${first}: one Argo Server chooses among all SSO accounts, with one release's rules; give them the same argoVersion`,
    });
  }
  return issues;
}
