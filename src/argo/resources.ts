// The Kubernetes resources an Argo API client can be granted: the argoproj.io resources (the same names,
// kinds, scope and short names as crds/argoproj.io.yaml; a test keeps the two in step) and the core
// resources Argo Server touches with the caller's token (or that the security lint names).

export const ARGO_GROUP = 'argoproj.io';
export const CORE_GROUP = '';

export type Scope = 'Namespaced' | 'Cluster';

export interface ResourceInfo {
  readonly apiGroup: string;
  /** Plural resource name, with `/subresource` where there is one (`pods/log`). */
  readonly resource: string;
  readonly scope: Scope;
  /** The object kind (`Workflow`), for messages and kubectl-style names. */
  readonly kind?: string;
  readonly shortNames?: readonly string[];
}

const argo = (resource: string, kind: string, shortNames: string[] = [], scope: Scope = 'Namespaced') =>
  ({ apiGroup: ARGO_GROUP, resource, kind, scope, shortNames }) satisfies ResourceInfo;
const core = (resource: string, kind?: string, shortNames: string[] = [], scope: Scope = 'Namespaced') =>
  ({ apiGroup: CORE_GROUP, resource, scope, shortNames, ...(kind ? { kind } : {}) }) satisfies ResourceInfo;

/** argoproj.io resources (Argo Workflows' CRDs and Argo Events' event sources, sensors and event buses). */
export const ARGO_RESOURCES: readonly ResourceInfo[] = [
  argo('workflows', 'Workflow', ['wf']),
  argo('workflowtemplates', 'WorkflowTemplate', ['wftmpl']),
  argo('cronworkflows', 'CronWorkflow', ['cwf', 'cronwf']),
  argo('clusterworkflowtemplates', 'ClusterWorkflowTemplate', ['clusterwftmpl', 'cwft'], 'Cluster'),
  argo('workfloweventbindings', 'WorkflowEventBinding', ['wfeb']),
  argo('workflowtaskresults', 'WorkflowTaskResult'),
  argo('workflowtasksets', 'WorkflowTaskSet', ['wfts']),
  argo('workflowartifactgctasks', 'WorkflowArtifactGCTask', ['wfat']),
  argo('eventsources', 'EventSource', ['es']),
  argo('sensors', 'Sensor', ['sn']),
  argo('eventbuses', 'EventBus', ['eb']),
];

/** Core ("") resources an Argo API client can have a reason to touch, and the risky ones the lint names. */
export const CORE_RESOURCES: readonly ResourceInfo[] = [
  core('pods', 'Pod', ['po']),
  core('pods/log'),
  core('pods/exec'),
  core('pods/attach'),
  core('pods/portforward'),
  core('events', 'Event', ['ev']),
  core('configmaps', 'ConfigMap', ['cm']),
  core('secrets', 'Secret'),
  core('serviceaccounts', 'ServiceAccount', ['sa']),
  core('serviceaccounts/token'),
  core('persistentvolumeclaims', 'PersistentVolumeClaim', ['pvc']),
  core('services', 'Service', ['svc']),
  core('replicationcontrollers', 'ReplicationController', ['rc']),
  core('nodes/proxy', undefined, [], 'Cluster'),
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
  const base = resource.split('/')[0];
  const table = apiGroup === ARGO_GROUP ? ARGO_RESOURCES : apiGroup === CORE_GROUP ? CORE_RESOURCES : [];
  return table.find((r) => r.resource === resource || r.resource === base)?.scope ?? 'Namespaced';
}

/** The API group of a resource the catalogue's checks name (argoproj.io or core). */
export function apiGroupOf(resource: string): string {
  const base = resource.split('/')[0];
  return ARGO_RESOURCES.some((r) => r.resource === base) ? ARGO_GROUP : CORE_GROUP;
}

export interface ResourceRef {
  readonly apiGroup: string;
  readonly resource: string;
}

/** Every name kubectl accepts for a resource: plural, singular (the kind in lower case), kind, short names. */
function namesOf(r: ResourceInfo): string[] {
  const base = r.resource.split('/')[0];
  const kind = r.kind?.toLowerCase();
  return [base, ...(kind ? [kind] : []), ...(r.shortNames ?? [])];
}

/** Every resource name the catalogue knows, for suggestions. */
export const resourceNames = (): string[] => [...ARGO_RESOURCES, ...CORE_RESOURCES].flatMap(namesOf);

/**
 * A resource as kubectl spells it: plural, singular, kind or short name, any case (`workflows`,
 * `workflow`, `Workflows`, `wf`), optionally qualified by its group (`workflows.argoproj.io`,
 * `wf.argoproj.io`) and with a subresource (`pods/log`). Resources of groups the catalogue does not
 * know are taken as written (`deployments.apps`). Undefined when the name is unknown.
 */
export function resolveResource(text: string): ResourceRef | undefined {
  const [head, subresource] = text.split('/', 2);
  const dot = head.indexOf('.');
  const name = (dot >= 0 ? head.slice(0, dot) : head).toLowerCase();
  const group = dot >= 0 ? head.slice(dot + 1).toLowerCase() : undefined;
  const sub = subresource ? `/${subresource.toLowerCase()}` : '';
  const candidates = [...ARGO_RESOURCES, ...CORE_RESOURCES.filter((r) => !r.resource.includes('/'))].filter(
    (r) => group === undefined || r.apiGroup === group || (group === 'core' && r.apiGroup === CORE_GROUP),
  );
  const found = candidates.find((r) => namesOf(r).includes(name));
  if (found) return { apiGroup: found.apiGroup, resource: `${found.resource}${sub}` };
  if (group !== undefined && group !== ARGO_GROUP && group !== 'core' && group !== '') {
    return { apiGroup: group, resource: `${name}${sub}` };
  }
  return undefined;
}
