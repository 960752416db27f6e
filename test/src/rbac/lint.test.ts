import * as path from 'node:path';
import { parseClientsFile } from '../../../src/clients/file';
import { LINT_RULES, lintClient } from '../../../src/rbac/lint';
import { runMain, snapshotDir, tempDir, writeFile } from '../../support/project';

const client = (body: string, top = '') => `${top}clients:\n  - name: ci\n    namespace: argo\n${body}`;
const lint = (text: string, strict = false) => parseClientsFile(text, 'f.yaml', { strict });
const WHO = 'f.yaml:5:9: clients[0] "ci": \'rules[0]\'';

describe('security lint: refused at synth', () => {
  test.each([
    [
      'all verbs listed',
      client(
        '    rules:\n      - resources: [workflows]\n        verbs: [get, list, watch, create, update, patch, delete, deletecollection]\n',
      ),
      `${WHO} [all-verbs] every verb on workflows (argoproj.io): listing every verb is \`*\` spelt out`,
    ],
    [
      'all verbs spread over two rules',
      client(
        '    rules:\n      - resources: [workflows]\n        verbs: [get, list, watch, create]\n      - resources: [workflows]\n        verbs: [update, patch, delete, deletecollection]\n',
      ),
      'f.yaml:2:5: clients[0] "ci": [all-verbs] every verb on workflows (argoproj.io)',
    ],
    [
      'bind',
      client(
        '    rules:\n      - apiGroup: rbac.authorization.k8s.io\n        resources: [roles]\n        verbs: [bind]\n',
      ),
      `f.yaml:7:17: clients[0] "ci": 'rules[0].verbs[0]' is "bind": [escalation-verb] escalate, bind and impersonate let a client give itself or act with more than it was granted`,
    ],
    [
      'escalate',
      client(
        '    rules:\n      - apiGroup: rbac.authorization.k8s.io\n        resources: [clusterroles]\n        verbs: [escalate]\n',
      ),
      `'rules[0].verbs[0]' is "escalate": [escalation-verb]`,
    ],
    [
      'impersonate',
      client(
        '    rules:\n      - apiGroup: ""\n        resources: [serviceaccounts]\n        verbs: [impersonate]\n',
      ),
      `'rules[0].verbs[0]' is "impersonate": [escalation-verb]`,
    ],
    [
      'create on serviceaccounts/token',
      client(
        '    rules:\n      - apiGroup: ""\n        resources: [serviceaccounts/token]\n        verbs: [create]\n',
      ),
      `${WHO} [token-request] create on serviceaccounts/token (core): create on serviceaccounts/token mints tokens for any ServiceAccount in the namespace`,
    ],
    [
      'nodes/proxy',
      client('    rules:\n      - apiGroup: ""\n        resources: [nodes/proxy]\n        verbs: [get]\n'),
      `${WHO} [nodes-proxy] get on nodes/proxy (core): nodes/proxy reaches the kubelet API, bypassing audit and admission`,
    ],
    ...['cluster-admin', 'admin', 'edit', 'system:aggregate-to-edit', 'system:aggregate-to-admin'].map(
      (role) => [
        `a binding to ${role}`,
        client(`    bindClusterRoles: [argo-aggregate-to-view, "${role}"]\n`),
        `f.yaml:4:5: clients[0] "ci": 'bindClusterRoles' [admin-binding] binding to ClusterRole '${role}': cluster-admin, admin and edit (and system:aggregate-to-admin/-edit, which they aggregate) grant far more than any Argo client needs`,
      ],
    ),
    ...['create', 'update', 'patch', 'delete'].map((verb) => [
      `${verb} on secrets`,
      client(`    rules:\n      - apiGroup: ""\n        resources: [secrets]\n        verbs: [${verb}]\n`),
      `${WHO} [write-secrets] ${verb} on secrets (core): creating or changing Secrets plants credentials`,
    ]),
    [
      'writes on serviceaccounts',
      client(
        '    rules:\n      - apiGroup: ""\n        resources: [serviceaccounts]\n        verbs: [create, patch]\n',
      ),
      `${WHO} [write-serviceaccounts] create, patch on serviceaccounts (core)`,
    ],
    ...['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'].map((resource) => [
      `writes on ${resource}`,
      client(
        `    rules:\n      - apiGroup: rbac.authorization.k8s.io\n        resources: [${resource}]\n        verbs: [create]\n`,
      ),
      `${WHO} [write-rbac] create on ${resource} (rbac.authorization.k8s.io): writing Roles, ClusterRoles or their bindings lets a client grant itself`,
    ]),
    [
      'a client in kube-system',
      'clients:\n  - name: ci\n    namespace: kube-system\n    can: [list-workflows]\n',
      `f.yaml:3:16: clients[0] "ci": 'namespace' [system-namespace] namespace 'kube-system'`,
    ],
    [
      'a client working in kube-system',
      client('    namespaces: [kube-system]\n    can: [list-workflows]\n'),
      `[system-namespace] namespace 'kube-system'`,
    ],
    [
      'get on every Secret without acknowledgement',
      client('    rules:\n      - apiGroup: ""\n        resources: [secrets]\n        verbs: [get]\n'),
      `${WHO} [read-secrets] get on secrets (core): get on every Secret reads every credential in the namespace, token Secrets included; name the Secrets the client needs (resourceNames, or the secrets option of read-artifacts); if intended, add 'read-secrets' to the client's 'acknowledge' list`,
    ],
    ...['list', 'watch'].map((verb) => [
      `${verb} on secrets, even with the read-secrets acknowledgement`,
      client(
        `    rules:\n      - apiGroup: ""\n        resources: [secrets]\n        verbs: [${verb}]\n    acknowledge: [read-secrets]\n`,
      ),
      `${WHO} [list-secrets] ${verb} on secrets (core): list and watch on Secrets return the data of every Secret in the namespace, token Secrets included; no Argo operation needs them`,
    ]),
    [
      'get on named Secrets without acknowledgement',
      client(
        '    rules:\n      - apiGroup: ""\n        resources: [secrets]\n        verbs: [get]\n        resourceNames: [s3-credentials]\n',
      ),
      `${WHO} [read-named-secrets] get on Secrets s3-credentials: get on named Secrets hands their credentials to the client`,
    ],
    [
      'read-artifacts naming credential Secrets without acknowledgement',
      client('    can:\n      - read-artifacts: {secrets: [s3-credentials]}\n'),
      `f.yaml:5:9: clients[0] "ci": 'can[0]' [read-named-secrets] get on Secrets s3-credentials`,
    ],
  ])('fails on %s', (_name, text, message) => {
    const r = lint(text);
    expect(r.file).toBeUndefined();
    expect(r.errors.some((e) => e.includes(message))).toBe(true);
  });

  test('GIVEN read-artifacts naming its credential Secrets with acknowledge: [read-named-secrets] THEN it synthesizes, without warning', () => {
    const r = lint(
      client(
        '    can:\n      - read-artifacts: {secrets: [s3-credentials]}\n    acknowledge: [read-named-secrets]\n',
      ),
    );
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  test('GIVEN read-artifacts without Secrets (IRSA, workload identity) THEN it needs no acknowledgement', () => {
    const r = lint(client('    can: [read-artifacts]\n'));
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  test('GIVEN a wildcard that reaches the lint directly (the construct API) THEN it is refused', () => {
    const findings = lintClient({
      rules: [{ apiGroups: ['argoproj.io'], resources: ['*'], verbs: ['get'] }],
    });
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([['wildcard', 'error']]);
  });

  test('fails the synth on a refused grant with exit 1, leaving the output folder as it was', () => {
    const dir = tempDir();
    const out = path.join(dir, 'dist');
    const good = writeFile(dir, 'good.yaml', client('    can: [list-workflows]\n'));
    expect(runMain(['--clients', good, '--outdir', out]).code).toBe(0);
    const before = snapshotDir(out);
    const bad = writeFile(dir, 'bad.yaml', client('    bindClusterRoles: [cluster-admin]\n'));
    const r = runMain(['--clients', bad, '--outdir', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[admin-binding]');
    expect(snapshotDir(out)).toEqual(before);
  });
});

describe('security lint: warned at synth', () => {
  test.each([
    [
      'create on workflows',
      client('    can: [create-workflow]\n'),
      `f.yaml:4:11: clients[0] "ci": 'can[0]' [creates-pods] create on workflows (argoproj.io): pods run as the workflow's (or the workload's) service account`,
    ],
    [
      'create on cronworkflows',
      client('    rules:\n      - resources: [cronworkflows]\n        verbs: [create]\n'),
      `${WHO} [creates-pods] create on cronworkflows (argoproj.io)`,
    ],
    [
      'create on workflowtemplates',
      client('    can: [manage-templates]\n'),
      `'can[0]' [creates-pods] create on workflowtemplates (argoproj.io)`,
    ],
    ...[
      ['apps', 'deployments'],
      ['apps', 'statefulsets'],
      ['apps', 'daemonsets'],
      ['apps', 'replicasets'],
      ['batch', 'jobs'],
      ['batch', 'cronjobs'],
      ['""', 'replicationcontrollers'],
      ['""', 'pods'],
    ].map(([group, resource]) => [
      `create on ${resource}`,
      client(
        `    rules:\n      - apiGroup: ${group}\n        resources: [${resource}]\n        verbs: [create]\n`,
      ),
      `${WHO} [creates-pods] create on ${resource} (${group === '""' ? 'core' : group})`,
    ]),
    [
      'deletecollection',
      client('    rules:\n      - resources: [workflows]\n        verbs: [deletecollection]\n'),
      `${WHO} [deletecollection] deletecollection on workflows (argoproj.io): deletecollection removes every object of the resource in one call`,
    ],
    ...['pods/exec', 'pods/attach', 'pods/portforward'].map((r) => [
      r,
      client(`    rules:\n      - apiGroup: ""\n        resources: [${r}]\n        verbs: [create]\n`),
      `${WHO} [pod-exec] create on ${r} (core): pods/exec, attach and portforward open a shell or a tunnel into running workflow pods`,
    ]),
  ])(
    'GIVEN %s THEN it warns and still synthesizes; strict refuses it; an acknowledgement silences it',
    (_n, text, message) => {
      const loose = lint(text);
      expect(loose.errors).toEqual([]);
      expect(loose.file).toBeDefined();
      expect(loose.warnings.some((w) => w.includes(message))).toBe(true);

      const strict = lint(text, true);
      expect(strict.file).toBeUndefined();
      expect(
        strict.errors.some((e) => e.includes(message) && e.endsWith('(a warning, refused by strict mode)')),
      ).toBe(true);

      const fromFile = lint(`strict: true\n${text}`);
      expect(fromFile.file).toBeUndefined();

      const id = /\[([a-z-]+)\]/.exec(message)![1];
      const ack = LINT_RULES.find((l) => l.id === id)!.acknowledgement!;
      const acknowledged = lint(`${text}    acknowledge: [${ack}]\n`, true);
      expect(acknowledged.errors).toEqual([]);
      expect(acknowledged.warnings).toEqual([]);
    },
  );

  test('GIVEN --strict on the synth THEN a warning fails it with exit 1 and no write', () => {
    const dir = tempDir();
    const out = path.join(dir, 'dist');
    const file = writeFile(dir, 'c.yaml', client('    can: [create-workflow]\n'));
    const loose = runMain(['--clients', file, '--outdir', out]);
    expect(loose.code).toBe(0);
    expect(loose.stderr).toContain('warning: ');
    const before = snapshotDir(out);
    {
      const strict = runMain(['--clients', file, '--outdir', out, '--strict']);
      expect(strict.code).toBe(1);
      expect(strict.stderr).toContain('refused by strict mode');
    }
    expect(snapshotDir(out)).toEqual(before);
  });
});
