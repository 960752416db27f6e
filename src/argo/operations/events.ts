// What Argo Server checks for its events endpoints, per version, with the evidence in Argo's source.
// Read each cited function at its tag: git show <tag>:<file> in a clone of argoproj/argo-workflows.

import { ev, type Operation } from '../facts';

export const EVENTS_OPERATIONS: readonly Operation[] = [
  {
    id: 'submit-event',
    area: 'events',
    rpc: 'EventService.ReceiveEvent',
    method: 'POST',
    path: '/api/v1/events/{namespace}/{discriminator}',
    summary:
      'send an event to the webhook endpoint (matching workflow event bindings submit from their template)',
    given: { 'references-template': true },
    checks: [
      {
        verb: 'list',
        resource: 'workfloweventbindings',
        mechanism: 'caller',
        evidence: [
          ev(
            'v3.5.15',
            'server/event/event_server.go',
            '(*Controller).ReceiveEvent',
            'list, err := auth.GetWfClient(ctx).ArgoprojV1alpha1().WorkflowEventBindings(req.Namespace).List(ctx, options)',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'workflowtemplates',
        mechanism: 'caller',
        named: true,
        when: ['binding-matches', 'references-template'],
        evidence: [
          ev(
            'v3.5.15',
            'server/event/dispatch/operation.go',
            '(*Operation).dispatch',
            'client := auth.GetWfClient(o.ctx)',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'clusterworkflowtemplates',
        mechanism: 'caller',
        named: true,
        when: ['binding-matches', 'references-cluster-template'],
        evidence: [
          ev(
            'v3.5.15',
            'server/event/dispatch/operation.go',
            '(*Operation).dispatch',
            'tmpl, err = client.ArgoprojV1alpha1().ClusterWorkflowTemplates().Get(ctx, ref.Name, metav1.GetOptions{})',
          ),
        ],
      },
      {
        verb: 'create',
        resource: 'workflows',
        mechanism: 'caller',
        when: ['binding-matches'],
        evidence: [
          ev(
            'v3.5.15',
            'server/event/dispatch/operation.go',
            '(*Operation).dispatch',
            'wf, err = client.ArgoprojV1alpha1().Workflows(wfeb.Namespace).Create(ctx, wf, metav1.CreateOptions{})',
          ),
        ],
      },
    ],
    server: [
      {
        what: "on a per-binding dispatch failure a Warning Event 'WorkflowEventBindingError' is recorded against the WorkflowEventBinding with the server's kube client (events.NewEventRecorderManager(as.clients.Kubernetes))",
        evidence: [
          ev(
            'v3.5.15',
            'server/event/dispatch/operation.go',
            '(*Operation).Dispatch',
            'o.eventRecorder.Event(&event, corev1.EventTypeWarning, "WorkflowEventBindingError", "failed to dispatch event: "+err.Error())',
          ),
          ev(
            'v3.5.15',
            'server/apiserver/argoserver.go',
            '(*argoServer).Run',
            'eventRecorderManager := events.NewEventRecorderManager(as.clients.Kubernetes)',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: "Bindings are listed with the CALLER's client (no informer, no server client); every binding whose selector matches and has spec.submit triggers, with the caller's client captured in the request context (auth.GetWfClient(o.ctx)): a named GET of spec.submit.workflowTemplateRef (WorkflowTemplate in the binding/request namespace, or ClusterWorkflowTemplate if clusterScope) and a CREATE of a Workflow (workflowTemplateRef-based, labelled with creator and workflow-event-binding; no server-side validation of the Workflow). Denial of the binding list -> 403. Denial during dispatch: errors are joined with fmt.Errorf(\"failed to dispatch event: %v\", errs) (the Kubernetes status is lost) -> with the default --event-async-dispatch=false the request returns 500; with --event-async-dispatch=true the request returns 200 immediately (or 429 if the queue is full) and failures only appear as Kubernetes Events/logs. In async mode 4.0.0+ dispatches with the request context (operation.Context()), which gRPC cancels when the handler returns - async dispatch may fail with 'context canceled' (inference, not tested). The webhook interceptor (server/auth/webhook/interceptor.go) only acts when NO Authorization header is present (it then reads the argo-workflows-webhook-clients Secret, the ServiceAccount and its token Secret with the server's client and impersonates that SA); with a bearer token it is skipped.",
  },
  {
    id: 'list-workflow-event-bindings',
    area: 'events',
    rpc: 'EventService.ListWorkflowEventBindings',
    method: 'GET',
    path: '/api/v1/workflow-event-bindings/{namespace}',
    summary: 'list workflow event bindings',
    checks: [
      {
        verb: 'list',
        resource: 'workfloweventbindings',
        mechanism: 'caller',
        evidence: [
          ev(
            'v3.5.15',
            'server/event/event_server.go',
            '(*Controller).ListWorkflowEventBindings',
            'eventBindings, err := auth.GetWfClient(ctx).ArgoprojV1alpha1().WorkflowEventBindings(in.Namespace).List(ctx, listOptions)',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
  },
];
