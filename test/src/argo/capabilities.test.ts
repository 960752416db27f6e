// The capability table, per version: each capability's rules let the client call every operation it is
// for (with its options' conditions too), and nothing can be taken away from them without breaking one
// (no over-grant) — at every release where a fact changes and at the newest patch of each line.

import { App } from 'cdk8s';
import { ArgoApiClients } from '../../../constructs';
import {
  CAPABILITIES,
  type Capability,
  type CapabilityOptions,
  capabilityOperations,
  capabilitySince,
  conditionOf,
  PRESETS,
  relevantOptions,
} from '../../../src/argo/capabilities';
import { OPERATIONS, operation } from '../../../src/argo/catalogue';
import { boundaryVersions, compareVersions, latestPatch, RELEASE_LINES } from '../../../src/argo/versions';
import { RbacEvaluator, type Rule } from '../../../src/rbac/evaluator';
import { accessUnderRules, operationAccess } from '../../../src/rbac/operations';
import { resolveRules } from '../../../src/rbac/rules';

const VERSIONS = boundaryVersions(OPERATIONS.flatMap((op) => [op.argo, ...op.checks.map((c) => c.argo)]));

/** Options that exercise every condition a capability can be given, with names where they take names. */
function fullOptions(cap: Capability, version: string): CapabilityOptions {
  const options: Record<string, unknown> = {};
  for (const o of relevantOptions(cap, version)) {
    options[o] = o === 'force' || o === 'nodeFieldSelector' ? true : [`${o.toLowerCase()}-a`];
  }
  return options as CapabilityOptions;
}

/** The verdict of each of the capability's operations under rules, for the typical request and each option's condition. */
function verdicts(
  cap: Capability,
  version: string,
  options: CapabilityOptions,
  rules: ReturnType<typeof resolveRules>,
) {
  const ops = capabilityOperations(cap, version).map(operation);
  const sa = { namespace: 'ns', name: 'client' };
  const evaluator = evaluatorFor(rules);
  const scenarios = [
    {},
    ...relevantOptions(cap, version)
      .filter((o) => options[o] !== undefined)
      .map((o) => ({ [conditionOf(o)]: true })),
  ];
  return ops.flatMap((op) =>
    scenarios.map((scenario) => ({
      id: `${op.id}${Object.keys(scenario).length ? ` when ${Object.keys(scenario)[0]}` : ''}`,
      verdict: operationAccess(evaluator, sa, op, 'ns', version, scenario).verdict,
    })),
  );
}

function evaluatorFor(rules: { namespaced: readonly Rule[]; cluster: readonly Rule[] }) {
  const subject = [{ kind: 'ServiceAccount', name: 'client', namespace: 'ns' }];
  const ref = (kind: string, name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind, name });
  return new RbacEvaluator([
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'r', namespace: 'ns' },
      rules: rules.namespaced,
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'r', namespace: 'ns' },
      roleRef: ref('Role', 'r'),
      subjects: subject,
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'c' },
      rules: rules.cluster,
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'c' },
      roleRef: ref('ClusterRole', 'c'),
      subjects: subject,
    },
  ]);
}

const ok = (v: string) => v === 'allowed' || v === 'unchecked' || v === 'named';

const TABLE = VERSIONS.flatMap((version) =>
  CAPABILITIES.filter((cap) => compareVersions(version, capabilitySince(cap)!) >= 0).map((cap) => ({
    version,
    name: cap.name,
    cap,
  })),
);

test('the table covers every capability at every release where a fact changes', () => {
  expect(VERSIONS.length).toBeGreaterThanOrEqual(RELEASE_LINES.length);
  expect(VERSIONS).toEqual(expect.arrayContaining(['3.5.7', '3.7.0', '3.7.11', '4.0.2', '4.1.0']));
  expect(TABLE.length).toBeGreaterThan(CAPABILITIES.length * RELEASE_LINES.length);
});

