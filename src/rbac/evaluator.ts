// An offline Kubernetes RBAC authorizer over manifests: answers "can this ServiceAccount do this?"
// with the API server's semantics (rbac/v1 rules, bindings, subjects), without a cluster.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ManifestError } from './manifest-error';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

export interface KubeObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  readonly [field: string]: unknown;
}

export interface Rule {
  readonly apiGroups?: string[];
  readonly resources?: string[];
  readonly verbs: string[];
  readonly resourceNames?: string[];
  readonly nonResourceURLs?: string[];
}

interface Subject {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly apiGroup?: string;
}

interface Binding {
  readonly kind: 'RoleBinding' | 'ClusterRoleBinding';
  readonly name: string;
  readonly namespace?: string;
  readonly roleRef: { readonly kind: string; readonly name: string; readonly apiGroup?: string };
  readonly subjects: readonly Subject[];
}

interface LabelSelector {
  readonly matchLabels?: Record<string, string>;
  readonly matchExpressions?: readonly { key: string; operator: string; values?: string[] }[];
}

/** A request as the API server's authorizer sees it (a SubjectAccessReview's resourceAttributes). */
export interface ResourceAttributes {
  readonly verb: string;
  /** "" for the core group. */
  readonly apiGroup: string;
  /** Plural resource, with `/subresource` where there is one: `pods/log`. */
  readonly resource: string;
  /** "" (or absent) for a cluster-scoped request. */
  readonly namespace?: string;
  /** Absent for list, watch, create and collection requests (and in Argo Server's access reviews). */
  readonly name?: string;
}

export interface ServiceAccountRef {
  readonly namespace: string;
  readonly name: string;
}

/** Where a decision came from, for `can-i` explanations. */
export interface Decision {
  readonly allowed: boolean;
  /** `RoleBinding argo/jenkins → Role jenkins`, when allowed. */
  readonly reason?: string;
}

/** Does one rule allow the request? Kubernetes' RuleAllows (pkg/apis/rbac/v1/evaluation_helpers.go). */
export function ruleAllows(rule: Rule, req: ResourceAttributes): boolean {
  if (rule.nonResourceURLs && !rule.resources) return false;
  const has = (list: readonly string[] | undefined, value: string) =>
    (list ?? []).includes('*') || (list ?? []).includes(value);
  if (!has(rule.verbs, req.verb)) return false;
  if (!has(rule.apiGroups, req.apiGroup)) return false;
  if (!resourceMatches(rule.resources ?? [], req.resource)) return false;
  const names = rule.resourceNames ?? [];
  if (names.length === 0) return true;
  return req.name !== undefined && req.name !== '' && names.includes(req.name);
}

function resourceMatches(resources: readonly string[], combined: string): boolean {
  const slash = combined.indexOf('/');
  const subresource = slash >= 0 ? combined.slice(slash + 1) : '';
  return resources.some(
    (r) => r === '*' || r === combined || (subresource !== '' && r === `*/${subresource}`),
  );
}

function selects(selector: LabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const present = Object.hasOwn(labels, e.key);
    const inValues = present && (e.values ?? []).includes(labels[e.key]);
    const ok =
      e.operator === 'In'
        ? inValues
        : e.operator === 'NotIn'
          ? !inValues
          : e.operator === 'Exists'
            ? present
            : e.operator === 'DoesNotExist'
              ? !present
              : false;
    if (!ok) return false;
  }
  return true;
}

/** Reads every Kubernetes object of the *.yaml, *.yml and *.json files of a folder (not its Kustomization). */
export function readManifests(dir: string): KubeObject[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new ManifestError(
      `manifests folder "${dir}" does not exist (run \`npm run synth\` first, or pass --manifests)`,
    );
  }
  const objects: KubeObject[] = [];
  for (const entry of fs.readdirSync(dir).sort()) {
    if (!/\.(ya?ml|json)$/.test(entry) || /^kustomization\.ya?ml$/.test(entry)) continue;
    const file = path.join(dir, entry);
    if (!fs.statSync(file).isFile()) continue;
    for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      if ('errors' in doc && doc.errors.length > 0) {
        throw new ManifestError(`${file}: ${doc.errors[0].message}`);
      }
      const value = doc.toJS() as unknown;
      const items = isList(value) ? value.items : [value];
      for (const item of items) if (item && typeof item === 'object') objects.push(item as KubeObject);
    }
  }
  return objects;
}

