// The cdk8s CLI's own outputs, as cdk8s users use them: `cdk8s synth --stdout | kubectl apply -f -`
// (one valid stream, every object applied) and `cdk8s synth --format helm` (a chart of the client
// objects only: no CRDs, no Kustomization among the templates).

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { KubeApiServer } from '../support/kube-api-server';
import { ROOT, tempDir } from '../support/project';

const CDK8S = path.join(ROOT, 'node_modules', '.bin', 'cdk8s');
const KUBECTL = ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find((p) => fs.existsSync(p));
const CLIENTS = `clients:
  - {name: a, namespace: team-a, can: [list-workflows]}
  - {name: b, namespace: team-b, namespaces: [team-c], can: [read-templates]}
  - {name: c, namespace: team-c, can: [read-cluster-templates]}
`;
/** a: 4 objects; b: 4 + a Role and RoleBinding in team-c; c: 4 with a ClusterRole and ClusterRoleBinding. */
const OBJECTS = 14;

function project(): string {
  const dir = tempDir('argo-token-cdk8s-out-');
  for (const entry of ['main.ts', 'app', 'cdk8s.yaml', 'constructs', 'src', 'imports', 'tools']) {
    fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, 'argo-clients.yaml'), CLIENTS);
  return dir;
}

function run(
  file: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; stdin?: string } = {},
) {
  const env: NodeJS.ProcessEnv = { ...process.env, CDK8S_CHECK_UPGRADE: 'false', ...options.env };
  delete env.ARGO_TOKEN_CLIENTS_FILE;
  delete env.ARGO_TOKEN_OUTDIR;
  const child = spawn(file, args, { cwd: options.cwd ?? ROOT, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  child.stdin.end(options.stdin ?? '');
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
}

let server: KubeApiServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

(KUBECTL ? test : test.skip)(
  'GIVEN three clients WHEN `cdk8s synth --stdout` is piped into a YAML parser and into real `kubectl apply -f -` THEN every object is there, once',
  async () => {
    const synth = await run(CDK8S, ['synth', '--stdout'], { cwd: project() });
    expect(synth.code).toBe(0);
    const objects = parseAllDocuments(synth.stdout)
      .map((d) => d.toJS())
      .filter(Boolean);
    expect(objects).toHaveLength(OBJECTS);
    // The cdk8s CLI pipes every file to stdout at once (a read stream each): these small files (one
    // chunk each) come whole, in the order their reads finish.
    expect(
      objects
        .filter((o) => o.kind === 'Secret')
        .map((o) => o.metadata.name)
        .sort(),
    ).toEqual(['a.service-account-token', 'b.service-account-token', 'c.service-account-token']);
    expect(objects.some((o) => o.kind === 'Kustomization')).toBe(false);

    server = await KubeApiServer.start();
    const dir = tempDir();
    const kubeconfig = server.writeKubeconfig(dir, { ca: 'data' });
    const apply = await run(KUBECTL!, ['apply', '-f', '-', '--kubeconfig', kubeconfig], {
      stdin: synth.stdout,
      env: { HOME: dir },
    });
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    expect(apply.stdout.trim().split('\n')).toHaveLength(OBJECTS);
    expect(
      apply.stdout
        .trim()
        .split('\n')
        .every((l) => l.endsWith(' created')),
    ).toBe(true);
    for (const [ns, name] of [
      ['team-a', 'a'],
      ['team-b', 'b'],
      ['team-c', 'c'],
    ]) {
      expect(server.getSecret(ns, `${name}.service-account-token`)?.type).toBe(
        'kubernetes.io/service-account-token',
      );
    }
  },
);

test('GIVEN `cdk8s synth --format helm` THEN the chart holds the client objects only, laid out as Helm expects', async () => {
  const dir = project();
  const synth = await run(CDK8S, ['synth', '--format', 'helm', '--chart-version', '1.2.3'], { cwd: dir });
  expect(synth.code).toBe(0);
  const chart = path.join(dir, '.cdk8s.out');
  // Chart.yaml with the fields Helm requires; no crds/ (Helm installs whatever is there, before templates).
  const meta = parse(fs.readFileSync(path.join(chart, 'Chart.yaml'), 'utf8'));
  expect(meta).toMatchObject({ apiVersion: 'v2', version: '1.2.3' });
  expect(typeof meta.name).toBe('string');
  expect(fs.readdirSync(chart).sort()).toEqual(['Chart.yaml', 'README.md', 'templates']);
  // templates/: one manifest file per client, each a stream of Kubernetes objects Helm can render as they are.
  const templates = fs.readdirSync(path.join(chart, 'templates')).sort();
  expect(templates).toEqual(['team-a.a.yaml', 'team-b.b.yaml', 'team-c.c.yaml']);
  let count = 0;
  for (const t of templates) {
    const text = fs.readFileSync(path.join(chart, 'templates', t), 'utf8');
    expect(text).not.toContain('{{'); // nothing Helm would take for a template action
    for (const o of parseAllDocuments(text)
      .map((d) => d.toJS())
      .filter(Boolean)) {
      expect(o.apiVersion).toMatch(/^(v1|rbac\.authorization\.k8s\.io\/v1)$/);
      expect([
        'ServiceAccount',
        'Role',
        'RoleBinding',
        'ClusterRole',
        'ClusterRoleBinding',
        'Secret',
      ]).toContain(o.kind);
      count += 1;
    }
  }
  expect(count).toBe(OBJECTS);
});
