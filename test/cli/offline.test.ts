// can-i and matrix as users run them: the real command, offline, on the repo's dist/.

import * as path from 'node:path';
import { runCli } from '../support/cli';
import { runMain, seedDist, tempDir, writeFile } from '../support/project';

const DIST = seedDist();

describe('argo-token can-i', () => {
  test("GIVEN dist/ THEN jenkins can list workflows (the seed's 200): prints yes, exit 0", async () => {
    const run = await runCli(['can-i', 'jenkins', 'list', 'workflows', '--manifests', DIST]);
    expect([run.code, run.stdout]).toEqual([0, 'yes\n']);
  });

  test("GIVEN dist/ THEN jenkins cannot list workflowtemplates (the seed's 403): prints no, exit 1", async () => {
    const run = await runCli([
      'can-i',
      'jenkins',
      'list',
      'workflowtemplates.argoproj.io',
      '--manifests',
      DIST,
    ]);
    expect([run.code, run.stdout]).toEqual([1, 'no\n']);
  });

  test('GIVEN another namespace THEN no; GIVEN an unknown client THEN exit 12 listing the clients there', async () => {
    expect(
      (await runCli(['can-i', 'argo/jenkins', 'list', 'workflows', '-n', 'dev', '--manifests', DIST])).stdout,
    ).toBe('no\n');
    const unknown = await runCli(['can-i', 'gha', 'list', 'workflows', '--manifests', DIST]);
    expect(unknown.code).toBe(12);
    expect(unknown.stderr).toContain('no ServiceAccount "gha" in');
    expect(unknown.stderr).toContain('clients there: argo/jenkins');
  });

  test('GIVEN pods/log THEN it is the log subresource, distinct from pods', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'dist');
    runMain([
      '--clients',
      writeFile(dir, 'c.yaml', 'clients:\n  - {name: ci, namespace: argo, can: [read-logs]}\n'),
      '--outdir',
      out,
    ]);
    expect((await runCli(['can-i', 'ci', 'get', 'pods/log', '--manifests', out])).stdout).toBe('yes\n');
    expect((await runCli(['can-i', 'ci', 'get', 'pods', '--manifests', out])).stdout).toBe('no\n');
  });
});

describe('argo-token matrix', () => {
  test('GIVEN dist/ THEN the table shows jenkins allowed to list workflows and archived workflows, nothing else', async () => {
    const run = await runCli(['matrix', '--manifests', DIST]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^OPERATION\s+argo\/jenkins$/);
    const allowed = lines.filter((l) => l.endsWith('✔')).map((l) => l.split(/\s+/)[0]);
    expect(allowed).toEqual(['list-workflows', 'list-archived-workflows']);
  });

  test('GIVEN -o wide THEN each row also shows the method and path', async () => {
    const run = await runCli(['matrix', 'jenkins', '--manifests', DIST, '-o', 'wide']);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^OPERATION\s+METHOD\s+PATH\s+argo\/jenkins$/);
    expect(lines[1]).toMatch(/^list-workflows\s+GET\s+\/api\/v1\/workflows\/\{namespace\}\s+✔$/);
  });

  test('GIVEN -o json and several clients THEN one entry per client with every operation', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'dist');
    const clients =
      'clients:\n  - {name: ci, namespace: argo, preset: ci-submitter}\n  - {name: ui, namespace: argo, preset: viewer}\n';
    expect(runMain(['--clients', writeFile(dir, 'c.yaml', clients), '--outdir', out]).code).toBe(0);
    const run = await runCli(['matrix', '--manifests', out, '-o', 'json']);
    const json = JSON.parse(run.stdout);
    expect(json.map((c: any) => c.client)).toEqual(['ci', 'ui']);
    expect(json.map((c: any) => c.argoVersion)).toEqual(['4.1.2', '4.1.2']);
    const op = (c: number, id: string) => json[c].operations.find((o: any) => o.operation === id);
    expect(op(0, 'submit-from-template')).toMatchObject({
      method: 'POST',
      path: '/api/v1/workflows/{namespace}/submit',
      variant: 'resourceKind: WorkflowTemplate',
      verdict: 'allowed',
      allowed: true,
    });
    expect(op(0, 'list-workflow-templates')).toMatchObject({ verdict: 'denied', allowed: false });
    expect(op(1, 'list-workflow-templates')).toMatchObject({ verdict: 'allowed', allowed: true });
    expect(op(1, 'create-workflow')).toMatchObject({ verdict: 'denied', allowed: false });
    // Scripts can key by endpoint: every operation carries its method and path.
    for (const o of json[0].operations)
      expect(o).toEqual(expect.objectContaining({ method: expect.any(String), path: expect.any(String) }));
    expect(op(1, 'list-archived-workflow-label-keys').verdict).toBe('unchecked');
  });

  test('fails with exit 12 when the manifests folder does not exist', async () => {
    const run = await runCli(['matrix', '--manifests', '/nonexistent/dist']);
    expect(run.code).toBe(12);
    expect(run.stderr).toContain('manifests folder "/nonexistent/dist" does not exist');
  });
});