function isList(value: unknown): value is { items: unknown[] } {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as KubeObject).kind === 'List' &&
    Array.isArray((value as { items?: unknown }).items)
  );
}

export { ManifestError } from './manifest-error';

export class RbacEvaluator {
  public static fromDirectory(dir: string): RbacEvaluator {
    return new RbacEvaluator(readManifests(dir));
  }

  private readonly roles = new Map<string, Rule[]>();
  private readonly clusterRoles = new Map<
    string,
    { rules: Rule[]; labels: Record<string, string>; aggregation?: LabelSelector[] }
  >();
  private readonly bindings: Binding[] = [];
  /** ServiceAccounts declared in the manifests, in file order. */
  public readonly serviceAccounts: ServiceAccountRef[] = [];
  /** The objects read, for callers that need more than RBAC (the Argo version annotation, say). */
  public readonly objects: readonly KubeObject[];

  public constructor(objects: readonly KubeObject[]) {
    this.objects = objects;
    for (const o of objects) {
      const group = (o.apiVersion ?? '').split('/')[0];
      const name = o.metadata?.name ?? '';
      const namespace = o.metadata?.namespace ?? '';
      if (o.apiVersion === 'v1' && o.kind === 'ServiceAccount') {
        this.serviceAccounts.push({ namespace, name });
      }
      if (group !== RBAC_GROUP) continue;
      const rules = ((o as { rules?: Rule[] }).rules ?? []) as Rule[];
      switch (o.kind) {
        case 'Role':
          this.roles.set(`${namespace}/${name}`, rules);
          break;
        case 'ClusterRole': {
          const aggregation = (o as { aggregationRule?: { clusterRoleSelectors?: LabelSelector[] } })
            .aggregationRule?.clusterRoleSelectors;
          this.clusterRoles.set(name, {
            rules,
            labels: o.metadata?.labels ?? {},
            ...(aggregation ? { aggregation } : {}),
          });
          break;
        }
        case 'RoleBinding':
        case 'ClusterRoleBinding':
          this.bindings.push({
            kind: o.kind,
            name,
            ...(o.kind === 'RoleBinding' ? { namespace } : {}),
            roleRef: (o as unknown as Binding).roleRef,
            subjects: ((o as { subjects?: Subject[] }).subjects ?? []) as Subject[],
          });
          break;
      }
    }
  }

  /** Whether the ServiceAccount may make the request, and which binding allowed it. */
  public decide(sa: ServiceAccountRef, req: ResourceAttributes): Decision {
    const namespace = req.namespace ?? '';
    for (const b of this.bindings) {
      if (b.kind === 'RoleBinding' && b.namespace !== namespace) continue;
      if (!b.subjects.some((s) => appliesTo(s, sa, b.namespace ?? ''))) continue;
      const rules = this.roleRules(b);
      if (rules.some((r) => ruleAllows(r, req))) {
        const where = b.kind === 'RoleBinding' ? `${b.namespace}/${b.name}` : b.name;
        return { allowed: true, reason: `${b.kind} ${where} → ${b.roleRef.kind} ${b.roleRef.name}` };
      }
    }
    return { allowed: false };
  }

  public can(sa: ServiceAccountRef, req: ResourceAttributes): boolean {
    return this.decide(sa, req).allowed;
  }

