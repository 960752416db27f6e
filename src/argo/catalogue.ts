// The capability catalogue: the single source of truth for what an Argo API client may be granted.
// Facts from Argo Server's own code (see ../shared/reference/argo-server-rbac.md): which Kubernetes
// checks each REST operation makes, per Argo release line, and the capabilities and presets built on them.

import type { GroupVersionKind } from 'cdk8s';
import {
  ClusterWorkflowTemplate,
  CronWorkflow,
  EventBus,
  EventSource,
  Sensor,
  Workflow,
  WorkflowArtifactGcTask,
  WorkflowEventBinding,
  WorkflowTaskResult,
  WorkflowTaskSet,
  WorkflowTemplate,
} from '../../imports/argoproj.io';

export const ARGO_GROUP = 'argoproj.io';
export const CORE_GROUP = '';

/** Argo release lines whose RBAC needs the catalogue knows, oldest first. */
export const ARGO_VERSIONS = ['3.5', '3.6', '3.7', '4.0', '4.1'] as const;
export type ArgoVersion = (typeof ARGO_VERSIONS)[number];
/** The current Argo release line: what a client gets when it does not set `argoVersion`. */
export const DEFAULT_ARGO_VERSION: ArgoVersion = '4.1';

/** Kubernetes resource verbs, in the fixed order every generated rule lists them. */
export const VERBS = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
  // Known so that the security lint can say why they are refused, never generated.
  'escalate',
  'bind',
  'impersonate',
] as const;
export type Verb = (typeof VERBS)[number];
/** The eight verbs of ordinary resources: a rule listing all of them is as broad as `*`. */
export const RESOURCE_VERBS: readonly Verb[] = VERBS.slice(0, 8);
/** Verbs that let a client raise its own privileges: known, always refused. */
export const REFUSED_VERBS: readonly string[] = VERBS.slice(8);

export type Scope = 'Namespaced' | 'Cluster';

export interface ResourceInfo {
  readonly apiGroup: string;
  /** Plural resource name, with `/subresource` where there is one (`pods/log`). */
  readonly resource: string;
  readonly scope: Scope;
  /** The object kind, for error hints (`Workflow` → use `workflows`). */
  readonly kind?: string;
}

function argoResource(gvk: GroupVersionKind, resource: string, scope: Scope = 'Namespaced'): ResourceInfo {
  return { apiGroup: gvk.apiVersion.split('/')[0], resource, scope, kind: gvk.kind };
}

/** argoproj.io resources, from the CRDs in crds/ (kinds and group come from the generated imports/). */
export const ARGO_RESOURCES: readonly ResourceInfo[] = [
  argoResource(Workflow.GVK, 'workflows'),
  argoResource(WorkflowTemplate.GVK, 'workflowtemplates'),
  argoResource(CronWorkflow.GVK, 'cronworkflows'),
  argoResource(ClusterWorkflowTemplate.GVK, 'clusterworkflowtemplates', 'Cluster'),
  argoResource(WorkflowEventBinding.GVK, 'workfloweventbindings'),
  argoResource(WorkflowTaskResult.GVK, 'workflowtaskresults'),
  argoResource(WorkflowTaskSet.GVK, 'workflowtasksets'),
  argoResource(WorkflowArtifactGcTask.GVK, 'workflowartifactgctasks'),
  argoResource(EventSource.GVK, 'eventsources'),
  argoResource(Sensor.GVK, 'sensors'),
  argoResource(EventBus.GVK, 'eventbuses'),
];

/** Core ("") resources an Argo API client can have a reason to touch (and the risky ones the lint names). */
export const CORE_RESOURCES: readonly ResourceInfo[] = [
  { apiGroup: '', resource: 'pods', scope: 'Namespaced', kind: 'Pod' },
  { apiGroup: '', resource: 'pods/log', scope: 'Namespaced' },
  { apiGroup: '', resource: 'pods/exec', scope: 'Namespaced' },
  { apiGroup: '', resource: 'pods/attach', scope: 'Namespaced' },
  { apiGroup: '', resource: 'pods/portforward', scope: 'Namespaced' },
  { apiGroup: '', resource: 'events', scope: 'Namespaced', kind: 'Event' },
  { apiGroup: '', resource: 'configmaps', scope: 'Namespaced', kind: 'ConfigMap' },
  { apiGroup: '', resource: 'secrets', scope: 'Namespaced', kind: 'Secret' },
  { apiGroup: '', resource: 'serviceaccounts', scope: 'Namespaced', kind: 'ServiceAccount' },
  { apiGroup: '', resource: 'serviceaccounts/token', scope: 'Namespaced' },
  { apiGroup: '', resource: 'persistentvolumeclaims', scope: 'Namespaced', kind: 'PersistentVolumeClaim' },
  { apiGroup: '', resource: 'services', scope: 'Namespaced', kind: 'Service' },
  { apiGroup: '', resource: 'nodes/proxy', scope: 'Cluster' },
];

