// What Argo Server checks for its sensors endpoints, per version, with the evidence in Argo's source.
// Read each cited function at its tag: git show <tag>:<file> in a clone of argoproj/argo-workflows.

import { ev, type Operation } from '../facts';

export const SENSORS_OPERATIONS: readonly Operation[] = [
  {
    id: 'list-sensors',
    area: 'sensors',
    rpc: 'SensorService.ListSensors',
    method: 'GET',
    path: '/api/v1/sensors/{namespace}',
    summary: 'list sensors',
    checks: [
      {
        verb: 'list',
        resource: 'sensors',
        mechanism: 'caller',
        evidence: [
          ev(
            'v3.5.15',
            'server/sensor/sensor_server.go',
            '(*sensorServer).ListSensors',
            'list, err := client.ArgoprojV1alpha1().Sensors(in.Namespace).List(ctx, metav1.ListOptions{})',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: "Argo Events CRD (argoproj.io/sensors) via the caller's argo-events clientset (auth.GetEventSourceClient/GetSensorClient up to 3.6.5, auth.GetEventsClient from 3.6.6 after the argo-events bump; same group/resource). ",
  },
  {
    id: 'create-sensor',
    area: 'sensors',
    rpc: 'SensorService.CreateSensor',
    method: 'POST',
    path: '/api/v1/sensors/{namespace}',
    summary: 'create a sensor',
    checks: [
      {
        verb: 'create',
        resource: 'sensors',
        mechanism: 'caller',
        evidence: [
          ev(
            'v3.5.15',
            'server/sensor/sensor_server.go',
            '(*sensorServer).CreateSensor',
            'sensor, err := client.ArgoprojV1alpha1().Sensors(in.Namespace).Create(ctx, in.Sensor, metav1.CreateOptions{})',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: "Argo Events CRD (argoproj.io/sensors) via the caller's argo-events clientset (auth.GetEventSourceClient/GetSensorClient up to 3.6.5, auth.GetEventsClient from 3.6.6 after the argo-events bump; same group/resource). ",
  },
  {
    id: 'get-sensor',
    area: 'sensors',
    rpc: 'SensorService.GetSensor',
    method: 'GET',
    path: '/api/v1/sensors/{namespace}/{name}',
    summary: 'get a sensor',
    checks: [
      {
        verb: 'get',
        resource: 'sensors',
        mechanism: 'caller',
        named: true,
        evidence: [
          ev(
            'v3.5.15',
            'server/sensor/sensor_server.go',
            '(*sensorServer).GetSensor',
            'sensor, err := client.ArgoprojV1alpha1().Sensors(in.Namespace).Get(ctx, in.Name, metav1.GetOptions{})',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: "Argo Events CRD (argoproj.io/sensors) via the caller's argo-events clientset (auth.GetEventSourceClient/GetSensorClient up to 3.6.5, auth.GetEventsClient from 3.6.6 after the argo-events bump; same group/resource). ",
  },
  {
    id: 'update-sensor',
    area: 'sensors',
    rpc: 'SensorService.UpdateSensor',
    method: 'PUT',
    path: '/api/v1/sensors/{namespace}/{name}',
    summary: 'update a sensor',
    checks: [
      {
        verb: 'update',
        resource: 'sensors',
        mechanism: 'caller',
        named: true,
        evidence: [
          ev(
            'v3.5.15',
            'server/sensor/sensor_server.go',
            '(*sensorServer).UpdateSensor',
            'sensor, err := client.ArgoprojV1alpha1().Sensors(in.Namespace).Update(ctx, in.Sensor, metav1.UpdateOptions{})',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: "Argo Events CRD (argoproj.io/sensors) via the caller's argo-events clientset (auth.GetEventSourceClient/GetSensorClient up to 3.6.5, auth.GetEventsClient from 3.6.6 after the argo-events bump; same group/resource). ",
  },
  {
    id: 'delete-sensor',
    area: 'sensors',
    rpc: 'SensorService.DeleteSensor',
    method: 'DELETE',
    path: '/api/v1/sensors/{namespace}/{name}',
    summary: 'delete a sensor',
    checks: [
      {
        verb: 'delete',
        resource: 'sensors',
        mechanism: 'caller',
        named: true,
        evidence: [
          ev(
            'v3.5.15',
            'server/sensor/sensor_server.go',
            '(*sensorServer).DeleteSensor',
            'if err := client.ArgoprojV1alpha1().Sensors(in.Namespace).Delete(ctx, in.Name, metav1.DeleteOptions{}); err != nil {',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: "Argo Events CRD (argoproj.io/sensors) via the caller's argo-events clientset (auth.GetEventSourceClient/GetSensorClient up to 3.6.5, auth.GetEventsClient from 3.6.6 after the argo-events bump; same group/resource). ",
  },
  {
    id: 'watch-sensors',
    area: 'sensors',
    rpc: 'SensorService.WatchSensors',
    method: 'GET',
    path: '/api/v1/stream/sensors/{namespace}',
    summary: 'watch sensors',
    checks: [
      {
        verb: 'watch',
        resource: 'sensors',
        mechanism: 'caller',
        evidence: [
          ev(
            'v3.5.15',
            'server/sensor/sensor_server.go',
            '(*sensorServer).WatchSensors',
            'eventSourceInterface := auth.GetSensorClient(ctx).ArgoprojV1alpha1().Sensors(in.Namespace)',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: 'Server-streaming; watch denial before first message -> HTTP 403 with error chunk.',
  },
  {
    id: 'sensor-logs',
    area: 'sensors',
    rpc: 'SensorService.SensorsLogs',
    method: 'GET',
    path: '/api/v1/stream/sensors/{namespace}/logs',
    summary: 'stream the logs of sensors',
    checks: [
      {
        verb: 'list',
        resource: 'pods',
        mechanism: 'caller',
        evidence: [
          ev(
            'v3.5.15',
            'server/sensor/sensor_server.go',
            '(*sensorServer).SensorsLogs',
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
    note: "Server-streaming. util/logs.LogPods with the caller's kube client: LIST pods by label selector ('sensor-name' or 'sensor-name=<name>'), stream each pod's log (GET pods/log by pod name), then WATCH pods with the same selector and stream new pods. A LIST/WATCH denial is returned from the handler: before any message grpc-gateway v1 writes the mapped HTTP status (403) with an error chunk; after messages were sent it arrives in-stream. A pods/log denial is only logged server-side ('streaming pod logs' error) - the client just gets no lines for that pod (stream stays 200). No check on the eventsources/sensors resource itself.",
  },
];