  /**
   * The object names the ServiceAccount may make a request for when it is allowed only through rules
   * narrowed by resourceNames (empty when it is not allowed for any name; undefined when allowed for all).
   */
  public namesAllowed(sa: ServiceAccountRef, req: ResourceAttributes): string[] | undefined {
    if (this.can(sa, { ...req, name: undefined })) return undefined;
    const names = new Set<string>();
    const namespace = req.namespace ?? '';
    for (const b of this.bindings) {
      if (b.kind === 'RoleBinding' && b.namespace !== namespace) continue;
      if (!b.subjects.some((s) => appliesTo(s, sa, b.namespace ?? ''))) continue;
      for (const rule of this.roleRules(b)) {
        for (const name of rule.resourceNames ?? []) {
          if (ruleAllows(rule, { ...req, name })) names.add(name);
        }
      }
    }
    return [...names].sort();
  }

  /**
   * The rules that apply to the ServiceAccount in a namespace: those of RoleBindings there and of
   * every ClusterRoleBinding, as a SelfSubjectRulesReview in that namespace lists them.
   */
  public rulesFor(sa: ServiceAccountRef, namespace: string): Rule[] {
    const rules: Rule[] = [];
    for (const b of this.bindings) {
      if (b.kind === 'RoleBinding' && b.namespace !== namespace) continue;
      if (!b.subjects.some((s) => appliesTo(s, sa, b.namespace ?? ''))) continue;
      rules.push(...this.roleRules(b));
    }
    return rules;
  }

  /** The namespaces in which a RoleBinding grants the ServiceAccount something, sorted. */
  public boundNamespaces(sa: ServiceAccountRef): string[] {
    const namespaces = new Set<string>();
    for (const b of this.bindings) {
      if (b.kind !== 'RoleBinding' || !b.namespace) continue;
      if (b.subjects.some((s) => appliesTo(s, sa, b.namespace ?? ''))) namespaces.add(b.namespace);
    }
    return [...namespaces].sort();
  }

  /** Role names a binding references that are not in the manifests (their grants cannot be counted). */
  public unresolvedRoleRefs(sa: ServiceAccountRef): string[] {
    const missing: string[] = [];
    for (const b of this.bindings) {
      if (!b.subjects.some((s) => appliesTo(s, sa, b.namespace ?? ''))) continue;
      const known =
        b.roleRef.kind === 'Role'
          ? this.roles.has(`${b.namespace}/${b.roleRef.name}`)
          : this.clusterRoles.has(b.roleRef.name);
      if (!known) missing.push(`${b.roleRef.kind} ${b.roleRef.name}`);
    }
    return [...new Set(missing)];
  }

  private roleRules(b: Binding): Rule[] {
    if (b.roleRef.apiGroup !== undefined && b.roleRef.apiGroup !== RBAC_GROUP) return [];
    if (b.roleRef.kind === 'Role') {
      // A ClusterRoleBinding cannot reference a Role.
      return b.kind === 'RoleBinding' ? (this.roles.get(`${b.namespace}/${b.roleRef.name}`) ?? []) : [];
    }
    if (b.roleRef.kind !== 'ClusterRole') return [];
    return this.clusterRoleRules(b.roleRef.name);
  }

  private clusterRoleRules(name: string): Rule[] {
    const role = this.clusterRoles.get(name);
    if (!role) return [];
    if (!role.aggregation) return role.rules;
    // The aggregation controller replaces an aggregated ClusterRole's rules with those it selects.
    const selectors = role.aggregation;
    return [...this.clusterRoles.entries()]
      .filter(([other, r]) => other !== name && selectors.some((s) => selects(s, r.labels)))
      .flatMap(([, r]) => r.rules);
  }
}

/** Does a binding subject name this ServiceAccount? Kubernetes' appliesToUser, for a SA's user info. */
function appliesTo(subject: Subject, sa: ServiceAccountRef, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'ServiceAccount': {
      const ns = subject.namespace && subject.namespace !== '' ? subject.namespace : bindingNamespace;
      return subject.name === sa.name && ns === sa.namespace;
    }
    case 'User':
      return subject.name === `system:serviceaccount:${sa.namespace}:${sa.name}`;
    case 'Group':
      return (
        subject.name === 'system:serviceaccounts' ||
        subject.name === `system:serviceaccounts:${sa.namespace}` ||
        subject.name === 'system:authenticated'
      );
    default:
      return false;
  }
}