/** Every resource name allowed for a group the catalogue knows (argoproj.io also has `/finalizers`). */
export function knownResources(apiGroup: string): readonly string[] | undefined {
  if (apiGroup === ARGO_GROUP) {
    return ARGO_RESOURCES.flatMap((r) => [r.resource, `${r.resource}/finalizers`]);
  }
  if (apiGroup === CORE_GROUP) return CORE_RESOURCES.map((r) => r.resource);
  return undefined;
}

/** Scope of a resource; resources of groups the catalogue does not know are taken as namespaced. */
export function scopeOf(apiGroup: string, resource: string): Scope {
  const base = apiGroup === ARGO_GROUP ? resource.split('/')[0] : resource;
  const table = apiGroup === ARGO_GROUP ? ARGO_RESOURCES : apiGroup === CORE_GROUP ? CORE_RESOURCES : [];
  return table.find((r) => r.resource === base)?.scope ?? 'Namespaced';
}

/** A part of the catalogue that holds only for some Argo release lines (bounds inclusive). */
export interface VersionRange {
  readonly since?: ArgoVersion;
  readonly until?: ArgoVersion;
}

export function inRange(version: ArgoVersion, range: VersionRange | undefined): boolean {
  const at = ARGO_VERSIONS.indexOf(version);
  if (range?.since !== undefined && at < ARGO_VERSIONS.indexOf(range.since)) return false;
  if (range?.until !== undefined && at > ARGO_VERSIONS.indexOf(range.until)) return false;
  return true;
}

/** A rule as the catalogue and the clients file write it: one group, its resources, the verbs. */
export interface RuleSpec {
  readonly apiGroup: string;
  readonly resources: readonly string[];
  readonly verbs: readonly Verb[];
  readonly resourceNames?: readonly string[];
}

interface VersionedRule extends RuleSpec {
  readonly argo?: VersionRange;
}

/** One Kubernetes access check Argo Server makes (with the caller's token) for an operation. */
export interface Requirement {
  readonly apiGroup: string;
  readonly resource: string;
  readonly verb: Verb;
  readonly argo?: VersionRange;
}

export type OperationGroup =
  | 'workflows'
  | 'workflow templates'
  | 'cluster workflow templates'
  | 'cron workflows'
  | 'archived workflows'
  | 'events'
  | 'artifacts';

export interface Operation {
  readonly id: string;
  readonly group: OperationGroup;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Argo Server REST path; `{namespace}`, `{name}`, `{uid}`… are filled in by the caller. */
  readonly path: string;
  readonly summary: string;
  readonly requires: readonly Requirement[];
  /**
   * A GET that needs only the namespace, changes nothing and returns (no stream): `argo-token verify`
   * calls these to prove what a token can and cannot do.
   */
  readonly verifiable?: boolean;
}

function needs(
  apiGroup: string,
  resource: string,
  verbs: readonly Verb[],
  argo?: VersionRange,
): Requirement[] {
  return verbs.map((verb) => ({ apiGroup, resource, verb, ...(argo ? { argo } : {}) }));
}
const wf = (...verbs: Verb[]) => needs(ARGO_GROUP, 'workflows', verbs);
const wft = (...verbs: Verb[]) => needs(ARGO_GROUP, 'workflowtemplates', verbs);
const cwft = (...verbs: Verb[]) => needs(ARGO_GROUP, 'clusterworkflowtemplates', verbs);
const cron = (...verbs: Verb[]) => needs(ARGO_GROUP, 'cronworkflows', verbs);
const UNTIL_3_6: VersionRange = { until: '3.6' };
const SINCE_3_7: VersionRange = { since: '3.7' };

