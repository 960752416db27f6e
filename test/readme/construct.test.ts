// README example (copied into README.md by npm run docs; test/docs.test.ts keeps the two identical).
import { Testing } from 'cdk8s';
import { ArgoApiClient } from '../../constructs';

test('a CI client as a plain cdk8s construct', () => {
  const chart = Testing.chart();
  const ci = new ArgoApiClient(chart, 'ci', {
    name: 'ci',
    namespace: 'argo',
    preset: 'ci-submitter',
    acknowledge: ['creates-pods'],
  });
  const objects = Testing.synth(chart);
  expect(objects.map((o) => o.kind)).toEqual(['ServiceAccount', 'Role', 'RoleBinding', 'Secret']);
  expect(ci.secretName).toBe('ci.service-account-token');
  expect(ci.rules).toContainEqual({
    apiGroups: ['argoproj.io'],
    resources: ['workflows'],
    verbs: ['get', 'watch', 'create'],
  });
});
