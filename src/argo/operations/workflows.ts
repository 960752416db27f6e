// What Argo Server checks for its workflows endpoints, per version, with the evidence in Argo's source.
// Read each cited function at its tag: git show <tag>:<file> in a clone of argoproj/argo-workflows.

import { ev, type Operation } from '../facts';

export const WORKFLOWS_OPERATIONS: readonly Operation[] = [
  {
    id: 'list-workflows',
    area: 'workflows',
    rpc: 'WorkflowService.ListWorkflows',
    method: 'GET',
    path: '/api/v1/workflows/{namespace}',
    summary: 'list workflows',
    checks: [
      {
        verb: 'list',
        resource: 'workflows',
        mechanism: 'caller',
        argo: [{ before: '3.5.7' }],
        evidence: [
          ev(
            'v3.5.6',
            'server/workflow/workflow_server.go',
            '(*workflowServer).ListWorkflows',
            'wfList, err := wfClient.ArgoprojV1alpha1().Workflows(req.Namespace).List(ctx, *listOption)',
          ),
        ],
      },
      {
        verb: 'list',
        resource: 'workflows',
        mechanism: 'ssar',
        argo: [{ before: '3.5.7' }],
        denial: 'archived-results-omitted',
        note: "Made inside ArchivedWorkflowService.ListArchivedWorkflows, which ListWorkflows calls to merge archived workflows; any error from it (including this PermissionDenied) is only logged ('unable to list archived workflows') and the live list is returned without archived items.",
        evidence: [
          ev(
            'v3.5.6',
            'server/workflow/workflow_server.go',
            '(*workflowServer).ListWorkflows',
            'archivedWfList, err := s.wfArchiveServer.ListArchivedWorkflows(ctx, &workflowarchivepkg.ListArchivedWorkflowsRequest{',
          ),
          ev(
            'v3.5.6',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).ListArchivedWorkflows',
            'allowed, err := auth.CanI(ctx, "list", workflow.WorkflowPlural, namespace, "")',
          ),
          ev(
            'v3.5.6',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
        ],
      },
      {
        verb: 'list',
        resource: 'workflows',
        mechanism: 'ssar',
        argo: [{ since: '3.5.7' }],
        note: 'With namespace-not-equals the SSAR is cluster-wide (targetNamespace = "").',
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).ListWorkflows',
            'allowed, err := auth.CanI(ctx, "list", workflow.WorkflowPlural, targetNamespace, "")',
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
        what: 'archived workflows listed from the archive DB (server DB)',
        argo: [{ before: '3.5.7' }],
        evidence: [
          ev(
            'v3.5.6',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).ListArchivedWorkflows',
            'items, err := w.wfArchive.ListWorkflows(namespace, name, namePrefix, minStartedAt, maxStartedAt, requirements, limitWithMore, offset)',
          ),
        ],
      },
      {
        what: 'offloaded node status read from the server DB (when offloading is enabled and items.status.nodes is not excluded by `fields`)',
        argo: [{ before: '3.5.7' }],
        evidence: [
          ev(
            'v3.5.6',
            'server/workflow/workflow_server.go',
            '(*workflowServer).ListWorkflows',
            'offloadedNodes, err := s.offloadNodeStatusRepo.List(req.Namespace)',
          ),
        ],
      },
      {
        what: "live workflows come from an in-memory SQLite store (store.SQLiteStore) filled by a reflector that lists/watches workflows with the Argo Server's own client (as.clients.Workflow); 3.5.7 watched all namespaces, 3.5.8+ the managed namespace (or all when not namespaced)",
        argo: [{ since: '3.5.7', before: '4.1.0' }],
        evidence: [
          ev(
            'v3.5.7',
            'server/workflow/workflow_server.go',
            '(*workflowServer).ListWorkflows',
            'liveWfList, err = s.wfLister.ListWorkflows(ctx, req.Namespace, "", listOption)',
          ),
          ev(
            'v3.5.7',
            'server/workflow/workflow_server.go',
            'NewWorkflowServer',
            'return wfClientSet.ArgoprojV1alpha1().Workflows(metav1.NamespaceAll).List(context.Background(), options)',
          ),
        ],
      },
      {
        what: 'archived workflows listed/counted from the archive DB (server DB)',
        argo: [{ since: '3.5.7', before: '4.1.0' }],
        evidence: [
          ev(
            'v4.0.10',
            'server/workflow/workflow_server.go',
            '(*workflowServer).ListWorkflows',
            'archivedWfList, err := s.wfArchive.ListWorkflows(ctx, options.WithLimit(archivedLimit).WithOffset(archivedOffset))',
          ),
        ],
      },
      {
        what: 'offloaded node status read from the server DB',
        argo: [{ since: '3.5.7', before: '4.1.0' }],
        evidence: [
          ev(
            'v4.0.10',
            'server/workflow/workflow_server.go',
            '(*workflowServer).ListWorkflows',
            'offloadedNodes, err := s.offloadNodeStatusRepo.List(ctx, req.Namespace)',
          ),
        ],
      },
      {
        what: "live workflows from the SQLite store filled by the server's own reflector (as.clients.Workflow)",
        argo: [{ since: '4.1.0' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).ListWorkflows',
            'liveWfList, err = s.wfLister.ListWorkflows(ctx, req.Namespace, req.NameFilter, req.CreatedAfter, req.FinishedBefore, listOption)',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            'NewServer',
            'return wfClientSet.ArgoprojV1alpha1().Workflows(*namespace).List(ctx, options)',
          ),
        ],
      },
      {
        what: 'archived workflows (list / count / HasMoreWorkflows) from the archive DB',
        argo: [{ since: '4.1.0' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).ListWorkflows',
            'hasMore, err := s.wfArchive.HasMoreWorkflows(ctx, options)',
          ),
        ],
      },
      {
        what: 'offloaded node status from the server DB',
        argo: [{ since: '4.1.0' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).ListWorkflows',
            'offloadedNodes, err := s.offloadNodeStatusRepo.List(ctx, req.Namespace)',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: 'Same as 3.5.7-4.0.x plus the metadata.namespace!= filter (new in server/utils/list_options.go BuildListOptions at 4.1.0), for which the SSAR is made at cluster scope.',
  },
  {
    id: 'create-workflow',
    area: 'workflows',
    rpc: 'WorkflowService.CreateWorkflow',
    method: 'POST',
    path: '/api/v1/workflows/{namespace}',
    summary: 'create a workflow from a manifest',
    checks: [
      {
        verb: 'get',
        resource: 'workflowtemplates',
        mechanism: 'caller',
        named: true,
        when: ['references-template'],
        argo: [{ before: '3.7.0' }],
        note: 'Runs during validation, i.e. also for a client dry run (createOptions.dryRun).',
        evidence: [
          ev(
            'v3.6.19',
            'server/workflow/workflow_server.go',
            '(*workflowServer).CreateWorkflow',
            'wftmplGetter := templateresolution.WrapWorkflowTemplateInterface(wfClient.ArgoprojV1alpha1().WorkflowTemplates(req.Namespace))',
          ),
          ev(
            'v3.6.19',
            'workflow/validate/validate.go',
            'ValidateWorkflow',
            'wfSpecHolder, err = wftmplGetter.Get(wf.Spec.WorkflowTemplateRef.Name)',
          ),
          ev(
            'v3.6.19',
            'workflow/templateresolution/context.go',
            '(*Context).GetTemplateFromRef',
            'wftmpl, err = ctx.wftmplGetter.Get(tmplRef.Name)',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'clusterworkflowtemplates',
        mechanism: 'caller',
        named: true,
        when: ['references-cluster-template'],
        argo: [{ before: '3.7.0' }],
        evidence: [
          ev(
            'v3.6.19',
            'server/workflow/workflow_server.go',
            '(*workflowServer).CreateWorkflow',
            'cwftmplGetter := templateresolution.WrapClusterWorkflowTemplateInterface(wfClient.ArgoprojV1alpha1().ClusterWorkflowTemplates())',
          ),
          ev(
            'v3.6.19',
            'workflow/validate/validate.go',
            'ValidateWorkflow',
            'wfSpecHolder, err = cwftmplGetter.Get(wf.Spec.WorkflowTemplateRef.Name)',
          ),
          ev(
            'v3.6.19',
            'workflow/templateresolution/context.go',
            '(*clusterWorkflowTemplateInterfaceWrapper).Get',
            'return wrapper.clientset.Get(ctx, name, metav1.GetOptions{})',
          ),
        ],
      },
      {
        verb: 'create',
        resource: 'workflows',
        mechanism: 'caller',
        when: ['server-dry-run'],
        evidence: [
          ev(
            'v3.7.0',
            'server/workflow/workflow_server.go',
            '(*workflowServer).CreateWorkflow',
            'workflow, err := util.CreateServerDryRun(ctx, req.Workflow, wfClient)',
          ),
          ev('v4.1.2', 'workflow/util/util.go', 'CreateServerDryRun', 'Param("dryRun", "All").'),
        ],
      },
      {
        verb: 'create',
        resource: 'workflows',
        mechanism: 'caller',
        when: ['no-dry-run'],
        evidence: [
          ev(
            'v3.7.0',
            'server/workflow/workflow_server.go',
            '(*workflowServer).CreateWorkflow',
            'wf, err := wfClient.ArgoprojV1alpha1().Workflows(req.Namespace).Create(ctx, req.Workflow, metav1.CreateOptions{})',
          ),
        ],
      },
    ],
    server: [
      {
        what: "WorkflowTemplates referenced by the workflow are resolved for validation from the server's WorkflowTemplate informer (built from the server's rest config, cache limited to the managed namespace in a namespaced install)",
        argo: [{ since: '3.7.0' }],
        evidence: [
          ev(
            'v3.7.0',
            'server/workflow/workflow_server.go',
            '(*workflowServer).CreateWorkflow',
            'wftmplGetter := s.wftmplStore.Getter(ctx, req.Workflow.Namespace)',
          ),
          ev(
            'v3.7.0',
            'server/workflowtemplate/informer.go',
            '(*Informer).Getter',
            'return wti.informer.Lister().WorkflowTemplates(namespace)',
          ),
        ],
      },
      {
        what: "ClusterWorkflowTemplates resolved from the server's ClusterWorkflowTemplate informer (3.7.1+: only created when the server's own SA can list/watch them, otherwise a null getter that always fails validation with a 'forbidden' message)",
        argo: [{ since: '3.7.0' }],
        evidence: [
          ev(
            'v3.7.0',
            'server/workflow/workflow_server.go',
            '(*workflowServer).CreateWorkflow',
            'cwftmplGetter := s.cwftmplStore.Getter(ctx)',
          ),
          ev(
            'v3.7.0',
            'server/apiserver/argoserver.go',
            '(*argoServer).Run',
            'cwftmplInformer, err := clusterworkflowtemplate.NewInformer(as.restConfig)',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: "Since 3.7.0 (commit f22ae3b87a 'perf: Add workflow template informer to server (#13672)') template resolution during validation uses the Argo Server's informer caches, so the caller needs NO permission on WorkflowTemplates/ClusterWorkflowTemplates. The 3.7.11 / 4.0.2 security fix (8f505a5581 / 32afec3c40, 'informer-based caching bypassed caller authorization') added CanI checks only to the WorkflowTemplate/ClusterWorkflowTemplate services, not to Create/Lint/Submit here. A client dry run (createOptions.dryRun) returns after validation and checks nothing at all. creator.LabelCreator only sets labels from token claims.",
  },
  {
    id: 'lint-workflow',
    area: 'workflows',
    rpc: 'WorkflowService.LintWorkflow',
    method: 'POST',
    path: '/api/v1/workflows/{namespace}/lint',
    summary: 'lint a workflow manifest',
    checks: [
      {
        verb: 'get',
        resource: 'workflowtemplates',
        mechanism: 'caller',
        named: true,
        when: ['references-template'],
        argo: [{ before: '3.7.0' }],
        evidence: [
          ev(
            'v3.6.19',
            'server/workflow/workflow_server.go',
            '(*workflowServer).LintWorkflow',
            'wftmplGetter := templateresolution.WrapWorkflowTemplateInterface(wfClient.ArgoprojV1alpha1().WorkflowTemplates(req.Namespace))',
          ),
          ev(
            'v3.6.19',
            'workflow/validate/validate.go',
            'ValidateWorkflow',
            'wfSpecHolder, err = wftmplGetter.Get(wf.Spec.WorkflowTemplateRef.Name)',
          ),
          ev(
            'v3.6.19',
            'workflow/templateresolution/context.go',
            '(*workflowTemplateInterfaceWrapper).Get',
            'return wrapper.clientset.Get(ctx, name, metav1.GetOptions{})',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'clusterworkflowtemplates',
        mechanism: 'caller',
        named: true,
        when: ['references-cluster-template'],
        argo: [{ before: '3.7.0' }],
        evidence: [
          ev(
            'v3.6.19',
            'server/workflow/workflow_server.go',
            '(*workflowServer).LintWorkflow',
            'cwftmplGetter := templateresolution.WrapClusterWorkflowTemplateInterface(wfClient.ArgoprojV1alpha1().ClusterWorkflowTemplates())',
          ),
          ev(
            'v3.6.19',
            'workflow/templateresolution/context.go',
            '(*clusterWorkflowTemplateInterfaceWrapper).Get',
            'return wrapper.clientset.Get(ctx, name, metav1.GetOptions{})',
          ),
        ],
      },
    ],
    server: [
      {
        what: "referenced WorkflowTemplates / ClusterWorkflowTemplates resolved from the server's informer caches",
        argo: [{ since: '3.7.0' }],
        evidence: [
          ev(
            'v3.7.0',
            'server/workflow/workflow_server.go',
            '(*workflowServer).LintWorkflow',
            'wftmplGetter := s.wftmplStore.Getter(ctx, req.Workflow.Namespace)',
          ),
        ],
      },
    ],
    denials: [
      { status: '403', argo: [{ before: '3.7.0' }] },
      { status: 'none', argo: [{ since: '3.7.0' }] },
    ],
    note: "Checks nothing: no Kubernetes call with the caller's client and no SSAR. In client auth mode the bearer token is not even validated (the gatekeeper only builds clients from it), so any 'Bearer x' header is accepted. Validation errors may reveal whether a referenced template exists.",
  },
  {
    id: 'submit-from-template',
    area: 'workflows',
    rpc: 'WorkflowService.SubmitWorkflow',
    method: 'POST',
    path: '/api/v1/workflows/{namespace}/submit',
    variant: 'resourceKind: WorkflowTemplate',
    summary: 'submit a workflow from a WorkflowTemplate',
    given: { 'references-template': true },
    checks: [
      {
        verb: 'get',
        resource: 'cronworkflows',
        mechanism: 'caller',
        named: true,
        when: ['from-cron'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SubmitWorkflow',
            'cronWf, err := wfClient.ArgoprojV1alpha1().CronWorkflows(req.Namespace).Get(ctx, req.ResourceName, metav1.GetOptions{})',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'workflowtemplates',
        mechanism: 'caller',
        named: true,
        when: ['references-template'],
        argo: [{ before: '3.7.0' }],
        evidence: [
          ev(
            'v3.6.19',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SubmitWorkflow',
            'wftmplGetter := templateresolution.WrapWorkflowTemplateInterface(wfClient.ArgoprojV1alpha1().WorkflowTemplates(req.Namespace))',
          ),
          ev(
            'v3.6.19',
            'workflow/validate/validate.go',
            'ValidateWorkflow',
            'wfSpecHolder, err = wftmplGetter.Get(wf.Spec.WorkflowTemplateRef.Name)',
          ),
          ev(
            'v3.6.19',
            'workflow/templateresolution/context.go',
            '(*workflowTemplateInterfaceWrapper).Get',
            'return wrapper.clientset.Get(ctx, name, metav1.GetOptions{})',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'clusterworkflowtemplates',
        mechanism: 'caller',
        named: true,
        when: ['references-cluster-template'],
        argo: [{ before: '3.7.0' }],
        evidence: [
          ev(
            'v3.6.19',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SubmitWorkflow',
            'cwftmplGetter := templateresolution.WrapClusterWorkflowTemplateInterface(wfClient.ArgoprojV1alpha1().ClusterWorkflowTemplates())',
          ),
          ev(
            'v3.6.19',
            'workflow/validate/validate.go',
            'ValidateWorkflow',
            'wfSpecHolder, err = cwftmplGetter.Get(wf.Spec.WorkflowTemplateRef.Name)',
          ),
          ev(
            'v3.6.19',
            'workflow/templateresolution/context.go',
            '(*clusterWorkflowTemplateInterfaceWrapper).Get',
            'return wrapper.clientset.Get(ctx, name, metav1.GetOptions{})',
          ),
        ],
      },
      {
        verb: 'create',
        resource: 'workflows',
        mechanism: 'caller',
        argo: [{ before: '3.5.9' }],
        note: 'submitOptions.dryRun / serverDryRun are ignored in this range: the workflow is always really created (fixed by b79881cfa3 in 3.5.9).',
        evidence: [
          ev(
            'v3.5.8',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SubmitWorkflow',
            'wf, err = wfClient.ArgoprojV1alpha1().Workflows(req.Namespace).Create(ctx, wf, metav1.CreateOptions{})',
          ),
        ],
      },
      {
        verb: 'create',
        resource: 'workflows',
        mechanism: 'caller',
        when: ['server-dry-run'],
        argo: [{ since: '3.5.9' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SubmitWorkflow',
            'workflow, dryRunErr := util.CreateServerDryRun(ctx, wf, wfClient)',
          ),
          ev('v4.1.2', 'workflow/util/util.go', 'CreateServerDryRun', 'Param("dryRun", "All").'),
        ],
      },
      {
        verb: 'create',
        resource: 'workflows',
        mechanism: 'caller',
        when: ['no-dry-run'],
        argo: [{ since: '3.5.9' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SubmitWorkflow',
            'wf, err = wfClient.ArgoprojV1alpha1().Workflows(req.Namespace).Create(ctx, wf, metav1.CreateOptions{})',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'workflowtemplates',
        mechanism: 'caller',
        named: true,
        when: ['artifact-override', 'references-template'],
        argo: [{ since: '4.1.0' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SubmitWorkflow',
            'wftmpl, getErr := wfClient.ArgoprojV1alpha1().WorkflowTemplates(req.Namespace).Get(ctx, wf.Spec.WorkflowTemplateRef.Name, metav1.GetOptions{})',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'clusterworkflowtemplates',
        mechanism: 'caller',
        named: true,
        when: ['artifact-override', 'references-cluster-template'],
        argo: [{ since: '4.1.0' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SubmitWorkflow',
            'cwftmpl, getErr := wfClient.ArgoprojV1alpha1().ClusterWorkflowTemplates().Get(ctx, wf.Spec.WorkflowTemplateRef.Name, metav1.GetOptions{})',
          ),
        ],
      },
    ],
    server: [
      {
        what: "WorkflowTemplate / ClusterWorkflowTemplate referenced by the built workflow resolved for validation from the server's informer caches (server rest config)",
        argo: [{ since: '3.7.0' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SubmitWorkflow',
            'wftmplGetter := s.wftmplStore.Getter(ctx, req.Namespace)',
          ),
          ev(
            'v4.1.2',
            'server/apiserver/argoserver.go',
            '(*argoServer).Run',
            'wftmplStore, err := workflowtemplate.NewInformer(as.restConfig, resourceCacheNamespace)',
          ),
        ],
      },
      {
        what: "artifact-override path: default artifact repository resolved by the server's artifactrepositories (reads the artifact-repositories ConfigMap with the server's own kube client)",
        argo: [{ since: '4.1.0' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SubmitWorkflow',
            'archiveLocation, resolveErr := sutils.ResolveArtifactLocation(ctx, s.artifactRepositories, artifactRepositoryRef, req.Namespace)',
          ),
          ev(
            'v4.1.2',
            'server/apiserver/argoserver.go',
            '(*argoServer).Run',
            'artifactRepositories := artifactrepositories.New(as.clients.Kubernetes, as.managedNamespace, &config.ArtifactRepository)',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: "New in 4.1.0: with submitOptions.artifacts and a workflowTemplateRef the server Gets the template with the CALLER's client before validation (error wrapped with %w, so a 403 stays 403). The template must also carry this Argo Server's instance ID label, else 404. Otherwise as 3.7.0-4.0.x.",
  },
  {
    id: 'submit-from-cluster-template',
    area: 'workflows',
    rpc: 'WorkflowService.SubmitWorkflow',
    method: 'POST',
    path: '/api/v1/workflows/{namespace}/submit',
    variant: 'resourceKind: ClusterWorkflowTemplate',
    summary: 'submit a workflow from a ClusterWorkflowTemplate',
    given: { 'references-cluster-template': true },
    checks: [
      {
        verb: 'get',
        resource: 'cronworkflows',
        mechanism: 'caller',
        named: true,
        when: ['from-cron'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SubmitWorkflow',
            'cronWf, err := wfClient.ArgoprojV1alpha1().CronWorkflows(req.Namespace).Get(ctx, req.ResourceName, metav1.GetOptions{})',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'workflowtemplates',
        mechanism: 'caller',
        named: true,
        when: ['references-template'],
        argo: [{ before: '3.7.0' }],
        evidence: [
          ev(
            'v3.6.19',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SubmitWorkflow',
            'wftmplGetter := templateresolution.WrapWorkflowTemplateInterface(wfClient.ArgoprojV1alpha1().WorkflowTemplates(req.Namespace))',
          ),
          ev(
            'v3.6.19',
            'workflow/validate/validate.go',
            'ValidateWorkflow',
            'wfSpecHolder, err = wftmplGetter.Get(wf.Spec.WorkflowTemplateRef.Name)',
          ),
          ev(
            'v3.6.19',
            'workflow/templateresolution/context.go',
            '(*workflowTemplateInterfaceWrapper).Get',
            'return wrapper.clientset.Get(ctx, name, metav1.GetOptions{})',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'clusterworkflowtemplates',
        mechanism: 'caller',
        named: true,
        when: ['references-cluster-template'],
        argo: [{ before: '3.7.0' }],
        evidence: [
          ev(
            'v3.6.19',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SubmitWorkflow',
            'cwftmplGetter := templateresolution.WrapClusterWorkflowTemplateInterface(wfClient.ArgoprojV1alpha1().ClusterWorkflowTemplates())',
          ),
          ev(
            'v3.6.19',
            'workflow/validate/validate.go',
            'ValidateWorkflow',
            'wfSpecHolder, err = cwftmplGetter.Get(wf.Spec.WorkflowTemplateRef.Name)',
          ),
          ev(
            'v3.6.19',
            'workflow/templateresolution/context.go',
            '(*clusterWorkflowTemplateInterfaceWrapper).Get',
            'return wrapper.clientset.Get(ctx, name, metav1.GetOptions{})',
          ),
        ],
      },
      {
        verb: 'create',
        resource: 'workflows',
        mechanism: 'caller',
        argo: [{ before: '3.5.9' }],
        note: 'submitOptions.dryRun / serverDryRun are ignored in this range: the workflow is always really created (fixed by b79881cfa3 in 3.5.9).',
        evidence: [
          ev(
            'v3.5.8',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SubmitWorkflow',
            'wf, err = wfClient.ArgoprojV1alpha1().Workflows(req.Namespace).Create(ctx, wf, metav1.CreateOptions{})',
          ),
        ],
      },
      {
        verb: 'create',
        resource: 'workflows',
        mechanism: 'caller',
        when: ['server-dry-run'],
        argo: [{ since: '3.5.9' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SubmitWorkflow',
            'workflow, dryRunErr := util.CreateServerDryRun(ctx, wf, wfClient)',
          ),
          ev('v4.1.2', 'workflow/util/util.go', 'CreateServerDryRun', 'Param("dryRun", "All").'),
        ],
      },
      {
        verb: 'create',
        resource: 'workflows',
        mechanism: 'caller',
        when: ['no-dry-run'],
        argo: [{ since: '3.5.9' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SubmitWorkflow',
            'wf, err = wfClient.ArgoprojV1alpha1().Workflows(req.Namespace).Create(ctx, wf, metav1.CreateOptions{})',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'workflowtemplates',
        mechanism: 'caller',
        named: true,
        when: ['artifact-override', 'references-template'],
        argo: [{ since: '4.1.0' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SubmitWorkflow',
            'wftmpl, getErr := wfClient.ArgoprojV1alpha1().WorkflowTemplates(req.Namespace).Get(ctx, wf.Spec.WorkflowTemplateRef.Name, metav1.GetOptions{})',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'clusterworkflowtemplates',
        mechanism: 'caller',
        named: true,
        when: ['artifact-override', 'references-cluster-template'],
        argo: [{ since: '4.1.0' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SubmitWorkflow',
            'cwftmpl, getErr := wfClient.ArgoprojV1alpha1().ClusterWorkflowTemplates().Get(ctx, wf.Spec.WorkflowTemplateRef.Name, metav1.GetOptions{})',
          ),
        ],
      },
    ],
    server: [
      {
        what: "WorkflowTemplate / ClusterWorkflowTemplate referenced by the built workflow resolved for validation from the server's informer caches (server rest config)",
        argo: [{ since: '3.7.0' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SubmitWorkflow',
            'wftmplGetter := s.wftmplStore.Getter(ctx, req.Namespace)',
          ),
          ev(
            'v4.1.2',
            'server/apiserver/argoserver.go',
            '(*argoServer).Run',
            'wftmplStore, err := workflowtemplate.NewInformer(as.restConfig, resourceCacheNamespace)',
          ),
        ],
      },
      {
        what: "artifact-override path: default artifact repository resolved by the server's artifactrepositories (reads the artifact-repositories ConfigMap with the server's own kube client)",
        argo: [{ since: '4.1.0' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SubmitWorkflow',
            'archiveLocation, resolveErr := sutils.ResolveArtifactLocation(ctx, s.artifactRepositories, artifactRepositoryRef, req.Namespace)',
          ),
          ev(
            'v4.1.2',
            'server/apiserver/argoserver.go',
            '(*argoServer).Run',
            'artifactRepositories := artifactrepositories.New(as.clients.Kubernetes, as.managedNamespace, &config.ArtifactRepository)',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: "New in 4.1.0: with submitOptions.artifacts and a workflowTemplateRef the server Gets the template with the CALLER's client before validation (error wrapped with %w, so a 403 stays 403). The template must also carry this Argo Server's instance ID label, else 404. Otherwise as 3.7.0-4.0.x.",
  },
  {
    id: 'submit-from-cron',
    area: 'workflows',
    rpc: 'WorkflowService.SubmitWorkflow',
    method: 'POST',
    path: '/api/v1/workflows/{namespace}/submit',
    variant: 'resourceKind: CronWorkflow',
    summary: 'submit a workflow now from a CronWorkflow',
    given: { 'from-cron': true },
    checks: [
      {
        verb: 'get',
        resource: 'cronworkflows',
        mechanism: 'caller',
        named: true,
        when: ['from-cron'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SubmitWorkflow',
            'cronWf, err := wfClient.ArgoprojV1alpha1().CronWorkflows(req.Namespace).Get(ctx, req.ResourceName, metav1.GetOptions{})',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'workflowtemplates',
        mechanism: 'caller',
        named: true,
        when: ['references-template'],
        argo: [{ before: '3.7.0' }],
        evidence: [
          ev(
            'v3.6.19',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SubmitWorkflow',
            'wftmplGetter := templateresolution.WrapWorkflowTemplateInterface(wfClient.ArgoprojV1alpha1().WorkflowTemplates(req.Namespace))',
          ),
          ev(
            'v3.6.19',
            'workflow/validate/validate.go',
            'ValidateWorkflow',
            'wfSpecHolder, err = wftmplGetter.Get(wf.Spec.WorkflowTemplateRef.Name)',
          ),
          ev(
            'v3.6.19',
            'workflow/templateresolution/context.go',
            '(*workflowTemplateInterfaceWrapper).Get',
            'return wrapper.clientset.Get(ctx, name, metav1.GetOptions{})',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'clusterworkflowtemplates',
        mechanism: 'caller',
        named: true,
        when: ['references-cluster-template'],
        argo: [{ before: '3.7.0' }],
        evidence: [
          ev(
            'v3.6.19',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SubmitWorkflow',
            'cwftmplGetter := templateresolution.WrapClusterWorkflowTemplateInterface(wfClient.ArgoprojV1alpha1().ClusterWorkflowTemplates())',
          ),
          ev(
            'v3.6.19',
            'workflow/validate/validate.go',
            'ValidateWorkflow',
            'wfSpecHolder, err = cwftmplGetter.Get(wf.Spec.WorkflowTemplateRef.Name)',
          ),
          ev(
            'v3.6.19',
            'workflow/templateresolution/context.go',
            '(*clusterWorkflowTemplateInterfaceWrapper).Get',
            'return wrapper.clientset.Get(ctx, name, metav1.GetOptions{})',
          ),
        ],
      },
      {
        verb: 'create',
        resource: 'workflows',
        mechanism: 'caller',
        argo: [{ before: '3.5.9' }],
        note: 'submitOptions.dryRun / serverDryRun are ignored in this range: the workflow is always really created (fixed by b79881cfa3 in 3.5.9).',
        evidence: [
          ev(
            'v3.5.8',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SubmitWorkflow',
            'wf, err = wfClient.ArgoprojV1alpha1().Workflows(req.Namespace).Create(ctx, wf, metav1.CreateOptions{})',
          ),
        ],
      },
      {
        verb: 'create',
        resource: 'workflows',
        mechanism: 'caller',
        when: ['server-dry-run'],
        argo: [{ since: '3.5.9' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SubmitWorkflow',
            'workflow, dryRunErr := util.CreateServerDryRun(ctx, wf, wfClient)',
          ),
          ev('v4.1.2', 'workflow/util/util.go', 'CreateServerDryRun', 'Param("dryRun", "All").'),
        ],
      },
      {
        verb: 'create',
        resource: 'workflows',
        mechanism: 'caller',
        when: ['no-dry-run'],
        argo: [{ since: '3.5.9' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SubmitWorkflow',
            'wf, err = wfClient.ArgoprojV1alpha1().Workflows(req.Namespace).Create(ctx, wf, metav1.CreateOptions{})',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'workflowtemplates',
        mechanism: 'caller',
        named: true,
        when: ['artifact-override', 'references-template'],
        argo: [{ since: '4.1.0' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SubmitWorkflow',
            'wftmpl, getErr := wfClient.ArgoprojV1alpha1().WorkflowTemplates(req.Namespace).Get(ctx, wf.Spec.WorkflowTemplateRef.Name, metav1.GetOptions{})',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'clusterworkflowtemplates',
        mechanism: 'caller',
        named: true,
        when: ['artifact-override', 'references-cluster-template'],
        argo: [{ since: '4.1.0' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SubmitWorkflow',
            'cwftmpl, getErr := wfClient.ArgoprojV1alpha1().ClusterWorkflowTemplates().Get(ctx, wf.Spec.WorkflowTemplateRef.Name, metav1.GetOptions{})',
          ),
        ],
      },
    ],
    server: [
      {
        what: "WorkflowTemplate / ClusterWorkflowTemplate referenced by the built workflow resolved for validation from the server's informer caches (server rest config)",
        argo: [{ since: '3.7.0' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SubmitWorkflow',
            'wftmplGetter := s.wftmplStore.Getter(ctx, req.Namespace)',
          ),
          ev(
            'v4.1.2',
            'server/apiserver/argoserver.go',
            '(*argoServer).Run',
            'wftmplStore, err := workflowtemplate.NewInformer(as.restConfig, resourceCacheNamespace)',
          ),
        ],
      },
      {
        what: "artifact-override path: default artifact repository resolved by the server's artifactrepositories (reads the artifact-repositories ConfigMap with the server's own kube client)",
        argo: [{ since: '4.1.0' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SubmitWorkflow',
            'archiveLocation, resolveErr := sutils.ResolveArtifactLocation(ctx, s.artifactRepositories, artifactRepositoryRef, req.Namespace)',
          ),
          ev(
            'v4.1.2',
            'server/apiserver/argoserver.go',
            '(*argoServer).Run',
            'artifactRepositories := artifactrepositories.New(as.clients.Kubernetes, as.managedNamespace, &config.ArtifactRepository)',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: "New in 4.1.0: with submitOptions.artifacts and a workflowTemplateRef the server Gets the template with the CALLER's client before validation (error wrapped with %w, so a 403 stays 403). The template must also carry this Argo Server's instance ID label, else 404. Otherwise as 3.7.0-4.0.x.",
  },
  {
    id: 'get-workflow',
    area: 'workflows',
    rpc: 'WorkflowService.GetWorkflow',
    method: 'GET',
    path: '/api/v1/workflows/{namespace}/{name}',
    summary: 'get a workflow',
    checks: [
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        when: ['by-name'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'wf, origErr := wfClient.ArgoprojV1alpha1().Workflows(namespace).Get(ctx, name, options)',
          ),
        ],
      },
      {
        verb: 'list',
        resource: 'workflows',
        mechanism: 'caller',
        when: ['latest-alias'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'latest, err := getLatestWorkflow(ctx, wfClient, namespace)',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            'getLatestWorkflow',
            'wfList, err := wfClient.ArgoprojV1alpha1().Workflows(namespace).List(ctx, metav1.ListOptions{})',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'ssar',
        when: ['by-name', 'archive-fallback'],
        argo: [{ before: '3.5.7' }, { since: '3.5.13', before: '3.6.0' }, { since: '3.6.2' }],
        note: 'Denied -> the original live error (usually 403/404) is returned. The name is passed to auth.CanI but never put into the review, so a Role narrowed by resourceNames does not satisfy it. Denied (or SSAR error) -> the original live error is returned (e.g. 404 for a workflow that only exists in the archive).',
        evidence: [
          ev(
            'v3.5.6',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'wf, err = s.wfArchiveServer.GetArchivedWorkflow(ctx, &workflowarchivepkg.GetArchivedWorkflowRequest{',
          ),
          ev(
            'v3.5.6',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, wf.Namespace, wf.Name)',
          ),
          ev(
            'v3.5.6',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
          ev(
            'v3.5.15',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, namespace, name)',
          ),
          ev(
            'v3.5.15',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, namespace, name)',
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
        what: 'archive fallback: GetArchivedWorkflow looks the workflow up in the archive DB by namespace/name (server DB)',
        argo: [{ before: '3.5.7' }],
        evidence: [
          ev(
            'v3.5.6',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'wf, err := w.wfArchive.GetWorkflow(req.Uid, req.Namespace, req.Name)',
          ),
        ],
      },
      {
        what: 'offloaded node status hydrated from the server DB (unless `fields` excludes status.nodes)',
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).GetWorkflow',
            'if err := s.hydrator.Hydrate(ctx, wf); err != nil {',
          ),
        ],
      },
      {
        what: 'archive fallback: reads the workflow from the archive DB (server DB) when the live Get failed',
        argo: [
          { since: '3.5.7', before: '3.7.11' },
          { since: '4.0.0', before: '4.0.2' },
        ],
        evidence: [
          ev(
            'v3.7.10',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            's.wfArchive.GetWorkflow(',
          ),
          ev(
            'v4.0.1',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            's.wfArchive.GetWorkflow(',
          ),
        ],
      },
      {
        what: 'archive fallback: reads the workflow from the archive DB (server DB) when the live Get failed or (GetWorkflow) the uid did not match; looked up by uid when given',
        argo: [{ since: '3.7.11', before: '4.0.0' }, { since: '4.0.2' }],
        evidence: [
          ev(
            'v3.7.18',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            's.wfArchive.GetWorkflow(',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            's.wfArchive.GetWorkflow(',
          ),
        ],
      },
    ],
    denials: [
      {
        status: '403',
        argo: [{ before: '3.5.7' }, { since: '3.5.13', before: '3.6.0' }, { since: '3.6.2' }],
      },
      {
        status: '404',
        argo: [
          { since: '3.5.7', before: '3.5.13' },
          { since: '3.6.0', before: '3.6.2' },
        ],
      },
    ],
    note: "Archive fallback guarded by an SSAR get in the request namespace (restored by the 3.5.13 / 3.6.2 security fix). The optional `uid` query parameter (added 3.7.11 / 4.0.2, commits 91dfc0aa9a / 2b4dc19b02) also triggers the fallback when the live workflow's UID differs; in that case, if the SSAR is denied or the archive has no such uid, getWorkflowOrigErr(nil, ...) returns a nil error with a nil workflow and GetWorkflow then dereferences it (panic recovered by the gRPC panic interceptor -> 500). Denial: a forbidden live Get returns the original 403 when the fallback SSAR is denied; a workflow that is neither live nor archived -> 404.",
  },
  {
    id: 'delete-workflow',
    area: 'workflows',
    rpc: 'WorkflowService.DeleteWorkflow',
    method: 'DELETE',
    path: '/api/v1/workflows/{namespace}/{name}',
    summary: 'delete a workflow',
    checks: [
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        when: ['by-name'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'wf, origErr := wfClient.ArgoprojV1alpha1().Workflows(namespace).Get(ctx, name, options)',
          ),
        ],
      },
      {
        verb: 'list',
        resource: 'workflows',
        mechanism: 'caller',
        when: ['latest-alias'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'latest, err := getLatestWorkflow(ctx, wfClient, namespace)',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            'getLatestWorkflow',
            'wfList, err := wfClient.ArgoprojV1alpha1().Workflows(namespace).List(ctx, metav1.ListOptions{})',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'ssar',
        when: ['by-name', 'archive-fallback'],
        argo: [{ before: '3.5.7' }, { since: '3.5.13', before: '3.6.0' }, { since: '3.6.2' }],
        note: 'Denied -> the original live error (usually 403/404) is returned. The name is passed to auth.CanI but never put into the review, so a Role narrowed by resourceNames does not satisfy it. Denied (or SSAR error) -> the original live error is returned (e.g. 404 for a workflow that only exists in the archive).',
        evidence: [
          ev(
            'v3.5.6',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'wf, err = s.wfArchiveServer.GetArchivedWorkflow(ctx, &workflowarchivepkg.GetArchivedWorkflowRequest{',
          ),
          ev(
            'v3.5.6',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, wf.Namespace, wf.Name)',
          ),
          ev(
            'v3.5.6',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
          ev(
            'v3.5.15',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, namespace, name)',
          ),
          ev(
            'v3.5.15',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, namespace, name)',
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
        verb: 'patch',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        when: ['force'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).DeleteWorkflow',
            '_, patchErr := auth.GetWfClient(ctx).ArgoprojV1alpha1().Workflows(wf.Namespace).Patch(ctx, wf.Name, types.MergePatchType, []byte("{\\"metadata\\":{\\"finalizers\\":null}}"), metav1.PatchOptions{})',
          ),
        ],
      },
      {
        verb: 'delete',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).DeleteWorkflow',
            'err = auth.GetWfClient(ctx).ArgoprojV1alpha1().Workflows(wf.Namespace).Delete(ctx, wf.Name, metav1.DeleteOptions{PropagationPolicy: argoutil.GetDeletePropagation()})',
          ),
        ],
      },
    ],
    server: [
      {
        what: 'archive fallback: GetArchivedWorkflow looks the workflow up in the archive DB by namespace/name (server DB)',
        argo: [{ before: '3.5.7' }],
        evidence: [
          ev(
            'v3.5.6',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'wf, err := w.wfArchive.GetWorkflow(req.Uid, req.Namespace, req.Name)',
          ),
        ],
      },
      {
        what: 'archive fallback: reads the workflow from the archive DB (server DB) when the live Get failed',
        argo: [{ since: '3.5.7' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            's.wfArchive.GetWorkflow(',
          ),
        ],
      },
    ],
    denials: [
      {
        status: '403',
        argo: [{ before: '3.5.7' }, { since: '3.5.13', before: '3.6.0' }, { since: '3.6.2' }],
      },
      {
        status: '404',
        argo: [
          { since: '3.5.7', before: '3.5.13' },
          { since: '3.6.0', before: '3.6.2' },
        ],
      },
    ],
    note: "Archive fallback guarded by an SSAR get in the request namespace (restored by the 3.5.13 / 3.6.2 security fix). After resolving the workflow the server deletes it by name with the caller's client (propagation policy from util.GetDeletePropagation); force=true first removes the finalizers with a merge patch. The deleteOptions query parameters are not forwarded. A workflow found only via the archive fallback leads to a 404 from the delete.",
  },
  {
    id: 'workflow-logs',
    area: 'workflows',
    rpc: 'WorkflowService.WorkflowLogs',
    method: 'GET',
    path: '/api/v1/workflows/{namespace}/{name}/log',
    summary: 'read the logs of a workflow',
    checks: [
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        when: ['by-name'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'wf, origErr := wfClient.ArgoprojV1alpha1().Workflows(namespace).Get(ctx, name, options)',
          ),
        ],
      },
      {
        verb: 'list',
        resource: 'workflows',
        mechanism: 'caller',
        when: ['latest-alias'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'latest, err := getLatestWorkflow(ctx, wfClient, namespace)',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            'getLatestWorkflow',
            'wfList, err := wfClient.ArgoprojV1alpha1().Workflows(namespace).List(ctx, metav1.ListOptions{})',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'ssar',
        when: ['by-name', 'archive-fallback'],
        argo: [{ before: '3.5.7' }, { since: '3.5.13', before: '3.6.0' }, { since: '3.6.2' }],
        note: 'Denied -> the original live error (usually 403/404) is returned. The name is passed to auth.CanI but never put into the review, so a Role narrowed by resourceNames does not satisfy it. Denied (or SSAR error) -> the original live error is returned (e.g. 404 for a workflow that only exists in the archive).',
        evidence: [
          ev(
            'v3.5.6',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'wf, err = s.wfArchiveServer.GetArchivedWorkflow(ctx, &workflowarchivepkg.GetArchivedWorkflowRequest{',
          ),
          ev(
            'v3.5.6',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, wf.Namespace, wf.Name)',
          ),
          ev(
            'v3.5.6',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
          ev(
            'v3.5.15',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, namespace, name)',
          ),
          ev(
            'v3.5.15',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, namespace, name)',
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
        verb: 'get',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        note: 'Second Get of the (resolved) workflow inside util/logs WorkflowLogs; returned raw -> 403.',
        evidence: [
          ev(
            'v4.1.2',
            'util/logs/workflow-logger.go',
            'WorkflowLogs',
            '_, err := wfInterface.Get(ctx, req.GetName(), metav1.GetOptions{})',
          ),
        ],
      },
      {
        verb: 'watch',
        resource: 'pods',
        mechanism: 'caller',
        when: ['no-pod-name'],
        note: 'Label selector workflows.argoproj.io/workflow=<name> only.',
        evidence: [
          ev(
            'v4.1.2',
            'util/logs/workflow-logger.go',
            'WorkflowLogs',
            'podWatch, err := podInterface.Watch(ctx, podListOptions)',
          ),
        ],
      },
      {
        verb: 'list',
        resource: 'pods',
        mechanism: 'caller',
        when: ['no-pod-name'],
        evidence: [
          ev(
            'v4.1.2',
            'util/logs/workflow-logger.go',
            'WorkflowLogs',
            'list, err := podInterface.List(ctx, podListOptions)',
          ),
        ],
      },
      {
        verb: 'watch',
        resource: 'pods',
        mechanism: 'caller',
        named: true,
        when: ['pod-name'],
        note: 'Named only through fieldSelector metadata.name=<podName>.',
        evidence: [
          ev(
            'v4.1.2',
            'util/logs/workflow-logger.go',
            'WorkflowLogs',
            'podListOptions.FieldSelector = "metadata.name=" + req.GetPodName()',
          ),
        ],
      },
      {
        verb: 'list',
        resource: 'pods',
        mechanism: 'caller',
        named: true,
        when: ['pod-name'],
        evidence: [
          ev(
            'v4.1.2',
            'util/logs/workflow-logger.go',
            'WorkflowLogs',
            'list, err := podInterface.List(ctx, podListOptions)',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'pods/log',
        mechanism: 'caller',
        named: true,
        when: ['pod-running'],
        denial: 'empty-200',
        note: "An error opening the stream is only logged ('Failed to get pod logs') and that pod is skipped: a caller without pods/log gets 200 with no log lines.",
        evidence: [
          ev(
            'v4.1.2',
            'util/logs/workflow-logger.go',
            'WorkflowLogs',
            'podInterface.GetLogs(podName, &podLogStreamOptions).Stream(ctx)',
          ),
        ],
      },
      {
        verb: 'watch',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        when: ['follow'],
        note: 'Named through fieldSelector metadata.name=<workflow>. Re-established with the same client when the watch closes (a failure then only ends the follow).',
        evidence: [
          ev(
            'v4.1.2',
            'util/logs/workflow-logger.go',
            'WorkflowLogs',
            'wfWatch, err := wfInterface.Watch(ctx, wfListOptions)',
          ),
        ],
      },
    ],
    server: [
      {
        what: 'archive fallback: GetArchivedWorkflow looks the workflow up in the archive DB by namespace/name (server DB)',
        argo: [{ before: '3.5.7' }],
        evidence: [
          ev(
            'v3.5.6',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'wf, err := w.wfArchive.GetWorkflow(req.Uid, req.Namespace, req.Name)',
          ),
        ],
      },
      {
        what: 'archive fallback: reads the workflow from the archive DB (server DB) when the live Get failed',
        argo: [{ since: '3.5.7' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            's.wfArchive.GetWorkflow(',
          ),
        ],
      },
    ],
    denials: [
      {
        status: '403',
        argo: [{ before: '3.5.7' }, { since: '3.5.13', before: '3.6.0' }, { since: '3.6.2' }],
      },
      {
        status: '404',
        argo: [
          { since: '3.5.7', before: '3.5.13' },
          { since: '3.6.0', before: '3.6.2' },
        ],
      },
    ],
    note: "Archive fallback guarded by an SSAR get in the request namespace (restored by the 3.5.13 / 3.6.2 security fix). PodLogs: getWorkflow, then headers are sent and util/logs.WorkflowLogs streams with the caller's wf and kube clients (auth.GetWfClient / auth.GetKubeClient). Errors before the first log line (workflow Get, pod list/watch, follow-mode workflow watch) reach grpc-gateway's ForwardResponseStream before anything was written, so the HTTP status is the mapped code (403); pods/log failures are swallowed (empty 200). WorkflowLogs just calls PodLogs; podName is an optional query parameter.",
  },
  {
    id: 'follow-workflow-logs',
    area: 'workflows',
    rpc: 'WorkflowService.WorkflowLogs',
    method: 'GET',
    path: '/api/v1/workflows/{namespace}/{name}/log',
    variant: 'logOptions.follow=true',
    summary: 'follow the logs of a workflow',
    given: { follow: true },
    checks: [
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        when: ['by-name'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'wf, origErr := wfClient.ArgoprojV1alpha1().Workflows(namespace).Get(ctx, name, options)',
          ),
        ],
      },
      {
        verb: 'list',
        resource: 'workflows',
        mechanism: 'caller',
        when: ['latest-alias'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'latest, err := getLatestWorkflow(ctx, wfClient, namespace)',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            'getLatestWorkflow',
            'wfList, err := wfClient.ArgoprojV1alpha1().Workflows(namespace).List(ctx, metav1.ListOptions{})',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'ssar',
        when: ['by-name', 'archive-fallback'],
        argo: [{ before: '3.5.7' }, { since: '3.5.13', before: '3.6.0' }, { since: '3.6.2' }],
        note: 'Denied -> the original live error (usually 403/404) is returned. The name is passed to auth.CanI but never put into the review, so a Role narrowed by resourceNames does not satisfy it. Denied (or SSAR error) -> the original live error is returned (e.g. 404 for a workflow that only exists in the archive).',
        evidence: [
          ev(
            'v3.5.6',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'wf, err = s.wfArchiveServer.GetArchivedWorkflow(ctx, &workflowarchivepkg.GetArchivedWorkflowRequest{',
          ),
          ev(
            'v3.5.6',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, wf.Namespace, wf.Name)',
          ),
          ev(
            'v3.5.6',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
          ev(
            'v3.5.15',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, namespace, name)',
          ),
          ev(
            'v3.5.15',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, namespace, name)',
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
        verb: 'get',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        note: 'Second Get of the (resolved) workflow inside util/logs WorkflowLogs; returned raw -> 403.',
        evidence: [
          ev(
            'v4.1.2',
            'util/logs/workflow-logger.go',
            'WorkflowLogs',
            '_, err := wfInterface.Get(ctx, req.GetName(), metav1.GetOptions{})',
          ),
        ],
      },
      {
        verb: 'watch',
        resource: 'pods',
        mechanism: 'caller',
        when: ['no-pod-name'],
        note: 'Label selector workflows.argoproj.io/workflow=<name> only.',
        evidence: [
          ev(
            'v4.1.2',
            'util/logs/workflow-logger.go',
            'WorkflowLogs',
            'podWatch, err := podInterface.Watch(ctx, podListOptions)',
          ),
        ],
      },
      {
        verb: 'list',
        resource: 'pods',
        mechanism: 'caller',
        when: ['no-pod-name'],
        evidence: [
          ev(
            'v4.1.2',
            'util/logs/workflow-logger.go',
            'WorkflowLogs',
            'list, err := podInterface.List(ctx, podListOptions)',
          ),
        ],
      },
      {
        verb: 'watch',
        resource: 'pods',
        mechanism: 'caller',
        named: true,
        when: ['pod-name'],
        note: 'Named only through fieldSelector metadata.name=<podName>.',
        evidence: [
          ev(
            'v4.1.2',
            'util/logs/workflow-logger.go',
            'WorkflowLogs',
            'podListOptions.FieldSelector = "metadata.name=" + req.GetPodName()',
          ),
        ],
      },
      {
        verb: 'list',
        resource: 'pods',
        mechanism: 'caller',
        named: true,
        when: ['pod-name'],
        evidence: [
          ev(
            'v4.1.2',
            'util/logs/workflow-logger.go',
            'WorkflowLogs',
            'list, err := podInterface.List(ctx, podListOptions)',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'pods/log',
        mechanism: 'caller',
        named: true,
        when: ['pod-running'],
        denial: 'empty-200',
        note: "An error opening the stream is only logged ('Failed to get pod logs') and that pod is skipped: a caller without pods/log gets 200 with no log lines.",
        evidence: [
          ev(
            'v4.1.2',
            'util/logs/workflow-logger.go',
            'WorkflowLogs',
            'podInterface.GetLogs(podName, &podLogStreamOptions).Stream(ctx)',
          ),
        ],
      },
      {
        verb: 'watch',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        when: ['follow'],
        note: 'Named through fieldSelector metadata.name=<workflow>. Re-established with the same client when the watch closes (a failure then only ends the follow).',
        evidence: [
          ev(
            'v4.1.2',
            'util/logs/workflow-logger.go',
            'WorkflowLogs',
            'wfWatch, err := wfInterface.Watch(ctx, wfListOptions)',
          ),
        ],
      },
    ],
    server: [
      {
        what: 'archive fallback: GetArchivedWorkflow looks the workflow up in the archive DB by namespace/name (server DB)',
        argo: [{ before: '3.5.7' }],
        evidence: [
          ev(
            'v3.5.6',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'wf, err := w.wfArchive.GetWorkflow(req.Uid, req.Namespace, req.Name)',
          ),
        ],
      },
      {
        what: 'archive fallback: reads the workflow from the archive DB (server DB) when the live Get failed',
        argo: [{ since: '3.5.7' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            's.wfArchive.GetWorkflow(',
          ),
        ],
      },
    ],
    denials: [
      {
        status: '403',
        argo: [{ before: '3.5.7' }, { since: '3.5.13', before: '3.6.0' }, { since: '3.6.2' }],
      },
      {
        status: '404',
        argo: [
          { since: '3.5.7', before: '3.5.13' },
          { since: '3.6.0', before: '3.6.2' },
        ],
      },
    ],
    note: "Archive fallback guarded by an SSAR get in the request namespace (restored by the 3.5.13 / 3.6.2 security fix). PodLogs: getWorkflow, then headers are sent and util/logs.WorkflowLogs streams with the caller's wf and kube clients (auth.GetWfClient / auth.GetKubeClient). Errors before the first log line (workflow Get, pod list/watch, follow-mode workflow watch) reach grpc-gateway's ForwardResponseStream before anything was written, so the HTTP status is the mapped code (403); pods/log failures are swallowed (empty 200). WorkflowLogs just calls PodLogs; podName is an optional query parameter.",
  },
  {
    id: 'pod-logs',
    area: 'workflows',
    rpc: 'WorkflowService.PodLogs',
    method: 'GET',
    path: '/api/v1/workflows/{namespace}/{name}/{podName}/log',
    summary: "read the logs of one of a workflow's pods",
    given: { 'pod-name': true, 'no-pod-name': false },
    checks: [
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        when: ['by-name'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'wf, origErr := wfClient.ArgoprojV1alpha1().Workflows(namespace).Get(ctx, name, options)',
          ),
        ],
      },
      {
        verb: 'list',
        resource: 'workflows',
        mechanism: 'caller',
        when: ['latest-alias'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'latest, err := getLatestWorkflow(ctx, wfClient, namespace)',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            'getLatestWorkflow',
            'wfList, err := wfClient.ArgoprojV1alpha1().Workflows(namespace).List(ctx, metav1.ListOptions{})',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'ssar',
        when: ['by-name', 'archive-fallback'],
        argo: [{ before: '3.5.7' }, { since: '3.5.13', before: '3.6.0' }, { since: '3.6.2' }],
        note: 'Denied -> the original live error (usually 403/404) is returned. The name is passed to auth.CanI but never put into the review, so a Role narrowed by resourceNames does not satisfy it. Denied (or SSAR error) -> the original live error is returned (e.g. 404 for a workflow that only exists in the archive).',
        evidence: [
          ev(
            'v3.5.6',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'wf, err = s.wfArchiveServer.GetArchivedWorkflow(ctx, &workflowarchivepkg.GetArchivedWorkflowRequest{',
          ),
          ev(
            'v3.5.6',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, wf.Namespace, wf.Name)',
          ),
          ev(
            'v3.5.6',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
          ev(
            'v3.5.15',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, namespace, name)',
          ),
          ev(
            'v3.5.15',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, namespace, name)',
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
        verb: 'get',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        note: 'Second Get of the (resolved) workflow inside util/logs WorkflowLogs; returned raw -> 403.',
        evidence: [
          ev(
            'v4.1.2',
            'util/logs/workflow-logger.go',
            'WorkflowLogs',
            '_, err := wfInterface.Get(ctx, req.GetName(), metav1.GetOptions{})',
          ),
        ],
      },
      {
        verb: 'watch',
        resource: 'pods',
        mechanism: 'caller',
        named: true,
        note: 'Named only through fieldSelector metadata.name=<podName> (Kubernetes authorizes a list/watch with a metadata.name field selector against that name, so resourceNames rules match).',
        evidence: [
          ev(
            'v4.1.2',
            'util/logs/workflow-logger.go',
            'WorkflowLogs',
            'podWatch, err := podInterface.Watch(ctx, podListOptions)',
          ),
        ],
      },
      {
        verb: 'list',
        resource: 'pods',
        mechanism: 'caller',
        named: true,
        note: 'Same field selector as the watch.',
        evidence: [
          ev(
            'v4.1.2',
            'util/logs/workflow-logger.go',
            'WorkflowLogs',
            'list, err := podInterface.List(ctx, podListOptions)',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'pods/log',
        mechanism: 'caller',
        named: true,
        when: ['pod-running'],
        denial: 'empty-200',
        note: "An error opening the stream is only logged ('Failed to get pod logs') and that pod is skipped: a caller without pods/log gets 200 with no log lines.",
        evidence: [
          ev(
            'v4.1.2',
            'util/logs/workflow-logger.go',
            'WorkflowLogs',
            'podInterface.GetLogs(podName, &podLogStreamOptions).Stream(ctx)',
          ),
        ],
      },
      {
        verb: 'watch',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        when: ['follow'],
        note: 'Named through fieldSelector metadata.name=<workflow>. Re-established with the same client when the watch closes (a failure then only ends the follow).',
        evidence: [
          ev(
            'v4.1.2',
            'util/logs/workflow-logger.go',
            'WorkflowLogs',
            'wfWatch, err := wfInterface.Watch(ctx, wfListOptions)',
          ),
        ],
      },
    ],
    server: [
      {
        what: 'archive fallback: GetArchivedWorkflow looks the workflow up in the archive DB by namespace/name (server DB)',
        argo: [{ before: '3.5.7' }],
        evidence: [
          ev(
            'v3.5.6',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'wf, err := w.wfArchive.GetWorkflow(req.Uid, req.Namespace, req.Name)',
          ),
        ],
      },
      {
        what: 'archive fallback: reads the workflow from the archive DB (server DB) when the live Get failed',
        argo: [{ since: '3.5.7' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            's.wfArchive.GetWorkflow(',
          ),
        ],
      },
    ],
    denials: [
      {
        status: '403',
        argo: [{ before: '3.5.7' }, { since: '3.5.13', before: '3.6.0' }, { since: '3.6.2' }],
      },
      {
        status: '404',
        argo: [
          { since: '3.5.7', before: '3.5.13' },
          { since: '3.6.0', before: '3.6.2' },
        ],
      },
    ],
    note: "Archive fallback guarded by an SSAR get in the request namespace (restored by the 3.5.13 / 3.6.2 security fix). PodLogs: getWorkflow, then headers are sent and util/logs.WorkflowLogs streams with the caller's wf and kube clients (auth.GetWfClient / auth.GetKubeClient). Errors before the first log line (workflow Get, pod list/watch, follow-mode workflow watch) reach grpc-gateway's ForwardResponseStream before anything was written, so the HTTP status is the mapped code (403); pods/log failures are swallowed (empty 200).",
  },
  {
    id: 'resubmit-workflow',
    area: 'workflows',
    rpc: 'WorkflowService.ResubmitWorkflow',
    method: 'PUT',
    path: '/api/v1/workflows/{namespace}/{name}/resubmit',
    summary: 'resubmit a workflow',
    checks: [
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        when: ['by-name'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'wf, origErr := wfClient.ArgoprojV1alpha1().Workflows(namespace).Get(ctx, name, options)',
          ),
        ],
      },
      {
        verb: 'list',
        resource: 'workflows',
        mechanism: 'caller',
        when: ['latest-alias'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'latest, err := getLatestWorkflow(ctx, wfClient, namespace)',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            'getLatestWorkflow',
            'wfList, err := wfClient.ArgoprojV1alpha1().Workflows(namespace).List(ctx, metav1.ListOptions{})',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'ssar',
        when: ['by-name', 'archive-fallback'],
        argo: [{ before: '3.5.7' }, { since: '3.5.13', before: '3.6.0' }, { since: '3.6.2' }],
        note: 'Denied -> the original live error (usually 403/404) is returned. The name is passed to auth.CanI but never put into the review, so a Role narrowed by resourceNames does not satisfy it. Denied (or SSAR error) -> the original live error is returned (e.g. 404 for a workflow that only exists in the archive).',
        evidence: [
          ev(
            'v3.5.6',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'wf, err = s.wfArchiveServer.GetArchivedWorkflow(ctx, &workflowarchivepkg.GetArchivedWorkflowRequest{',
          ),
          ev(
            'v3.5.6',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, wf.Namespace, wf.Name)',
          ),
          ev(
            'v3.5.6',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
          ev(
            'v3.5.15',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, namespace, name)',
          ),
          ev(
            'v3.5.15',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, namespace, name)',
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
        verb: 'get',
        resource: 'workflowtemplates',
        mechanism: 'caller',
        named: true,
        when: ['references-template'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).ResubmitWorkflow',
            'created, err := util.SubmitWorkflow(ctx, wfClient.ArgoprojV1alpha1().Workflows(req.Namespace), wfClient, req.Namespace, newWF',
          ),
          ev(
            'v4.1.2',
            'workflow/util/util.go',
            'SubmitWorkflow',
            'wftmplGetter := templateresolution.WrapWorkflowTemplateInterface(wfClientset.ArgoprojV1alpha1().WorkflowTemplates(namespace))',
          ),
          ev(
            'v4.1.2',
            'workflow/templateresolution/context.go',
            '(*workflowTemplateInterfaceWrapper).Get',
            'return wrapper.clientset.Get(ctx, name, metav1.GetOptions{})',
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
            'v4.1.2',
            'workflow/util/util.go',
            'SubmitWorkflow',
            'cwftmplGetter := templateresolution.WrapClusterWorkflowTemplateInterface(wfClientset.ArgoprojV1alpha1().ClusterWorkflowTemplates())',
          ),
          ev(
            'v4.1.2',
            'workflow/templateresolution/context.go',
            '(*clusterWorkflowTemplateInterfaceWrapper).Get',
            'return wrapper.clientset.Get(ctx, name, metav1.GetOptions{})',
          ),
        ],
      },
      {
        verb: 'create',
        resource: 'workflows',
        mechanism: 'caller',
        evidence: [
          ev(
            'v4.1.2',
            'workflow/util/util.go',
            'SubmitWorkflow',
            'wfIf.Create(ctx, wf, metav1.CreateOptions{})',
          ),
        ],
      },
    ],
    server: [
      {
        what: 'archive fallback: GetArchivedWorkflow looks the workflow up in the archive DB by namespace/name (server DB)',
        argo: [{ before: '3.5.7' }],
        evidence: [
          ev(
            'v3.5.6',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'wf, err := w.wfArchive.GetWorkflow(req.Uid, req.Namespace, req.Name)',
          ),
        ],
      },
      {
        what: 'archive fallback: reads the workflow from the archive DB (server DB) when the live Get failed',
        argo: [{ since: '3.5.7' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            's.wfArchive.GetWorkflow(',
          ),
        ],
      },
    ],
    denials: [
      {
        status: '403',
        argo: [{ before: '3.5.7' }, { since: '3.5.13', before: '3.6.0' }, { since: '3.6.2' }],
      },
      {
        status: '404',
        argo: [
          { since: '3.5.7', before: '3.5.13' },
          { since: '3.6.0', before: '3.6.2' },
        ],
      },
    ],
    note: "Archive fallback guarded by an SSAR get in the request namespace (restored by the 3.5.13 / 3.6.2 security fix). Confirmed for every version: workflow/util.SubmitWorkflow builds its template getters from the CALLER's clientset (templateresolution.WrapWorkflowTemplateInterface / WrapClusterWorkflowTemplateInterface), unlike Create/Submit since 3.7.0. FormulateResubmitWorkflow and creator labels make no Kubernetes calls. Forbidden workflowTemplateRef Get / create -> 403 (raw Kubernetes error through sutils.ToStatusError); a forbidden nested templateRef is re-wrapped by validation as BadRequest -> 400.",
  },
  {
    id: 'resume-workflow',
    area: 'workflows',
    rpc: 'WorkflowService.ResumeWorkflow',
    method: 'PUT',
    path: '/api/v1/workflows/{namespace}/{name}/resume',
    summary: 'resume a workflow',
    checks: [
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        when: ['by-name'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'wf, origErr := wfClient.ArgoprojV1alpha1().Workflows(namespace).Get(ctx, name, options)',
          ),
        ],
      },
      {
        verb: 'list',
        resource: 'workflows',
        mechanism: 'caller',
        when: ['latest-alias'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'latest, err := getLatestWorkflow(ctx, wfClient, namespace)',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            'getLatestWorkflow',
            'wfList, err := wfClient.ArgoprojV1alpha1().Workflows(namespace).List(ctx, metav1.ListOptions{})',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'ssar',
        when: ['by-name', 'archive-fallback'],
        argo: [{ before: '3.5.7' }, { since: '3.5.13', before: '3.6.0' }, { since: '3.6.2' }],
        note: 'Denied -> the original live error (usually 403/404) is returned. The name is passed to auth.CanI but never put into the review, so a Role narrowed by resourceNames does not satisfy it. Denied (or SSAR error) -> the original live error is returned (e.g. 404 for a workflow that only exists in the archive).',
        evidence: [
          ev(
            'v3.5.6',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'wf, err = s.wfArchiveServer.GetArchivedWorkflow(ctx, &workflowarchivepkg.GetArchivedWorkflowRequest{',
          ),
          ev(
            'v3.5.6',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, wf.Namespace, wf.Name)',
          ),
          ev(
            'v3.5.6',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
          ev(
            'v3.5.15',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, namespace, name)',
          ),
          ev(
            'v3.5.15',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, namespace, name)',
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
        verb: 'get',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        note: 'Inside the helper (retried with backoff) and once more after it to return the result.',
        evidence: [
          ev(
            'v4.1.2',
            'workflow/util/util.go',
            'ResumeWorkflow',
            'wf, err := wfIf.Get(ctx, workflowName, metav1.GetOptions{})',
          ),
          ev(
            'v4.1.2',
            'workflow/util/util.go',
            'updateSuspendedNode',
            'wfIf.Get(ctx, workflowName, metav1.GetOptions{})',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).ResumeWorkflow',
            'wf, err = wfClient.ArgoprojV1alpha1().Workflows(req.Namespace).Get(ctx, wf.Name, metav1.GetOptions{})',
          ),
        ],
      },
      {
        verb: 'update',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        when: ['changes-something'],
        argo: [{ before: '4.1.0' }],
        denial: '500 (without nodeFieldSelector) / 403 (with nodeFieldSelector)',
        note: 'Without nodeFieldSelector a non-conflict Update error makes the backoff retry (returns false, err) until exhausted; util/wait.Backoff then wraps it with %v before 4.1.0 (type lost -> 500) and with %w from 4.1.0 (-> 403). With nodeFieldSelector updateSuspendedNode returns the raw error -> 403.',
        evidence: [
          ev(
            'v4.0.10',
            'server/workflow/workflow_server.go',
            '(*workflowServer).ResumeWorkflow',
            'err = util.ResumeWorkflow(ctx, wfClient.ArgoprojV1alpha1().Workflows(req.Namespace), s.hydrator, wf.Name, req.NodeFieldSelector)',
          ),
          ev(
            'v4.0.10',
            'workflow/util/util.go',
            'ResumeWorkflow',
            '_, err = wfIf.Update(ctx, wf, metav1.UpdateOptions{})',
          ),
          ev(
            'v4.0.10',
            'workflow/util/util.go',
            'updateSuspendedNode',
            '_, err = wfIf.Update(ctx, wf, metav1.UpdateOptions{})',
          ),
        ],
      },
      {
        verb: 'update',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        when: ['changes-something'],
        argo: [{ since: '4.1.0' }],
        denial: '403',
        note: 'Without nodeFieldSelector a non-conflict Update error makes the backoff retry (returns false, err) until exhausted; util/wait.Backoff then wraps it with %v before 4.1.0 (type lost -> 500) and with %w from 4.1.0 (-> 403). With nodeFieldSelector updateSuspendedNode returns the raw error -> 403.',
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).ResumeWorkflow',
            'err = util.ResumeWorkflow(ctx, wfClient.ArgoprojV1alpha1().Workflows(req.Namespace), s.hydrator, wf.Name, req.NodeFieldSelector)',
          ),
          ev(
            'v4.1.2',
            'workflow/util/util.go',
            'ResumeWorkflow',
            '_, err = wfIf.Update(ctx, wf, metav1.UpdateOptions{})',
          ),
          ev(
            'v4.1.2',
            'workflow/util/util.go',
            'updateSuspendedNode',
            '_, err = wfIf.Update(ctx, wf, metav1.UpdateOptions{})',
          ),
        ],
      },
    ],
    server: [
      {
        what: 'archive fallback: GetArchivedWorkflow looks the workflow up in the archive DB by namespace/name (server DB)',
        argo: [{ before: '3.5.7' }],
        evidence: [
          ev(
            'v3.5.6',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'wf, err := w.wfArchive.GetWorkflow(req.Uid, req.Namespace, req.Name)',
          ),
        ],
      },
      {
        what: 'offloaded node status hydrated / dehydrated through the server DB (hydrator)',
        evidence: [
          ev('v4.1.2', 'workflow/util/util.go', 'ResumeWorkflow', 'err = hydrator.Hydrate(ctx, wf)'),
        ],
      },
      {
        what: 'archive fallback: reads the workflow from the archive DB (server DB) when the live Get failed',
        argo: [{ since: '3.5.7' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            's.wfArchive.GetWorkflow(',
          ),
        ],
      },
    ],
    denials: [
      {
        status: '403',
        argo: [{ before: '3.5.7' }, { since: '3.5.13', before: '3.6.0' }, { since: '3.6.2' }],
      },
      {
        status: '404',
        argo: [
          { since: '3.5.7', before: '3.5.13' },
          { since: '3.6.0', before: '3.6.2' },
        ],
      },
    ],
    note: "Archive fallback guarded by an SSAR get in the request namespace (restored by the 3.5.13 / 3.6.2 security fix). workflow/util.ResumeWorkflow (no nodeFieldSelector) or updateSuspendedNode (with nodeFieldSelector) Get + Update the workflow by name with the caller's client (wfClient.ArgoprojV1alpha1().Workflows(req.Namespace)); 3.7.0+ adds actor labels (creator.LabelActor) to the update, no extra call.",
  },
  {
    id: 'suspend-workflow',
    area: 'workflows',
    rpc: 'WorkflowService.SuspendWorkflow',
    method: 'PUT',
    path: '/api/v1/workflows/{namespace}/{name}/suspend',
    summary: 'suspend a workflow',
    checks: [
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        when: ['by-name'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'wf, origErr := wfClient.ArgoprojV1alpha1().Workflows(namespace).Get(ctx, name, options)',
          ),
        ],
      },
      {
        verb: 'list',
        resource: 'workflows',
        mechanism: 'caller',
        when: ['latest-alias'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'latest, err := getLatestWorkflow(ctx, wfClient, namespace)',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            'getLatestWorkflow',
            'wfList, err := wfClient.ArgoprojV1alpha1().Workflows(namespace).List(ctx, metav1.ListOptions{})',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'ssar',
        when: ['by-name', 'archive-fallback'],
        argo: [{ before: '3.5.7' }, { since: '3.5.13', before: '3.6.0' }, { since: '3.6.2' }],
        note: 'Denied -> the original live error (usually 403/404) is returned. The name is passed to auth.CanI but never put into the review, so a Role narrowed by resourceNames does not satisfy it. Denied (or SSAR error) -> the original live error is returned (e.g. 404 for a workflow that only exists in the archive).',
        evidence: [
          ev(
            'v3.5.6',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'wf, err = s.wfArchiveServer.GetArchivedWorkflow(ctx, &workflowarchivepkg.GetArchivedWorkflowRequest{',
          ),
          ev(
            'v3.5.6',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, wf.Namespace, wf.Name)',
          ),
          ev(
            'v3.5.6',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
          ev(
            'v3.5.15',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, namespace, name)',
          ),
          ev(
            'v3.5.15',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, namespace, name)',
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
        verb: 'get',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        evidence: [
          ev(
            'v4.1.2',
            'workflow/util/util.go',
            'SuspendWorkflow',
            'wf, err := wfIf.Get(ctx, workflowName, metav1.GetOptions{})',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SuspendWorkflow',
            'wf, err = wfClient.ArgoprojV1alpha1().Workflows(req.Namespace).Get(ctx, wf.Name, metav1.GetOptions{})',
          ),
        ],
      },
      {
        verb: 'update',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        when: ['changes-something'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SuspendWorkflow',
            'err = util.SuspendWorkflow(ctx, wfClient.ArgoprojV1alpha1().Workflows(wf.Namespace), wf.Name)',
          ),
          ev(
            'v4.1.2',
            'workflow/util/util.go',
            'SuspendWorkflow',
            '_, err := wfIf.Update(ctx, wf, metav1.UpdateOptions{})',
          ),
        ],
      },
    ],
    server: [
      {
        what: 'archive fallback: GetArchivedWorkflow looks the workflow up in the archive DB by namespace/name (server DB)',
        argo: [{ before: '3.5.7' }],
        evidence: [
          ev(
            'v3.5.6',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'wf, err := w.wfArchive.GetWorkflow(req.Uid, req.Namespace, req.Name)',
          ),
        ],
      },
      {
        what: 'archive fallback: reads the workflow from the archive DB (server DB) when the live Get failed',
        argo: [{ since: '3.5.7' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            's.wfArchive.GetWorkflow(',
          ),
        ],
      },
    ],
    denials: [
      {
        status: '403',
        argo: [{ before: '3.5.7' }, { since: '3.5.13', before: '3.6.0' }, { since: '3.6.2' }],
      },
      {
        status: '404',
        argo: [
          { since: '3.5.7', before: '3.5.13' },
          { since: '3.6.0', before: '3.6.2' },
        ],
      },
    ],
    note: "Archive fallback guarded by an SSAR get in the request namespace (restored by the 3.5.13 / 3.6.2 security fix). workflow/util.SuspendWorkflow Gets the workflow and Updates spec.suspend=true (only if not already suspended; a completed workflow -> error without update: 500 before 4.1.0, 400 from 4.1.0 because util/wait.Backoff now wraps with %w) with the caller's client, then the server Gets it again. Forbidden errors are non-transient and returned raw -> 403.",
  },
  {
    id: 'terminate-workflow',
    area: 'workflows',
    rpc: 'WorkflowService.TerminateWorkflow',
    method: 'PUT',
    path: '/api/v1/workflows/{namespace}/{name}/terminate',
    summary: 'terminate a workflow (no exit handlers)',
    checks: [
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        when: ['by-name'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'wf, origErr := wfClient.ArgoprojV1alpha1().Workflows(namespace).Get(ctx, name, options)',
          ),
        ],
      },
      {
        verb: 'list',
        resource: 'workflows',
        mechanism: 'caller',
        when: ['latest-alias'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'latest, err := getLatestWorkflow(ctx, wfClient, namespace)',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            'getLatestWorkflow',
            'wfList, err := wfClient.ArgoprojV1alpha1().Workflows(namespace).List(ctx, metav1.ListOptions{})',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'ssar',
        when: ['by-name', 'archive-fallback'],
        argo: [{ before: '3.5.7' }, { since: '3.5.13', before: '3.6.0' }, { since: '3.6.2' }],
        note: 'Denied -> the original live error (usually 403/404) is returned. The name is passed to auth.CanI but never put into the review, so a Role narrowed by resourceNames does not satisfy it. Denied (or SSAR error) -> the original live error is returned (e.g. 404 for a workflow that only exists in the archive).',
        evidence: [
          ev(
            'v3.5.6',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'wf, err = s.wfArchiveServer.GetArchivedWorkflow(ctx, &workflowarchivepkg.GetArchivedWorkflowRequest{',
          ),
          ev(
            'v3.5.6',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, wf.Namespace, wf.Name)',
          ),
          ev(
            'v3.5.6',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
          ev(
            'v3.5.15',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, namespace, name)',
          ),
          ev(
            'v3.5.15',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, namespace, name)',
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
        verb: 'get',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        evidence: [
          ev(
            'v4.1.2',
            'workflow/util/util.go',
            'patchShutdownStrategy',
            'wfClient.Get(ctx, name, metav1.GetOptions{})',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).TerminateWorkflow',
            'wf, err = wfClient.ArgoprojV1alpha1().Workflows(req.Namespace).Get(ctx, wf.Name, metav1.GetOptions{})',
          ),
        ],
      },
      {
        verb: 'patch',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        when: ['changes-something'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).TerminateWorkflow',
            'err = util.TerminateWorkflow(ctx, wfClient.ArgoprojV1alpha1().Workflows(req.Namespace), wf.Name)',
          ),
          ev(
            'v4.1.2',
            'workflow/util/util.go',
            'TerminateWorkflow',
            'return patchShutdownStrategy(ctx, wfClient, name, wfv1.ShutdownStrategyTerminate)',
          ),
          ev(
            'v4.1.2',
            'workflow/util/util.go',
            'patchShutdownStrategy',
            'wfClient.Patch(ctx, name, types.MergePatchType, patch, metav1.PatchOptions{})',
          ),
        ],
      },
    ],
    server: [
      {
        what: 'archive fallback: GetArchivedWorkflow looks the workflow up in the archive DB by namespace/name (server DB)',
        argo: [{ before: '3.5.7' }],
        evidence: [
          ev(
            'v3.5.6',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'wf, err := w.wfArchive.GetWorkflow(req.Uid, req.Namespace, req.Name)',
          ),
        ],
      },
      {
        what: 'archive fallback: reads the workflow from the archive DB (server DB) when the live Get failed',
        argo: [{ since: '3.5.7' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            's.wfArchive.GetWorkflow(',
          ),
        ],
      },
    ],
    denials: [
      {
        status: '403',
        argo: [{ before: '3.5.7' }, { since: '3.5.13', before: '3.6.0' }, { since: '3.6.2' }],
      },
      {
        status: '404',
        argo: [
          { since: '3.5.7', before: '3.5.13' },
          { since: '3.6.0', before: '3.6.2' },
        ],
      },
    ],
    note: "Archive fallback guarded by an SSAR get in the request namespace (restored by the 3.5.13 / 3.6.2 security fix). workflow/util.patchShutdownStrategy Gets the workflow and merge-patches spec.shutdown=Terminate (3.7.0+ also actor labels in the same patch) with the caller's client; a fulfilled workflow -> 500 AlreadyShutdownError without patch.",
  },
  {
    id: 'stop-workflow',
    area: 'workflows',
    rpc: 'WorkflowService.StopWorkflow',
    method: 'PUT',
    path: '/api/v1/workflows/{namespace}/{name}/stop',
    summary: 'stop a workflow (exit handlers run)',
    checks: [
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        when: ['by-name'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'wf, origErr := wfClient.ArgoprojV1alpha1().Workflows(namespace).Get(ctx, name, options)',
          ),
        ],
      },
      {
        verb: 'list',
        resource: 'workflows',
        mechanism: 'caller',
        when: ['latest-alias'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'latest, err := getLatestWorkflow(ctx, wfClient, namespace)',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            'getLatestWorkflow',
            'wfList, err := wfClient.ArgoprojV1alpha1().Workflows(namespace).List(ctx, metav1.ListOptions{})',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'ssar',
        when: ['by-name', 'archive-fallback'],
        argo: [{ before: '3.5.7' }, { since: '3.5.13', before: '3.6.0' }, { since: '3.6.2' }],
        note: 'Denied -> the original live error (usually 403/404) is returned. The name is passed to auth.CanI but never put into the review, so a Role narrowed by resourceNames does not satisfy it. Denied (or SSAR error) -> the original live error is returned (e.g. 404 for a workflow that only exists in the archive).',
        evidence: [
          ev(
            'v3.5.6',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'wf, err = s.wfArchiveServer.GetArchivedWorkflow(ctx, &workflowarchivepkg.GetArchivedWorkflowRequest{',
          ),
          ev(
            'v3.5.6',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, wf.Namespace, wf.Name)',
          ),
          ev(
            'v3.5.6',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
          ev(
            'v3.5.15',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, namespace, name)',
          ),
          ev(
            'v3.5.15',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, namespace, name)',
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
        verb: 'get',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        evidence: [
          ev(
            'v4.1.2',
            'workflow/util/util.go',
            'patchShutdownStrategy',
            'wfClient.Get(ctx, name, metav1.GetOptions{})',
          ),
          ev(
            'v4.1.2',
            'workflow/util/util.go',
            'updateSuspendedNode',
            'wfIf.Get(ctx, workflowName, metav1.GetOptions{})',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).StopWorkflow',
            'wf, err = wfClient.ArgoprojV1alpha1().Workflows(req.Namespace).Get(ctx, wf.Name, metav1.GetOptions{})',
          ),
        ],
      },
      {
        verb: 'patch',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        when: ['no-node-field-selector', 'changes-something'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).StopWorkflow',
            'err = util.StopWorkflow(ctx, wfClient.ArgoprojV1alpha1().Workflows(req.Namespace), s.hydrator, wf.Name, req.NodeFieldSelector, req.Message)',
          ),
          ev(
            'v4.1.2',
            'workflow/util/util.go',
            'StopWorkflow',
            'return patchShutdownStrategy(ctx, wfClient, name, wfv1.ShutdownStrategyStop)',
          ),
          ev(
            'v4.1.2',
            'workflow/util/util.go',
            'patchShutdownStrategy',
            'wfClient.Patch(ctx, name, types.MergePatchType, patch, metav1.PatchOptions{})',
          ),
        ],
      },
      {
        verb: 'update',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        when: ['node-field-selector', 'changes-something'],
        evidence: [
          ev(
            'v4.1.2',
            'workflow/util/util.go',
            'StopWorkflow',
            'return updateSuspendedNode(ctx, wfClient, hydrator, name, nodeFieldSelector, SetOperationValues{Phase: wfv1.NodeFailed, Message: message}',
          ),
          ev(
            'v4.1.2',
            'workflow/util/util.go',
            'updateSuspendedNode',
            '_, err = wfIf.Update(ctx, wf, metav1.UpdateOptions{})',
          ),
        ],
      },
    ],
    server: [
      {
        what: 'archive fallback: GetArchivedWorkflow looks the workflow up in the archive DB by namespace/name (server DB)',
        argo: [{ before: '3.5.7' }],
        evidence: [
          ev(
            'v3.5.6',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'wf, err := w.wfArchive.GetWorkflow(req.Uid, req.Namespace, req.Name)',
          ),
        ],
      },
      {
        what: 'archive fallback: reads the workflow from the archive DB (server DB) when the live Get failed',
        argo: [{ since: '3.5.7' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            's.wfArchive.GetWorkflow(',
          ),
        ],
      },
    ],
    denials: [
      {
        status: '403',
        argo: [{ before: '3.5.7' }, { since: '3.5.13', before: '3.6.0' }, { since: '3.6.2' }],
      },
      {
        status: '404',
        argo: [
          { since: '3.5.7', before: '3.5.13' },
          { since: '3.6.0', before: '3.6.2' },
        ],
      },
    ],
    note: "Archive fallback guarded by an SSAR get in the request namespace (restored by the 3.5.13 / 3.6.2 security fix). Without nodeFieldSelector: Get + merge patch spec.shutdown=Stop; with nodeFieldSelector: Get + Update of the matching suspend node (marked Failed), hydrating/dehydrating node status through the server DB. All with the caller's client; errors returned raw -> 403.",
  },
  {
    id: 'set-workflow',
    area: 'workflows',
    rpc: 'WorkflowService.SetWorkflow',
    method: 'PUT',
    path: '/api/v1/workflows/{namespace}/{name}/set',
    summary: "set a node's outputs or phase",
    given: { 'node-field-selector': true, 'no-node-field-selector': false },
    checks: [
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        when: ['by-name'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'wf, origErr := wfClient.ArgoprojV1alpha1().Workflows(namespace).Get(ctx, name, options)',
          ),
        ],
      },
      {
        verb: 'list',
        resource: 'workflows',
        mechanism: 'caller',
        when: ['latest-alias'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'latest, err := getLatestWorkflow(ctx, wfClient, namespace)',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            'getLatestWorkflow',
            'wfList, err := wfClient.ArgoprojV1alpha1().Workflows(namespace).List(ctx, metav1.ListOptions{})',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'ssar',
        when: ['by-name', 'archive-fallback'],
        argo: [{ before: '3.5.7' }, { since: '3.5.13', before: '3.6.0' }, { since: '3.6.2' }],
        note: 'Denied -> the original live error (usually 403/404) is returned. The name is passed to auth.CanI but never put into the review, so a Role narrowed by resourceNames does not satisfy it. Denied (or SSAR error) -> the original live error is returned (e.g. 404 for a workflow that only exists in the archive).',
        evidence: [
          ev(
            'v3.5.6',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'wf, err = s.wfArchiveServer.GetArchivedWorkflow(ctx, &workflowarchivepkg.GetArchivedWorkflowRequest{',
          ),
          ev(
            'v3.5.6',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, wf.Namespace, wf.Name)',
          ),
          ev(
            'v3.5.6',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
          ev(
            'v3.5.15',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, namespace, name)',
          ),
          ev(
            'v3.5.15',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, namespace, name)',
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
        verb: 'get',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        when: ['node-field-selector'],
        evidence: [
          ev(
            'v4.1.2',
            'workflow/util/util.go',
            'updateSuspendedNode',
            'wfIf.Get(ctx, workflowName, metav1.GetOptions{})',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SetWorkflow',
            'wf, err = wfClient.ArgoprojV1alpha1().Workflows(req.Namespace).Get(ctx, wf.Name, metav1.GetOptions{})',
          ),
        ],
      },
      {
        verb: 'update',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        when: ['node-field-selector', 'changes-something'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).SetWorkflow',
            'err = util.SetWorkflow(ctx, wfClient.ArgoprojV1alpha1().Workflows(req.Namespace), s.hydrator, wf.Name, req.NodeFieldSelector, operation)',
          ),
          ev(
            'v4.1.2',
            'workflow/util/util.go',
            'SetWorkflow',
            'return updateSuspendedNode(ctx, wfClient, hydrator, name, nodeFieldSelector, values',
          ),
          ev(
            'v4.1.2',
            'workflow/util/util.go',
            'updateSuspendedNode',
            '_, err = wfIf.Update(ctx, wf, metav1.UpdateOptions{})',
          ),
        ],
      },
    ],
    server: [
      {
        what: 'archive fallback: GetArchivedWorkflow looks the workflow up in the archive DB by namespace/name (server DB)',
        argo: [{ before: '3.5.7' }],
        evidence: [
          ev(
            'v3.5.6',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'wf, err := w.wfArchive.GetWorkflow(req.Uid, req.Namespace, req.Name)',
          ),
        ],
      },
      {
        what: 'archive fallback: reads the workflow from the archive DB (server DB) when the live Get failed',
        argo: [{ since: '3.5.7' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            's.wfArchive.GetWorkflow(',
          ),
        ],
      },
    ],
    denials: [
      {
        status: '403',
        argo: [{ before: '3.5.7' }, { since: '3.5.13', before: '3.6.0' }, { since: '3.6.2' }],
      },
      {
        status: '404',
        argo: [
          { since: '3.5.7', before: '3.5.13' },
          { since: '3.6.0', before: '3.6.2' },
        ],
      },
    ],
    note: "Archive fallback guarded by an SSAR get in the request namespace (restored by the 3.5.13 / 3.6.2 security fix). Without nodeFieldSelector util.SetWorkflow returns an error ('set currently only targets suspend nodes') -> 500 after the initial getWorkflow; with it, updateSuspendedNode Gets and Updates the workflow with the caller's client (no match -> 500).",
  },
  {
    id: 'retry-workflow',
    area: 'workflows',
    rpc: 'WorkflowService.RetryWorkflow',
    method: 'PUT',
    path: '/api/v1/workflows/{namespace}/{name}/retry',
    summary: 'retry a workflow',
    checks: [
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        when: ['by-name'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'wf, origErr := wfClient.ArgoprojV1alpha1().Workflows(namespace).Get(ctx, name, options)',
          ),
        ],
      },
      {
        verb: 'list',
        resource: 'workflows',
        mechanism: 'caller',
        when: ['latest-alias'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'latest, err := getLatestWorkflow(ctx, wfClient, namespace)',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            'getLatestWorkflow',
            'wfList, err := wfClient.ArgoprojV1alpha1().Workflows(namespace).List(ctx, metav1.ListOptions{})',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'ssar',
        when: ['by-name', 'archive-fallback'],
        argo: [{ before: '3.5.7' }, { since: '3.5.13', before: '3.6.0' }, { since: '3.6.2' }],
        note: 'Denied -> the original live error (usually 403/404) is returned. The name is passed to auth.CanI but never put into the review, so a Role narrowed by resourceNames does not satisfy it. Denied (or SSAR error) -> the original live error is returned (e.g. 404 for a workflow that only exists in the archive).',
        evidence: [
          ev(
            'v3.5.6',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'wf, err = s.wfArchiveServer.GetArchivedWorkflow(ctx, &workflowarchivepkg.GetArchivedWorkflowRequest{',
          ),
          ev(
            'v3.5.6',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, wf.Namespace, wf.Name)',
          ),
          ev(
            'v3.5.6',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
          ev(
            'v3.5.15',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, namespace, name)',
          ),
          ev(
            'v3.5.15',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, namespace, name)',
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
        resource: 'pods',
        mechanism: 'caller',
        named: true,
        when: ['retry-pods'],
        note: 'One Delete per selected pod (NotFound ignored). Pod names come from node names, so resourceNames narrowing is impractical.',
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).RetryWorkflow',
            'kubeClient.CoreV1().Pods(wf.Namespace).Delete(ctx, podName, metav1.DeleteOptions{})',
          ),
          ev(
            'v4.1.2',
            'workflow/util/util.go',
            'FormulateRetryWorkflow',
            'deletedPods, podsToDelete = deletePodNodeDuringRetryWorkflow(wf, n, deletedPods, podsToDelete)',
          ),
        ],
      },
      {
        verb: 'update',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).RetryWorkflow',
            'wf, err = wfClient.ArgoprojV1alpha1().Workflows(req.Namespace).Update(ctx, wf, metav1.UpdateOptions{})',
          ),
        ],
      },
    ],
    server: [
      {
        what: 'archive fallback: GetArchivedWorkflow looks the workflow up in the archive DB by namespace/name (server DB)',
        argo: [{ before: '3.5.7' }],
        evidence: [
          ev(
            'v3.5.6',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'wf, err := w.wfArchive.GetWorkflow(req.Uid, req.Namespace, req.Name)',
          ),
        ],
      },
      {
        what: 'node status hydrated before / dehydrated after the retry through the server DB',
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).RetryWorkflow',
            's.hydrator.Hydrate(',
          ),
        ],
      },
      {
        what: 'archive fallback: reads the workflow from the archive DB (server DB) when the live Get failed',
        argo: [{ since: '3.5.7' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            's.wfArchive.GetWorkflow(',
          ),
        ],
      },
    ],
    denials: [
      {
        status: '403',
        argo: [{ before: '3.5.7' }, { since: '3.5.13', before: '3.6.0' }, { since: '3.6.2' }],
      },
      {
        status: '404',
        argo: [
          { since: '3.5.7', before: '3.5.13' },
          { since: '3.6.0', before: '3.6.2' },
        ],
      },
    ],
    note: "Archive fallback guarded by an SSAR get in the request namespace (restored by the 3.5.13 / 3.6.2 security fix). Confirmed: pods are deleted with the caller's kube client (auth.GetKubeClient), only for the pods util.FormulateRetryWorkflow selects (retry-pods; nodeFieldSelector/restartSuccessful change the selection, and a Succeeded workflow needs both set, else 400 before any delete). 3.6.0+ deletes concurrently; the first non-NotFound error is returned (403). The workflow is then Updated by name (3.7.7+ with actor labels). FormulateRetryWorkflow itself makes no Kubernetes call. Kubernetes authorizes a delete before looking the pod up, so `delete pods` is needed even when the pods are already gone (NotFound is ignored only when the caller is allowed).",
  },
  {
    id: 'watch-workflows',
    area: 'workflows',
    rpc: 'WorkflowService.WatchWorkflows',
    method: 'GET',
    path: '/api/v1/workflow-events/{namespace}',
    summary: 'watch the workflows of a namespace',
    checks: [
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        when: ['one-workflow', 'by-name'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'wf, origErr := wfClient.ArgoprojV1alpha1().Workflows(namespace).Get(ctx, name, options)',
          ),
        ],
      },
      {
        verb: 'list',
        resource: 'workflows',
        mechanism: 'caller',
        when: ['one-workflow', 'latest-alias'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'latest, err := getLatestWorkflow(ctx, wfClient, namespace)',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            'getLatestWorkflow',
            'wfList, err := wfClient.ArgoprojV1alpha1().Workflows(namespace).List(ctx, metav1.ListOptions{})',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'ssar',
        when: ['one-workflow', 'by-name', 'archive-fallback'],
        argo: [{ before: '3.5.7' }, { since: '3.5.13', before: '3.6.0' }, { since: '3.6.2' }],
        note: 'Denied -> the original live error (usually 403/404) is returned. The name is passed to auth.CanI but never put into the review, so a Role narrowed by resourceNames does not satisfy it. Denied (or SSAR error) -> the original live error is returned (e.g. 404 for a workflow that only exists in the archive).',
        evidence: [
          ev(
            'v3.5.6',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'wf, err = s.wfArchiveServer.GetArchivedWorkflow(ctx, &workflowarchivepkg.GetArchivedWorkflowRequest{',
          ),
          ev(
            'v3.5.6',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, wf.Namespace, wf.Name)',
          ),
          ev(
            'v3.5.6',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
          ev(
            'v3.5.15',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, namespace, name)',
          ),
          ev(
            'v3.5.15',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, namespace, name)',
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
        verb: 'watch',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        when: ['one-workflow'],
        note: 'Named through fieldSelector metadata.name=<resolved name> (Kubernetes authorizes such a watch against that name).',
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).WatchWorkflows',
            'wf, err := s.getWorkflow(ctx, wfClient, req.Namespace, wfName,',
          ),
        ],
      },
      {
        verb: 'watch',
        resource: 'workflows',
        mechanism: 'caller',
        when: ['all-workflows'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).WatchWorkflows',
            'wfIf := wfClient.ArgoprojV1alpha1().Workflows(req.Namespace)',
          ),
        ],
      },
    ],
    server: [
      {
        what: 'archive fallback: GetArchivedWorkflow looks the workflow up in the archive DB by namespace/name (server DB)',
        argo: [{ before: '3.5.7' }],
        evidence: [
          ev(
            'v3.5.6',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'wf, err := w.wfArchive.GetWorkflow(req.Uid, req.Namespace, req.Name)',
          ),
        ],
      },
      {
        what: "each event's workflow hydrated from the offloaded node status DB (unless `fields` excludes status.nodes)",
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).WatchWorkflows',
            'if err := s.hydrator.Hydrate(ctx, wf); err != nil {',
          ),
        ],
      },
      {
        what: 'archive fallback: reads the workflow from the archive DB (server DB) when the live Get failed',
        argo: [{ since: '3.5.7' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            's.wfArchive.GetWorkflow(',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: 'Archive fallback guarded by an SSAR get in the request namespace (restored by the 3.5.13 / 3.6.2 security fix). The watch is opened before any header/event is sent, so a forbidden watch (or a failing name resolution) reaches grpc-gateway before anything was written: HTTP 403 with a JSON error body. Errors after events started (e.g. a metav1.Status in the watch channel) are sent in-stream. The getWorkflow checks only apply with name-field-selector.',
  },
  {
    id: 'watch-workflow',
    area: 'workflows',
    rpc: 'WorkflowService.WatchWorkflows',
    method: 'GET',
    path: '/api/v1/workflow-events/{namespace}',
    variant: 'listOptions.fieldSelector=metadata.name={name}',
    summary: 'watch one workflow (argo watch, submit --wait)',
    given: { 'one-workflow': true, 'all-workflows': false },
    checks: [
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        when: ['one-workflow', 'by-name'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'wf, origErr := wfClient.ArgoprojV1alpha1().Workflows(namespace).Get(ctx, name, options)',
          ),
        ],
      },
      {
        verb: 'list',
        resource: 'workflows',
        mechanism: 'caller',
        when: ['one-workflow', 'latest-alias'],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'latest, err := getLatestWorkflow(ctx, wfClient, namespace)',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            'getLatestWorkflow',
            'wfList, err := wfClient.ArgoprojV1alpha1().Workflows(namespace).List(ctx, metav1.ListOptions{})',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'ssar',
        when: ['one-workflow', 'by-name', 'archive-fallback'],
        argo: [{ before: '3.5.7' }, { since: '3.5.13', before: '3.6.0' }, { since: '3.6.2' }],
        note: 'Denied -> the original live error (usually 403/404) is returned. The name is passed to auth.CanI but never put into the review, so a Role narrowed by resourceNames does not satisfy it. Denied (or SSAR error) -> the original live error is returned (e.g. 404 for a workflow that only exists in the archive).',
        evidence: [
          ev(
            'v3.5.6',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'wf, err = s.wfArchiveServer.GetArchivedWorkflow(ctx, &workflowarchivepkg.GetArchivedWorkflowRequest{',
          ),
          ev(
            'v3.5.6',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, wf.Namespace, wf.Name)',
          ),
          ev(
            'v3.5.6',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
          ev(
            'v3.5.15',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, namespace, name)',
          ),
          ev(
            'v3.5.15',
            'util/auth/auth.go',
            'CanI',
            'review, err := kubeclientset.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &auth.SelfSubjectAccessReview{',
          ),
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            'allowed, err := auth.CanI(ctx, "get", workflow.WorkflowPlural, namespace, name)',
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
        verb: 'watch',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        when: ['one-workflow'],
        note: 'Named through fieldSelector metadata.name=<resolved name> (Kubernetes authorizes such a watch against that name).',
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).WatchWorkflows',
            'wf, err := s.getWorkflow(ctx, wfClient, req.Namespace, wfName,',
          ),
        ],
      },
    ],
    server: [
      {
        what: 'archive fallback: GetArchivedWorkflow looks the workflow up in the archive DB by namespace/name (server DB)',
        argo: [{ before: '3.5.7' }],
        evidence: [
          ev(
            'v3.5.6',
            'server/workflowarchive/archived_workflow_server.go',
            '(*archivedWorkflowServer).GetArchivedWorkflow',
            'wf, err := w.wfArchive.GetWorkflow(req.Uid, req.Namespace, req.Name)',
          ),
        ],
      },
      {
        what: "each event's workflow hydrated from the offloaded node status DB (unless `fields` excludes status.nodes)",
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).WatchWorkflows',
            'if err := s.hydrator.Hydrate(ctx, wf); err != nil {',
          ),
        ],
      },
      {
        what: 'archive fallback: reads the workflow from the archive DB (server DB) when the live Get failed',
        argo: [{ since: '3.5.7' }],
        evidence: [
          ev(
            'v4.1.2',
            'server/workflow/workflow_server.go',
            '(*workflowServer).getWorkflow',
            's.wfArchive.GetWorkflow(',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: 'Archive fallback guarded by an SSAR get in the request namespace (restored by the 3.5.13 / 3.6.2 security fix). The watch is opened before any header/event is sent, so a forbidden watch (or a failing name resolution) reaches grpc-gateway before anything was written: HTTP 403 with a JSON error body. Errors after events started (e.g. a metav1.Status in the watch channel) are sent in-stream. The getWorkflow checks only apply with name-field-selector.',
  },
  {
    id: 'watch-k8s-events',
    area: 'workflows',
    rpc: 'WorkflowService.WatchEvents',
    method: 'GET',
    path: '/api/v1/stream/events/{namespace}',
    summary: 'stream the Kubernetes events of a namespace',
    checks: [
      {
        verb: 'watch',
        resource: 'events',
        mechanism: 'caller',
        note: 'Core/v1 Events (group ""), not events.k8s.io. The instance-ID label selector is added to the caller\'s listOptions; a client-supplied fieldSelector metadata.name=<event> would make it named, the UI uses involvedObject.* selectors instead.',
        evidence: [
          ev(
            'v3.5.0',
            'server/workflow/workflow_server.go',
            '(*workflowServer).WatchEvents',
            'eventInterface := kubeClient.CoreV1().Events(req.Namespace)',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: "Kubernetes events of the namespace, watched with the caller's kube client. Error before the first event -> HTTP 403; later errors in-stream. Unchanged v3.5.0-v4.1.2 apart from logging.",
  },
];
