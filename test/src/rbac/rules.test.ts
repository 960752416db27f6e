import fc from 'fast-check';
import { type ResourceAttributes, ruleAllows } from '../../../src/rbac/evaluator';
import { mergeRules, resolveRules } from '../../../src/rbac/rules';
import type { RuleSpec, Verb } from '../../../src/rbac/verbs';

const GROUPS = ['argoproj.io', '', 'apps'];
const RESOURCES = ['workflows', 'pods', 'pods/log', 'secrets', 'deployments'];
const VERBS: Verb[] = ['get', 'list', 'watch', 'create', 'delete'];
const NAMES = ['a', 'b', 'c'];

const ruleArb: fc.Arbitrary<RuleSpec> = fc.record(
  {
    apiGroup: fc.constantFrom(...GROUPS),
    resources: fc.uniqueArray(fc.constantFrom(...RESOURCES), { minLength: 1 }),
    verbs: fc.uniqueArray(fc.constantFrom(...VERBS), { minLength: 1 }),
    resourceNames: fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 1 }),
  },
  { requiredKeys: ['apiGroup', 'resources', 'verbs'] },
);
const requestArb: fc.Arbitrary<ResourceAttributes> = fc.record(
  {
    verb: fc.constantFrom(...VERBS),
    apiGroup: fc.constantFrom(...GROUPS),
    resource: fc.constantFrom(...RESOURCES),
    name: fc.constantFrom(...NAMES, 'z'),
  },
  { requiredKeys: ['verb', 'apiGroup', 'resource'] },
);
const asPolicy = (r: RuleSpec) => ({
  apiGroups: [r.apiGroup],
  resources: [...r.resources],
  verbs: [...r.verbs],
  ...(r.resourceNames ? { resourceNames: [...r.resourceNames] } : {}),
});
const allows = (
  rules: { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] }[],
  req: ResourceAttributes,
) => rules.some((r) => ruleAllows(r, req));

describe('mergeRules', () => {
  test('GIVEN rules with the same group and verbs THEN they become one rule, resources sorted', () => {
    expect(
      mergeRules([
        { apiGroup: 'argoproj.io', resources: ['workflows'], verbs: ['list'] },
        { apiGroup: 'argoproj.io', resources: ['cronworkflows'], verbs: ['list'] },
      ]),
    ).toEqual([{ apiGroups: ['argoproj.io'], resources: ['cronworkflows', 'workflows'], verbs: ['list'] }]);
  });

  test('GIVEN verbs in any order THEN they come out in the fixed order get, list, watch, create, update, patch, delete', () => {
    expect(
      mergeRules([
        {
          apiGroup: 'argoproj.io',
          resources: ['workflows'],
          verbs: ['delete', 'patch', 'create', 'get', 'update', 'watch', 'list'],
        },
      ]),
    ).toEqual([
      {
        apiGroups: ['argoproj.io'],
        resources: ['workflows'],
        verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
      },
    ]);
  });

  test('GIVEN a grant narrowed by names and the same grant without THEN only the broader one stays', () => {
    expect(
      mergeRules([
        { apiGroup: '', resources: ['secrets'], verbs: ['get'], resourceNames: ['s3'] },
        { apiGroup: '', resources: ['secrets'], verbs: ['get'] },
      ]),
    ).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }]);
  });

  test('GIVEN rules of several groups THEN argoproj.io comes first, then core, then the others', () => {
    const merged = mergeRules([
      { apiGroup: 'apps', resources: ['deployments'], verbs: ['get'] },
      { apiGroup: '', resources: ['pods'], verbs: ['get'] },
      { apiGroup: 'argoproj.io', resources: ['workflows'], verbs: ['get'] },
    ]);
    expect(merged.map((r) => r.apiGroups[0])).toEqual(['argoproj.io', '', 'apps']);
  });

  test('PROPERTY: merging never changes what a set of rules allows', () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb, { maxLength: 8 }),
        fc.array(requestArb, { minLength: 1, maxLength: 20 }),
        (rules, requests) => {
          const merged = mergeRules(rules);
          const original = rules.map(asPolicy);
          for (const req of requests) expect(allows(merged, req)).toBe(allows(original, req));
        },
      ),
      { numRuns: 500 },
    );
  });

  test('PROPERTY: merging is idempotent, order-independent, and never repeats a rule', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 8 }), (rules) => {
        const merged = mergeRules(rules);
        expect(mergeRules(merged)).toEqual(merged);
        expect(mergeRules([...rules].reverse())).toEqual(merged);
        const keys = merged.map((r) => JSON.stringify([r.apiGroups, r.verbs, r.resourceNames ?? []]));
        expect(new Set(keys).size).toBe(keys.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('resolveRules', () => {
  test('GIVEN a cluster-scoped resource THEN it is split from the namespaced rules', () => {
    expect(resolveRules({ can: ['read-templates', 'read-cluster-templates'] })).toEqual({
      namespaced: [{ apiGroups: ['argoproj.io'], resources: ['workflowtemplates'], verbs: ['get', 'list'] }],
      cluster: [
        { apiGroups: ['argoproj.io'], resources: ['clusterworkflowtemplates'], verbs: ['get', 'list'] },
      ],
    });
  });

  test('GIVEN a preset, capabilities and rules THEN all three are merged', () => {
    expect(
      resolveRules({
        preset: 'seed-example',
        can: ['get-workflow'],
        rules: [{ resources: ['workflows'], verbs: ['watch'] }],
      }).namespaced,
    ).toEqual([
      { apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['get', 'list', 'watch', 'update'] },
    ]);
  });
});
