// Capabilities: what a client is for, as the Argo operations it must be able to call. Their rules are
// not written by hand: they are exactly the checks Argo makes for those operations at the client's
// version (operations/), so a capability never grants what its operations do not need. Presets are
// named sets of capabilities.

import type { RuleSpec } from '../rbac/verbs';
import { existsAt, operation, requiredChecks } from './catalogue';
import { type Check, CONDITIONS, type ConditionId } from './facts';
import { ARGO_GROUP, apiGroupOf } from './resources';
import { KNOWN_VERSIONS } from './versions';

/** Options a capability can take, each turning on a condition of its operations (facts.ts CONDITIONS). */
export interface CapabilityOptions {
  /** WorkflowTemplates the client's workflows reference: their reads are narrowed to these names. */
  readonly templates?: readonly string[];
  /** ClusterWorkflowTemplates referenced: their reads are narrowed to these names. */
  readonly clusterTemplates?: readonly string[];
  /** Credential Secrets of the artifact repository: read by name. */
  readonly secrets?: readonly string[];
  /** ConfigMaps read by name (an HDFS Kerberos configuration). */
  readonly configMaps?: readonly string[];
  /** Force delete (finalizers removed with a patch first). */
  readonly force?: boolean;
  /** argo stop/resume --node-field-selector. */
  readonly nodeFieldSelector?: boolean;
}

export type OptionName = keyof CapabilityOptions;
export const OPTION_NAMES: readonly OptionName[] = [
  'templates',
  'clusterTemplates',
  'secrets',
  'configMaps',
  'force',
  'nodeFieldSelector',
];
/** Options that name objects (the others are flags). */
export const NAME_OPTIONS: readonly OptionName[] = ['templates', 'clusterTemplates', 'secrets', 'configMaps'];

/** The condition an option turns on. */
export function conditionOf(option: OptionName): ConditionId {
  const found = Object.entries(CONDITIONS).find(([, c]) => (c as { option?: string }).option === option);
  return found![0] as ConditionId;
}

export interface Capability {
  readonly name: string;
  readonly summary: string;
  /** The operations the client needs: its rules are exactly what Argo checks for them. */
  readonly operations: readonly string[];
  /** The acknowledgement the clients file must give when the capability reads Secrets. */
  readonly acknowledge?: 'read-named-secrets';
  readonly note?: string;
}

const cap = (
  name: string,
  summary: string,
  operations: string[],
  extra: Partial<Capability> = {},
): Capability => ({
  name,
  summary,
  operations,
  ...extra,
});
const crud = (noun: string, plural: string, verbs: string[]) =>
  verbs.map((v) => (v === 'list' || v === 'watch' ? `${v}-${plural}` : `${v}-${noun}`));

