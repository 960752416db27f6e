// The security lint run at every synth: refuses grants that defeat least privilege and warns on
// grants that are legitimate but dangerous (Kubernetes RBAC good practice, CIS 5.1.x).

import { RESOURCE_VERBS } from './verbs';

/** Acknowledgements a client can give in the clients file, by the security-lint rule they answer. */
export const ACKNOWLEDGEMENTS = [
  'read-secrets',
  'read-named-secrets',
  'write-secrets',
  'write-serviceaccounts',
  'system-namespace',
  'creates-pods',
  'deletecollection',
  'pod-exec',
] as const;
export type Acknowledgement = (typeof ACKNOWLEDGEMENTS)[number];

import type { PolicyRule } from './rules';

export type LintRuleId =
  | 'wildcard'
  | 'all-verbs'
  | 'escalation-verb'
  | 'token-request'
  | 'nodes-proxy'
  | 'admin-binding'
  | 'read-secrets'
  | 'read-named-secrets'
  | 'list-secrets'
  | 'write-secrets'
  | 'write-serviceaccounts'
  | 'write-rbac'
  | 'system-namespace'
  | 'creates-pods'
  | 'deletecollection'
  | 'pod-exec';

export interface LintRule {
  readonly id: LintRuleId;
  readonly severity: 'error' | 'warning';
  /** The acknowledgement that lets a client keep the grant (and silences the warning). */
  readonly acknowledgement?: Acknowledgement;
  /** Why, for the README and for every message. */
  readonly reason: string;
}

export const LINT_RULES: readonly LintRule[] = [
  {
    id: 'wildcard',
    severity: 'error',
    reason: '`*` grants everything that exists now and everything added later',
  },
  { id: 'all-verbs', severity: 'error', reason: 'listing every verb is `*` spelt out' },
  {
    id: 'escalation-verb',
    severity: 'error',
    reason: 'escalate, bind and impersonate let a client give itself or act with more than it was granted',
  },
  {
    id: 'token-request',
    severity: 'error',
    reason: 'create on serviceaccounts/token mints tokens for any ServiceAccount in the namespace',
  },
  {
    id: 'nodes-proxy',
    severity: 'error',
    reason: 'nodes/proxy reaches the kubelet API, bypassing audit and admission',
  },
  {
    id: 'admin-binding',
    severity: 'error',
    reason:
      'cluster-admin, admin and edit (and system:aggregate-to-admin/-edit, which they aggregate) grant far more than any Argo client needs (edit can read Secrets)',
  },
  {
    id: 'write-rbac',
    severity: 'error',
    reason:
      'writing Roles, ClusterRoles or their bindings lets a client grant itself (or anyone) more than it was given',
  },
  {
    id: 'read-secrets',
    severity: 'error',
    acknowledgement: 'read-secrets',
    reason:
      'get on every Secret reads every credential in the namespace, token Secrets included; name the Secrets the client needs (resourceNames, or the secrets option of read-artifacts)',
  },
  {
    id: 'read-named-secrets',
    severity: 'error',
    acknowledgement: 'read-named-secrets',
    reason:
      "get on named Secrets hands their credentials to the client (read-artifacts needs this when the artifact repository uses credential Secrets: Argo reads them with the caller's token)",
  },
  {
    id: 'list-secrets',
    severity: 'error',
    reason:
      'list and watch on Secrets return the data of every Secret in the namespace, token Secrets included; no Argo operation needs them',
  },
  {
    id: 'write-secrets',
    severity: 'error',
    acknowledgement: 'write-secrets',
    reason:
      'creating or changing Secrets plants credentials, and a service-account-token Secret the client creates for another ServiceAccount mints that account’s token',
  },
  {
    id: 'write-serviceaccounts',
    severity: 'error',
    acknowledgement: 'write-serviceaccounts',
    reason:
      'creating or changing ServiceAccounts creates identities, and with them tokens, outside this file',
  },
  {
    id: 'system-namespace',
    severity: 'error',
    acknowledgement: 'system-namespace',
    reason:
      'kube-system holds the control plane’s own ServiceAccounts and credentials: an Argo client has no business there',
  },
  {
    id: 'creates-pods',
    severity: 'warning',
    acknowledgement: 'creates-pods',
    reason:
      "pods run as the workflow's (or the workload's) service account: whoever can create workflows, cron workflows, templates, pods or workload controllers can run code with any service account the namespace has",
  },
  {
    id: 'deletecollection',
    severity: 'warning',
    acknowledgement: 'deletecollection',
    reason: 'deletecollection removes every object of the resource in one call',
  },
  {
    id: 'pod-exec',
    severity: 'warning',
    acknowledgement: 'pod-exec',
    reason: 'pods/exec, attach and portforward open a shell or a tunnel into running workflow pods',
  },
];

const ruleById = new Map(LINT_RULES.map((r) => [r.id, r]));

export interface LintInput {
  /** Every rule the client will hold (namespaced and cluster-scoped), merged or not. */
  readonly rules: readonly PolicyRule[];
  readonly bindClusterRoles?: readonly string[];
  /** Every namespace the client lives or works in. */
  readonly namespaces?: readonly string[];
  readonly acknowledge?: readonly Acknowledgement[];
  /** Turn warnings into errors. */
  readonly strict?: boolean;
}

export interface Finding {
  readonly rule: LintRuleId;
  readonly severity: 'error' | 'warning';
  /** What was granted: `create on workflows (argoproj.io)`. */
  readonly subject: string;
  /** `[rule] subject: reason; how to accept it`. */
  readonly message: string;
}

