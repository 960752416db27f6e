// The `sso:` list of the clients file: one-line errors per entry, the computed precedence, the precedence
// conflicts and the lint of accounts nobody reaches; and, as properties, that the overlap and cover
// relations the lint relies on agree with the rules Argo evaluates.

import fc from 'fast-check';
import { parseClientsFile } from '../../../src/clients/file';
import {
  canOverlap,
  covers,
  planSso,
  ruleOf,
  type SsoAccountSpec,
  type SsoMatch,
  ssoAnnotations,
} from '../../../src/sso/accounts';
import { evaluateRule, semanticsFor, type Value } from '../../../src/sso/expr';
import { decide } from '../../../src/sso/gatekeeper';

const parse = (text: string, strict = false) => parseClientsFile(text, 'argo-clients.yaml', { strict });

const plan = (entries: SsoAccountSpec[], strict = false) => planSso(entries, 'argo', strict);
const precedences = (entries: SsoAccountSpec[]) =>
  Object.fromEntries(plan(entries).accounts.map((a) => [`${a.namespace}/${a.name}`, a.precedence]));
const G = (...groups: string[]): SsoMatch => ({ groups });

describe('computed precedence', () => {
  test('file order, first highest; delegated accounts above login ones; each catch-all last of its namespace', () => {
    expect(
      precedences([
        { name: 'everyone', match: { everyone: true } },
        { name: 'admins', match: G('admins'), preset: 'viewer' },
        { name: 'team-a', namespace: 'team-a', match: G('a'), preset: 'viewer' },
        { name: 'devs', match: G('devs'), preset: 'viewer' },
        { name: 'team-a-all', namespace: 'team-a', match: { everyone: true }, preset: 'viewer' },
      ]),
    ).toEqual({
      'team-a/team-a': 40,
      'team-a/team-a-all': 30,
      'argo/admins': 20,
      'argo/devs': 10,
      'argo/everyone': 0,
    });
  });

  test('explicit values are kept; a computed catch-all goes below every explicit one of its namespace', () => {
    expect(
      precedences([
        { name: 'admins', match: G('admins'), precedence: -7 },
        { name: 'everyone', match: { everyone: true } },
      ]),
    ).toEqual({ 'argo/admins': -7, 'argo/everyone': -8 });
  });

  test('the computed plan has no conflict and no warning for a typical file', () => {
    const p = plan([
      { name: 'admins', match: G('admins'), preset: 'viewer' },
      { name: 'team-b', namespace: 'team-b', match: G('b'), preset: 'viewer' },
      { name: 'everyone', match: { everyone: true } },
    ]);
    expect(p.issues).toEqual([]);
  });
});

describe('precedence conflicts (errors naming both accounts)', () => {
  test('two accounts of one namespace that someone can match both, with one precedence', () => {
    const p = plan([
      { name: 'a', match: G('x'), precedence: 5 },
      { name: 'b', match: G('y'), precedence: 5 },
    ]);
    expect(p.issues).toEqual([
      expect.objectContaining({
        index: 1,
        severity: 'error',
        path: ['precedence'],
        message: expect.stringMatching(
          /^'precedence' 5 is also sso\[0\] "a"'s, in the same namespace "argo"/,
        ),
      }),
    ]);
  });

  test('no conflict when nobody can match both (distinct emails), or across namespaces', () => {
    expect(
      plan([
        { name: 'a', match: { emails: ['a@x'] }, precedence: 5 },
        { name: 'b', match: { emails: ['b@x'] }, precedence: 5 },
      ]).issues.filter((i) => i.severity === 'error'),
    ).toEqual([]);
    expect(
      plan([
        { name: 'a', match: G('x'), precedence: 5 },
        { name: 'b', namespace: 'team', match: G('y'), precedence: 50 },
        { name: 'c', namespace: 'other', match: G('y'), precedence: 50 },
      ]).issues,
    ).toEqual([]);
  });

  test('an explicit catch-all above another account of its namespace is an error', () => {
    const p = plan([
      { name: 'everyone', match: { everyone: true }, precedence: 10 },
      { name: 'admins', match: G('admins'), precedence: 5 },
    ]);
    expect(p.issues.map((i) => [i.index, i.severity, i.message.split(':')[0]])).toEqual([
      [0, 'error', 'matches everyone, so it must have the lowest precedence of namespace "argo"'],
      [1, 'warning', 'can never be chosen'],
    ]);
  });
});

