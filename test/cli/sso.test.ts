// `argo-token sso whoami` and `argo-token sso matrix` as users run them: the real command, offline, on
// manifests synthesized from SSO fixtures (and hand-written ones for what synth never writes).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { EXIT } from '../../cli/errors';
import { runCli } from '../support/cli';
import { ROOT, runMain, seedDist, tempDir, writeFile } from '../support/project';

function synth(clients: string): string {
  const dir = tempDir();
  const out = path.join(dir, 'dist');
  const { code, stderr } = runMain(['--clients', writeFile(dir, 'c.yaml', clients), '--outdir', out]);
  if (code !== 0) throw new Error(stderr);
  return out;
}

const FULL = synth(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'sso-clients.yaml'), 'utf8'));
// Team accounts only: no login account for team-b people.
const TEAMS_ONLY = synth(
  'sso:\n  - {name: admins, match: {groups: [admins]}, preset: viewer}\n  - {name: b, namespace: team-b, match: {groups: [team-b]}, preset: viewer}\n',
);

/** A manifests folder with ServiceAccounts as given (what synth never writes: ties, rules outside the subset). */
function handWritten(accounts: { ns: string; name: string; rule: string; precedence: string }[]): string {
  const dir = tempDir();
  const docs = accounts.map((a) =>
    stringify({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: a.name,
        namespace: a.ns,
        annotations: {
          'workflows.argoproj.io/rbac-rule': a.rule,
          'workflows.argoproj.io/rbac-rule-precedence': a.precedence,
        },
      },
    }),
  );
  writeFile(dir, 'sa.yaml', docs.map((d) => `---\n${d}`).join(''));
  return dir;
}

