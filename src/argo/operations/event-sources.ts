// What Argo Server checks for its event sources endpoints, per version, with the evidence in Argo's source.
// Read each cited function at its tag: git show <tag>:<file> in a clone of argoproj/argo-workflows.

import { ev, type Operation } from '../facts';

export const EVENT_SOURCES_OPERATIONS: readonly Operation[] = [
  {
    id: 'list-event-sources',
    area: 'event sources',
    rpc: 'EventSourceService.ListEventSources',
    method: 'GET',
    path: '/api/v1/event-sources/{namespace}',
    summary: 'list event sources',
    checks: [
      {
        verb: 'list',
        resource: 'eventsources',
        mechanism: 'caller',
        evidence: [
          ev(
            'v3.5.15',
            'server/eventsource/event_source_server.go',
            '(*eventSourceServer).ListEventSources',
            'list, err := client.ArgoprojV1alpha1().EventSources(in.Namespace).List(ctx, metav1.ListOptions{})',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: "Argo Events CRD (argoproj.io/eventsources) via the caller's argo-events clientset (auth.GetEventSourceClient/GetSensorClient up to 3.6.5, auth.GetEventsClient from 3.6.6 after the argo-events bump; same group/resource). ",
  },
  {
    id: 'create-event-source',
    area: 'event sources',
    rpc: 'EventSourceService.CreateEventSource',
    method: 'POST',
    path: '/api/v1/event-sources/{namespace}',
    summary: 'create a event source',
    checks: [
      {
        verb: 'create',
        resource: 'eventsources',
        mechanism: 'caller',
        evidence: [
          ev(
            'v3.5.15',
            'server/eventsource/event_source_server.go',
            '(*eventSourceServer).CreateEventSource',
            'es, err := client.ArgoprojV1alpha1().EventSources(in.Namespace).Create(ctx, in.EventSource, metav1.CreateOptions{})',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: "Argo Events CRD (argoproj.io/eventsources) via the caller's argo-events clientset (auth.GetEventSourceClient/GetSensorClient up to 3.6.5, auth.GetEventsClient from 3.6.6 after the argo-events bump; same group/resource). ",
  },
  {
    id: 'get-event-source',
    area: 'event sources',
    rpc: 'EventSourceService.GetEventSource',
    method: 'GET',
    path: '/api/v1/event-sources/{namespace}/{name}',
    summary: 'get a event source',
    checks: [
      {
        verb: 'get',
        resource: 'eventsources',
        mechanism: 'caller',
        named: true,
        evidence: [
          ev(
            'v3.5.15',
            'server/eventsource/event_source_server.go',
            '(*eventSourceServer).GetEventSource',
            'es, err := client.ArgoprojV1alpha1().EventSources(in.Namespace).Get(ctx, in.Name, metav1.GetOptions{})',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: "Argo Events CRD (argoproj.io/eventsources) via the caller's argo-events clientset (auth.GetEventSourceClient/GetSensorClient up to 3.6.5, auth.GetEventsClient from 3.6.6 after the argo-events bump; same group/resource). ",
  },
  {
    id: 'update-event-source',
    area: 'event sources',
    rpc: 'EventSourceService.UpdateEventSource',
    method: 'PUT',
    path: '/api/v1/event-sources/{namespace}/{name}',
    summary: 'update a event source',
    checks: [
      {
        verb: 'update',
        resource: 'eventsources',
        mechanism: 'caller',
        named: true,
        evidence: [
          ev(
            'v3.5.15',
            'server/eventsource/event_source_server.go',
            '(*eventSourceServer).UpdateEventSource',
            'es, err := client.ArgoprojV1alpha1().EventSources(in.Namespace).Update(ctx, in.EventSource, metav1.UpdateOptions{})',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: "Argo Events CRD (argoproj.io/eventsources) via the caller's argo-events clientset (auth.GetEventSourceClient/GetSensorClient up to 3.6.5, auth.GetEventsClient from 3.6.6 after the argo-events bump; same group/resource). ",
  },
  {
    id: 'delete-event-source',
    area: 'event sources',
    rpc: 'EventSourceService.DeleteEventSource',
    method: 'DELETE',
    path: '/api/v1/event-sources/{namespace}/{name}',
    summary: 'delete a event source',
    checks: [
      {
        verb: 'delete',
        resource: 'eventsources',
        mechanism: 'caller',
        named: true,
        evidence: [
          ev(
            'v3.5.15',
            'server/eventsource/event_source_server.go',
            '(*eventSourceServer).DeleteEventSource',
            'err := client.ArgoprojV1alpha1().EventSources(in.Namespace).Delete(ctx, in.Name, metav1.DeleteOptions{})',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: "Argo Events CRD (argoproj.io/eventsources) via the caller's argo-events clientset (auth.GetEventSourceClient/GetSensorClient up to 3.6.5, auth.GetEventsClient from 3.6.6 after the argo-events bump; same group/resource). ",
  },
  {
    id: 'watch-event-sources',
    area: 'event sources',
    rpc: 'EventSourceService.WatchEventSources',
    method: 'GET',
    path: '/api/v1/stream/event-sources/{namespace}',
    summary: 'watch event sources',
    checks: [
      {
        verb: 'watch',
        resource: 'eventsources',
        mechanism: 'caller',
        evidence: [
          ev(
            'v3.5.15',
            'server/eventsource/event_source_server.go',
            '(*eventSourceServer).WatchEventSources',
            'eventSourceInterface := auth.GetEventSourceClient(ctx).ArgoprojV1alpha1().EventSources(in.Namespace)',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: 'Server-streaming; the watch is opened before any message, so a denial comes back as HTTP 403 with a grpc-gateway error chunk. When the watch channel closes the stream ends with ResourceExhausted (EOF) in-stream.',
  },
  {
    id: 'event-source-logs',
    area: 'event sources',
    rpc: 'EventSourceService.EventSourcesLogs',
    method: 'GET',
    path: '/api/v1/stream/event-sources/{namespace}/logs',
    summary: 'stream the logs of event sources',
    checks: [
      {
        verb: 'list',
        resource: 'pods',
        mechanism: 'caller',
        evidence: [
          ev(
            'v3.5.15',
            'server/eventsource/event_source_server.go',
            '(*eventSourceServer).EventSourcesLogs',
            'auth.GetKubeClient(ctx),',
          ),
          ev(
            'v3.5.15',
            'util/logs/pods-logger.go',
            'LogPods',
            'list, err := podInterface.List(ctx, metav1.ListOptions{LabelSelector: labelSelector})',
          ),
        ],
      },
      {
        verb: 'watch',
        resource: 'pods',
        mechanism: 'caller',
        evidence: [
          ev(
            'v3.5.15',
            'util/logs/pods-logger.go',
            'LogPods',
            'watcher, err := podInterface.Watch(ctx, metav1.ListOptions{LabelSelector: labelSelector})',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'pods/log',
        mechanism: 'caller',
        named: true,
        when: ['pod-running'],
        evidence: [
          ev(
            'v3.5.15',
            'util/logs/pods-logger.go',
            'LogPods',
            'stream, err := coreV1.Pods(pod.Namespace).GetLogs(pod.Name, podLogOptions).Stream(ctx)',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: "Server-streaming. util/logs.LogPods with the caller's kube client: LIST pods by label selector ('eventsource-name' or 'eventsource-name=<name>'), stream each pod's log (GET pods/log by pod name), then WATCH pods with the same selector and stream new pods. A LIST/WATCH denial is returned from the handler: before any message grpc-gateway v1 writes the mapped HTTP status (403) with an error chunk; after messages were sent it arrives in-stream. A pods/log denial is only logged server-side ('streaming pod logs' error) - the client just gets no lines for that pod (stream stays 200). No check on the eventsources/sensors resource itself.",
  },
];
