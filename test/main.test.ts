import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { synthFile } from '../app/synth';
import { KUSTOMIZATION_FILE, RECORD_FILE } from '../src/output/dist-writer';
import { ROOT, runMain, SEED_CLIENTS, seedDist, snapshotDir, tempDir, writeFile } from './support/project';

const REPO_CLIENTS = SEED_CLIENTS;

function objectsOf(content: string): Record<string, any>[] {
  return parseAllDocuments(content).map((d) => d.toJS());
}

describe('the seed clients file (test/fixtures/seed-clients.yaml)', () => {
  const result = synthFile(REPO_CLIENTS);
  const files = Object.fromEntries(result.files.map((f) => [f.name, f.content]));
  const objects = objectsOf(files['argo.jenkins.yaml']);

  test('GIVEN the seed clients file WHEN synthesized THEN the manifests are the snapshot', () => {
    expect(result.errors).toEqual([]);
    expect(files).toMatchSnapshot();
  });

  test("THEN jenkins has the seed's four objects, ServiceAccount first and the Secret after it", () => {
    expect(Object.keys(files).sort()).toEqual([KUSTOMIZATION_FILE, 'argo.jenkins.yaml']);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/jenkins',
      'Role/jenkins',
      'RoleBinding/jenkins',
      'Secret/jenkins.service-account-token',
    ]);
    for (const o of objects) expect(o.metadata.namespace).toBe('argo');
  });

  test('THEN the Role is the seed role: list and update on workflows.argoproj.io', () => {
    expect(objects[1].rules).toEqual([
      { apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['list', 'update'] },
    ]);
  });

  test('THEN the RoleBinding binds Role jenkins to ServiceAccount argo/jenkins', () => {
    expect(objects[2].roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: 'jenkins',
    });
    expect(objects[2].subjects).toEqual([{ kind: 'ServiceAccount', name: 'jenkins', namespace: 'argo' }]);
  });

  test('THEN the Secret is a token Secret annotated with its ServiceAccount and holds nothing the controller owns', () => {
    const secret = objects[3];
    expect(secret.type).toBe('kubernetes.io/service-account-token');
    expect(secret.metadata.annotations).toEqual({ 'kubernetes.io/service-account.name': 'jenkins' });
    expect(Object.keys(secret).sort()).toEqual(['apiVersion', 'kind', 'metadata', 'type']);
    expect(Object.keys(secret.metadata.labels).some((l) => l.startsWith('kubernetes.io/legacy-token'))).toBe(
      false,
    );
  });

  test('THEN the ServiceAccount does not automount its token', () => {
    expect(objects[0].automountServiceAccountToken).toBe(false);
    expect(objects[0].secrets).toBeUndefined();
  });

  test('THEN every object carries the managed-by and name labels', () => {
    for (const o of objects) {
      expect(o.metadata.labels).toEqual({
        'app.kubernetes.io/managed-by': 'argo-token',
        'app.kubernetes.io/name': 'jenkins',
      });
    }
  });

  test('THEN the Kustomization lists every client file', () => {
    expect(parse(files[KUSTOMIZATION_FILE])).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['argo.jenkins.yaml'],
    });
  });

  test('THEN synthesizing twice gives the same bytes', () => {
    expect(synthFile(REPO_CLIENTS).files).toEqual(result.files);
  });
});