const W = '/api/v1/workflows/{namespace}';
const T = '/api/v1/workflow-templates/{namespace}';
const CT = '/api/v1/cluster-workflow-templates';
const C = '/api/v1/cron-workflows/{namespace}';
const A = '/api/v1/archived-workflows';

/** Argo Server operations and the checks each makes. Lint, info, version and userinfo need no RBAC. */
export const OPERATIONS: readonly Operation[] = [
  // workflows
  {
    id: 'list-workflows',
    group: 'workflows',
    method: 'GET',
    path: W,
    summary: 'list workflows',
    requires: wf('list'),
    verifiable: true,
  },
  {
    id: 'get-workflow',
    group: 'workflows',
    method: 'GET',
    path: `${W}/{name}`,
    summary: 'get a workflow',
    requires: wf('get'),
  },
  {
    id: 'watch-workflows',
    group: 'workflows',
    method: 'GET',
    path: '/api/v1/workflow-events/{namespace}',
    summary: 'watch workflows',
    requires: wf('watch'),
  },
  {
    id: 'watch-workflow',
    group: 'workflows',
    method: 'GET',
    path: '/api/v1/workflow-events/{namespace}?listOptions.fieldSelector=metadata.name={name}',
    summary: 'watch one workflow (argo watch, submit --wait)',
    requires: wf('get', 'watch'),
  },
  {
    id: 'create-workflow',
    group: 'workflows',
    method: 'POST',
    path: W,
    summary: 'create a workflow',
    requires: wf('create'),
  },
  {
    id: 'submit-from-template',
    group: 'workflows',
    method: 'POST',
    path: `${W}/submit`,
    summary: 'submit from a WorkflowTemplate',
    requires: [...wf('create'), ...needs(ARGO_GROUP, 'workflowtemplates', ['get'], UNTIL_3_6)],
  },
  {
    id: 'submit-from-cluster-template',
    group: 'workflows',
    method: 'POST',
    path: `${W}/submit`,
    summary: 'submit from a ClusterWorkflowTemplate',
    requires: [...wf('create'), ...needs(ARGO_GROUP, 'clusterworkflowtemplates', ['get'], UNTIL_3_6)],
  },
  {
    id: 'submit-from-cron',
    group: 'workflows',
    method: 'POST',
    path: `${W}/submit`,
    summary: 'submit from a CronWorkflow',
    requires: [...wf('create'), ...cron('get')],
  },
  {
    id: 'resubmit-workflow',
    group: 'workflows',
    method: 'PUT',
    path: `${W}/{name}/resubmit`,
    summary: 'resubmit a workflow',
    requires: [...wf('get', 'create'), ...wft('get')],
  },
  {
    id: 'retry-workflow',
    group: 'workflows',
    method: 'PUT',
    path: `${W}/{name}/retry`,
    summary: 'retry a workflow',
    requires: [...wf('get', 'update'), ...needs(CORE_GROUP, 'pods', ['delete'])],
  },
  {
    id: 'stop-workflow',
    group: 'workflows',
    method: 'PUT',
    path: `${W}/{name}/stop`,
    summary: 'stop a workflow',
    requires: wf('get', 'patch'),
  },
  {
    id: 'terminate-workflow',
    group: 'workflows',
    method: 'PUT',
    path: `${W}/{name}/terminate`,
    summary: 'terminate a workflow',
    requires: wf('get', 'patch'),
  },
  {
    id: 'suspend-workflow',
    group: 'workflows',
    method: 'PUT',
    path: `${W}/{name}/suspend`,
    summary: 'suspend a workflow',
    requires: wf('get', 'update'),
  },
  {
    id: 'resume-workflow',
    group: 'workflows',
    method: 'PUT',
    path: `${W}/{name}/resume`,
    summary: 'resume a workflow',
    requires: wf('get', 'update'),
  },
  {
    id: 'set-workflow',
    group: 'workflows',
    method: 'PUT',
    path: `${W}/{name}/set`,
    summary: 'set a node outputs/phase',
    requires: wf('get', 'update'),
  },
  {
    id: 'delete-workflow',
    group: 'workflows',
    method: 'DELETE',
    path: `${W}/{name}`,
    summary: 'delete a workflow',
    requires: wf('get', 'delete'),
  },
  {
    id: 'workflow-logs',
    group: 'workflows',
    method: 'GET',
    path: `${W}/{name}/log`,
    summary: 'read workflow logs',
    requires: [
      ...wf('get'),
      ...needs(CORE_GROUP, 'pods', ['list', 'watch']),
      ...needs(CORE_GROUP, 'pods/log', ['get']),
    ],
  },
  {
    id: 'follow-workflow-logs',
    group: 'workflows',
    method: 'GET',
    path: `${W}/{name}/log?logOptions.follow=true`,
    summary: 'follow workflow logs',
    requires: [
      ...wf('get', 'watch'),
      ...needs(CORE_GROUP, 'pods', ['list', 'watch']),
      ...needs(CORE_GROUP, 'pods/log', ['get']),
    ],
  },
  // workflow templates
  {
    id: 'list-workflow-templates',
    group: 'workflow templates',
    method: 'GET',
    path: T,
    summary: 'list workflow templates',
    requires: wft('list'),
    verifiable: true,
  },
  {
    id: 'get-workflow-template',
    group: 'workflow templates',
    method: 'GET',
    path: `${T}/{name}`,
    summary: 'get a workflow template',
    requires: wft('get'),
  },
  {
    id: 'create-workflow-template',
    group: 'workflow templates',
    method: 'POST',
    path: T,
    summary: 'create a workflow template',
    requires: wft('create'),
  },
  {
    id: 'update-workflow-template',
    group: 'workflow templates',
    method: 'PUT',
    path: `${T}/{name}`,
    summary: 'update a workflow template',
    requires: wft('update'),
  },
  {
    id: 'delete-workflow-template',
    group: 'workflow templates',
    method: 'DELETE',
    path: `${T}/{name}`,
    summary: 'delete a workflow template',
    requires: wft('delete'),
  },
  // cluster workflow templates (cluster-scoped: a ClusterRole and ClusterRoleBinding)
  {
    id: 'list-cluster-workflow-templates',
    group: 'cluster workflow templates',
    method: 'GET',
    path: CT,
    summary: 'list cluster workflow templates',
    requires: cwft('list'),
    verifiable: true,
  },
  {
    id: 'get-cluster-workflow-template',
    group: 'cluster workflow templates',
    method: 'GET',
    path: `${CT}/{name}`,
    summary: 'get a cluster workflow template',
    requires: cwft('get'),
  },
  {
    id: 'create-cluster-workflow-template',
    group: 'cluster workflow templates',
    method: 'POST',
    path: CT,
    summary: 'create a cluster workflow template',
    requires: cwft('create'),
  },
  {
    id: 'update-cluster-workflow-template',
    group: 'cluster workflow templates',
    method: 'PUT',
    path: `${CT}/{name}`,
    summary: 'update a cluster workflow template',
    requires: cwft('update'),
  },
  {
    id: 'delete-cluster-workflow-template',
    group: 'cluster workflow templates',
    method: 'DELETE',
    path: `${CT}/{name}`,
    summary: 'delete a cluster workflow template',
    requires: cwft('delete'),
  },
  // cron workflows
  {
    id: 'list-cron-workflows',
    group: 'cron workflows',
    method: 'GET',
    path: C,
    summary: 'list cron workflows',
    requires: cron('list'),
    verifiable: true,
  },
  {
    id: 'get-cron-workflow',
    group: 'cron workflows',
    method: 'GET',
    path: `${C}/{name}`,
    summary: 'get a cron workflow',
    requires: cron('get'),
  },
  {
    id: 'create-cron-workflow',
    group: 'cron workflows',
    method: 'POST',
    path: C,
    summary: 'create a cron workflow',
    requires: cron('create'),
  },
  {
    id: 'update-cron-workflow',
    group: 'cron workflows',
    method: 'PUT',
    path: `${C}/{name}`,
    summary: 'update a cron workflow',
    requires: cron('get', 'update'),
  },
  {
    id: 'delete-cron-workflow',
    group: 'cron workflows',
    method: 'DELETE',
    path: `${C}/{name}`,
    summary: 'delete a cron workflow',
    requires: cron('get', 'delete'),
  },
  {
    id: 'suspend-cron-workflow',
    group: 'cron workflows',
    method: 'PUT',
    path: `${C}/{name}/suspend`,
    summary: 'suspend a cron workflow',
    requires: cron('patch'),
  },
  {
    id: 'resume-cron-workflow',
    group: 'cron workflows',
    method: 'PUT',
    path: `${C}/{name}/resume`,
    summary: 'resume a cron workflow',
    requires: cron('patch'),
  },
  // archived workflows
  {
    id: 'list-archived-workflows',
    group: 'archived workflows',
    method: 'GET',
    path: `${A}?namespace={namespace}`,
    summary: 'list archived workflows',
    requires: wf('list'),
    verifiable: true,
  },
  {
    id: 'get-archived-workflow',
    group: 'archived workflows',
    method: 'GET',
    path: `${A}/{uid}?namespace={namespace}`,
    summary: 'get an archived workflow',
    requires: wf('get'),
  },
  {
    id: 'delete-archived-workflow',
    group: 'archived workflows',
    method: 'DELETE',
    path: `${A}/{uid}?namespace={namespace}`,
    summary: 'delete an archived workflow',
    requires: wf('delete'),
  },
  {
    id: 'retry-archived-workflow',
    group: 'archived workflows',
    method: 'PUT',
    path: `${A}/{uid}/retry`,
    summary: 'retry an archived workflow',
    requires: [...wf('get', 'create'), ...needs(CORE_GROUP, 'pods', ['delete'])],
  },
  {
    id: 'resubmit-archived-workflow',
    group: 'archived workflows',
    method: 'PUT',
    path: `${A}/{uid}/resubmit`,
    summary: 'resubmit an archived workflow',
    requires: wf('get', 'create'),
  },
  // events
  {
    id: 'submit-event',
    group: 'events',
    method: 'POST',
    path: '/api/v1/events/{namespace}/{discriminator}',
    summary: 'send a webhook event (failures are asynchronous)',
    requires: [...needs(ARGO_GROUP, 'workfloweventbindings', ['list']), ...wft('get'), ...wf('create')],
  },
  {
    id: 'list-workflow-event-bindings',
    group: 'events',
    method: 'GET',
    path: '/api/v1/workflow-event-bindings/{namespace}',
    summary: 'list workflow event bindings',
    requires: needs(ARGO_GROUP, 'workfloweventbindings', ['list']),
    verifiable: true,
  },
  {
    id: 'watch-k8s-events',
    group: 'events',
    method: 'GET',
    path: '/api/v1/stream/events/{namespace}',
    summary: 'stream Kubernetes events',
    requires: needs(CORE_GROUP, 'events', ['watch']),
  },
  // artifacts: the artifact driver reads repository credentials with the caller's token
  {
    id: 'get-artifact',
    group: 'artifacts',
    method: 'GET',
    path: '/artifacts/{namespace}/{name}/{nodeId}/{artifactName}',
    summary: 'download an artifact',
    requires: [
      ...wf('get'),
      ...needs(CORE_GROUP, 'secrets', ['get']),
      ...needs(CORE_GROUP, 'configmaps', ['get']),
    ],
  },
  {
    id: 'get-artifact-file',
    group: 'artifacts',
    method: 'GET',
    path: '/artifact-files/{namespace}/workflows/{name}/{nodeId}/outputs/{artifactName}',
    summary: 'download a file of an artifact',
    requires: [
      ...wf('get'),
      ...needs(CORE_GROUP, 'secrets', ['get']),
      ...needs(CORE_GROUP, 'configmaps', ['get']),
    ],
  },
];

