// The synth as users run it: `npm run synth` (node + the TypeScript hook) and `cdk8s synth`,
// each in a scratch copy of the project, as separate processes.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KUSTOMIZATION_FILE, RECORD_FILE } from '../src/output/dist-writer';
import { ROOT, SEED_CLIENTS, seedDist, snapshotDir, tempDir } from './support/project';

const CDK8S = path.join(ROOT, 'node_modules', '.bin', 'cdk8s');
const SOURCES = ['main.ts', 'app', 'cdk8s.yaml', 'constructs', 'src', 'imports', 'tools'];

/** A copy of the project's sources sharing its node_modules, with the seed's clients file and manifests. */
function scratchProject(): string {
  const dir = tempDir('argo-token-project-');
  for (const entry of SOURCES) fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  fs.copyFileSync(SEED_CLIENTS, path.join(dir, 'argo-clients.yaml'));
  fs.cpSync(seedDist(), path.join(dir, 'dist'), { recursive: true });
  return dir;
}

function run(cwd: string, command: string, args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, CDK8S_CHECK_UPGRADE: 'false' };
  delete env.ARGO_TOKEN_CLIENTS_FILE;
  delete env.ARGO_TOKEN_OUTDIR;
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env, timeout: 60000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const npmRunSynth = (cwd: string) => run(cwd, process.execPath, ['-r', './tools/register.js', 'main.ts']);
const cdk8sSynth = (cwd: string) => run(cwd, CDK8S, ['synth']);

test("GIVEN npm run synth, the seed's clients file and no dist/ THEN it writes the seed's manifests", () => {
  const dir = scratchProject();
  fs.rmSync(path.join(dir, 'dist'), { recursive: true });
  const r = npmRunSynth(dir);
  expect(r.code).toBe(0);
  expect(snapshotDir(path.join(dir, 'dist'))).toEqual(snapshotDir(seedDist()));
});

test("GIVEN cdk8s synth, the seed's clients file and no dist/ THEN it writes the seed's manifests, and its own output folder gets them too (for its listing and validation plugins)", () => {
  const dir = scratchProject();
  fs.rmSync(path.join(dir, 'dist'), { recursive: true });
  const r = cdk8sSynth(dir);
  expect(r.code).toBe(0);
  expect(snapshotDir(path.join(dir, 'dist'))).toEqual(snapshotDir(seedDist()));
  expect(r.stdout).toContain('.cdk8s.out/argo.jenkins.yaml');
  const {
    [RECORD_FILE]: _record,
    [KUSTOMIZATION_FILE]: _kustomization,
    ...manifests
  } = snapshotDir(seedDist());
  expect(snapshotDir(path.join(dir, '.cdk8s.out'))).toEqual(manifests);
});

test('GIVEN an edit to main.ts, a construct and the clients file THEN the very next synth shows all three (no stale build)', () => {
  const dir = scratchProject();
  const edit = (file: string, from: string, to: string) => {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    expect(text).toContain(from);
    fs.writeFileSync(path.join(dir, file), text.replace(from, to));
  };
  edit(
    'constructs/argo-api-client.ts',
    "const labels = { 'app.kubernetes.io/managed-by': MANAGED_BY, 'app.kubernetes.io/name': props.name };",
    "const labels = { 'app.kubernetes.io/managed-by': MANAGED_BY, 'app.kubernetes.io/name': props.name, edited: 'yes' };",
  );
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the edit is to source text holding a template literal
  edit('main.ts', 'console.error(`${outdir}/: ', 'console.error(`edited main: ${outdir}/: ');
  fs.writeFileSync(
    path.join(dir, 'argo-clients.yaml'),
    'clients:\n  - name: gha\n    namespace: ci\n    can: [list-workflows]\n',
  );
  const r = npmRunSynth(dir);
  expect(r.code).toBe(0);
  expect(r.stderr).toContain('edited main: dist/: 1 client, written');
  const out = snapshotDir(path.join(dir, 'dist'));
  expect(Object.keys(out)).toEqual([RECORD_FILE, KUSTOMIZATION_FILE, 'ci.gha.yaml']);
  expect(out['ci.gha.yaml']).toContain('edited: "yes"');
});
