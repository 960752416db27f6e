// `npm run check`: the adopter's own gate — strict synth, dist/ freshness, their policy file.

import * as path from 'node:path';
import { check } from '../../tools/check';
import { runMain, tempDir, writeFile } from '../support/project';

function run(argv: string[]): { code: number; stderr: string } {
  const lines: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => {
    lines.push(a.join(' '));
  });
  try {
    return { code: check(argv, {}), stderr: lines.join('\n') };
  } finally {
    spy.mockRestore();
  }
}

const CLIENTS = 'clients:\n  - {name: ci, namespace: argo, can: [list-workflows, delete-workflow]}\n';

function project(policy?: string) {
  const dir = tempDir();
  const clients = writeFile(dir, 'argo-clients.yaml', CLIENTS);
  const dist = path.join(dir, 'dist');
  expect(runMain(['--clients', clients, '--outdir', dist]).code).toBe(0);
  const args = ['--clients', clients, '--outdir', dist, '--policy', path.join(dir, 'policy.ts')];
  if (policy) writeFile(dir, 'policy.ts', policy);
  return { dir, clients, dist, args };
}

test('GIVEN a fresh dist/ and a satisfied policy THEN it passes', () => {
  const p = project(
    "module.exports = { default: (clients) => clients.filter((c) => c.can('get', 'secrets')).map((c) => c.id) };\n",
  );
  const r = run(p.args);
  expect(r.stderr).toMatch(/^check passed: 1 client, .*dist\/ up to date, .*policy\.ts satisfied$/);
  expect(r.code).toBe(0);
});

test('fails when dist/ is not what the clients file synthesizes (a client added, synth not run)', () => {
  const p = project();
  writeFile(p.dir, 'argo-clients.yaml', `${CLIENTS}  - {name: new, namespace: argo, can: [get-workflow]}\n`);
  const r = run(p.args);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('dist/ is not what');
  expect(r.stderr).toContain('argo.new.yaml');
  expect(r.stderr).toContain('run npm run synth and commit');
});

test("fails on the adopter's policy, naming each violation", () => {
  const p = project(
    "module.exports = { default: (clients) => clients.filter((c) => c.allows('delete-workflow')).map((c) => c.id + ' may delete workflows') };\n",
  );
  const r = run(p.args);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('error: policy: argo/ci may delete workflows');
});

test('fails on a security-lint warning (strict)', () => {
  const p = project();
  writeFile(
    p.dir,
    'argo-clients.yaml',
    'clients:\n  - {name: ci, namespace: argo, can: [create-workflow]}\n',
  );
  const r = run(p.args);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('[creates-pods]');
  expect(r.stderr).toContain('does not synthesize in strict mode');
});
