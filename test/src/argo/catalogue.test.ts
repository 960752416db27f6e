import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { ArgoApiClients } from '../../../constructs';
import {
  ARGO_RESOURCES,
  ARGO_VERSIONS,
  type ArgoVersion,
  CAPABILITIES,
  capabilityOperations,
  OPERATIONS,
  operation,
  PRESETS,
} from '../../../src/argo/catalogue';
import { RbacEvaluator } from '../../../src/rbac/evaluator';
import { operationAllowed } from '../../../src/rbac/operations';
import { ROOT } from '../../support/project';

/** Synthesizes one client per capability and answers, per operation, what its manifests allow. */
function allowedOperations(can: string[], version: ArgoVersion, acknowledge = true) {
  const chart = new ArgoApiClients(new App(), 'c', {
    clients: [
      {
        name: 'client',
        namespace: 'argo',
        argoVersion: version,
        can,
        ...(acknowledge ? { acknowledge: ['read-secrets'] } : {}),
      },
    ],
  });
  const objects = chart.synthesizeClients().flatMap((c) => c.objects);
  const evaluator = new RbacEvaluator(objects);
  const client = { namespace: 'argo', name: 'client', argoVersion: version };
  return OPERATIONS.filter((op) => operationAllowed(evaluator, client, op, 'argo'))
    .map((op) => op.id)
    .sort();
}

describe.each(ARGO_VERSIONS)('Argo %s', (version) => {
  test.each(CAPABILITIES.map((c) => c.name))(
    'GIVEN can: [%s] THEN the synthesized Role allows exactly the operations the capability promises',
    (name) => {
      const cap = CAPABILITIES.find((c) => c.name === name)!;
      expect(allowedOperations([name], version)).toEqual(capabilityOperations(cap, version).sort());
    },
  );
});

describe('the catalogue', () => {
  test('every promised operation exists in the operation table', () => {
    for (const cap of CAPABILITIES)
      for (const p of cap.operations) expect(() => operation(p.id)).not.toThrow();
  });

  test('every operation is promised by some capability (nothing in the table is unreachable)', () => {
    const promised = new Set(CAPABILITIES.flatMap((c) => c.operations.map((p) => p.id)));
    expect(OPERATIONS.map((o) => o.id).filter((id) => !promised.has(id))).toEqual([]);
  });

  test('operation ids are unique, and every verifiable operation is a GET', () => {
    expect(new Set(OPERATIONS.map((o) => o.id)).size).toBe(OPERATIONS.length);
    for (const op of OPERATIONS.filter((o) => o.verifiable)) expect(op.method).toBe('GET');
  });

  test('submitting from a template needs get on workflowtemplates up to Argo 3.6 and not from 3.7', () => {
    const submit = CAPABILITIES.find((c) => c.name === 'submit-from-template')!;
    expect(allowedOperations(['submit-from-template'], '3.6')).toContain('get-workflow-template');
    expect(allowedOperations(['submit-from-template'], '3.7')).not.toContain('get-workflow-template');
    expect(
      submit.rules.some((r) => r.resources.includes('workflowtemplates') && r.argo?.until === '3.6'),
    ).toBe(true);
  });

  test('every preset names known capabilities and synthesizes', () => {
    for (const p of PRESETS) {
      for (const c of p.can ?? []) expect(CAPABILITIES.map((x) => x.name)).toContain(c);
      const chart = new ArgoApiClients(new App(), 'c', {
        clients: [{ name: 'x', namespace: 'argo', preset: p.name }],
      });
      expect(chart.synthesizeClients()[0].objects.length).toBeGreaterThanOrEqual(4);
    }
  });

  test("GIVEN the webhook preset THEN it is Argo's quick-start submit-workflow-template role", () => {
    const chart = new ArgoApiClients(new App(), 'c', {
      clients: [{ name: 'x', namespace: 'argo', preset: 'webhook' }],
    });
    expect(chart.clients[0].rules).toEqual([
      { apiGroups: ['argoproj.io'], resources: ['workfloweventbindings'], verbs: ['list'] },
      { apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['create'] },
      { apiGroups: ['argoproj.io'], resources: ['workflowtemplates'], verbs: ['get'] },
    ]);
  });

  test('the Argo resources match the CRDs in crds/ (names, kinds and scope)', () => {
    const crds = parseAllDocuments(fs.readFileSync(path.join(ROOT, 'crds', 'argoproj.io.yaml'), 'utf8')).map(
      (d) => d.toJS(),
    );
    expect(crds.map((c) => [c.spec.names.plural, c.spec.names.kind, c.spec.scope]).sort()).toEqual(
      ARGO_RESOURCES.map((r) => [r.resource, r.kind, r.scope]).sort(),
    );
  });
});