describe('argo-token sso whoami', () => {
  test('GIVEN delegation and a team-b member in team-b THEN the first line is the team account, then why', async () => {
    const run = await runCli([
      'sso',
      'whoami',
      '--groups',
      'team-b',
      '--email',
      'bo@example.com',
      '-n',
      'team-b',
      '--delegate',
      '--manifests',
      FULL,
    ]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('team-b/team-b-submit');
    expect(lines[1]).toBe(
      "why: namespace account: its precedence 30 is higher than login account argo/signed-in's 0",
    );
    expect(lines).toContain(
      'delegation: delegation on and the request is in team-b; lookup in team-b: team-b/team-b-submit (30) true → team-b/team-b-submit',
    );
    expect(run.stdout).toMatch(/^ {2}create-workflow +POST \/api\/v1\/workflows\/\{namespace\}$/m);
    expect(run.stderr).toBe('');
  });

  test('GIVEN no --delegate THEN the login account serves, and the output says delegation was not tried', async () => {
    const run = await runCli([
      'sso',
      'whoami',
      '--group',
      'it\'s "odd" \\ ü',
      '-n',
      'team-a',
      '--manifests',
      FULL,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(0, 2)).toEqual([
      'argo/platform',
      'why: login account (SSO_DELEGATE_RBAC_TO_NAMESPACE is not "true" on argo-server)',
    ]);
    expect(run.stdout).toContain('in namespace team-a: argo/platform can call');
    expect(run.stdout).toMatch(/^ {2}list-workflows +GET/m);
  });

  test('GIVEN a person no rule matches THEN exit 1, the lookup on stdout and the reason in one line on stderr', async () => {
    const run = await runCli(['sso', 'whoami', '--groups', 'nobody', '--manifests', TEAMS_ONLY]);
    expect(run.code).toBe(EXIT.NO);
    expect(run.stdout).toBe(
      'login lookup in argo: argo/admins (0) false → no match\ndelegation: not tried: SSO_DELEGATE_RBAC_TO_NAMESPACE is not "true" on argo-server\n',
    );
    expect(run.stderr.split('\n')[0]).toBe(
      'argo-token: Argo 4.1.2 refuses this person (HTTP 403 "not allowed"): no rule in argo matches, and SSO_DELEGATE_RBAC_TO_NAMESPACE is not "true" on argo-server: Argo answers 403 "not allowed"',
    );
    expect(run.stderr).toMatch(/^ {2}hint: /m);
  });

  test.each([
    ['3.7', EXIT.NO, /needs a login account in argo before 4\.0\.0/],
    ['4.0.4', EXIT.NO, /\(HTTP 500\).*panics/],
    ['4.0.5', 0, /^$/],
  ])(
    'GIVEN only a team account matches, delegation on, Argo %s THEN exit %s',
    async (version, code, stderr) => {
      const run = await runCli([
        'sso',
        'whoami',
        '--groups',
        'team-b',
        '-n',
        'team-b',
        '--delegate',
        '--argo-version',
        version,
        '--manifests',
        TEAMS_ONLY,
      ]);
      expect(run.code).toBe(code);
      expect(run.stderr.split('\n')[0]).toMatch(stderr);
      if (code === 0) expect(run.stdout.split('\n')[0]).toBe('team-b/b');
    },
  );

  test('GIVEN --namespaced THEN no delegation, whatever --delegate says', async () => {
    const run = await runCli([
      'sso',
      'whoami',
      '--groups',
      'team-a',
      '-n',
      'team-a',
      '--delegate',
      '--namespaced',
      '--manifests',
      FULL,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(0, 2)).toEqual([
      'argo/signed-in',
      'why: login account (argo-server runs --namespaced: no delegation)',
    ]);
  });

  test('GIVEN -o json THEN the decision, both lookups and the operations', async () => {
    const run = await runCli([
      'sso',
      'whoami',
      '--groups',
      'team-a',
      '-n',
      'team-a',
      '--delegate',
      '--manifests',
      FULL,
      '-o',
      'json',
    ]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({
      argoVersion: '4.1.2',
      ssoNamespace: 'argo',
      claims: { iss: 'argo-server', groups: ['team-a'] },
      decision: 'account',
      account: 'team-a/team-a-read',
      via: 'namespace',
      login: { outcome: 'match', account: 'argo/signed-in' },
      delegation: { applies: true, lookup: { outcome: 'match', account: 'team-a/team-a-read' } },
      namespace: 'team-a',
    });
    expect(json.operations.map((o: { operation: string }) => o.operation)).toContain('list-workflows');
    expect(json.operations.map((o: { operation: string }) => o.operation)).not.toContain('create-workflow');
  });

  test('GIVEN two matching accounts of one precedence THEN a warning says Argo may choose either', async () => {
    const dir = handWritten([
      { ns: 'argo', name: 'a', rule: 'true', precedence: '5' },
      { ns: 'argo', name: 'b', rule: "'x' in $env?.groups", precedence: '5' },
    ]);
    const run = await runCli(['sso', 'whoami', '--groups', 'x', '--manifests', dir]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('argo/a');
    expect(run.stderr).toContain('argo-token: warning: argo/a, argo/b share precedence 5 and match');
  });

  test('GIVEN a rule outside the subset argo-token evaluates THEN exit 20, never a guess', async () => {
    const dir = handWritten([
      { ns: 'argo', name: 'fn', rule: 'len($env?.groups ?? []) > 0', precedence: '1' },
    ]);
    const run = await runCli(['sso', 'whoami', '--groups', 'x', '--manifests', dir]);
    expect(run.code).toBe(EXIT.SSO_UNDECIDED);
    expect(run.stderr.split('\n')[0]).toMatch(
      /^argo-token: cannot tell which account Argo 4\.1\.2 chooses: login lookup: the rule of argo\/fn is outside/,
    );
  });

  test('GIVEN bad input THEN one line and a documented exit code, never a stack trace', async () => {
    const badVersion = await runCli([
      'sso',
      'whoami',
      '--groups',
      'x',
      '--argo-version',
      '9.9',
      '--manifests',
      FULL,
    ]);
    expect(badVersion.code).toBe(EXIT.USAGE);
    expect(badVersion.stderr).toBe(
      'argo-token: unknown --argo-version "9.9": give a release line (3.5, 3.6, 3.7, 4.0, 4.1) or a release 3.5.0–4.1.2\n',
    );
    const noSso = await runCli(['sso', 'whoami', '--groups', 'x', '--manifests', seedDist()]);
    expect(noSso.code).toBe(EXIT.MANIFESTS);
    expect(noSso.stderr.split('\n')[0]).toMatch(
      /carries workflows\.argoproj\.io\/rbac-rule: add sso: accounts/,
    );
    const missing = await runCli(['sso', 'matrix', '--manifests', '/nonexistent/dist']);
    expect(missing.code).toBe(EXIT.MANIFESTS);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('argo-token sso matrix', () => {
  test('GIVEN the fixture THEN the accounts with precedence, kind and rule, then operations × accounts', async () => {
    const run = await runCli(['sso', 'matrix', '--manifests', FULL]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^ACCOUNT +PRECEDENCE +KIND +RULE$/);
    expect(lines.slice(1, 6).map((l) => l.split(/ {2,}/).slice(0, 3))).toEqual([
      ['argo/platform', '20', 'login'],
      ['argo/auditor', '10', 'login'],
      ['argo/signed-in', '0', 'login'],
      ['team-a/team-a-read', '40', 'delegated'],
      ['team-b/team-b-submit', '30', 'delegated'],
    ]);
    const table = lines.slice(lines.indexOf('') + 1);
    expect(table[0].split(/ {2,}/)).toEqual([
      'OPERATION',
      'argo/platform',
      'argo/auditor',
      'argo/signed-in',
      'team-a/team-a-read',
      'team-b/team-b-submit',
    ]);
    expect(table.find((l) => l.startsWith('create-workflow '))?.split(/ +/)).toEqual([
      'create-workflow',
      '✖',
      '✖',
      '✖',
      '✖',
      '✔',
    ]);
  });

  test('GIVEN -o json THEN per account its rule, precedence, kind and operations', async () => {
    const run = await runCli(['sso', 'matrix', '--manifests', FULL, '-o', 'json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as {
      account: string;
      kind: string;
      precedence: string;
      rule: string;
      operations: { operation: string; allowed: boolean }[];
    }[];
    const auditor = json.find((a) => a.account === 'argo/auditor');
    expect(auditor).toMatchObject({
      kind: 'login',
      precedence: '10',
      rule: "$env?.email == 'audit@example.com'",
    });
    expect(
      auditor?.operations
        .filter((o) => o.allowed && o.operation.includes('workflows'))
        .map((o) => o.operation),
    ).toContain('list-workflows');
  });
});
