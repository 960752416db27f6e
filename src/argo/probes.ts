// How `verify` can prove, without changing anything, whether Argo Server lets a token make a call:
// derived from the catalogue's operations and checks, with Argo's source for each way.
//   http        a read that changes nothing: a list (200 and a list, or 403)
//   watch       a stream opened and closed: a denial comes at once (403 or an error frame)
//   named-read  a read of an object that does not exist: 404 after the check passed, 403 if not
//   dry-run     a create with Argo's server dry run: Kubernetes authorizes it like a create, stores nothing
//   ssar        everything else (updates, deletes, retries, submits…): a SelfSubjectAccessReview with
//               the client's own token for exactly the checks the catalogue says Argo makes
//   none        Argo checks nothing for it: any token passes, so nothing can be proven

import { checksNothing, requiredChecks } from './catalogue';
import { type Evidence, ev, type Operation } from './facts';

export type ProbeKind = 'http' | 'watch' | 'named-read' | 'dry-run' | 'ssar' | 'none';

/** Why a probe proves what it proves, in Argo's source. */
export const PROBE_EVIDENCE: Readonly<Record<Exclude<ProbeKind, 'ssar' | 'none'>, readonly Evidence[]>> = {
  http: [
    ev(
      'v4.1.2',
      'server/utils/errors.go',
      '(var)',
      'http.StatusForbidden:           codes.PermissionDenied,',
    ),
  ],
  watch: [
    ev(
      'v4.1.2',
      'server/workflow/workflow_server.go',
      '(*workflowServer).WatchWorkflows',
      'watch, err := wfIf.Watch(ctx, *opts)',
    ),
    ev(
      'v3.5.0',
      'server/workflow/workflow_server.go',
      '(*workflowServer).WatchWorkflows',
      'err = ws.SendHeader(metadata.MD{})',
    ),
  ],
  'named-read': [
    ev('v4.1.2', 'server/utils/errors.go', '(var)', 'http.StatusNotFound:            codes.NotFound,'),
  ],
  'dry-run': [
    ev(
      'v3.5.0',
      'server/workflow/workflow_server.go',
      '(*workflowServer).CreateWorkflow',
      'if req.ServerDryRun {',
    ),
    ev(
      'v4.1.2',
      'server/workflow/workflow_server.go',
      '(*workflowServer).CreateWorkflow',
      'if req.ServerDryRun {',
    ),
    ev('v4.1.2', 'workflow/util/util.go', 'CreateServerDryRun', 'Param("dryRun", "All").'),
  ],
};

/** Operations a create with `serverDryRun: true` proves (Argo passes no dry run for the other kinds' creates). */
const DRY_RUN_OPERATIONS = new Set(['create-workflow']);

/** Streams whose first answer is the check (a watch with the caller's client), not a log read. */
const WATCH_PATHS = /^\/api\/v1\/(workflow-events|stream\/(events|event-sources|sensors))\/\{namespace\}$/;

/** The parameters of a path other than `{namespace}`. */
const otherParams = (path: string) =>
  [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).filter((p) => p !== 'namespace');

/** How verify proves an operation at an Argo release. */
export function probeFor(op: Operation, version: string): ProbeKind {
  if (checksNothing(op, version)) return 'none';
  if (DRY_RUN_OPERATIONS.has(op.id)) return 'dry-run';
  if (op.method !== 'GET' || op.variant !== undefined) return 'ssar';
  const params = otherParams(op.path);
  if (WATCH_PATHS.test(op.path)) return 'watch';
  if (params.length === 0 && !/\/(stream|log)\b/.test(op.path)) return 'http';
  const checks = requiredChecks(op, version);
  if (
    params.length === 1 &&
    op.path.endsWith('/{name}') &&
    checks.length > 0 &&
    checks.every((c) => c.verb === 'get' && !c.resource.includes('/'))
  ) {
    return 'named-read';
  }
  return 'ssar';
}

/** A workflow that is valid for Argo's validation and references nothing: what the dry run creates (and does not store). */
export function dryRunWorkflow(namespace: string): unknown {
  return {
    namespace,
    serverDryRun: true,
    workflow: {
      metadata: { generateName: 'argo-token-verify-', namespace },
      spec: {
        entrypoint: 'main',
        templates: [{ name: 'main', container: { image: 'busybox', command: ['true'] } }],
      },
    },
  };
}
