// What Argo Server checks for its sync limits endpoints, per version, with the evidence in Argo's source.
// Read each cited function at its tag: git show <tag>:<file> in a clone of argoproj/argo-workflows.

import { ev, type Operation } from '../facts';

export const SYNC_LIMITS_OPERATIONS: readonly Operation[] = [
  {
    id: 'create-sync-limit',
    area: 'sync limits',
    rpc: 'SyncService.CreateSyncLimit',
    method: 'POST',
    path: '/api/v1/sync/{namespace}',
    summary: 'create a synchronization (semaphore) limit',
    argo: [{ since: '4.0.0' }],
    checks: [
      {
        verb: 'get',
        resource: 'configmaps',
        mechanism: 'caller',
        named: true,
        when: ['sync-configmap', 'configmap-exists'],
        argo: [{ since: '4.0.0' }],
        evidence: [
          ev(
            'v4.0.5',
            'server/sync/sync_cm.go',
            '(*configMapSyncProvider).createSyncLimit',
            'cm, err := configmapGetter.Get(ctx, req.CmName, metav1.GetOptions{})',
          ),
          ev(
            'v4.0.5',
            'server/sync/sync_cm.go',
            '(*configMapSyncProvider).handleUpdateSyncLimit',
            'cm, err := configmapGetter.Get(ctx, req.CmName, metav1.GetOptions{})',
          ),
        ],
      },
      {
        verb: 'create',
        resource: 'configmaps',
        mechanism: 'caller',
        when: ['sync-configmap', 'configmap-missing'],
        argo: [{ since: '4.0.0' }],
        evidence: [
          ev(
            'v4.0.5',
            'server/sync/sync_cm.go',
            '(*configMapSyncProvider).createSyncLimit',
            'cm, err = configmapGetter.Create(ctx, cm, metav1.CreateOptions{})',
          ),
        ],
      },
      {
        verb: 'update',
        resource: 'configmaps',
        mechanism: 'caller',
        named: true,
        when: ['sync-configmap', 'configmap-exists'],
        argo: [{ since: '4.0.0' }],
        evidence: [
          ev(
            'v4.0.5',
            'server/sync/sync_cm.go',
            '(*configMapSyncProvider).handleUpdateSyncLimit',
            'cm, err = configmapGetter.Update(ctx, cm, metav1.UpdateOptions{})',
          ),
        ],
      },
      {
        verb: 'create',
        resource: 'workflows',
        mechanism: 'ssar',
        when: ['sync-database'],
        argo: [{ since: '4.0.0' }],
        evidence: [
          ev(
            'v4.0.5',
            'server/sync/sync_db.go',
            '(*dbSyncProvider).createSyncLimit',
            'allowed, err := auth.CanI(ctx, "create", workflow.WorkflowPlural, req.Namespace, "")',
          ),
          ev('v4.1.2', 'util/auth/auth.go', 'CanIArgo', '"argoproj.io",'),
        ],
      },
      {
        verb: 'create',
        resource: 'configmaps',
        mechanism: 'ssar',
        when: ['sync-configmap'],
        argo: [{ since: '4.0.5' }],
        evidence: [
          ev(
            'v4.0.5',
            'server/sync/sync_cm.go',
            '(*configMapSyncProvider).createSyncLimit',
            'if err := checkConfigMapPermission(ctx, "create", req.Namespace); err != nil {',
          ),
          ev(
            'v4.0.5',
            'server/sync/sync_cm.go',
            'checkConfigMapPermission',
            'allowed, err := authutil.CanI(ctx, kubeClient, []string{verb}, "", namespace, "configmaps")',
          ),
        ],
      },
    ],
    server: [
      {
        what: "type DATABASE: the limit row is read/written in the sync database through the server's own DB session (created at startup from config.Synchronization with the server's kube client for the DB credentials Secret)",
        argo: [{ since: '4.0.0' }],
        evidence: [
          ev(
            'v4.0.5',
            'server/sync/sync_db.go',
            '(*dbSyncProvider).createSyncLimit',
            'err = s.db.CreateSemaphoreLimit(ctx, name, int(req.Limit))',
          ),
          ev(
            'v4.0.5',
            'server/sync/sync_server.go',
            'NewSyncServer',
            'session := syncdb.DBSessionFromConfig(ctx, kubectlConfig, namespace, syncConfig)',
          ),
        ],
      },
    ],
    denials: [{ status: '403', argo: [{ since: '4.0.0' }] }],
    note: "From 4.0.5 (and all 4.1.x) each configmap operation first makes an SSAR (util/auth.CanI, group \"\", resource configmaps, namespace only, NO name) in addition to the caller's named calls. DATABASE provider unchanged: SSAR on argoproj.io workflows then the server's DB. SSAR is for 'create' only, yet the existing-ConfigMap path still needs caller get+update (named).",
  },
  {
    id: 'get-sync-limit',
    area: 'sync limits',
    rpc: 'SyncService.GetSyncLimit',
    method: 'GET',
    path: '/api/v1/sync/{namespace}/{key}',
    summary: 'get a synchronization limit',
    argo: [{ since: '4.0.0' }],
    checks: [
      {
        verb: 'get',
        resource: 'configmaps',
        mechanism: 'caller',
        named: true,
        when: ['sync-configmap'],
        argo: [{ since: '4.0.0' }],
        evidence: [
          ev(
            'v4.0.5',
            'server/sync/sync_cm.go',
            '(*configMapSyncProvider).getSyncLimit',
            'cm, err := configmapGetter.Get(ctx, req.CmName, metav1.GetOptions{})',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'ssar',
        when: ['sync-database'],
        argo: [{ since: '4.0.0' }],
        evidence: [
          ev(
            'v4.0.5',
            'server/sync/sync_db.go',
            '(*dbSyncProvider).getSyncLimit',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, req.Namespace, "")',
          ),
          ev('v4.1.2', 'util/auth/auth.go', 'CanIArgo', '"argoproj.io",'),
        ],
      },
      {
        verb: 'get',
        resource: 'configmaps',
        mechanism: 'ssar',
        when: ['sync-configmap'],
        argo: [{ since: '4.0.5' }],
        evidence: [
          ev(
            'v4.0.5',
            'server/sync/sync_cm.go',
            '(*configMapSyncProvider).getSyncLimit',
            'if err := checkConfigMapPermission(ctx, "get", req.Namespace); err != nil {',
          ),
          ev(
            'v4.0.5',
            'server/sync/sync_cm.go',
            'checkConfigMapPermission',
            'allowed, err := authutil.CanI(ctx, kubeClient, []string{verb}, "", namespace, "configmaps")',
          ),
        ],
      },
    ],
    server: [
      {
        what: "type DATABASE: the limit row is read/written in the sync database through the server's own DB session (created at startup from config.Synchronization with the server's kube client for the DB credentials Secret)",
        argo: [{ since: '4.0.0' }],
        evidence: [
          ev(
            'v4.0.5',
            'server/sync/sync_db.go',
            '(*dbSyncProvider).getSyncLimit',
            'limit, err := s.db.GetSemaphoreLimit(ctx, name)',
          ),
          ev(
            'v4.0.5',
            'server/sync/sync_server.go',
            'NewSyncServer',
            'session := syncdb.DBSessionFromConfig(ctx, kubectlConfig, namespace, syncConfig)',
          ),
        ],
      },
    ],
    denials: [{ status: '403', argo: [{ since: '4.0.0' }] }],
    note: 'From 4.0.5 (and all 4.1.x) each configmap operation first makes an SSAR (util/auth.CanI, group "", resource configmaps, namespace only, NO name) in addition to the caller\'s named calls. DATABASE provider unchanged: SSAR on argoproj.io workflows then the server\'s DB.',
  },
  {
    id: 'update-sync-limit',
    area: 'sync limits',
    rpc: 'SyncService.UpdateSyncLimit',
    method: 'PUT',
    path: '/api/v1/sync/{namespace}/{key}',
    summary: 'update a synchronization limit',
    argo: [{ since: '4.0.0' }],
    checks: [
      {
        verb: 'get',
        resource: 'configmaps',
        mechanism: 'caller',
        named: true,
        when: ['sync-configmap'],
        argo: [{ since: '4.0.0' }],
        evidence: [
          ev(
            'v4.0.5',
            'server/sync/sync_cm.go',
            '(*configMapSyncProvider).handleUpdateSyncLimit',
            'cm, err := configmapGetter.Get(ctx, req.CmName, metav1.GetOptions{})',
          ),
          ev(
            'v4.0.5',
            'server/sync/sync_cm.go',
            '(*configMapSyncProvider).updateSyncLimit',
            'return s.handleUpdateSyncLimit(ctx, req, true)',
          ),
        ],
      },
      {
        verb: 'update',
        resource: 'configmaps',
        mechanism: 'caller',
        named: true,
        when: ['sync-configmap'],
        argo: [{ since: '4.0.0' }],
        evidence: [
          ev(
            'v4.0.5',
            'server/sync/sync_cm.go',
            '(*configMapSyncProvider).handleUpdateSyncLimit',
            'cm, err = configmapGetter.Update(ctx, cm, metav1.UpdateOptions{})',
          ),
        ],
      },
      {
        verb: 'update',
        resource: 'workflows',
        mechanism: 'ssar',
        when: ['sync-database'],
        argo: [{ since: '4.0.0' }],
        evidence: [
          ev(
            'v4.0.5',
            'server/sync/sync_db.go',
            '(*dbSyncProvider).updateSyncLimit',
            'allowed, err := auth.CanI(ctx, "update", workflow.WorkflowPlural, req.Namespace, "")',
          ),
          ev('v4.1.2', 'util/auth/auth.go', 'CanIArgo', '"argoproj.io",'),
        ],
      },
      {
        verb: 'update',
        resource: 'configmaps',
        mechanism: 'ssar',
        when: ['sync-configmap'],
        argo: [{ since: '4.0.5' }],
        evidence: [
          ev(
            'v4.0.5',
            'server/sync/sync_cm.go',
            '(*configMapSyncProvider).updateSyncLimit',
            'if err := checkConfigMapPermission(ctx, "update", req.Namespace); err != nil {',
          ),
          ev(
            'v4.0.5',
            'server/sync/sync_cm.go',
            'checkConfigMapPermission',
            'allowed, err := authutil.CanI(ctx, kubeClient, []string{verb}, "", namespace, "configmaps")',
          ),
        ],
      },
    ],
    server: [
      {
        what: "type DATABASE: the limit row is read/written in the sync database through the server's own DB session (created at startup from config.Synchronization with the server's kube client for the DB credentials Secret)",
        argo: [{ since: '4.0.0' }],
        evidence: [
          ev(
            'v4.0.5',
            'server/sync/sync_db.go',
            '(*dbSyncProvider).updateSyncLimit',
            'err = s.db.UpdateSemaphoreLimit(ctx, name, int(req.Limit))',
          ),
          ev(
            'v4.0.5',
            'server/sync/sync_server.go',
            'NewSyncServer',
            'session := syncdb.DBSessionFromConfig(ctx, kubectlConfig, namespace, syncConfig)',
          ),
        ],
      },
    ],
    denials: [{ status: '403', argo: [{ since: '4.0.0' }] }],
    note: 'From 4.0.5 (and all 4.1.x) each configmap operation first makes an SSAR (util/auth.CanI, group "", resource configmaps, namespace only, NO name) in addition to the caller\'s named calls. DATABASE provider unchanged: SSAR on argoproj.io workflows then the server\'s DB.',
  },
  {
    id: 'delete-sync-limit',
    area: 'sync limits',
    rpc: 'SyncService.DeleteSyncLimit',
    method: 'DELETE',
    path: '/api/v1/sync/{namespace}/{key}',
    summary: 'delete a synchronization limit',
    argo: [{ since: '4.0.0' }],
    checks: [
      {
        verb: 'get',
        resource: 'configmaps',
        mechanism: 'caller',
        named: true,
        when: ['sync-configmap'],
        argo: [{ since: '4.0.0' }],
        evidence: [
          ev(
            'v4.0.5',
            'server/sync/sync_cm.go',
            '(*configMapSyncProvider).deleteSyncLimit',
            'cm, err := configmapGetter.Get(ctx, req.CmName, metav1.GetOptions{})',
          ),
        ],
      },
      {
        verb: 'update',
        resource: 'configmaps',
        mechanism: 'caller',
        named: true,
        when: ['sync-configmap'],
        argo: [{ since: '4.0.0' }],
        evidence: [
          ev(
            'v4.0.5',
            'server/sync/sync_cm.go',
            '(*configMapSyncProvider).deleteSyncLimit',
            '_, err = configmapGetter.Update(ctx, cm, metav1.UpdateOptions{})',
          ),
        ],
      },
      {
        verb: 'delete',
        resource: 'workflows',
        mechanism: 'ssar',
        when: ['sync-database'],
        argo: [{ since: '4.0.0' }],
        evidence: [
          ev(
            'v4.0.5',
            'server/sync/sync_db.go',
            '(*dbSyncProvider).deleteSyncLimit',
            'allowed, err := auth.CanI(ctx, "delete", workflow.WorkflowPlural, req.Namespace, "")',
          ),
          ev('v4.1.2', 'util/auth/auth.go', 'CanIArgo', '"argoproj.io",'),
        ],
      },
      {
        verb: 'update',
        resource: 'configmaps',
        mechanism: 'ssar',
        when: ['sync-configmap'],
        argo: [{ since: '4.0.5' }],
        evidence: [
          ev(
            'v4.0.5',
            'server/sync/sync_cm.go',
            '(*configMapSyncProvider).deleteSyncLimit',
            'if err := checkConfigMapPermission(ctx, "update", req.Namespace); err != nil {',
          ),
          ev(
            'v4.0.5',
            'server/sync/sync_cm.go',
            'checkConfigMapPermission',
            'allowed, err := authutil.CanI(ctx, kubeClient, []string{verb}, "", namespace, "configmaps")',
          ),
        ],
      },
    ],
    server: [
      {
        what: "type DATABASE: the limit row is read/written in the sync database through the server's own DB session (created at startup from config.Synchronization with the server's kube client for the DB credentials Secret)",
        argo: [{ since: '4.0.0' }],
        evidence: [
          ev(
            'v4.0.5',
            'server/sync/sync_db.go',
            '(*dbSyncProvider).deleteSyncLimit',
            'err = s.db.DeleteSemaphoreLimit(ctx, name)',
          ),
          ev(
            'v4.0.5',
            'server/sync/sync_server.go',
            'NewSyncServer',
            'session := syncdb.DBSessionFromConfig(ctx, kubectlConfig, namespace, syncConfig)',
          ),
        ],
      },
    ],
    denials: [{ status: '403', argo: [{ since: '4.0.0' }] }],
    note: "From 4.0.5 (and all 4.1.x) each configmap operation first makes an SSAR (util/auth.CanI, group \"\", resource configmaps, namespace only, NO name) in addition to the caller's named calls. DATABASE provider unchanged: SSAR on argoproj.io workflows then the server's DB. CONFIGMAP delete's SSAR uses verb 'update' (not delete); DATABASE delete's SSAR uses verb 'delete' on workflows.",
  },
];