describe('lint', () => {
  test('an account covered by a higher one of its namespace can never be chosen (an error under strict)', () => {
    const entries: SsoAccountSpec[] = [
      { name: 'devs', match: G('devs', 'ops') },
      { name: 'ops', match: { groups: ['ops'], emails: ['o@x'] } },
    ];
    const [warning] = plan(entries).issues;
    expect(warning).toMatchObject({ index: 1, severity: 'warning' });
    expect(warning.message).toBe(
      'can never be chosen: sso[0] "devs" (precedence 10 > 0) in the same namespace matches everyone it matches; remove it, narrow devs, or give it a higher precedence (or acknowledge: [shadowed] to keep it so)',
    );
    expect(plan(entries, true).issues[0].severity).toBe('error');
  });

  test('a delegated account that cannot beat a login account someone can match both', () => {
    const issues = plan([
      { name: 'admins', match: G('admins'), precedence: 100 },
      { name: 'team-a', namespace: 'team-a', match: G('a'), precedence: 50 },
    ]).issues;
    expect(issues).toHaveLength(1);
    expect(issues[0].message).toMatch(
      /^delegated account in "team-a" cannot beat login account sso\[0\] "admins" \(precedence 100\)/,
    );
    // Nobody can match both: no warning.
    expect(
      plan([
        { name: 'ann', match: { emails: ['ann@x'] }, precedence: 100 },
        { name: 'bob', namespace: 'team-a', match: { emails: ['bob@x'] }, precedence: 50 },
      ]).issues,
    ).toEqual([]);
  });

  test('a delegated account without any login account: denied before 4.0.0, a panic on 4.0.0–4.0.4, fine from 4.0.5', () => {
    const only = (argoVersion: string) =>
      plan([{ name: 't', namespace: 'team', match: G('t'), argoVersion }]).issues.map((i) => i.message);
    expect(only('3.7')[0]).toMatch(
      /Argo 3\.7\.18 \(before 4\.0\.0\) denies a person without a login account/,
    );
    expect(only('4.0.4')[0]).toMatch(/Argo 4\.0\.4 \(4\.0\.0–4\.0\.4\) panics \(HTTP 500\)/);
    expect(only('4.0.5')).toEqual([]);
  });

  test('a login account for only some of its people is not enough: a login catch-all is', () => {
    const withLogin = (login: SsoMatch) =>
      plan([
        { name: 'admins', match: login, argoVersion: '3.7' },
        { name: 't', namespace: 'team', match: G('t'), argoVersion: '3.7' },
      ]).issues.map((i) => i.message.split(':')[0]);
    expect(withLogin(G('admins'))).toEqual([
      'delegated account, but no login account in "argo" matches everyone it matches',
    ]);
    expect(withLogin({ everyone: true })).toEqual([]);
  });

  test('accounts for different Argo releases: a warning (one Argo Server chooses among them all)', () => {
    const issues = plan([
      { name: 'a', match: G('a'), argoVersion: '4.1' },
      { name: 'b', match: G('b'), argoVersion: '3.7.10' },
    ]).issues;
    expect(issues).toEqual([
      expect.objectContaining({ index: 1, severity: 'warning', path: ['argoVersion'] }),
    ]);
    expect(issues[0].message).toBe(
      "'argoVersion' is Argo 3.7.10, sso[0] \"a\"'s is 4.1.2: one Argo Server chooses among all SSO accounts, with one release's rules; give them the same argoVersion",
    );
  });
});

describe('acknowledgements', () => {
  test('an SSO lint finding acknowledged on purpose is no warning, under strict too', () => {
    const entries = (acknowledge?: SsoAccountSpec['acknowledge']): SsoAccountSpec[] => [
      { name: 'admins', match: G('admins'), precedence: 100 },
      {
        name: 'team-a',
        namespace: 'team-a',
        match: G('a'),
        precedence: 50,
        ...(acknowledge ? { acknowledge } : {}),
      },
    ];
    expect(plan(entries(), true).issues.map((i) => i.severity)).toEqual(['error']);
    expect(plan(entries(), true).issues[0].message).toMatch(
      /\(or acknowledge: \[cannot-delegate\] to keep it so\)$/,
    );
    expect(plan(entries(['cannot-delegate']), true).issues).toEqual([]);
  });

  test('in the file: SSO acknowledgements are for sso: entries only, beside the security lint ones', () => {
    const ok = parse(
      'strict: true\nsso:\n  - {name: devs, match: {groups: [devs, ops]}}\n  - {name: ops, match: {groups: [ops]}, acknowledge: [shadowed, creates-pods], can: [create-workflow]}\n',
    );
    expect([ok.errors, ok.warnings]).toEqual([[], []]);
    const client = parse(
      'clients:\n  - {name: ci, namespace: argo, preset: viewer, acknowledge: [shadowed]}\n',
    );
    expect(client.errors[0]).toMatch(/'acknowledge\[0\]' must be one of .*; got "shadowed"/);
  });
});

