// The offline gatekeeper against Argo Server's server/auth/gatekeeper.go, release by release: each table
// row is a situation, checked at every known release (3.5.0–4.1.2), its outcome by the ranges the code
// changes at (3.5.5: strict rules, v3.5.5 util/expr/argoexpr/eval.go; 4.0.0: the login account optional;
// 4.0.5: the nil-login panic fixed).

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { compareVersions, KNOWN_VERSIONS } from '../../../src/argo/versions';
import type { Value } from '../../../src/sso/expr';
import {
  atoi,
  type Decision,
  decide,
  delegationApplies,
  GATEKEEPER_STEPS,
  lookup,
  type SsoRequest,
  type SsoServiceAccount,
} from '../../../src/sso/gatekeeper';
import { RBAC_PRECEDENCE_ANNOTATION, RBAC_RULE_ANNOTATION } from '../../../src/sso/limits';

const sa = (ref: string, rule?: string, precedence?: string): SsoServiceAccount => {
  const [namespace, name] = ref.split('/');
  return {
    namespace,
    name,
    annotations: {
      ...(rule !== undefined ? { [RBAC_RULE_ANNOTATION]: rule } : {}),
      ...(precedence !== undefined ? { [RBAC_PRECEDENCE_ANNOTATION]: precedence } : {}),
    },
  };
};

const TEAM_B: Record<string, Value> = { iss: 'argo-server', sub: 'u1', groups: ['team-b'] };
const NO_GROUPS: Record<string, Value> = { iss: 'argo-server', sub: 'u2', email: 'x@y.z' };

/** `ns/name`, `403`, `500` or `?` (undecidable). */
const outcome = (d: Decision) =>
  d.kind === 'account'
    ? `${d.account.namespace}/${d.account.name}`
    : d.kind === 'denied'
      ? '403'
      : d.kind === 'panic'
        ? '500'
        : '?';

/** The outcome by release: `[value, until]` pairs, each value holding for the releases before `until`, the last for the rest. */
const byRelease =
  (...steps: [string, string][]) =>
  (last: string) =>
  (release: string) =>
    steps.find(([, until]) => compareVersions(release, until) < 0)?.[0] ?? last;

interface Row {
  readonly situation: string;
  readonly accounts: readonly SsoServiceAccount[];
  readonly claims: Record<string, Value>;
  readonly request: Partial<SsoRequest>;
  /** The outcome at every release, or by release. */
  readonly expected: string | ((release: string) => string);
}

const LOGIN_TEAM_B = sa('argo/team-b-login', "'team-b' in $env?.groups", '5');
const NS_TEAM_B = sa('team-b/submit', "'team-b' in $env?.groups", '10');
const CATCH_ALL = sa('argo/everyone', 'true', '0');

