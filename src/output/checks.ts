// Checks of the whole output that no single client can make: every object is unique across all
// clients (kustomize and the API server refuse duplicates), and every generated name and label value
// fits Kubernetes' limits.

import { shown } from '../clients/messages';

/** Object names: a DNS-1123 subdomain is at most 253 characters (what the API server, kustomize and etcd tooling assume). */
export const MAX_NAME = 253;
/** Label values: at most 63 characters. */
export const MAX_LABEL_VALUE = 63;

export interface LabelledObjects {
  /** How messages name the client: `clients[2] "ci" (namespace argo)`. */
  readonly label: string;
  readonly objects: readonly Record<string, unknown>[];
}

interface Meta {
  name?: unknown;
  namespace?: unknown;
  labels?: Record<string, unknown>;
}

/**
 * The checks, fed one client at a time (synth renders in batches and keeps no client's objects once
 * they are checked and rendered): what it remembers of each object is its key and its owner's label.
 */
export class OutputChecks {
  /** One line per problem so far, in client order. */
  public readonly errors: string[] = [];
  private readonly owners = new Map<string, string>();

  public add(client: LabelledObjects): void {
    const { errors, owners } = this;
    for (const object of client.objects) {
      const meta = (object.metadata ?? {}) as Meta;
      const kind = String(object.kind);
      const name = String(meta.name);
      const where = typeof meta.namespace === 'string' ? ` in namespace ${shown(meta.namespace)}` : '';
      const what = `${kind} ${shown(name)}${where}`;
      const key = `${String(object.apiVersion)}/${kind}\u0000${String(meta.namespace ?? '')}\u0000${name}`;
      const first = owners.get(key);
      if (first === undefined) owners.set(key, client.label);
      else if (first !== client.label) {
        errors.push(
          `${first} and ${client.label} both generate ${what}; rename one of them (or its bindClusterRoles)`,
        );
      }
      if (name.length > MAX_NAME) {
        errors.push(
          `${client.label}: the name of ${kind} ${shown(name)}${name.length > 80 ? '' : ` (${name.length} characters)`} is longer than the ${MAX_NAME} characters Kubernetes allows: shorten the client's name, namespace or ClusterRole name`,
        );
      }
      for (const [label, value] of Object.entries(meta.labels ?? {})) {
        if (typeof value === 'string' && value.length > MAX_LABEL_VALUE) {
          errors.push(
            `${client.label}: the value of label ${label} of ${what} is ${value.length} characters, longer than the ${MAX_LABEL_VALUE} Kubernetes allows`,
          );
        }
      }
    }
  }
}

/** One line per problem; empty when the output is sound. */
export function checkOutput(clients: readonly LabelledObjects[]): string[] {
  const checks = new OutputChecks();
  for (const client of clients) checks.add(client);
  return checks.errors;
}