describe('the clients file', () => {
  test('a file with only sso: accounts is valid; missing both lists is the usual error', () => {
    const ok = parse('sso:\n  - {name: everyone, match: {everyone: true}}\n');
    expect(ok.errors).toEqual([]);
    expect(ok.file?.sso?.accounts.map((a) => [a.namespace, a.name, a.rule, a.precedence])).toEqual([
      ['argo', 'everyone', 'true', 0],
    ]);
    expect(parse('strict: true\n').errors).toEqual(["argo-clients.yaml:1:1: 'clients' is required"]);
  });

  test('ssoNamespace decides which accounts are login accounts', () => {
    const r = parse(
      'ssoNamespace: ops\nsso:\n  - {name: a, match: {groups: [a]}, preset: viewer}\n  - {name: b, namespace: argo, match: {groups: [b]}, preset: viewer}\n',
    );
    expect(r.errors).toEqual([]);
    expect(r.file?.sso?.accounts.map((a) => [a.namespace, a.login])).toEqual([
      ['ops', true],
      ['argo', false],
    ]);
  });

  test.each([
    [
      '  - {name: a, match: {groups: [x]}, rule: "\'x\' in groups", preset: viewer}',
      "argo-clients.yaml:2:43: sso[0] \"a\": 'rule' and 'match' are both given: keep one ('match' builds the rule; 'rule' is a raw expr-lang expression)",
    ],
    [
      '  - {name: a, preset: viewer}',
      "argo-clients.yaml:2:5: sso[0] \"a\": says nobody it is for: give 'match' (groups, emails, subjects, or everyone: true) or a raw 'rule'",
    ],
    [
      '  - {name: a, rule: "len(groups) > 0", preset: viewer}',
      'argo-clients.yaml:2:21: sso[0] "a": \'rule\' uses function call len() at 1:1, outside the expr-lang subset argo-token evaluates (in, ==, !=, &&, ||, !, parentheses, string and list literals, startsWith, endsWith, contains, matches): rewrite it within the subset, or use match',
    ],
    [
      '  - {name: a, rule: "\'x\' in grups", preset: viewer}',
      'argo-clients.yaml:2:21: sso[0] "a": \'rule\' fails in Argo 4.1.2 for everyone: unknown name grups (1:8); Argo then denies everyone it reaches (fix the expression, or use match)',
    ],
    [
      '  - {name: a, match: {everyone: true, groups: [x]}, preset: viewer}',
      'argo-clients.yaml:2:33: sso[0] "a": \'match.everyone\' matches everybody, so groups would narrow nothing: drop everyone (to match only them) or drop groups',
    ],
    [
      '  - {name: a, match: {group: [x]}, preset: viewer}',
      'argo-clients.yaml:2:23: sso[0] "a": unknown field \'match.group\' (did you mean "groups"?); allowed: groups, emails, subjects, everyone',
    ],
    [
      '  - {name: a, match: {groups: []}, preset: viewer}',
      'argo-clients.yaml:2:23: sso[0] "a": \'match.groups\' must not be empty',
    ],
    [
      '  - {name: a, match: {groups: [x]}, precedence: "10", preset: viewer}',
      'argo-clients.yaml:2:49: sso[0] "a": \'precedence\' must be an integer, got string "10"',
    ],
    [
      '  - {name: a, match: {groups: [x]}, rules: [{resources: ["*"], verbs: [get]}]}',
      'argo-clients.yaml:2:58: sso[0] "a": \'rules[0].resources[0]\' is "*": wildcards are not allowed; name each value explicitly (least privilege)',
    ],
  ])('%s → one line saying where, what and what to do', (entry, message) => {
    const r = parse(`sso:\n${entry}\n`);
    expect(r.errors).toEqual([message]);
    expect(r.file).toBeUndefined();
  });

  test('a raw rule with a wildcard-looking regexp is not an RBAC wildcard; naming a claim directly warns', () => {
    const r = parse('sso:\n  - {name: a, rule: "email matches \'^.*@corp$\'", preset: viewer}\n');
    expect(r.errors).toEqual([]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(
      /fails in Argo 4\.1\.2 for a person without some claim it names \(unknown name email/,
    );
  });

  test('a ServiceAccount name used by a client and an SSO account in one namespace is a duplicate', () => {
    const r = parse(
      'clients:\n  - {name: ci, namespace: argo, preset: viewer}\nsso:\n  - {name: ci, match: {groups: [x]}, preset: viewer}\n',
    );
    expect(r.errors).toEqual([
      'argo-clients.yaml:4:12: sso[0] "ci": duplicate ServiceAccount: namespace "argo" already has "ci" (clients[0]); a name must be unique in its namespace',
    ]);
  });

  test('plan errors and lint warnings are reported with their place in the file', () => {
    const r = parse(
      'sso:\n  - {name: a, match: {groups: [x]}, precedence: 1}\n  - {name: b, match: {groups: [y]}, precedence: 1}\n',
    );
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(
      /^argo-clients\.yaml:3:49: sso\[1\] "b": 'precedence' 1 is also sso\[0\] "a"'s/,
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// Properties: canOverlap and covers against the rules Argo evaluates.

const NAMES = ['a', 'b', "it's", 'x\\y', 'ü', '"q"'];
const values = fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 3 });
const matchArb: fc.Arbitrary<SsoMatch> = fc.oneof(
  fc.constant({ everyone: true as const }),
  fc
    .record({ groups: values, emails: values, subjects: values }, { requiredKeys: [] })
    .filter((m) => Object.keys(m).length > 0),
);
const person = fc.record({
  groups: fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: 3 }),
  email: fc.option(fc.constantFrom(...NAMES), { nil: undefined }),
  sub: fc.option(fc.constantFrom(...NAMES), { nil: undefined }),
});
const envOf = (p: { groups: string[]; email?: string; sub?: string }) => {
  const env: Record<string, Value> = { iss: 'argo-server' };
  if (p.groups.length > 0) env.groups = p.groups;
  if (p.email) env.email = p.email;
  if (p.sub) env.sub = p.sub;
  return env;
};
const who = (match: SsoMatch) => ({
  spec: { name: 'x', match },
  catchAll: match.everyone === true,
  rule: ruleOf({ match }),
});

describe('properties: the lint relations agree with Argo evaluating the generated rules', () => {
  const semantics = semanticsFor('4.1.2');
  const matches = (m: SsoMatch, env: Record<string, Value>) =>
    evaluateRule(ruleOf({ match: m }), env, semantics).kind === 'true';

  test('covers(a, b): everyone b matches, a matches', () => {
    fc.assert(
      fc.property(matchArb, matchArb, fc.array(person, { minLength: 1, maxLength: 8 }), (a, b, people) => {
        fc.pre(covers(who(a), who(b)));
        for (const p of people) if (matches(b, envOf(p))) expect(matches(a, envOf(p))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test('not canOverlap(a, b): nobody matches both', () => {
    fc.assert(
      fc.property(matchArb, matchArb, person, (a, b, p) => {
        fc.pre(!canOverlap(who(a), who(b)));
        expect(matches(a, envOf(p)) && matches(b, envOf(p))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('property: computed precedences make Argo choose as the file reads', () => {
  const semantics = semanticsFor('4.1.2');
  const matches = (m: SsoMatch, env: Record<string, Value>) =>
    evaluateRule(ruleOf({ match: m }), env, semantics).kind === 'true';
  const entry = fc.record({ match: matchArb, delegated: fc.boolean() });

  test('login: the first matching login account of the file (a catch-all last); delegated: the first matching one of the namespace, over any login account', () => {
    fc.assert(
      fc.property(
        fc.array(entry, { minLength: 1, maxLength: 6 }),
        person,
        fc.boolean(),
        (entries, p, delegate) => {
          const specs: SsoAccountSpec[] = entries.map((e, i) => ({
            name: `a${i}`,
            ...(e.delegated ? { namespace: 'team' } : {}),
            match: e.match,
          }));
          const planned = planSso(specs, 'argo');
          fc.pre(!planned.issues.some((i) => i.severity === 'error'));
          const accounts = planned.accounts.map((a) => ({
            namespace: a.namespace,
            name: a.name,
            annotations: ssoAnnotations(a, 'argo'),
          }));
          const env = envOf(p);
          const d = decide(accounts, {
            claims: env,
            ssoNamespace: 'argo',
            namespace: 'team',
            delegate,
            argoRelease: '4.1.2',
          });
          const firstOf = (delegated: boolean) => {
            const inFile = entries
              .map((e, i) => ({ ...e, i }))
              .filter((e) => e.delegated === delegated && matches(e.match, env));
            const specific = inFile.filter((e) => e.match.everyone !== true);
            return (specific[0] ?? inFile[0])?.i;
          };
          const login = firstOf(false);
          const team = delegate ? firstOf(true) : undefined;
          const expected =
            team !== undefined ? `team/a${team}` : login !== undefined ? `argo/a${login}` : 'denied';
          expect(d.kind === 'account' ? `${d.account.namespace}/${d.account.name}` : d.kind).toBe(expected);
          if (d.kind === 'account')
            expect([...d.login.ambiguous, ...(d.delegation.lookup?.ambiguous ?? [])]).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
