// The shape of a fact about Argo Server: for one HTTP endpoint, every Kubernetes access it makes, how
// (an access review, a call with the caller's token, or the server's own client), when (versions and
// request conditions), how a denial shows, and where in Argo's source a reader can check it.

import type { VersionRange } from './versions';

/** A place in Argo's source: `git show <tag>:<file>` and find `func`; `quote` is one line of it. */
export interface Evidence {
  readonly tag: string;
  readonly file: string;
  readonly func: string;
  readonly quote: string;
}

export const ev = (tag: string, file: string, func: string, quote: string): Evidence => ({
  tag,
  file,
  func,
  quote,
});

/**
 * How Argo Server makes a check:
 * - `ssar`: a SelfSubjectAccessReview through Argo's auth.CanI with the caller's token. The review carries
 *   no object name, so a rule narrowed by `resourceNames` never satisfies it.
 * - `caller`: a real Kubernetes API call made with the caller's token; when it names one object
 *   (`named`), a rule narrowed by `resourceNames` to that object satisfies it.
 */
export type Mechanism = 'ssar' | 'caller';

/** Conditions under which a check is made: request variants and the state of the data. */
export const CONDITIONS = {
  'by-name': { default: true, summary: 'the workflow is named (not the alias @latest)' },
  'latest-alias': {
    default: false,
    summary: 'the workflow name is the alias @latest (Argo lists the namespace to find it)',
  },
  'archive-fallback': {
    default: false,
    summary: 'the workflow is not live (or the live get failed): Argo looks it up in the workflow archive',
  },
  archived: {
    default: true,
    summary: 'the archive holds the requested workflow (else 404 before any check)',
  },
  'not-live': {
    default: true,
    summary: 'no live workflow of that name exists (retrying an archived workflow)',
  },
  'references-template': {
    default: false,
    summary: 'the workflow (or template, cron workflow, event binding) references a WorkflowTemplate',
    option: 'templates',
  },
  'references-cluster-template': {
    default: false,
    summary: 'it references a ClusterWorkflowTemplate',
    option: 'clusterTemplates',
  },
  'artifact-override': {
    default: false,
    summary: 'the submit request overrides artifacts (submitOptions.artifacts)',
  },
  'server-dry-run': {
    default: false,
    summary: 'a server-side dry run (serverDryRun: Kubernetes authorizes it like a create)',
  },
  'no-dry-run': { default: true, summary: 'no dry run: the object is really created' },
  'from-cron': { default: false, summary: 'submitting from a CronWorkflow (resourceKind: CronWorkflow)' },
  force: { default: false, summary: 'force delete (finalizers removed with a patch first)', option: 'force' },
  follow: { default: false, summary: 'following the logs (logOptions.follow=true)' },
  'pod-name': { default: false, summary: 'one pod named (podName)' },
  'no-pod-name': { default: true, summary: 'every pod of the workflow' },
  'pod-running': { default: true, summary: 'a pod has started: its log is read' },
  'retry-pods': { default: true, summary: 'the retry resets failed nodes: their pods are deleted' },
  'node-field-selector': {
    default: false,
    summary: 'a node field selector is given (argo stop/resume --node-field-selector)',
    option: 'nodeFieldSelector',
  },
  'no-node-field-selector': { default: true, summary: 'no node field selector' },
  'changes-something': {
    default: true,
    summary: 'the call changes the workflow (else it returns before writing)',
  },
  'one-workflow': { default: false, summary: 'watching one workflow (fieldSelector metadata.name)' },
  'all-workflows': { default: true, summary: 'watching every workflow of the namespace' },
  'namespace-not-equals': { default: false, summary: 'a metadata.namespace!= field selector (Argo 4.1+)' },
  'binding-matches': {
    default: true,
    summary: 'a WorkflowEventBinding matches the event: a workflow is submitted',
  },
  'sync-configmap': { default: true, summary: 'a ConfigMap sync limit (the default type)' },
  'sync-database': {
    default: false,
    summary: 'a database sync limit (when the server enables the sync API)',
  },
  'configmap-missing': { default: false, summary: 'the sync ConfigMap does not exist yet: it is created' },
  'configmap-exists': { default: true, summary: 'the sync ConfigMap exists: it is read and updated' },
  'credential-secrets': {
    default: false,
    summary: "the artifact's repository names credential Secrets (S3 access keys, GCS key, Git, HTTP auth…)",
    option: 'secrets',
  },
  'hdfs-kerberos-configmap': {
    default: false,
    summary: 'an HDFS artifact with a Kerberos config ConfigMap',
    option: 'configMaps',
  },
  'live-workflow': { default: true, summary: 'a live workflow (idDiscriminator workflows)' },
  'archived-workflow': {
    default: false,
    summary: 'an archived workflow (idDiscriminator archived-workflows)',
  },
} as const satisfies Record<string, { default: boolean; summary: string; option?: string }>;

export type ConditionId = keyof typeof CONDITIONS;

/** One Kubernetes access check Argo Server makes for an operation. */
export interface Check {
  readonly verb: string;
  /** Plural resource, `pods/log` for a subresource; the API group follows from it (resources.ts). */
  readonly resource: string;
  readonly mechanism: Mechanism;
  /** A caller call that names one object: `resourceNames` narrowing works. */
  readonly named?: true;
  /** Made only when every condition holds. */
  readonly when?: readonly ConditionId[];
  /** Versions it is made in (absent: every version the endpoint exists in). */
  readonly argo?: readonly VersionRange[];
  /** How a denial of this check shows, where it differs from the operation's. */
  readonly denial?: string;
  readonly note?: string;
  readonly evidence: readonly Evidence[];
}

/** A Kubernetes or database access made with the Argo Server's own client: the caller needs nothing for it. */
export interface ServerAccess {
  readonly what: string;
  readonly argo?: readonly VersionRange[];
  readonly evidence: readonly Evidence[];
}

/** What a caller lacking a permission gets: an HTTP status, or none when the endpoint checks nothing. */
export type DenialStatus = '400' | '401' | '403' | '404' | '500' | 'none';

export type Area =
  | 'workflows'
  | 'archived workflows'
  | 'workflow templates'
  | 'cluster workflow templates'
  | 'cron workflows'
  | 'events'
  | 'event sources'
  | 'sensors'
  | 'sync limits'
  | 'info'
  | 'artifacts';

/** One Argo Server HTTP endpoint (or one variant of it) and everything it checks. */
export interface Operation {
  readonly id: string;
  readonly area: Area;
  /** Argo's gRPC service and method (the artifact server's HTTP handler for artifacts). */
  readonly rpc: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The path as in Argo's API (swagger.json): `{namespace}`, `{name}`… are filled in by the caller. */
  readonly path: string;
  /** What selects this variant of the endpoint (a query parameter or a body field). */
  readonly variant?: string;
  readonly summary: string;
  /** Versions the endpoint exists in (absent: every supported version). */
  readonly argo?: readonly VersionRange[];
  /** Conditions this variant fixes. */
  readonly given?: Readonly<Partial<Record<ConditionId, boolean>>>;
  readonly checks: readonly Check[];
  readonly server?: readonly ServerAccess[];
  /** How a denial shows, per version. */
  readonly denials: readonly { readonly status: DenialStatus; readonly argo?: readonly VersionRange[] }[];
  /** Where the endpoint is implemented: for one that checks nothing, the proof that it does not. */
  readonly evidence?: readonly Evidence[];
  readonly note?: string;
}
