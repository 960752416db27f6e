// Your own rules for your clients file, checked by `npm run check`: the view of each client a policy
// file gets (what it may call in Argo, what RBAC it holds), and how violations are reported.

import { parseAllDocuments } from 'yaml';
import { existsAt, OPERATIONS, operation } from '../src/argo/catalogue';
import { resolveResource } from '../src/argo/resources';
import type { KubeObject, RbacEvaluator } from '../src/rbac/evaluator';
import { loadManifestObjects, type ManifestClient } from '../src/rbac/manifests';
import { operationAccess } from '../src/rbac/operations';

/** One client as a policy sees it. */
export interface PolicyClient {
  readonly name: string;
  readonly namespace: string;
  /** `namespace/name`, for messages. */
  readonly id: string;
  /** The exact Argo release its rules were computed for. */
  readonly argoRelease: string;
  /** Whether it may call an Argo operation (catalogue id, `argo-token matrix` lists them) in a namespace. */
  allows(operationId: string, namespace?: string): boolean;
  /** Whether Kubernetes lets it make a request (like `kubectl auth can-i`), e.g. `can('get', 'secrets')`. */
  can(verb: string, resource: string, namespace?: string, name?: string): boolean;
  /** Every Argo operation it may call in its own namespace. */
  readonly operations: readonly string[];
}

/** A policy: every violation it finds, one line each (an empty list passes). */
export type Policy = (clients: readonly PolicyClient[]) => readonly string[];

/** Typed helper for a policy file's default export. */
export const policy = (check: Policy): Policy => check;

/** The clients of a synth's files (or of dist/'s files), as policies see them. */
export function policyClientsOf(files: readonly { name: string; content: string }[]): PolicyClient[] {
  const objects = files
    .filter((f) => f.name.endsWith('.yaml'))
    .flatMap((f) => parseAllDocuments(f.content).map((d) => d.toJS() as KubeObject | null))
    .filter((o): o is KubeObject => o !== null);
  return policyClients(objects);
}

/** The clients of a set of manifests, as policies see them. */
export function policyClients(objects: readonly KubeObject[]): PolicyClient[] {
  const { evaluator, clients } = loadManifestObjects(objects);
  return clients.map((c) => view(evaluator, c));
}

function view(evaluator: RbacEvaluator, c: ManifestClient): PolicyClient {
  const allows = (id: string, namespace = c.namespace) => {
    const op = operation(id);
    if (!existsAt(op, c.argoVersion)) return false;
    const { verdict } = operationAccess(evaluator, c, op, namespace, c.argoVersion);
    return verdict === 'allowed' || verdict === 'unchecked';
  };
  return {
    name: c.name,
    namespace: c.namespace,
    id: `${c.namespace}/${c.name}`,
    argoRelease: c.argoVersion,
    allows,
    can: (verb, resource, namespace = c.namespace, name) => {
      const ref = resolveResource(resource);
      if (!ref)
        throw new Error(
          `policy: unknown resource "${resource}" (write it as kubectl does: secrets, pods/log, deployments.apps)`,
        );
      return evaluator.can(c, { verb, ...ref, namespace, ...(name ? { name } : {}) });
    },
    operations: OPERATIONS.filter((op) => existsAt(op, c.argoVersion) && allows(op.id)).map((op) => op.id),
  };
}
