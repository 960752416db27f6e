import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { Secret } from 'kubernetes-models/v1/Secret';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { ArgoApiClient, type ArgoApiClientProps, ArgoApiClients } from '../../constructs';
import { CAPABILITY_NAMES, PRESET_NAMES } from '../../src/argo/capabilities';

function synth(props: ArgoApiClientProps) {
  const chart = Testing.chart();
  const client = new ArgoApiClient(chart, 'client', props);
  return { client, objects: client.apiObjects.map((o) => o.toJson()) };
}
const ids = (objects: Record<string, any>[]) =>
  objects.map((o) => `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`);

const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  ServiceAccount,
  Secret,
  Role,
  RoleBinding,
  ClusterRole,
  ClusterRoleBinding,
};

describe('ArgoApiClient', () => {
  test('GIVEN only a name, namespace and capability THEN the defaults hold and the attributes name the objects', () => {
    const { client } = synth({ name: 'ci', namespace: 'argo', can: ['list-workflows'] });
    expect(client.secretName).toBe('ci.service-account-token');
    expect(client.namespace).toBe('argo');
    expect(client.namespaces).toEqual([]);
    expect(client.argoVersion).toBe('4.1');
    expect(client.serviceAccount.name).toBe('ci');
    expect(client.role?.name).toBe('ci');
    expect(client.roleBinding?.name).toBe('ci');
    expect(client.secret.name).toBe('ci.service-account-token');
    expect(client.clusterRole).toBeUndefined();
    expect(client.rules).toEqual([{ apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['list'] }]);
    expect(client.warnings).toEqual([]);
  });

  test('GIVEN extra namespaces THEN each gets a Role and RoleBinding whose subject is the ServiceAccount at home', () => {
    const { objects } = synth({
      name: 'ci',
      namespace: 'argo',
      namespaces: ['dev', 'prod'],
      can: ['list-workflows'],
    });
    expect(ids(objects)).toEqual([
      'ServiceAccount/argo/ci',
      'Role/argo/ci',
      'RoleBinding/argo/ci',
      'Role/dev/argo-token:argo:ci',
      'RoleBinding/dev/argo-token:argo:ci',
      'Role/prod/argo-token:argo:ci',
      'RoleBinding/prod/argo-token:argo:ci',
      'Secret/argo/ci.service-account-token',
    ]);
    const devBinding = objects[4];
    expect(devBinding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: 'argo-token:argo:ci',
    });
    expect(devBinding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'ci', namespace: 'argo' }]);
    expect(objects[3].rules).toEqual(objects[1].rules);
  });

  test('GIVEN a cluster-scoped resource THEN a ClusterRole and ClusterRoleBinding (no namespace) hold it, and only it', () => {
    const { client, objects } = synth({
      name: 'ci',
      namespace: 'argo',
      can: ['list-workflows', 'read-cluster-templates'],
    });
    expect(ids(objects)).toEqual([
      'ServiceAccount/argo/ci',
      'Role/argo/ci',
      'RoleBinding/argo/ci',
      'ClusterRole/argo-token:argo:ci',
      'ClusterRoleBinding/argo-token:argo:ci',
      'Secret/argo/ci.service-account-token',
    ]);
    const [, role, , clusterRole, clusterBinding] = objects;
    expect(role.rules).toEqual([{ apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['list'] }]);
    expect(clusterRole.metadata.namespace).toBeUndefined();
    expect(clusterRole.rules).toEqual([
      { apiGroups: ['argoproj.io'], resources: ['clusterworkflowtemplates'], verbs: ['get', 'list'] },
    ]);
    expect(clusterBinding.metadata.namespace).toBeUndefined();
    expect(clusterBinding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'argo-token:argo:ci',
    });
    expect(clusterBinding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'ci', namespace: 'argo' }]);
    expect(client.clusterRole?.name).toBe('argo-token:argo:ci');
  });

  test('GIVEN the same client name in two namespaces THEN their ClusterRoles do not collide', () => {
    const chart = Testing.chart();
    const a = new ArgoApiClient(chart, 'a', { name: 'ci', namespace: 'x', can: ['read-cluster-templates'] });
    const b = new ArgoApiClient(chart, 'b', { name: 'ci', namespace: 'y', can: ['read-cluster-templates'] });
    expect(a.clusterRole?.name).not.toBe(b.clusterRole?.name);
  });

  test('GIVEN only cluster-scoped rules THEN there is no empty Role', () => {
    const { objects } = synth({ name: 'ci', namespace: 'argo', can: ['read-cluster-templates'] });
    expect(ids(objects)).toEqual([
      'ServiceAccount/argo/ci',
      'ClusterRole/argo-token:argo:ci',
      'ClusterRoleBinding/argo-token:argo:ci',
      'Secret/argo/ci.service-account-token',
    ]);
  });

  test('GIVEN bindClusterRoles THEN a RoleBinding to that ClusterRole in each namespace', () => {
    const { objects } = synth({
      name: 'ci',
      namespace: 'argo',
      namespaces: ['dev'],
      bindClusterRoles: ['argo-aggregate-to-view'],
    });
    expect(ids(objects)).toEqual([
      'ServiceAccount/argo/ci',
      'RoleBinding/argo/ci:argo-aggregate-to-view',
      'RoleBinding/dev/argo-token:argo:ci:argo-aggregate-to-view',
      'Secret/argo/ci.service-account-token',
    ]);
    expect(objects[1].roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'argo-aggregate-to-view',
    });
  });

  test('GIVEN a rule on a core resource THEN its apiGroup is "" and the rules are merged by group and verbs', () => {
    const { client } = synth({
      name: 'ci',
      namespace: 'argo',
      rules: [
        { resources: ['workflows'], verbs: ['get'] },
        { resources: ['cronworkflows'], verbs: ['get'] },
        { apiGroup: '', resources: ['pods/log'], verbs: ['get'] },
        { resources: ['workflows'], verbs: ['get'] },
      ],
    });
    expect(client.rules).toEqual([
      { apiGroups: ['argoproj.io'], resources: ['cronworkflows', 'workflows'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
    ]);
  });

  test('fails on invalid props with the same message the clients file would give', () => {
    expect(() => synth({ name: 'Bad_Name', namespace: 'argo', can: ['list-workflows'] })).toThrow(
      `ArgoApiClient "Bad_Name": 'name' must be a DNS-1123 label (a-z, 0-9, '-'; starting and ending with a letter or digit; at most 63 characters), got "Bad_Name"`,
    );
    expect(() =>
      synth({ name: 'ci', namespace: 'argo', rules: [{ resources: ['workflows'], verbs: ['*' as 'get'] }] }),
    ).toThrow(`'rules[0].verbs[0]' is "*": wildcards are not allowed`);
  });

  test('GIVEN a cdk8s-plus Deployment in the same chart THEN it can run as the client (the construct composes)', () => {
    const chart = Testing.chart();
    const client = new ArgoApiClient(chart, 'client', {
      name: 'ci',
      namespace: 'argo',
      can: ['list-workflows'],
    });
    new kplus.Deployment(chart, 'd', {
      serviceAccount: client.serviceAccount,
      containers: [{ image: 'quay.io/argoproj/argocli', securityContext: { ensureNonRoot: false } }],
    });
    const deployment = Testing.synth(chart).find((o) => o.kind === 'Deployment');
    expect(deployment.spec.template.spec.serviceAccountName).toBe('ci');
  });
});