/** Acknowledgements a client can give in the clients file, by the security-lint rule they answer. */
export const ACKNOWLEDGEMENTS = ['read-secrets', 'creates-pods', 'deletecollection', 'pod-exec'] as const;
export type Acknowledgement = (typeof ACKNOWLEDGEMENTS)[number];

/** An operation a capability promises, possibly only on some Argo release lines. */
interface Promise_ {
  readonly id: string;
  readonly argo?: VersionRange;
}

export interface Capability {
  readonly name: string;
  readonly summary: string;
  readonly rules: readonly VersionedRule[];
  /**
   * Every catalogue operation the rules allow, no more: a test evaluates the synthesized Role against
   * the operation table and fails on any difference, so this list is also the honest fine print.
   */
  readonly operations: readonly Promise_[];
  /** The acknowledgement the clients file must give for this capability (see the security lint). */
  readonly acknowledge?: Acknowledgement;
  readonly note?: string;
}

const argo = (resource: string, verbs: Verb[], range?: VersionRange): VersionedRule => ({
  apiGroup: ARGO_GROUP,
  resources: [resource],
  verbs,
  ...(range ? { argo: range } : {}),
});
const core = (resource: string, verbs: Verb[]): VersionedRule => ({
  apiGroup: CORE_GROUP,
  resources: [resource],
  verbs,
});
const ops = (...ids: string[]): Promise_[] => ids.map((id) => ({ id }));
const opsSince37 = (...ids: string[]): Promise_[] => ids.map((id) => ({ id, argo: SINCE_3_7 }));
const opsUntil36 = (...ids: string[]): Promise_[] => ids.map((id) => ({ id, argo: UNTIL_3_6 }));

