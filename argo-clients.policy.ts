// Your own rules for argo-clients.yaml: `npm run check` (and CI) fails when one is broken. This file is
// yours: edit the examples, add your own. Each client offers allows(operation) (the operations of
// `argo-token matrix`) and can(verb, resource) (like `kubectl auth can-i`).

import { policy } from './app/policy';

/** Clients allowed to delete workflows: everyone else is refused. */
const MAY_DELETE_WORKFLOWS: string[] = [];

export default policy((clients) => [
  // No client reads every Secret of a namespace (name the ones it needs instead).
  ...clients
    .filter((c) => c.can('get', 'secrets') || c.can('list', 'secrets'))
    .map((c) => `${c.id} can read every Secret`),
  // Deleting workflows is for the clients listed above.
  ...clients
    .filter((c) => c.allows('delete-workflow') && !MAY_DELETE_WORKFLOWS.includes(c.id))
    .map((c) => `${c.id} can delete workflows, but is not in MAY_DELETE_WORKFLOWS`),
  // Nobody is given the Kubernetes API beyond Argo's needs: no pod exec, no token minting.
  ...clients.filter((c) => c.can('create', 'pods/exec')).map((c) => `${c.id} can exec into pods`),
  ...clients.filter((c) => c.can('create', 'serviceaccounts/token')).map((c) => `${c.id} can mint tokens`),
]);
