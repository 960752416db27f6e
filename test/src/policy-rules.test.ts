import { mergeRules } from '../../src/policy-rules';

test('merges rules with the same group and verbs', () => {
  expect(
    mergeRules([
      { apiGroup: 'argoproj.io', resources: ['workflows'], verbs: ['list'] },
      { apiGroup: 'argoproj.io', resources: ['cronworkflows'], verbs: ['list'] },
    ]),
  ).toEqual([{ apiGroups: ['argoproj.io'], resources: ['cronworkflows', 'workflows'], verbs: ['list'] }]);
});