const GET_WORKFLOW = ops('get-workflow', 'get-archived-workflow');
/** From Argo 3.7, submitting from any template needs only create on workflows. */
const SUBMIT_ANY_37 = opsSince37('submit-from-template', 'submit-from-cluster-template');

export const CAPABILITIES: readonly Capability[] = [
  {
    name: 'list-workflows',
    summary: 'List workflows (and archived workflows) in the namespace',
    rules: [argo('workflows', ['list'])],
    operations: ops('list-workflows', 'list-archived-workflows'),
  },
  {
    name: 'get-workflow',
    summary: 'Get one workflow (live or archived) by name',
    rules: [argo('workflows', ['get'])],
    operations: GET_WORKFLOW,
  },
  {
    name: 'watch-workflows',
    summary: 'Watch workflows, or one workflow (argo watch, submit --wait)',
    rules: [argo('workflows', ['get', 'watch'])],
    operations: [...ops('watch-workflows', 'watch-workflow'), ...GET_WORKFLOW],
  },
  {
    name: 'create-workflow',
    summary: 'Create a workflow from a full manifest',
    rules: [argo('workflows', ['create'])],
    operations: [...ops('create-workflow'), ...SUBMIT_ANY_37],
    note: 'Argo <= 3.6 also checks get on any template the workflow references: add read-templates.',
  },
  {
    name: 'submit-from-template',
    summary: 'Submit a workflow from a WorkflowTemplate',
    rules: [argo('workflows', ['create']), argo('workflowtemplates', ['get'], UNTIL_3_6)],
    operations: [
      ...ops('create-workflow', 'submit-from-template'),
      ...opsUntil36('get-workflow-template'),
      ...SUBMIT_ANY_37,
    ],
  },
  {
    name: 'submit-from-cluster-template',
    summary: 'Submit a workflow from a ClusterWorkflowTemplate',
    rules: [argo('workflows', ['create']), argo('clusterworkflowtemplates', ['get'], UNTIL_3_6)],
    operations: [
      ...ops('create-workflow', 'submit-from-cluster-template'),
      ...opsUntil36('get-cluster-workflow-template'),
      ...SUBMIT_ANY_37,
    ],
  },
  {
    name: 'submit-from-cron',
    summary: 'Submit a workflow now from a CronWorkflow',
    rules: [argo('workflows', ['create']), argo('cronworkflows', ['get'])],
    operations: [...ops('create-workflow', 'submit-from-cron', 'get-cron-workflow'), ...SUBMIT_ANY_37],
  },
  {
    name: 'resubmit',
    summary: 'Resubmit a workflow (live or archived)',
    rules: [argo('workflows', ['get', 'create']), argo('workflowtemplates', ['get'])],
    operations: [
      ...ops('resubmit-workflow', 'resubmit-archived-workflow', 'create-workflow', 'submit-from-template'),
      ...ops('get-workflow-template'),
      ...GET_WORKFLOW,
      ...opsSince37('submit-from-cluster-template'),
    ],
  },
  {
    name: 'retry',
    summary: 'Retry a failed workflow',
    rules: [argo('workflows', ['get', 'update']), core('pods', ['delete'])],
    operations: [
      ...ops('retry-workflow', 'suspend-workflow', 'resume-workflow', 'set-workflow'),
      ...GET_WORKFLOW,
    ],
    note: 'Argo checks retry, suspend, resume and set with the same verbs (get + update).',
  },
  {
    name: 'retry-archived',
    summary: 'Retry an archived workflow (creates a new workflow from it)',
    rules: [argo('workflows', ['get', 'create']), core('pods', ['delete'])],
    operations: [
      ...ops('retry-archived-workflow', 'resubmit-archived-workflow', 'create-workflow'),
      ...GET_WORKFLOW,
      ...SUBMIT_ANY_37,
    ],
  },
  {
    name: 'stop',
    summary: 'Stop a workflow (exit handlers run)',
    rules: [argo('workflows', ['get', 'patch'])],
    operations: [...ops('stop-workflow', 'terminate-workflow'), ...GET_WORKFLOW],
    note: 'Stop and terminate need the same verbs (get + patch).',
  },
  {
    name: 'terminate',
    summary: 'Terminate a workflow (no exit handlers)',
    rules: [argo('workflows', ['get', 'patch'])],
    operations: [...ops('stop-workflow', 'terminate-workflow'), ...GET_WORKFLOW],
    note: 'Stop and terminate need the same verbs (get + patch).',
  },
  {
    name: 'suspend-resume',
    summary: 'Suspend, resume and set nodes of a workflow',
    rules: [argo('workflows', ['get', 'update'])],
    operations: [...ops('suspend-workflow', 'resume-workflow', 'set-workflow'), ...GET_WORKFLOW],
  },
  {
    name: 'delete-workflow',
    summary: 'Delete a workflow (live or archived)',
    rules: [argo('workflows', ['get', 'delete'])],
    operations: [...ops('delete-workflow', 'delete-archived-workflow'), ...GET_WORKFLOW],
  },
  {
    name: 'read-logs',
    summary: 'Read and follow workflow logs',
    rules: [argo('workflows', ['get', 'watch']), core('pods', ['list', 'watch']), core('pods/log', ['get'])],
    operations: [
      ...ops('workflow-logs', 'follow-workflow-logs', 'watch-workflows', 'watch-workflow'),
      ...GET_WORKFLOW,
    ],
  },
  {
    name: 'read-templates',
    summary: 'List and get workflow templates',
    rules: [argo('workflowtemplates', ['get', 'list'])],
    operations: ops('list-workflow-templates', 'get-workflow-template'),
  },
  {
    name: 'manage-templates',
    summary: 'Create, update and delete workflow templates',
    rules: [argo('workflowtemplates', ['get', 'list', 'create', 'update', 'delete'])],
    operations: ops(
      'list-workflow-templates',
      'get-workflow-template',
      'create-workflow-template',
      'update-workflow-template',
      'delete-workflow-template',
    ),
  },
  {
    name: 'read-cluster-templates',
    summary: 'List and get cluster workflow templates (a ClusterRole)',
    rules: [argo('clusterworkflowtemplates', ['get', 'list'])],
    operations: ops('list-cluster-workflow-templates', 'get-cluster-workflow-template'),
  },
  {
    name: 'manage-cluster-templates',
    summary: 'Create, update and delete cluster workflow templates (a ClusterRole)',
    rules: [argo('clusterworkflowtemplates', ['get', 'list', 'create', 'update', 'delete'])],
    operations: ops(
      'list-cluster-workflow-templates',
      'get-cluster-workflow-template',
      'create-cluster-workflow-template',
      'update-cluster-workflow-template',
      'delete-cluster-workflow-template',
    ),
  },
  {
    name: 'read-cron',
    summary: 'List and get cron workflows',
    rules: [argo('cronworkflows', ['get', 'list'])],
    operations: ops('list-cron-workflows', 'get-cron-workflow'),
  },
  {
    name: 'manage-cron',
    summary: 'Create, update, suspend, resume and delete cron workflows',
    rules: [argo('cronworkflows', ['get', 'list', 'create', 'update', 'patch', 'delete'])],
    operations: ops(
      'list-cron-workflows',
      'get-cron-workflow',
      'create-cron-workflow',
      'update-cron-workflow',
      'delete-cron-workflow',
      'suspend-cron-workflow',
      'resume-cron-workflow',
    ),
  },
  {
    name: 'read-archived',
    summary: 'List and get archived workflows',
    rules: [argo('workflows', ['get', 'list'])],
    operations: [...ops('list-archived-workflows', 'list-workflows'), ...GET_WORKFLOW],
    note: 'Archived workflows are checked against the workflows resource: this also reads live ones.',
  },
  {
    name: 'trigger-events',
    summary: "Send webhook events (Argo's quick-start submit-workflow-template role)",
    rules: [
      argo('workfloweventbindings', ['list']),
      argo('workflowtemplates', ['get']),
      argo('workflows', ['create']),
    ],
    operations: [
      ...ops(
        'submit-event',
        'list-workflow-event-bindings',
        'get-workflow-template',
        'create-workflow',
        'submit-from-template',
      ),
      ...opsSince37('submit-from-cluster-template'),
    ],
    note: 'Bindings that submit from a ClusterWorkflowTemplate also need read-cluster-templates.',
  },
  {
    name: 'watch-events',
    summary: 'Stream the Kubernetes events of the namespace (UI event view)',
    rules: [core('events', ['watch'])],
    operations: ops('watch-k8s-events'),
  },
  {
    name: 'read-artifacts',
    summary: 'Download workflow artifacts',
    rules: [argo('workflows', ['get']), core('secrets', ['get']), core('configmaps', ['get'])],
    operations: [...ops('get-artifact', 'get-artifact-file'), ...GET_WORKFLOW],
    acknowledge: 'read-secrets',
    note: "The artifact driver reads repository credentials with the caller's token: get on Secrets.",
  },
];

