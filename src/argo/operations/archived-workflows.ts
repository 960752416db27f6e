// What Argo Server checks for its archived workflows endpoints, per version, with the evidence in Argo's source.
// Read each cited function at its tag: git show <tag>:<file> in a clone of argoproj/argo-workflows.

import { ev, type Operation } from '../facts';

export const ARCHIVED_WORKFLOWS_OPERATIONS: readonly Operation[] = [
  {
    id: 'list-archived-workflows',
    area: 'archived workflows',
    rpc: 'ArchivedWorkflowService.ListArchivedWorkflows',
    method: 'GET',
    path: '/api/v1/archived-workflows',
    summary: 'list archived workflows',
    checks: [
      {
        verb: 'list',
        resource: 'workflows',
        mechanism: 'ssar',
        evidence: [
          ev(
            'v4.1.2',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).ListArchivedWorkflows',
            'allowed, err := auth.CanI(ctx, "list", workflow.WorkflowPlural, options.Namespace, "")',
          ),
          ev(
            'v4.1.2',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
        ],
      },
    ],
    server: [
      {
        what: 'archived workflows listed (and counted for ext.showRemainingItemCount) from the archive DB',
        argo: [{ before: '4.1.0' }],
        evidence: [
          ev(
            'v3.5.0',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).ListArchivedWorkflows',
            'items, err := w.wfArchive.ListWorkflows(namespace, name, namePrefix, minStartedAt, maxStartedAt, requirements, limitWithMore, offset)',
          ),
        ],
      },
      {
        what: 'archived workflows from the archive DB; 4.1.0+ BuildArchivedWorkflowSelector honours NamespaceFilter NotEquals',
        argo: [{ since: '4.1.0' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).ListArchivedWorkflows',
            'items, err := w.wfArchive.ListWorkflows(ctx, options)',
          ),
          ev(
            'v4.1.2',
            'persist/sqldb/selector.go',
            'BuildArchivedWorkflowSelector',
            'selector = selector.And(namespaceNotEqual(options.Namespace))',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: 'SURPRISE / possible authorization gap: since 4.1.0 BuildListOptions turns a field selector metadata.namespace!=X into Namespace=X + NamespaceFilter=NotEquals. ListWorkflows accounts for it (cluster-wide SSAR) but ListArchivedWorkflows still makes the SSAR for options.Namespace = X, while the archive query returns workflows from every namespace EXCEPT X. A caller that may list workflows only in X can therefore list archived workflows of all other namespaces via ?listOptions.fieldSelector=metadata.namespace!=X. Otherwise as before (cluster-wide request = cluster-wide SSAR).',
  },
  {
    id: 'list-archived-workflow-label-keys',
    area: 'archived workflows',
    rpc: 'ArchivedWorkflowService.ListArchivedWorkflowLabelKeys',
    method: 'GET',
    path: '/api/v1/archived-workflows-label-keys',
    summary: 'list the label keys of archived workflows',
    checks: [],
    server: [
      {
        what: 'distinct label keys of all archived workflows read from the archive DB (the `namespace` query parameter is ignored)',
        evidence: [
          ev(
            'v3.5.0',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).ListArchivedWorkflowLabelKeys',
            'labelkeys, err := w.wfArchive.ListWorkflowsLabelKeys()',
          ),
        ],
      },
    ],
    denials: [{ status: 'none' }],
    note: "Checks nothing on any version: no SSAR, no call with the caller's client. In client auth mode the bearer token is not validated either (only turned into a client), so any 'Bearer ...' header gets the label keys of every archived workflow the server can see.",
  },
  {
    id: 'list-archived-workflow-label-values',
    area: 'archived workflows',
    rpc: 'ArchivedWorkflowService.ListArchivedWorkflowLabelValues',
    method: 'GET',
    path: '/api/v1/archived-workflows-label-values',
    summary: 'list the values of a label of archived workflows',
    checks: [],
    server: [
      {
        what: "distinct values of one label key (listOptions.labelSelector must be a single 'key' Exists requirement) read from the archive DB; `namespace` is ignored",
        evidence: [
          ev(
            'v3.5.0',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).ListArchivedWorkflowLabelValues',
            'labels, err := w.wfArchive.ListWorkflowsLabelValues(key)',
          ),
        ],
      },
    ],
    denials: [{ status: 'none' }],
    note: 'Checks nothing on any version (same as label keys). Keys matching DISABLE_VALUE_LIST_RETRIEVAL_KEY_PATTERN return an empty list.',
  },
  {
    id: 'get-archived-workflow',
    area: 'archived workflows',
    rpc: 'ArchivedWorkflowService.GetArchivedWorkflow',
    method: 'GET',
    path: '/api/v1/archived-workflows/{uid}',
    summary: 'get an archived workflow',
    checks: [
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'ssar',
        when: ['archived'],
        evidence: [
          ev(
            'v3.5.0',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, wf.Namespace, wf.Name)',
          ),
          ev(
            'v3.5.0',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
        ],
      },
    ],
    server: [
      {
        what: 'archived workflow read from the archive DB (by uid, or namespace+name) BEFORE the authorization check',
        evidence: [
          ev(
            'v3.5.0',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'wf, err := w.wfArchive.GetWorkflow(req.Uid, req.Namespace, req.Name)',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: 'The SSAR carries the namespace of the record found, never the name. Because the DB lookup comes first, an unknown uid gives 404 and a known-but-forbidden one 403 (existence oracle). Without persistence the null archive errors -> 500 before any check.',
  },
  {
    id: 'delete-archived-workflow',
    area: 'archived workflows',
    rpc: 'ArchivedWorkflowService.DeleteArchivedWorkflow',
    method: 'DELETE',
    path: '/api/v1/archived-workflows/{uid}',
    summary: 'delete an archived workflow',
    checks: [
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'ssar',
        when: ['archived'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).DeleteArchivedWorkflow',
            'wf, err = w.GetArchivedWorkflow(ctx, &workflowarchivepkg.GetArchivedWorkflowRequest{Uid: req.Uid})',
          ),
          ev(
            'v4.1.2',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, wf.Namespace, wf.Name)',
          ),
          ev(
            'v4.1.2',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
        ],
      },
      {
        verb: 'delete',
        resource: 'workflows',
        mechanism: 'ssar',
        when: ['archived'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).DeleteArchivedWorkflow',
            'allowed, err := auth.CanI(ctx, "delete", workflow.WorkflowPlural, wf.Namespace, wf.Name)',
          ),
          ev(
            'v4.1.2',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
        ],
      },
    ],
    server: [
      {
        what: 'record read from and deleted in the archive DB',
        argo: [{ before: '4.1.0' }],
        evidence: [
          ev(
            'v3.5.0',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).DeleteArchivedWorkflow',
            'err = w.wfArchive.DeleteWorkflow(req.Uid)',
          ),
        ],
      },
      {
        what: "record read from and deleted (by the record's UID) in the archive DB",
        argo: [{ since: '4.1.0' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).DeleteArchivedWorkflow',
            'err = w.wfArchive.DeleteWorkflow(ctx, string(wf.UID))',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: '4.1.0+: the record can also be addressed with the `name` (+ `namespace`) query parameters instead of the uid (the latest record with that name is used); the checks are unchanged (SSAR get, then SSAR delete).',
  },
  {
    id: 'resubmit-archived-workflow',
    area: 'archived workflows',
    rpc: 'ArchivedWorkflowService.ResubmitArchivedWorkflow',
    method: 'PUT',
    path: '/api/v1/archived-workflows/{uid}/resubmit',
    summary: 'resubmit an archived workflow',
    checks: [
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'ssar',
        when: ['archived'],
        evidence: [
          ev(
            'v3.5.0',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, wf.Namespace, wf.Name)',
          ),
          ev(
            'v3.5.0',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'workflowtemplates',
        mechanism: 'caller',
        named: true,
        when: ['references-template'],
        evidence: [
          ev(
            'v3.5.0',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).ResubmitArchivedWorkflow',
            'created, err := util.SubmitWorkflow(ctx, wfClient.ArgoprojV1alpha1().Workflows(req.Namespace), wfClient, req.Namespace, newWF',
          ),
          ev(
            'v3.5.0',
            'workflow/util/util.go',
            'SubmitWorkflow',
            'wftmplGetter := templateresolution.WrapWorkflowTemplateInterface(wfClientset.ArgoprojV1alpha1().WorkflowTemplates(namespace))',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'clusterworkflowtemplates',
        mechanism: 'caller',
        named: true,
        when: ['references-cluster-template'],
        evidence: [
          ev(
            'v3.5.0',
            'workflow/util/util.go',
            'SubmitWorkflow',
            'cwftmplGetter := templateresolution.WrapClusterWorkflowTemplateInterface(wfClientset.ArgoprojV1alpha1().ClusterWorkflowTemplates())',
          ),
        ],
      },
      {
        verb: 'create',
        resource: 'workflows',
        mechanism: 'caller',
        evidence: [
          ev(
            'v3.5.0',
            'workflow/util/util.go',
            'SubmitWorkflow',
            'wfIf.Create(ctx, wf, metav1.CreateOptions{})',
          ),
        ],
      },
    ],
    server: [
      {
        what: 'archived workflow read from the archive DB (by uid, or namespace+name) BEFORE the authorization check',
        evidence: [
          ev(
            'v3.5.0',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'wf, err := w.wfArchive.GetWorkflow(req.Uid, req.Namespace, req.Name)',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: "GetArchivedWorkflow (DB lookup, SSAR get in the record's namespace), FormulateResubmitWorkflow (no Kubernetes call; 3.7.0+ also creator.LabelCreator), then workflow/util.SubmitWorkflow with the caller's clientset: template gets for references and create in the namespace from the request body. 4.1.0+ may address the record by body name+namespace instead of uid. The checks did not change over the range (evidence cited at both ends).",
  },
  {
    id: 'retry-archived-workflow',
    area: 'archived workflows',
    rpc: 'ArchivedWorkflowService.RetryArchivedWorkflow',
    method: 'PUT',
    path: '/api/v1/archived-workflows/{uid}/retry',
    summary: 'retry an archived workflow',
    checks: [
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'ssar',
        when: ['archived'],
        evidence: [
          ev(
            'v3.5.7',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, wf.Namespace, wf.Name)',
          ),
          ev(
            'v3.5.7',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        when: ['archived'],
        note: 'Must return NotFound for the retry to proceed; a Forbidden from it is returned -> 403, so `get workflows` is required.',
        evidence: [
          ev(
            'v4.1.2',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).RetryArchivedWorkflow',
            '_, err = wfClient.ArgoprojV1alpha1().Workflows(req.Namespace).Get(ctx, wf.Name, metav1.GetOptions{})',
          ),
        ],
      },
      {
        verb: 'delete',
        resource: 'pods',
        mechanism: 'caller',
        named: true,
        when: ['archived', 'not-live', 'retry-pods'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).RetryArchivedWorkflow',
            'deleteErr := kubeClient.CoreV1().Pods(wf.Namespace).Delete(ctx, podName, metav1.DeleteOptions{})',
          ),
        ],
      },
      {
        verb: 'create',
        resource: 'workflows',
        mechanism: 'caller',
        when: ['archived', 'not-live'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).RetryArchivedWorkflow',
            'result, createErr := wfClient.ArgoprojV1alpha1().Workflows(req.Namespace).Create(ctx, wf, metav1.CreateOptions{})',
          ),
        ],
      },
    ],
    server: [
      {
        what: 'archived workflow read from the archive DB (by uid, or namespace+name) BEFORE the authorization check',
        evidence: [
          ev(
            'v4.1.2',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'wf, err := w.wfArchive.GetWorkflow(ctx, req.Uid, req.Namespace, req.Name)',
          ),
        ],
      },
      {
        what: 'node status dehydrated and the offloaded nodes of the old UID copied to the new UID in the server DB',
        argo: [{ since: '3.5.7' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).RetryArchivedWorkflow',
            'err = w.hydrator.Dehydrate(ctx, wf)',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: "Same caller checks as 3.5.0-3.5.6 (evidence cited at both ends of the range); 3.5.7 added the server-side dehydrate/offload copy. 4.1.0+ may address the record by body name+namespace. Note the namespaces: the live Get and the create use the request body's namespace, the pod deletes the archived workflow's namespace, the SSAR the record's namespace. The pods of an archived workflow are usually gone, but the deletes are still attempted, so `delete pods` is needed whenever retry-pods applies (Kubernetes returns 403 before 404).",
  },
];