export const CAPABILITIES: readonly Capability[] = [
  cap('list-workflows', 'List workflows in the namespace', ['list-workflows']),
  cap('get-workflow', 'Get one workflow by name', ['get-workflow']),
  cap('watch-workflows', 'Watch workflows, or one workflow (argo watch, submit --wait)', [
    'watch-workflows',
    'watch-workflow',
  ]),
  cap(
    'create-workflow',
    'Create a workflow from a full manifest, and lint it',
    ['create-workflow', 'lint-workflow'],
    {
      note: 'Argo ≤ 3.6 reads the templates a workflow references with the caller’s token: name them with the templates / clusterTemplates options.',
    },
  ),
  cap('submit-from-template', 'Submit a workflow from a WorkflowTemplate', ['submit-from-template'], {
    note: 'Argo ≤ 3.6 reads the template with the caller’s token (narrow it with the templates option); from 3.7 the server reads it.',
  }),
  cap('submit-from-cluster-template', 'Submit a workflow from a ClusterWorkflowTemplate', [
    'submit-from-cluster-template',
  ]),
  cap('submit-from-cron', 'Submit a workflow now from a CronWorkflow', ['submit-from-cron']),
  cap(
    'resubmit',
    'Resubmit a workflow (live or archived)',
    ['resubmit-workflow', 'resubmit-archived-workflow'],
    {
      note: 'On every version the templates a resubmitted workflow references are read with the caller’s token: name them with the templates / clusterTemplates options.',
    },
  ),
  cap('retry', 'Retry a failed workflow', ['retry-workflow']),
  cap('retry-archived', 'Retry an archived workflow', ['retry-archived-workflow']),
  cap('stop', 'Stop a workflow (exit handlers run)', ['stop-workflow']),
  cap('terminate', 'Terminate a workflow (no exit handlers)', ['terminate-workflow']),
  cap('suspend-resume', 'Suspend and resume a workflow, and set a node', [
    'suspend-workflow',
    'resume-workflow',
    'set-workflow',
  ]),
  cap('delete-workflow', 'Delete a workflow', ['delete-workflow']),
  cap('read-logs', 'Read and follow workflow logs', ['workflow-logs', 'follow-workflow-logs', 'pod-logs']),
  cap(
    'read-templates',
    'List and get workflow templates',
    crud('workflow-template', 'workflow-templates', ['list', 'get']),
  ),
  cap(
    'manage-templates',
    'Create, update, lint and delete workflow templates',
    crud('workflow-template', 'workflow-templates', ['list', 'get', 'create', 'update', 'lint', 'delete']),
  ),
  cap(
    'read-cluster-templates',
    'List and get cluster workflow templates (a ClusterRole)',
    crud('cluster-workflow-template', 'cluster-workflow-templates', ['list', 'get']),
  ),
  cap(
    'manage-cluster-templates',
    'Create, update, lint and delete cluster workflow templates (a ClusterRole)',
    crud('cluster-workflow-template', 'cluster-workflow-templates', [
      'list',
      'get',
      'create',
      'update',
      'lint',
      'delete',
    ]),
  ),
  cap('read-cron', 'List and get cron workflows', crud('cron-workflow', 'cron-workflows', ['list', 'get'])),
  cap(
    'manage-cron',
    'Create, update, lint, suspend, resume and delete cron workflows',
    crud('cron-workflow', 'cron-workflows', [
      'list',
      'get',
      'create',
      'update',
      'lint',
      'suspend',
      'resume',
      'delete',
    ]),
  ),
  cap('read-archived', 'List and get archived workflows', [
    'list-archived-workflows',
    'get-archived-workflow',
    'list-archived-workflow-label-keys',
    'list-archived-workflow-label-values',
  ]),
  cap('delete-archived', 'Delete archived workflows', ['delete-archived-workflow']),
  cap('trigger-events', 'Send webhook events that submit workflows (Argo’s submit-workflow-template role)', [
    'submit-event',
    'list-workflow-event-bindings',
  ]),
  cap('watch-events', 'Stream the Kubernetes events of the namespace (the UI’s event view)', [
    'watch-k8s-events',
  ]),
  cap(
    'read-artifacts',
    'Download and browse the artifacts of live workflows',
    ['get-output-artifact', 'get-input-artifact', 'get-artifact-file'],
    {
      acknowledge: 'read-named-secrets',
      note: 'When the artifact repository uses credential Secrets (S3 keys, a GCS key…), Argo reads them with the caller’s token: name them with the secrets option (and acknowledge read-named-secrets).',
    },
  ),
  cap(
    'read-archived-artifacts',
    'Download and browse the artifacts of archived workflows',
    ['get-output-artifact-by-uid', 'get-input-artifact-by-uid', 'get-archived-artifact-file'],
    { acknowledge: 'read-named-secrets' },
  ),
  cap('upload-artifacts', 'Upload input artifacts for workflow templates (Argo 4.1+)', ['upload-artifact'], {
    acknowledge: 'read-named-secrets',
  }),
  cap(
    'read-event-sources',
    'List, get and watch event sources',
    crud('event-source', 'event-sources', ['list', 'get', 'watch']),
  ),
  cap(
    'manage-event-sources',
    'Create, update and delete event sources',
    crud('event-source', 'event-sources', ['list', 'get', 'watch', 'create', 'update', 'delete']),
  ),
  cap('event-source-logs', 'Stream the logs of event sources', ['event-source-logs']),
  cap('read-sensors', 'List, get and watch sensors', crud('sensor', 'sensors', ['list', 'get', 'watch'])),
  cap(
    'manage-sensors',
    'Create, update and delete sensors',
    crud('sensor', 'sensors', ['list', 'get', 'watch', 'create', 'update', 'delete']),
  ),
  cap('sensor-logs', 'Stream the logs of sensors', ['sensor-logs']),
  cap('read-sync-limits', 'Get synchronization limits (Argo 4.0+)', ['get-sync-limit']),
  cap('manage-sync-limits', 'Create, update and delete synchronization limits (Argo 4.0+)', [
    'create-sync-limit',
    'get-sync-limit',
    'update-sync-limit',
    'delete-sync-limit',
  ]),
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
    summary: 'Argo’s quick-start webhook role (submit-workflow-template): send events',
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

export function capability(name: string): Capability {
  const found = capabilityByName.get(name);
  if (!found) throw new Error(`unknown capability "${name}"`);
  return found;
}

export function preset(name: string): Preset {
  const found = PRESETS.find((p) => p.name === name);
  if (!found) throw new Error(`unknown preset "${name}"`);
  return found;
}

/** The operations of a capability that exist at a version. */
export function capabilityOperations(cap: Capability, version: string): string[] {
  return cap.operations.filter((id) => existsAt(operation(id), version));
}

/** The first known release in which every operation of the capability exists. */
export function capabilitySince(cap: Capability): string | undefined {
  return KNOWN_VERSIONS.find((v) => cap.operations.every((id) => existsAt(operation(id), v)));
}

/** The options that change anything for the capability at a version (a check depends on their condition). */
export function relevantOptions(cap: Capability, version: string): OptionName[] {
  return OPTION_NAMES.filter((option) => {
    const condition = conditionOf(option);
    return capabilityOperations(cap, version).some((id) =>
      requiredChecks(operation(id), version, { [condition]: true }).some((c) => c.when?.includes(condition)),
    );
  });
}

/** Options that may change anything for the capability at some known version (for the JSON Schema). */
export function possibleOptions(cap: Capability): OptionName[] {
  return OPTION_NAMES.filter((option) =>
    cap.operations.some((id) => operation(id).checks.some((c) => c.when?.includes(conditionOf(option)))),
  );
}

/** Names a check may be narrowed to: the names of an option whose condition the check depends on. */
function namesFor(check: Check, options: CapabilityOptions): readonly string[] | undefined {
  if (check.mechanism !== 'caller' || !check.named) return undefined;
  for (const option of NAME_OPTIONS) {
    const names = options[option] as readonly string[] | undefined;
    if (names && names.length > 0 && check.when?.includes(conditionOf(option))) return names;
  }
  return undefined;
}

/**
 * The rules a capability needs at an exact release: every check Argo makes for its operations, for the
 * typical request and for each condition an option turns on. A caller check that names its object is
 * narrowed to the option's names (resourceNames); an access review never is (it carries no name).
 */
export function capabilityRules(
  cap: Capability,
  version: string,
  options: CapabilityOptions = {},
): RuleSpec[] {
  const key = `${cap.name}\u0000${version}\u0000${JSON.stringify(options)}`;
  let rules = derived.get(key);
  if (!rules) {
    rules = deriveRules(cap, version, options);
    derived.set(key, rules);
  }
  return rules;
}

/** Rules derived so far: a clients file asks for the same few capabilities over and over. */
const derived = new Map<string, RuleSpec[]>();

function deriveRules(cap: Capability, version: string, options: CapabilityOptions): RuleSpec[] {
  const on = OPTION_NAMES.filter((o) => {
    const v = options[o];
    return Array.isArray(v) ? v.length > 0 : v === true;
  }).map(conditionOf);
  const scenarios = [{}, ...on.map((c) => ({ [c]: true }))];
  const rules: RuleSpec[] = [];
  for (const id of capabilityOperations(cap, version)) {
    const op = operation(id);
    for (const scenario of scenarios) {
      for (const check of requiredChecks(op, version, scenario)) {
        const names = namesFor(check, options);
        rules.push({
          apiGroup: apiGroupOf(check.resource),
          resources: [check.resource],
          verbs: [check.verb],
          ...(names ? { resourceNames: names } : {}),
        });
      }
    }
  }
  return rules;
}