describe('kubectl agrees', () => {
  const kubectl = (() => {
    try {
      execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  if (!kubectl)
    console.warn(
      'SKIPPED: kubectl is not on PATH, so the comparison with `kubectl create --dry-run=client` did not run',
    );
  const objects = objectsOf(
    synthFile(REPO_CLIENTS).files.find((f) => f.name === 'argo.jenkins.yaml')!.content,
  );
  const kubectlYaml = (args: string[]) => {
    const out = parse(
      execFileSync('kubectl', [...args, '--dry-run=client', '-o', 'yaml'], { encoding: 'utf8' }),
    );
    delete out.metadata.creationTimestamp; // kubectl prints `creationTimestamp: null` for an object not yet created
    return out;
  };
  /** Our object minus what we add on purpose: the labels (and automount on the ServiceAccount). */
  const withoutAdditions = (o: Record<string, any>, extra: string[] = []) => {
    const copy = structuredClone(o);
    delete copy.metadata.labels;
    for (const k of extra) delete copy[k];
    return copy;
  };

  (kubectl ? test : test.skip)(
    'GIVEN kubectl create sa THEN our ServiceAccount is the same object plus labels and automount: false',
    () => {
      expect(withoutAdditions(objects[0], ['automountServiceAccountToken'])).toEqual(
        kubectlYaml(['create', 'sa', 'jenkins', '-n', 'argo']),
      );
    },
  );

  (kubectl ? test : test.skip)(
    'GIVEN kubectl create rolebinding THEN our RoleBinding is the same object plus labels',
    () => {
      expect(withoutAdditions(objects[2])).toEqual(
        kubectlYaml([
          'create',
          'rolebinding',
          'jenkins',
          '--role=jenkins',
          '--serviceaccount=argo:jenkins',
          '-n',
          'argo',
        ]),
      );
    },
  );

  (kubectl ? test : test.skip)(
    'GIVEN dist/ THEN `kubectl kustomize` renders every object, ServiceAccount before Secret',
    () => {
      const out = execFileSync('kubectl', ['kustomize', seedDist()], { encoding: 'utf8' });
      const kinds = objectsOf(out).map((o) => o.kind);
      expect(kinds.sort()).toEqual(['Role', 'RoleBinding', 'Secret', 'ServiceAccount']);
      const order = objectsOf(out).map((o) => o.kind);
      expect(order.indexOf('ServiceAccount')).toBeLessThan(order.indexOf('Secret'));
    },
  );
});

describe('npm run synth (main)', () => {
  test('GIVEN a clients file WHEN a client is removed THEN its file disappears from the output', () => {
    const dir = tempDir();
    const out = path.join(dir, 'dist');
    const two = writeFile(
      dir,
      'two.yaml',
      'clients:\n  - {name: a, namespace: x, can: [list-workflows]}\n  - {name: b, namespace: x, can: [list-workflows]}\n',
    );
    expect(runMain(['--clients', two, '--outdir', out]).code).toBe(0);
    expect(Object.keys(snapshotDir(out))).toEqual([RECORD_FILE, KUSTOMIZATION_FILE, 'x.a.yaml', 'x.b.yaml']);
    const one = writeFile(dir, 'one.yaml', 'clients:\n  - {name: a, namespace: x, can: [list-workflows]}\n');
    expect(runMain(['--clients', one, '--outdir', out]).code).toBe(0);
    expect(Object.keys(snapshotDir(out))).toEqual([RECORD_FILE, KUSTOMIZATION_FILE, 'x.a.yaml']);
    expect(parse(fs.readFileSync(path.join(out, KUSTOMIZATION_FILE), 'utf8')).resources).toEqual([
      'x.a.yaml',
    ]);
  });

  test('GIVEN two clients of the same name in two namespaces THEN each has its own file', () => {
    const dir = tempDir();
    const out = path.join(dir, 'dist');
    const file = writeFile(
      dir,
      'c.yaml',
      'clients:\n  - {name: ci, namespace: x, can: [list-workflows]}\n  - {name: ci, namespace: y, can: [list-workflows]}\n',
    );
    expect(runMain(['--clients', file, '--outdir', out]).code).toBe(0);
    expect(Object.keys(snapshotDir(out))).toEqual([
      RECORD_FILE,
      KUSTOMIZATION_FILE,
      'x.ci.yaml',
      'y.ci.yaml',
    ]);
  });

  test('GIVEN ARGO_TOKEN_CLIENTS_FILE and ARGO_TOKEN_OUTDIR THEN they choose the input and the output', () => {
    const dir = tempDir();
    const file = writeFile(dir, 'c.yaml', 'clients:\n  - {name: ci, namespace: x, can: [list-workflows]}\n');
    const out = path.join(dir, 'manifests');
    expect(runMain([], { ARGO_TOKEN_CLIENTS_FILE: file, ARGO_TOKEN_OUTDIR: out }).code).toBe(0);
    expect(Object.keys(snapshotDir(out))).toEqual([RECORD_FILE, KUSTOMIZATION_FILE, 'x.ci.yaml']);
  });

  test('fails with a usage error on an unknown flag, writing nothing', () => {
    const r = runMain(['--client', 'x.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Unknown option '--client'");
    expect(r.stderr).toContain('usage: npm run synth');
  });

  test('fails to replace an output folder that holds files it did not write', () => {
    const dir = tempDir();
    writeFile(dir, 'README.md', 'mine');
    const file = writeFile(
      tempDir(),
      'c.yaml',
      'clients:\n  - {name: ci, namespace: x, can: [list-workflows]}\n',
    );
    const r = runMain(['--clients', file, '--outdir', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('it holds files argo-token did not write: README.md');
    expect(snapshotDir(dir)).toEqual({ 'README.md': 'mine' });
  });

  test('GIVEN an unchanged clients file THEN the output is not rewritten', () => {
    const dir = tempDir();
    const out = path.join(dir, 'dist');
    const file = writeFile(dir, 'c.yaml', 'clients:\n  - {name: ci, namespace: x, can: [list-workflows]}\n');
    expect(runMain(['--clients', file, '--outdir', out]).stderr).toContain('written');
    const inode = fs.statSync(out).ino;
    expect(runMain(['--clients', file, '--outdir', out]).stderr).toContain('unchanged');
    expect(fs.statSync(out).ino).toBe(inode);
  });
});

describe('examples/argo-clients.yaml', () => {
  test('GIVEN the example file THEN it synthesizes under strict mode, with no warning', () => {
    const result = synthFile(path.join(ROOT, 'examples', 'argo-clients.yaml'), { strict: true });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.files.map((f) => f.name)).toEqual([
      'argo.dashboard.yaml',
      'argo.github-actions.yaml',
      'argo.janitor.yaml',
      'argo.jenkins.yaml',
      'argo.release-bot.yaml',
      'argo.webhook.yaml',
      KUSTOMIZATION_FILE,
    ]);
  });
});

describe('where synth may write', () => {
  const file = () =>
    writeFile(
      tempDir(),
      'argo-clients.yaml',
      'clients:\n  - {name: ci, namespace: x, can: [list-workflows]}\n',
    );

  test('fails on an --outdir that contains the clients file, touching nothing', () => {
    const clients = file();
    const dir = path.dirname(clients);
    const before = snapshotDir(dir);
    const r = runMain(['--clients', clients, '--outdir', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `error: refusing --outdir ${dir}: it contains the clients file ${clients}, which synth replaces as a whole; choose a folder of its own (default dist)`,
    );
    expect(snapshotDir(dir)).toEqual(before);
  });

  test.each([
    ['the project root', '.'],
    ['a folder above the project', '..'],
    ['a folder inside src/', 'src/generated'],
    ['a folder inside test/', 'test/out'],
  ])('fails on %s as --outdir', (_label, outdir) => {
    const r = runMain(['--clients', file(), '--outdir', path.join(ROOT, outdir)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      // A clone under the temporary folder has the test's clients file below '..' too: either refusal is right.
      /^error: refusing --outdir .*: it (contains the project's own sources|contains the clients file|is inside the project's (src|test)\/ folder)/,
    );
    expect(fs.existsSync(path.join(ROOT, 'src', 'generated'))).toBe(false);
    expect(fs.existsSync(path.join(ROOT, 'test', 'out'))).toBe(false);
  });

  test('fails on examples/ (files argo-token did not write) and leaves them', () => {
    const before = snapshotDir(path.join(ROOT, 'examples'));
    const r = runMain(['--clients', file(), '--outdir', path.join(ROOT, 'examples')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('it holds files argo-token did not write: argo-clients.yaml');
    expect(snapshotDir(path.join(ROOT, 'examples'))).toEqual(before);
  });
});