describe.each(TABLE)('Argo $version: $name', ({ version, cap }) => {
  const options = fullOptions(cap, version);
  const rules = resolveRules({ can: [{ [cap.name]: options }], argoVersion: version });

  test('GIVEN its rules (and its options) THEN every operation it is for is allowed, under each option’s condition too', () => {
    for (const v of verdicts(cap, version, options, rules))
      expect(`${v.id}: ${v.verdict}`).toMatch(/: (allowed|unchecked|named)$/);
  });

  test('GIVEN one verb fewer THEN some operation it is for is denied (it grants nothing its operations do not need)', () => {
    for (const scope of ['namespaced', 'cluster'] as const) {
      rules[scope].forEach((rule, r) => {
        rule.verbs.forEach((verb) => {
          const fewer = rules[scope]
            .map((x, i) => (i === r ? { ...x, verbs: x.verbs.filter((v) => v !== verb) } : x))
            .filter((x) => x.verbs.length > 0);
          const broken = verdicts(cap, version, options, { ...rules, [scope]: fewer }).filter(
            (v) => !ok(v.verdict),
          );
          expect({ rule, verb, broken: broken.length > 0 }).toEqual({ rule, verb, broken: true });
        });
      });
    }
  });

  test('GIVEN name options THEN a rule narrowed by resourceNames carries exactly those names', () => {
    const names = new Set(Object.values(options).flatMap((v) => (Array.isArray(v) ? v : [])));
    for (const rule of [...rules.namespaced, ...rules.cluster]) {
      for (const n of rule.resourceNames ?? []) expect(names).toContain(n);
    }
  });
});

describe('capabilities through the construct (the Role in the manifests)', () => {
  test.each(RELEASE_LINES.map((l) => latestPatch(l)!))(
    'Argo %s: every capability’s Role allows its operations',
    (version) => {
      const caps = CAPABILITIES.filter((c) => compareVersions(version, capabilitySince(c)!) >= 0);
      const chart = new ArgoApiClients(new App(), 'c', {
        clients: caps.map((c) => ({
          name: c.name,
          namespace: 'argo',
          argoVersion: version,
          can: [c.name],
          acknowledge: ['read-named-secrets'],
        })),
      });
      const evaluator = new RbacEvaluator(chart.synthesizeClients().flatMap((c) => c.objects));
      for (const cap of caps) {
        const sa = { namespace: 'argo', name: cap.name };
        for (const id of capabilityOperations(cap, version)) {
          const { verdict } = operationAccess(evaluator, sa, operation(id), 'argo', version);
          expect(`${cap.name} → ${id}: ${verdict}`).toMatch(/: (allowed|unchecked)$/);
        }
      }
    },
  );
});

describe('presets', () => {
  test('every preset names known capabilities and synthesizes', () => {
    for (const p of PRESETS) {
      for (const c of p.can ?? []) expect(CAPABILITIES.map((x) => x.name)).toContain(c);
      const chart = new ArgoApiClients(new App(), 'c', {
        clients: [{ name: 'x', namespace: 'argo', preset: p.name }],
      });
      expect(chart.synthesizeClients()[0].objects.length).toBeGreaterThanOrEqual(4);
    }
  });

  test("GIVEN the webhook preset THEN it is Argo's quick-start submit-workflow-template role (ReceiveEvent: list bindings, get the template, create the workflow)", () => {
    const chart = new ArgoApiClients(new App(), 'c', {
      clients: [{ name: 'x', namespace: 'argo', preset: 'webhook' }],
    });
    expect(chart.clients[0].rules).toEqual([
      { apiGroups: ['argoproj.io'], resources: ['workfloweventbindings'], verbs: ['list'] },
      { apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['create'] },
      { apiGroups: ['argoproj.io'], resources: ['workflowtemplates'], verbs: ['get'] },
    ]);
  });

  test('GIVEN the viewer preset at 4.1 THEN it can read but allows no write operation', () => {
    const access = accessUnderRules(resolveRules({ preset: 'viewer' }), '4.1.2', OPERATIONS);
    const allowed = access.filter((a) => a.verdict === 'allowed').map((a) => a.operation);
    expect(allowed.length).toBeGreaterThan(10);
    expect(allowed.filter((op) => op.method !== 'GET').map((op) => op.id)).toEqual([]);
  });
});
