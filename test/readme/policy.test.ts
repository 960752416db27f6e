// README example (copied into README.md by npm run docs; test/docs.test.ts keeps the two identical).
import { policy, policyClientsOf } from '../../app/policy';
import { synthText } from '../../app/synth';

const noDeletes = policy((clients) =>
  clients.filter((c) => c.allows('delete-workflow')).map((c) => `${c.id} can delete workflows`),
);

test('a policy sees what each client can do in Argo', () => {
  const { files } = synthText('clients:\n  - {name: janitor, namespace: argo, can: [delete-workflow]}\n');
  expect(noDeletes(policyClientsOf(files))).toEqual(['argo/janitor can delete workflows']);
  expect(policyClientsOf(files)[0].can('get', 'secrets')).toBe(false);
});