describe('every synthesized object validates against the Kubernetes OpenAPI schema', () => {
  const everyFeature: ArgoApiClientProps[] = [
    ...PRESET_NAMES.map((preset, i) => ({ name: `p${i}`, namespace: 'argo', preset })),
    ...CAPABILITY_NAMES.map((can, i) => ({
      name: `c${i}`,
      namespace: 'argo',
      namespaces: ['dev'],
      can: [can],
      acknowledge: ['read-secrets' as const],
    })),
    { name: 'b', namespace: 'argo', bindClusterRoles: ['argo-aggregate-to-view'] },
    {
      name: 'r',
      namespace: 'argo',
      rules: [{ apiGroup: '', resources: ['secrets'], verbs: ['get'], resourceNames: ['s3-creds'] }],
      acknowledge: ['read-named-secrets'],
    },
  ];
  const chart = new ArgoApiClients(new App(), 'all', { clients: everyFeature });
  const objects = chart.synthesizeClients().flatMap((c) => c.objects) as Record<string, any>[];

  test('GIVEN every preset, capability and option THEN each object passes kubernetes-models validation', () => {
    expect(objects.length).toBeGreaterThan(100);
    for (const o of objects) {
      const Model = MODELS[o.kind];
      expect(Model).toBeDefined();
      expect(() => new Model(o).validate()).not.toThrow();
    }
  });

  test('fails validation on a broken object (the check is not vacuous)', () => {
    const role = structuredClone(objects.find((o) => o.kind === 'Role')!);
    delete role.rules[0].verbs;
    expect(() => new Role(role).validate()).toThrow('must have required property');
  });

  test('GIVEN the chart THEN Testing.synth (what users snapshot) sees the same objects', () => {
    const app = Testing.app();
    const c = new Chart(app, 'c');
    new ArgoApiClient(c, 'ci', { name: 'ci', namespace: 'argo', can: ['list-workflows'] });
    expect(Testing.synth(c).map((o) => o.kind)).toEqual(['ServiceAccount', 'Role', 'RoleBinding', 'Secret']);
  });
});

describe('in a plain cdk8s app', () => {
  test('GIVEN a Chart created with a namespace THEN the ClusterRole and ClusterRoleBinding carry none (cluster-scoped), the rest keep the client’s', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'team' });
    new ArgoApiClient(chart, 'ci', { name: 'ci', namespace: 'argo', can: ['read-cluster-templates'] });
    const objects = Testing.synth(chart);
    const namespaces = Object.fromEntries(objects.map((o) => [o.kind, o.metadata.namespace]));
    expect(namespaces).toEqual({
      ServiceAccount: 'argo',
      ClusterRole: undefined,
      ClusterRoleBinding: undefined,
      Secret: 'argo',
    });
  });

  test('GIVEN a lint warning THEN App.synth prints it on stderr once (cdk8s has no warnings channel), and reportWarnings: false keeps it quiet', () => {
    const lines: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => {
      lines.push(a.join(' '));
    });
    try {
      const app = Testing.app();
      const chart = new Chart(app, 'c');
      new ArgoApiClient(chart, 'ci', { name: 'ci', namespace: 'argo', can: ['create-workflow'] });
      new ArgoApiClient(chart, 'quiet', {
        name: 'quiet',
        namespace: 'argo',
        can: ['create-workflow'],
        reportWarnings: false,
      });
      app.synth();
      app.synthYaml();
    } finally {
      spy.mockRestore();
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^warning: ArgoApiClient "ci": 'can\[0\]' \[creates-pods\] create on workflows/);
  });
});