const ADMIN_ROLES = [
  'cluster-admin',
  'admin',
  'edit',
  'system:aggregate-to-admin',
  'system:aggregate-to-edit',
];
const CREATES_PODS = ['workflows', 'cronworkflows', 'workflowtemplates', 'clusterworkflowtemplates', 'pods'];
/** Workload controllers: creating one runs pods with a ServiceAccount of the creator's choosing. */
const WORKLOADS: Record<string, readonly string[]> = {
  '': ['pods', 'replicationcontrollers'],
  apps: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'],
  batch: ['jobs', 'cronjobs'],
};
const WRITES = ['create', 'update', 'patch', 'delete', 'deletecollection'];
const RBAC_OBJECTS = ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'];
const SYSTEM_NAMESPACES = ['kube-system'];
const POD_TUNNELS = ['pods/exec', 'pods/attach', 'pods/portforward'];

/** Lints the grants of one client; the caller decides how to report (errors stop the synth). */
export function lintClient(input: LintInput): Finding[] {
  const acknowledged = new Set(input.acknowledge ?? []);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const report = (id: LintRuleId, what: string) => {
    const rule = ruleById.get(id)!;
    if (rule.acknowledgement && acknowledged.has(rule.acknowledgement)) return;
    const key = `${id}:${what}`;
    if (seen.has(key)) return;
    seen.add(key);
    const severity = rule.severity === 'warning' && input.strict ? 'error' : rule.severity;
    const fix = rule.acknowledgement
      ? `; if intended, add '${rule.acknowledgement}' to the client's 'acknowledge' list`
      : '';
    const strictNote =
      rule.severity === 'warning' && input.strict ? ' (a warning, refused by strict mode)' : '';
    findings.push({
      rule: id,
      severity,
      subject: what,
      message: `[${id}] ${what}: ${rule.reason}${fix}${strictNote}`,
    });
  };

  // Grants per (group, resource), to see "all verbs" across rules that merging may not have joined.
  const verbsOf = new Map<string, Set<string>>();
  for (const rule of input.rules) {
    const groups = rule.apiGroups;
    const groupLabel = (g: string) => (g === '' ? 'core' : g);
    for (const field of [rule.apiGroups, rule.resources, rule.verbs, rule.resourceNames ?? []]) {
      if (field.some((v) => v.includes('*')))
        report('wildcard', `a rule contains '*' (${JSON.stringify(rule)})`);
    }
    for (const verb of rule.verbs) {
      if (verb === 'escalate' || verb === 'bind' || verb === 'impersonate') {
        report('escalation-verb', `verb '${verb}' on ${rule.resources.join(', ')}`);
      }
    }
    for (const group of groups) {
      for (const resource of rule.resources) {
        const key = `${group}\u0000${resource}`;
        const set = verbsOf.get(key) ?? new Set<string>();
        for (const v of rule.verbs) set.add(v);
        verbsOf.set(key, set);
        const where = `${resource} (${groupLabel(group)})`;
        const writes = rule.verbs.filter((v) => WRITES.includes(v));
        if (WORKLOADS[group]?.includes(resource) && rule.verbs.includes('create')) {
          report('creates-pods', `create on ${where}`);
        }
        if (group === 'rbac.authorization.k8s.io' && RBAC_OBJECTS.includes(resource) && writes.length > 0) {
          report('write-rbac', `${writes.join(', ')} on ${where}`);
        }
        if (group !== '') {
          if (group === 'argoproj.io' && CREATES_PODS.includes(resource) && rule.verbs.includes('create')) {
            report('creates-pods', `create on ${where}`);
          }
        } else {
          if (resource === 'secrets' && writes.length > 0)
            report('write-secrets', `${writes.join(', ')} on ${where}`);
          if (resource === 'serviceaccounts' && writes.length > 0) {
            report('write-serviceaccounts', `${writes.join(', ')} on ${where}`);
          }
          if (resource === 'serviceaccounts/token' && rule.verbs.includes('create')) {
            report('token-request', `create on ${where}`);
          }
          if (resource === 'nodes/proxy') report('nodes-proxy', `${rule.verbs.join(', ')} on ${where}`);
          if (resource === 'secrets') {
            const lists = rule.verbs.filter((v) => v === 'list' || v === 'watch');
            if (lists.length > 0) report('list-secrets', `${lists.join(', ')} on ${where}`);
            if (rule.verbs.includes('get')) {
              const names = rule.resourceNames ?? [];
              if (names.length > 0) report('read-named-secrets', `get on Secrets ${names.join(', ')}`);
              else report('read-secrets', `get on ${where}`);
            }
          }
          if (POD_TUNNELS.includes(resource)) report('pod-exec', `${rule.verbs.join(', ')} on ${where}`);
        }
        if (rule.verbs.includes('deletecollection'))
          report('deletecollection', `deletecollection on ${where}`);
      }
    }
  }
  for (const [key, verbs] of verbsOf) {
    if (RESOURCE_VERBS.every((v) => verbs.has(v))) {
      const [group, resource] = key.split('\u0000');
      report('all-verbs', `every verb on ${resource} (${group === '' ? 'core' : group})`);
    }
  }
  for (const role of input.bindClusterRoles ?? []) {
    if (ADMIN_ROLES.includes(role)) report('admin-binding', `binding to ClusterRole '${role}'`);
  }
  for (const ns of input.namespaces ?? []) {
    if (SYSTEM_NAMESPACES.includes(ns)) report('system-namespace', `namespace '${ns}'`);
  }
  return findings;
}