const ROWS: readonly Row[] = [
  {
    situation: 'a login account matches, no delegation: it is used',
    accounts: [LOGIN_TEAM_B, CATCH_ALL],
    claims: TEAM_B,
    request: {},
    expected: 'argo/team-b-login',
  },
  {
    situation: 'no rule matches anywhere: 403 on every release',
    accounts: [LOGIN_TEAM_B],
    claims: NO_GROUPS,
    request: {},
    expected: '403',
  },
  {
    situation:
      'only a namespace account matches, delegation on: < 4.0.0 403 (login required), 4.0.0–4.0.4 panic, 4.0.5+ used',
    accounts: [NS_TEAM_B],
    claims: TEAM_B,
    request: { namespace: 'team-b', delegate: true },
    expected: byRelease(['403', '4.0.0'], ['500', '4.0.5'])('team-b/submit'),
  },
  {
    situation: 'only a namespace account matches, delegation off: 403 on every release',
    accounts: [NS_TEAM_B],
    claims: TEAM_B,
    request: { namespace: 'team-b', delegate: false },
    expected: '403',
  },
  {
    situation: 'namespace account of strictly higher precedence, delegation on: it takes over',
    accounts: [LOGIN_TEAM_B, NS_TEAM_B],
    claims: TEAM_B,
    request: { namespace: 'team-b', delegate: true },
    expected: 'team-b/submit',
  },
  {
    situation: 'namespace account of equal precedence: the login account stays (strictly higher needed)',
    accounts: [LOGIN_TEAM_B, sa('team-b/submit', "'team-b' in $env?.groups", '5')],
    claims: TEAM_B,
    request: { namespace: 'team-b', delegate: true },
    expected: 'argo/team-b-login',
  },
  {
    situation: 'higher namespace account, but the request is in the SSO namespace: no delegation',
    accounts: [LOGIN_TEAM_B, sa('argo/x', 'false', '1'), NS_TEAM_B],
    claims: TEAM_B,
    request: { namespace: 'argo', delegate: true },
    expected: 'argo/team-b-login',
  },
  {
    situation: 'higher namespace account, but the request names no namespace: no delegation',
    accounts: [LOGIN_TEAM_B, NS_TEAM_B],
    claims: TEAM_B,
    request: { namespace: '', delegate: true },
    expected: 'argo/team-b-login',
  },
  {
    situation: 'higher namespace account, but argo-server is --namespaced: no delegation',
    accounts: [LOGIN_TEAM_B, NS_TEAM_B],
    claims: TEAM_B,
    request: { namespace: 'team-b', delegate: true, namespaced: true },
    expected: 'argo/team-b-login',
  },
  {
    situation:
      'a higher rule names groups directly and the person has none: 3.5.4 reads nil (false, the catch-all wins); 3.5.5+ fails it and the lookup stops (403)',
    accounts: [sa('argo/admins', "'admins' in groups", '10'), CATCH_ALL],
    claims: NO_GROUPS,
    request: {},
    expected: byRelease(['argo/everyone', '3.5.5'])('403'),
  },
  {
    situation: 'the namespace lookup fails (a rule error): the login account stays',
    accounts: [LOGIN_TEAM_B, sa('team-b/broken', "email endsWith '@x'", '10')],
    claims: TEAM_B,
    request: { namespace: 'team-b', delegate: true },
    expected: 'argo/team-b-login',
  },
  {
    situation: 'an account without the rule annotation is no candidate',
    accounts: [sa('argo/plain'), CATCH_ALL],
    claims: TEAM_B,
    request: {},
    expected: 'argo/everyone',
  },
  {
    situation: 'an empty rule is a candidate whose rule fails to compile: the lookup stops',
    accounts: [sa('argo/empty', '', '5'), CATCH_ALL],
    claims: TEAM_B,
    request: {},
    expected: '403',
  },
  {
    situation: 'an invalid precedence is 0: below 1, so the account with 1 is tried first',
    accounts: [sa('argo/junk', 'true', 'ten'), sa('argo/one', 'true', '1')],
    claims: TEAM_B,
    request: {},
    expected: 'argo/one',
  },
  {
    situation: 'a rule outside the subset argo-token evaluates: it cannot tell',
    accounts: [sa('argo/fn', 'len(groups) > 0', '5'), CATCH_ALL],
    claims: TEAM_B,
    request: {},
    expected: '?',
  },
];

describe.each(ROWS)('$situation', (row) => {
  test.each([...KNOWN_VERSIONS])('Argo %s', (release) => {
    const d = decide(row.accounts, {
      claims: row.claims,
      ssoNamespace: 'argo',
      delegate: false,
      argoRelease: release,
      ...row.request,
    });
    expect(outcome(d)).toBe(typeof row.expected === 'string' ? row.expected : row.expected(release));
  });
});

describe('decisions explain themselves', () => {
  const request = (release: string): SsoRequest => ({
    claims: TEAM_B,
    ssoNamespace: 'argo',
    namespace: 'team-b',
    delegate: true,
    argoRelease: release,
  });

  test('a delegated choice names both precedences; a kept login account says why', () => {
    const d = decide([LOGIN_TEAM_B, NS_TEAM_B], request('4.1.2'));
    expect(d).toMatchObject({ kind: 'account', via: 'namespace', precedence: 10n });
    expect(d.why).toBe(
      "namespace account: its precedence 10 is higher than login account argo/team-b-login's 5",
    );
    const tie = decide(
      [LOGIN_TEAM_B, sa('team-b/submit', "'team-b' in $env?.groups", '5')],
      request('4.1.2'),
    );
    expect(tie).toMatchObject({ kind: 'account', via: 'login' });
    expect(tie.why).toContain('its precedence 5 is not higher than 5');
  });

  test('the 4.0.0–4.0.4 panic says it is fixed in 4.0.5', () => {
    const d = decide([NS_TEAM_B], request('4.0.4'));
    expect(d.kind).toBe('panic');
    expect(d.why).toContain('fixed in 4.0.5');
  });

  test('delegation reasons follow canDelegateRBACToRequestNamespace', () => {
    const base = { claims: {}, ssoNamespace: 'argo', argoRelease: '4.1.2' };
    expect(delegationApplies({ ...base, delegate: false, namespace: 'x' }).applies).toBe(false);
    expect(delegationApplies({ ...base, delegate: true, namespace: 'x', namespaced: true }).applies).toBe(
      false,
    );
    expect(delegationApplies({ ...base, delegate: true, namespace: '' }).applies).toBe(false);
    expect(delegationApplies({ ...base, delegate: true, namespace: 'argo' }).applies).toBe(false);
    expect(delegationApplies({ ...base, delegate: true, namespace: 'x' })).toEqual({
      applies: true,
      why: 'delegation on and the request is in x',
    });
  });
});

