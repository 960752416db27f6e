// What synth writes for `sso:` accounts: the ServiceAccount with Argo's two annotations, Role(s),
// RoleBinding(s) and the token Secret Argo reads (`<name>.service-account-token`); and, as a property, that
// the rule read back from the written YAML evaluates as the match says for hostile group names, on every
// expr release Argo pins.

import * as path from 'node:path';
import { App } from 'cdk8s';
import fc from 'fast-check';
import { parseAllDocuments, stringify } from 'yaml';
import { synthFile, synthText } from '../../../app/synth';
import { ArgoApiClients } from '../../../constructs';
import { KNOWN_VERSIONS } from '../../../src/argo/versions';
import { evaluateRule, semanticsFor, type Value } from '../../../src/sso/expr';
import { decide, ssoServiceAccounts } from '../../../src/sso/gatekeeper';
import { RBAC_PRECEDENCE_ANNOTATION, RBAC_RULE_ANNOTATION } from '../../../src/sso/limits';
import { ROOT, SEED_CLIENTS } from '../../support/project';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'sso-clients.yaml');
const objectsOf = (content: string): Record<string, any>[] => parseAllDocuments(content).map((d) => d.toJS());

describe('test/fixtures/sso-clients.yaml', () => {
  const result = synthFile(FIXTURE);
  const files = Object.fromEntries(result.files.map((f) => [f.name, f.content]));

  test('GIVEN SSO accounts beside a client WHEN synthesized THEN the manifests are the snapshot', () => {
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(files).toMatchSnapshot();
  });

  test("THEN the client's file is byte for byte the seed's", () => {
    const seed = Object.fromEntries(synthFile(SEED_CLIENTS).files.map((f) => [f.name, f.content]));
    expect(files['argo.jenkins.yaml']).toBe(seed['argo.jenkins.yaml']);
  });

  test('THEN each account has its ServiceAccount (both annotations), Role, RoleBinding and token Secret, in apply order', () => {
    const objects = objectsOf(files['team-b.team-b-submit.yaml']);
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/team-b/team-b-submit',
      'Role/team-b/team-b-submit',
      'RoleBinding/team-b/team-b-submit',
      'Secret/team-b/team-b-submit.service-account-token',
    ]);
    expect(objects[0].metadata.annotations).toEqual({
      'argo-token/argo-release': '4.1.2',
      'argo-token/sso-namespace': 'argo',
      [RBAC_RULE_ANNOTATION]:
        "'team-b' in $env?.groups && ($env?.email == 'bo@example.com' || $env?.email == 'cy@example.com')",
      [RBAC_PRECEDENCE_ANNOTATION]: '30',
    });
    const secret = objects[objects.length - 1];
    expect(secret.type).toBe('kubernetes.io/service-account-token');
    expect(secret.metadata.annotations).toEqual({ 'kubernetes.io/service-account.name': 'team-b-submit' });
  });

  test('THEN a login account with extra namespaces gets a Role and RoleBinding in each', () => {
    const kinds = objectsOf(files['argo.platform.yaml']).map(
      (o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`,
    );
    expect(kinds).toContain('Role/team-a/argo-token:argo:platform');
    expect(kinds).toContain('RoleBinding/team-b/argo-token:argo:platform');
  });

  test('THEN a catch-all that grants nothing is a ServiceAccount and its Secret only', () => {
    expect(objectsOf(files['argo.signed-in.yaml']).map((o) => o.kind)).toEqual(['ServiceAccount', 'Secret']);
  });

  test('THEN the precedences of the written manifests make the gatekeeper choose as the file says', () => {
    const accounts = ssoServiceAccounts(
      Object.entries(files)
        .filter(([n]) => n.endsWith('.yaml'))
        .flatMap(([, c]) => objectsOf(c)),
    );
    const choose = (claims: Record<string, Value>, namespace?: string) => {
      const d = decide(accounts, {
        claims: { iss: 'argo-server', ...claims },
        ssoNamespace: 'argo',
        delegate: true,
        argoRelease: '4.1.2',
        ...(namespace ? { namespace } : {}),
      });
      return d.kind === 'account' ? `${d.account.namespace}/${d.account.name}` : d.kind;
    };
    expect(choose({ groups: ['it\'s "odd" \\ ü'] })).toBe('argo/platform');
    expect(choose({ email: 'audit@example.com' })).toBe('argo/auditor');
    expect(choose({ groups: ['team-b'], email: 'bo@example.com' }, 'team-b')).toBe('team-b/team-b-submit');
    expect(choose({ groups: ['team-b'], email: 'zed@example.com' }, 'team-b')).toBe('argo/signed-in');
    expect(choose({}, 'team-a')).toBe('argo/signed-in');
  });
});

describe('examples/sso-clients.yaml (the README example)', () => {
  test('GIVEN the example THEN it synthesizes under strict mode, with no warning, one file per account', () => {
    const result = synthFile(path.join(ROOT, 'examples', 'sso-clients.yaml'), { strict: true });
    expect([result.errors, result.warnings]).toEqual([[], []]);
    expect(result.files.map((f) => f.name)).toEqual([
      'argo.platform.yaml',
      'argo.signed-in.yaml',
      'team-a.team-a-read.yaml',
      'team-b.team-b-submit.yaml',
      'Kustomization',
    ]);
  });
});

describe('the ArgoApiClients construct', () => {
  test('GIVEN two accounts of one namespace with one precedence THEN it throws naming both', () => {
    expect(
      () =>
        new ArgoApiClients(new App(), 'c', {
          clients: [],
          sso: [
            { name: 'a', match: { groups: ['x'] }, precedence: 1, preset: 'viewer' },
            { name: 'b', match: { groups: ['y'] }, precedence: 1, preset: 'viewer' },
          ],
          reportWarnings: false,
        }),
    ).toThrow(/sso\[1\] "b": 'precedence' 1 is also sso\[0\] "a"'s/);
  });

  test('GIVEN a rule outside the subset THEN it throws with the one-line message', () => {
    expect(
      () =>
        new ArgoApiClients(new App(), 'c', {
          clients: [],
          sso: [{ name: 'a', rule: 'len(groups) > 0', preset: 'viewer' }],
          reportWarnings: false,
        }),
    ).toThrow(/^sso\[0\] "a": 'rule' uses function call len\(\)/);
  });

  test('GIVEN no sso THEN the chart has no SSO account', () => {
    const chart = new ArgoApiClients(new App(), 'c', {
      clients: [{ name: 'ci', namespace: 'argo', preset: 'viewer' }],
      reportWarnings: false,
    });
    expect([chart.clients.length, chart.ssoAccounts.length, chart.ssoPlan]).toEqual([1, 0, undefined]);
  });
});

// Hostile group names: quotes of every kind, backslashes, escapes that look like expr's or YAML's, control
// characters, line and paragraph separators, RTL and format marks, astral characters, expr syntax.
const PIECES = [
  "'",
  '"',
  '`',
  '\\',
  "\\'",
  '\\n',
  '\n',
  '\r\n',
  '\t',
  '\u0000',
  '\u0001',
  '\u2028',
  '\u200f',
  '\ufeff',
  '😀',
  'ü',
  ' ',
  "' || true || '",
  '#',
  ': ',
  '- ',
  '{',
  '&a',
  '*a',
];
const isWellFormed = (s: string) =>
  !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
const hostile = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }).filter(isWellFormed),
  fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 4 }).map((p) => p.join('')),
);
const EVERY_RELEASE = [...new Set(KNOWN_VERSIONS.map((v) => semanticsFor(v).exprVersion))].map(
  (e) => KNOWN_VERSIONS.find((v) => semanticsFor(v).exprVersion === e) as string,
);