export interface Preset {
  readonly name: string;
  readonly summary: string;
  readonly can?: readonly string[];
  readonly rules?: readonly RuleSpec[];
}

export const PRESETS: readonly Preset[] = [
  {
    name: 'viewer',
    summary: 'Read-only: workflows, logs, templates, cron workflows, archive and events',
    can: [
      'list-workflows',
      'get-workflow',
      'watch-workflows',
      'read-logs',
      'read-templates',
      'read-cron',
      'read-archived',
      'watch-events',
    ],
  },
  {
    name: 'ci-submitter',
    summary: 'Submit from workflow templates, wait for the result, read the logs',
    can: ['submit-from-template', 'watch-workflows', 'read-logs'],
  },
  {
    name: 'webhook',
    summary: "Argo's quick-start webhook role (submit-workflow-template)",
    can: ['trigger-events'],
  },
  {
    name: 'seed-example',
    summary: "The Argo access-token page's jenkins role: list and update workflows",
    rules: [{ apiGroup: ARGO_GROUP, resources: ['workflows'], verbs: ['list', 'update'] }],
  },
];

export const CAPABILITY_NAMES: readonly string[] = CAPABILITIES.map((c) => c.name);
export const PRESET_NAMES: readonly string[] = PRESETS.map((p) => p.name);