describe('lookup: order and ties', () => {
  test('highest precedence first; the first true rule wins and later ones are not evaluated', () => {
    const l = lookup(
      [sa('argo/low', 'true', '1'), sa('argo/high', 'false', '9'), sa('argo/mid', 'true', '5')],
      'argo',
      TEAM_B,
      '4.1.2',
    );
    expect(l.tried.map((t) => `${t.account.name}:${t.outcome.kind}`)).toEqual(['high:false', 'mid:true']);
    expect(l.account?.name).toBe('mid');
    expect(l.ambiguous).toEqual([]);
  });

  test('two true rules of equal precedence are reported as ambiguous (sort.Slice is not stable)', () => {
    const a = sa('argo/a', 'true', '3');
    const b = sa('argo/b', "'team-b' in $env?.groups", '3');
    const c = sa('argo/c', 'false', '3');
    const l = lookup([a, b, c], 'argo', TEAM_B, '4.1.2');
    expect(l.account).toBe(a);
    expect(l.ambiguous).toEqual([b]);
    expect(lookup([a, c], 'argo', TEAM_B, '4.1.2').ambiguous).toEqual([]);
  });

  test('a failing rule tied with a true one is ambiguous too: Argo may stop at it', () => {
    const ok = sa('argo/ok', 'true', '3');
    const broken = sa('argo/broken', "'x' in groups", '3');
    const l = lookup([ok, broken], 'argo', NO_GROUPS, '4.1.2');
    expect(l.outcome).toBe('match');
    expect(l.ambiguous).toEqual([broken]);
  });
});

describe('atoi: strconv.Atoi with the error ignored (precedence)', () => {
  test.each([
    ['10', 10n],
    ['-5', -5n],
    ['+5', 5n],
    ['007', 7n],
    ['', 0n],
    [' 1', 0n],
    ['1 ', 0n],
    ['1.5', 0n],
    ['1_000', 0n],
    ['0x10', 0n],
    ['+', 0n],
    ['9223372036854775807', 9223372036854775807n],
    ['99999999999999999999', 9223372036854775807n],
    ['-99999999999999999999', -9223372036854775808n],
  ])('%j → %s', (text, value) => {
    expect(atoi(text)).toBe(value);
  });
  test('absent → 0', () => expect(atoi(undefined)).toBe(0n));
});

describe('citations of Argo source (GATEKEEPER_STEPS)', () => {
  const all = Object.entries(GATEKEEPER_STEPS).flatMap(([step, { evidence }]) =>
    evidence.map((e) => ({ step, ...e })),
  );

  test.each(all.map((e) => [`${e.step}: ${e.tag} ${e.file} ${e.func}`, e]))(
    '%s is a known release',
    (_n, e) => {
      expect(KNOWN_VERSIONS).toContain(e.tag.slice(1));
      expect(e.file).toMatch(/\.go$/);
      expect(e.quote.length).toBeGreaterThan(0);
    },
  );

  // With a clone of argoproj/argo-workflows (ARGO_WORKFLOWS_GIT=<its .git or bare repo>), each quoted line is
  // checked to be at its tag, inside the function named.
  const git = process.env.ARGO_WORKFLOWS_GIT;
  const withSource = git && fs.existsSync(git) ? test.each : test.skip.each;
  withSource(all.map((e) => [`${e.tag} ${e.file} ${e.func}: ${e.quote}`, e]))('%s', (_n, e) => {
    const source = execFileSync('git', ['-C', git as string, 'show', `${e.tag}:${e.file}`], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    }).split('\n');
    const m = /^\(\*?(\w+)\)\.(\w+)$/.exec(e.func);
    const header = m
      ? new RegExp(`^func \\(\\w+ \\*?${m[1]}\\) ${m[2]}\\(`)
      : new RegExp(`^func ${e.func}\\(`);
    // The function each occurrence of the line is in (a line such as `return nil, err` recurs).
    const functions = source.flatMap((line, i) => {
      if (line.trim() !== e.quote) return [];
      let h = i;
      while (h >= 0 && !source[h].startsWith('func ')) h--;
      return [h >= 0 ? source[h] : '(none)'];
    });
    expect(functions.length).toBeGreaterThan(0);
    expect(functions.filter((f) => header.test(f))).not.toEqual([]);
  });
});
