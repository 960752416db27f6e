import { type KubeObject, RbacEvaluator, ruleAllows } from '../../../src/rbac/evaluator';
import { seedDist } from '../../support/project';

const SA = { namespace: 'argo', name: 'ci' };
const RBAC = 'rbac.authorization.k8s.io/v1';
const role = (namespace: string, name: string, rules: object[]): KubeObject => ({
  apiVersion: RBAC,
  kind: 'Role',
  metadata: { namespace, name },
  rules,
});
const clusterRole = (name: string, rules: object[], extra: object = {}): KubeObject => ({
  apiVersion: RBAC,
  kind: 'ClusterRole',
  metadata: { name },
  rules,
  ...extra,
});
const saSubject = (namespace?: string, name = 'ci') => ({
  kind: 'ServiceAccount',
  name,
  ...(namespace ? { namespace } : {}),
});
const roleBinding = (
  namespace: string,
  roleRef: { kind: string; name: string },
  subjects: object[],
): KubeObject => ({
  apiVersion: RBAC,
  kind: 'RoleBinding',
  metadata: { namespace, name: `rb-${roleRef.name}` },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef },
  subjects,
});

describe('ruleAllows', () => {
  const podsGet = { apiGroups: [''], resources: ['pods'], verbs: ['get'] };
  test('GIVEN a rule on pods THEN it does not allow pods/log, and a rule on pods/log does not allow pods', () => {
    expect(ruleAllows(podsGet, { verb: 'get', apiGroup: '', resource: 'pods' })).toBe(true);
    expect(ruleAllows(podsGet, { verb: 'get', apiGroup: '', resource: 'pods/log' })).toBe(false);
    const logs = { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] };
    expect(ruleAllows(logs, { verb: 'get', apiGroup: '', resource: 'pods' })).toBe(false);
    expect(ruleAllows(logs, { verb: 'get', apiGroup: '', resource: 'pods/log' })).toBe(true);
  });

  test("GIVEN */log THEN any resource's log subresource matches, the resource itself does not", () => {
    const rule = { apiGroups: [''], resources: ['*/log'], verbs: ['get'] };
    expect(ruleAllows(rule, { verb: 'get', apiGroup: '', resource: 'pods/log' })).toBe(true);
    expect(ruleAllows(rule, { verb: 'get', apiGroup: '', resource: 'pods' })).toBe(false);
  });

  test('GIVEN resourceNames THEN a get of a listed name is allowed, a list (no name) is not', () => {
    const rule = { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'], resourceNames: ['s3'] };
    expect(ruleAllows(rule, { verb: 'get', apiGroup: '', resource: 'secrets', name: 's3' })).toBe(true);
    expect(ruleAllows(rule, { verb: 'get', apiGroup: '', resource: 'secrets', name: 'other' })).toBe(false);
    expect(ruleAllows(rule, { verb: 'list', apiGroup: '', resource: 'secrets' })).toBe(false);
    // a list narrowed by fieldSelector=metadata.name=s3 is authorized with the name
    expect(ruleAllows(rule, { verb: 'list', apiGroup: '', resource: 'secrets', name: 's3' })).toBe(true);
  });

  test('GIVEN * in verbs, groups or resources THEN it matches everything of that field', () => {
    const rule = { apiGroups: ['*'], resources: ['*'], verbs: ['*'] };
    expect(ruleAllows(rule, { verb: 'delete', apiGroup: 'apps', resource: 'deployments/scale' })).toBe(true);
    expect(
      ruleAllows({ ...rule, apiGroups: ['argoproj.io'] }, { verb: 'get', apiGroup: '', resource: 'pods' }),
    ).toBe(false);
  });

  test('GIVEN a rule of another group THEN the same resource name does not match', () => {
    const rule = { apiGroups: ['argoproj.io'], resources: ['events'], verbs: ['watch'] };
    expect(ruleAllows(rule, { verb: 'watch', apiGroup: '', resource: 'events' })).toBe(false);
  });
});