const capabilityByName = new Map(CAPABILITIES.map((c) => [c.name, c]));
const operationById = new Map(OPERATIONS.map((o) => [o.id, o]));

export function capability(name: string): Capability {
  const found = capabilityByName.get(name);
  if (!found) throw new Error(`unknown capability "${name}"`);
  return found;
}

export function operation(id: string): Operation {
  const found = operationById.get(id);
  if (!found) throw new Error(`unknown operation "${id}"`);
  return found;
}

export function preset(name: string): Preset {
  const found = PRESETS.find((p) => p.name === name);
  if (!found) throw new Error(`unknown preset "${name}"`);
  return found;
}

/** The rules a capability needs on one Argo release line. */
export function capabilityRules(cap: Capability, version: ArgoVersion): RuleSpec[] {
  return cap.rules
    .filter((r) => inRange(version, r.argo))
    .map(({ apiGroup, resources, verbs }) => ({ apiGroup, resources, verbs }));
}

/** The operation ids a capability promises on one Argo release line. */
export function capabilityOperations(cap: Capability, version: ArgoVersion): string[] {
  return [...new Set(cap.operations.filter((p) => inRange(version, p.argo)).map((p) => p.id))];
}

/** The checks an operation makes on one Argo release line. */
export function operationRequirements(op: Operation, version: ArgoVersion): Requirement[] {
  return op.requires.filter((r) => inRange(version, r.argo));
}