describe('property: the written rule, read back from the YAML, matches exactly the listed groups', () => {
  test('for hostile group names, on every expr release Argo pins', () => {
    fc.assert(
      fc.property(fc.uniqueArray(hostile, { minLength: 1, maxLength: 3 }), hostile, (groups, other) => {
        fc.pre(!groups.includes(other));
        const text = stringify({ sso: [{ name: 'people', match: { groups }, preset: 'viewer' }] });
        const { files, errors } = synthText(text);
        expect(errors).toEqual([]);
        const sa = objectsOf(files.find((f) => f.name === 'argo.people.yaml')?.content ?? '')[0];
        const rule = sa.metadata.annotations[RBAC_RULE_ANNOTATION] as string;
        for (const release of EVERY_RELEASE) {
          const s = semanticsFor(release);
          for (const g of groups) {
            expect(evaluateRule(rule, { iss: 'argo-server', groups: [other, g] }, s)).toEqual({
              kind: 'true',
            });
          }
          expect(evaluateRule(rule, { iss: 'argo-server', groups: [other] }, s)).toEqual({ kind: 'false' });
          expect(evaluateRule(rule, { iss: 'argo-server' }, s)).toEqual({ kind: 'false' });
        }
      }),
      { numRuns: 25 },
    );
  });
});