describe('RbacEvaluator', () => {
  const readWorkflows = [{ apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['list'] }];
  const listIn = (e: RbacEvaluator, namespace: string, who = SA) =>
    e.can(who, { verb: 'list', apiGroup: 'argoproj.io', resource: 'workflows', namespace });

  test('GIVEN a ClusterRole bound by a RoleBinding THEN it applies in that namespace only', () => {
    const e = new RbacEvaluator([
      clusterRole('wf-reader', readWorkflows),
      roleBinding('argo', { kind: 'ClusterRole', name: 'wf-reader' }, [saSubject('argo')]),
    ]);
    expect(listIn(e, 'argo')).toBe(true);
    expect(listIn(e, 'dev')).toBe(false);
    expect(e.can(SA, { verb: 'list', apiGroup: 'argoproj.io', resource: 'workflows', namespace: '' })).toBe(
      false,
    );
  });

  test('GIVEN a ClusterRoleBinding THEN it applies in every namespace and at cluster scope', () => {
    const e = new RbacEvaluator([
      clusterRole('wf-reader', readWorkflows),
      {
        apiVersion: RBAC,
        kind: 'ClusterRoleBinding',
        metadata: { name: 'b' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'wf-reader' },
        subjects: [saSubject('argo')],
      },
    ]);
    expect(listIn(e, 'argo')).toBe(true);
    expect(listIn(e, 'dev')).toBe(true);
    expect(e.can(SA, { verb: 'list', apiGroup: 'argoproj.io', resource: 'workflows', namespace: '' })).toBe(
      true,
    );
  });

  test('GIVEN a RoleBinding in another namespace naming the ServiceAccount at home THEN it applies there', () => {
    const e = new RbacEvaluator([
      role('dev', 'r', readWorkflows),
      roleBinding('dev', { kind: 'Role', name: 'r' }, [saSubject('argo')]),
    ]);
    expect(listIn(e, 'dev')).toBe(true);
    expect(listIn(e, 'argo')).toBe(false);
    expect(listIn(e, 'dev', { namespace: 'dev', name: 'ci' })).toBe(false);
  });

  test('GIVEN a ServiceAccount subject without namespace THEN it means the binding namespace', () => {
    const e = new RbacEvaluator([
      role('dev', 'r', readWorkflows),
      roleBinding('dev', { kind: 'Role', name: 'r' }, [saSubject()]),
    ]);
    expect(listIn(e, 'dev', { namespace: 'dev', name: 'ci' })).toBe(true);
    expect(listIn(e, 'dev', SA)).toBe(false);
  });

  test.each([
    ['system:serviceaccounts', true, true],
    ['system:serviceaccounts:argo', true, false],
    ['system:authenticated', true, true],
    ['system:serviceaccounts:dev', false, true],
    ['developers', false, false],
  ])('GIVEN the group subject %s THEN argo/ci is matched: %s, dev/ci: %s', (group, argoCi, devCi) => {
    const e = new RbacEvaluator([
      role('x', 'r', readWorkflows),
      roleBinding('x', { kind: 'Role', name: 'r' }, [
        { kind: 'Group', name: group, apiGroup: 'rbac.authorization.k8s.io' },
      ]),
    ]);
    expect(listIn(e, 'x', SA)).toBe(argoCi);
    expect(listIn(e, 'x', { namespace: 'dev', name: 'ci' })).toBe(devCi);
  });

  test('GIVEN a User subject with the ServiceAccount username THEN it matches', () => {
    const e = new RbacEvaluator([
      role('argo', 'r', readWorkflows),
      roleBinding('argo', { kind: 'Role', name: 'r' }, [
        { kind: 'User', name: 'system:serviceaccount:argo:ci' },
      ]),
    ]);
    expect(listIn(e, 'argo')).toBe(true);
  });

  test('GIVEN a RoleBinding to a Role of another namespace THEN it grants nothing (roleRef is local)', () => {
    const e = new RbacEvaluator([
      role('other', 'r', readWorkflows),
      roleBinding('argo', { kind: 'Role', name: 'r' }, [saSubject('argo')]),
    ]);
    expect(listIn(e, 'argo')).toBe(false);
    expect(e.unresolvedRoleRefs(SA)).toEqual(['Role r']);
  });

  test('GIVEN an aggregated ClusterRole THEN its rules are those of the ClusterRoles it selects', () => {
    const e = new RbacEvaluator([
      clusterRole('view', [], {
        aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'aggregate-to-view': 'true' } }] },
      }),
      {
        ...clusterRole('argo-view', readWorkflows),
        metadata: { name: 'argo-view', labels: { 'aggregate-to-view': 'true' } },
      },
      roleBinding('argo', { kind: 'ClusterRole', name: 'view' }, [saSubject('argo')]),
    ]);
    expect(listIn(e, 'argo')).toBe(true);
  });

  test("GIVEN the repo's dist/ THEN jenkins can list workflows in argo (the seed's 200) and cannot list workflowtemplates (its 403)", () => {
    const e = RbacEvaluator.fromDirectory(seedDist());
    const jenkins = { namespace: 'argo', name: 'jenkins' };
    expect(
      e.can(jenkins, { verb: 'list', apiGroup: 'argoproj.io', resource: 'workflows', namespace: 'argo' }),
    ).toBe(true);
    expect(
      e.can(jenkins, { verb: 'update', apiGroup: 'argoproj.io', resource: 'workflows', namespace: 'argo' }),
    ).toBe(true);
    expect(
      e.can(jenkins, {
        verb: 'list',
        apiGroup: 'argoproj.io',
        resource: 'workflowtemplates',
        namespace: 'argo',
      }),
    ).toBe(false);
    expect(
      e.can(jenkins, { verb: 'list', apiGroup: 'argoproj.io', resource: 'workflows', namespace: 'dev' }),
    ).toBe(false);
    expect(e.serviceAccounts).toEqual([jenkins]);
  });
});
