// What Argo Server checks for its cron workflows endpoints, per version, with the evidence in Argo's source.
// Read each cited function at its tag: git show <tag>:<file> in a clone of argoproj/argo-workflows.

import { ev, type Operation } from '../facts';

export const CRON_WORKFLOWS_OPERATIONS: readonly Operation[] = [
  {
    id: 'list-cron-workflows',
    area: 'cron workflows',
    rpc: 'CronWorkflowService.ListCronWorkflows',
    method: 'GET',
    path: '/api/v1/cron-workflows/{namespace}',
    summary: 'list cron workflows',
    checks: [
      {
        verb: 'list',
        resource: 'cronworkflows',
        mechanism: 'caller',
        evidence: [
          ev(
            'v3.5.15',
            'server/cronworkflow/cron_workflow_server.go',
            '(*cronWorkflowServiceServer).ListCronWorkflows',
            'cronWfList, err := auth.GetWfClient(ctx).ArgoprojV1alpha1().CronWorkflows(req.Namespace).List(ctx, *options)',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
  },
  {
    id: 'create-cron-workflow',
    area: 'cron workflows',
    rpc: 'CronWorkflowService.CreateCronWorkflow',
    method: 'POST',
    path: '/api/v1/cron-workflows/{namespace}',
    summary: 'create a cron workflow',
    checks: [
      {
        verb: 'create',
        resource: 'cronworkflows',
        mechanism: 'caller',
        evidence: [
          ev(
            'v3.7.18',
            'server/cronworkflow/cron_workflow_server.go',
            '(*cronWorkflowServiceServer).CreateCronWorkflow',
            'crWf, err := wfClient.ArgoprojV1alpha1().CronWorkflows(req.Namespace).Create(ctx, req.CronWorkflow, metav1.CreateOptions{})',
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
            'v3.5.15',
            'server/cronworkflow/cron_workflow_server.go',
            '(*cronWorkflowServiceServer).CreateCronWorkflow',
            'wftmplGetter := templateresolution.WrapWorkflowTemplateInterface(wfClient.ArgoprojV1alpha1().WorkflowTemplates(req.Namespace))',
          ),
          ev(
            'v3.5.15',
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
            'v3.5.15',
            'server/cronworkflow/cron_workflow_server.go',
            '(*cronWorkflowServiceServer).CreateCronWorkflow',
            'cwftmplGetter := templateresolution.WrapClusterWorkflowTemplateInterface(wfClient.ArgoprojV1alpha1().ClusterWorkflowTemplates())',
          ),
          ev(
            'v3.5.15',
            'workflow/templateresolution/context.go',
            '(*clusterWorkflowTemplateInterfaceWrapper).Get',
            'return wrapper.clientset.Get(ctx, name, metav1.GetOptions{})',
          ),
        ],
      },
    ],
    server: [
      {
        what: "referenced WorkflowTemplates read from the server's informer",
        argo: [{ since: '3.7.0' }],
        evidence: [
          ev(
            'v3.7.18',
            'server/cronworkflow/cron_workflow_server.go',
            '(*cronWorkflowServiceServer).CreateCronWorkflow',
            'wftmplGetter := c.wftmplStore.Getter(ctx, req.Namespace)',
          ),
          ev(
            'v3.7.18',
            'server/workflowtemplate/informer.go',
            '(*Informer).Getter',
            'return wti.informer.Lister().WorkflowTemplates(namespace)',
          ),
        ],
      },
      {
        what: "referenced ClusterWorkflowTemplates read from the server's CWT informer / Null store",
        argo: [{ since: '3.7.0' }],
        evidence: [
          ev(
            'v3.7.18',
            'server/cronworkflow/cron_workflow_server.go',
            '(*cronWorkflowServiceServer).CreateCronWorkflow',
            'cwftmplGetter := c.cwftmplStore.Getter(ctx)',
          ),
          ev(
            'v3.7.18',
            'server/clusterworkflowtemplate/informer.go',
            '(*Informer).Getter',
            'return templateresolution.WrapClusterWorkflowTemplateLister(cwti.informer.Lister())',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: "Referenced templates are read from the server's informers (caller needs nothing for them); missing -> 400. Server-SA-lacks-CWT-RBAC: 3.7.1 panics (500) because cron's constructor has no nil fallback and receives a typed-nil *Informer; 3.7.2+ Null store -> clusterScope refs fail with 400.",
  },
  {
    id: 'get-cron-workflow',
    area: 'cron workflows',
    rpc: 'CronWorkflowService.GetCronWorkflow',
    method: 'GET',
    path: '/api/v1/cron-workflows/{namespace}/{name}',
    summary: 'get a cron workflow',
    checks: [
      {
        verb: 'get',
        resource: 'cronworkflows',
        mechanism: 'caller',
        named: true,
        evidence: [
          ev(
            'v3.5.15',
            'server/cronworkflow/cron_workflow_server.go',
            '(*cronWorkflowServiceServer).getCronWorkflowAndValidate',
            'cronWf, err := wfClient.ArgoprojV1alpha1().CronWorkflows(namespace).Get(ctx, name, options)',
          ),
          ev(
            'v3.7.18',
            'server/cronworkflow/cron_workflow_server.go',
            '(*cronWorkflowServiceServer).GetCronWorkflow',
            'return c.getCronWorkflowAndValidate(ctx, req.Namespace, req.Name, options)',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: 'Caller GET by name in every version (CronWorkflows have no server informer).',
  },
  {
    id: 'update-cron-workflow',
    area: 'cron workflows',
    rpc: 'CronWorkflowService.UpdateCronWorkflow',
    method: 'PUT',
    path: '/api/v1/cron-workflows/{namespace}/{name}',
    summary: 'update a cron workflow',
    checks: [
      {
        verb: 'get',
        resource: 'cronworkflows',
        mechanism: 'caller',
        named: true,
        evidence: [
          ev(
            'v3.7.18',
            'server/cronworkflow/cron_workflow_server.go',
            '(*cronWorkflowServiceServer).UpdateCronWorkflow',
            '_, err := c.getCronWorkflowAndValidate(ctx, req.Namespace, req.CronWorkflow.Name, metav1.GetOptions{})',
          ),
          ev(
            'v4.1.2',
            'server/cronworkflow/cron_workflow_server.go',
            '(*cronWorkflowServiceServer).getCronWorkflowAndValidate',
            'cronWf, err := wfClient.ArgoprojV1alpha1().CronWorkflows(namespace).Get(ctx, name, options)',
          ),
        ],
      },
      {
        verb: 'update',
        resource: 'cronworkflows',
        mechanism: 'caller',
        named: true,
        evidence: [
          ev(
            'v3.7.18',
            'server/cronworkflow/cron_workflow_server.go',
            '(*cronWorkflowServiceServer).UpdateCronWorkflow',
            'crWf, err := auth.GetWfClient(ctx).ArgoprojV1alpha1().CronWorkflows(req.Namespace).Update(ctx, req.CronWorkflow, metav1.UpdateOptions{})',
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
            'v3.5.15',
            'server/cronworkflow/cron_workflow_server.go',
            '(*cronWorkflowServiceServer).UpdateCronWorkflow',
            'wftmplGetter := templateresolution.WrapWorkflowTemplateInterface(wfClient.ArgoprojV1alpha1().WorkflowTemplates(req.Namespace))',
          ),
          ev(
            'v3.5.15',
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
            'v3.5.15',
            'server/cronworkflow/cron_workflow_server.go',
            '(*cronWorkflowServiceServer).UpdateCronWorkflow',
            'cwftmplGetter := templateresolution.WrapClusterWorkflowTemplateInterface(wfClient.ArgoprojV1alpha1().ClusterWorkflowTemplates())',
          ),
          ev(
            'v3.5.15',
            'workflow/templateresolution/context.go',
            '(*clusterWorkflowTemplateInterfaceWrapper).Get',
            'return wrapper.clientset.Get(ctx, name, metav1.GetOptions{})',
          ),
        ],
      },
    ],
    server: [
      {
        what: "referenced WorkflowTemplates read from the server's informer",
        argo: [{ since: '3.7.0' }],
        evidence: [
          ev(
            'v3.7.18',
            'server/cronworkflow/cron_workflow_server.go',
            '(*cronWorkflowServiceServer).UpdateCronWorkflow',
            'wftmplGetter := c.wftmplStore.Getter(ctx, req.Namespace)',
          ),
          ev(
            'v3.7.18',
            'server/workflowtemplate/informer.go',
            '(*Informer).Getter',
            'return wti.informer.Lister().WorkflowTemplates(namespace)',
          ),
        ],
      },
      {
        what: "referenced ClusterWorkflowTemplates read from the server's CWT informer / Null store",
        argo: [{ since: '3.7.0' }],
        evidence: [
          ev(
            'v3.7.18',
            'server/cronworkflow/cron_workflow_server.go',
            '(*cronWorkflowServiceServer).UpdateCronWorkflow',
            'cwftmplGetter := c.cwftmplStore.Getter(ctx)',
          ),
          ev(
            'v3.7.18',
            'server/clusterworkflowtemplate/informer.go',
            '(*Informer).Getter',
            'return templateresolution.WrapClusterWorkflowTemplateLister(cwti.informer.Lister())',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: "GET then UPDATE by name with the caller's client. Referenced templates are read from the server's informers (caller needs nothing for them); missing -> 400. Server-SA-lacks-CWT-RBAC: 3.7.1 panics (500) because cron's constructor has no nil fallback and receives a typed-nil *Informer; 3.7.2+ Null store -> clusterScope refs fail with 400.",
  },
  {
    id: 'delete-cron-workflow',
    area: 'cron workflows',
    rpc: 'CronWorkflowService.DeleteCronWorkflow',
    method: 'DELETE',
    path: '/api/v1/cron-workflows/{namespace}/{name}',
    summary: 'delete a cron workflow',
    checks: [
      {
        verb: 'get',
        resource: 'cronworkflows',
        mechanism: 'caller',
        named: true,
        evidence: [
          ev(
            'v3.5.15',
            'server/cronworkflow/cron_workflow_server.go',
            '(*cronWorkflowServiceServer).DeleteCronWorkflow',
            '_, err := c.getCronWorkflowAndValidate(ctx, req.Namespace, req.Name, metav1.GetOptions{})',
          ),
          ev(
            'v3.5.15',
            'server/cronworkflow/cron_workflow_server.go',
            '(*cronWorkflowServiceServer).getCronWorkflowAndValidate',
            'cronWf, err := wfClient.ArgoprojV1alpha1().CronWorkflows(namespace).Get(ctx, name, options)',
          ),
        ],
      },
      {
        verb: 'delete',
        resource: 'cronworkflows',
        mechanism: 'caller',
        named: true,
        evidence: [
          ev(
            'v3.5.15',
            'server/cronworkflow/cron_workflow_server.go',
            '(*cronWorkflowServiceServer).DeleteCronWorkflow',
            'err = auth.GetWfClient(ctx).ArgoprojV1alpha1().CronWorkflows(req.Namespace).Delete(ctx, req.Name, opts)',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: "GET (instanceID validation) then DELETE, both by name, caller's client, all versions.",
  },
  {
    id: 'resume-cron-workflow',
    area: 'cron workflows',
    rpc: 'CronWorkflowService.ResumeCronWorkflow',
    method: 'PUT',
    path: '/api/v1/cron-workflows/{namespace}/{name}/resume',
    summary: 'resume a cron workflow',
    checks: [
      {
        verb: 'patch',
        resource: 'cronworkflows',
        mechanism: 'caller',
        named: true,
        evidence: [
          ev(
            'v3.5.15',
            'server/cronworkflow/cron_workflow_server.go',
            '(*cronWorkflowServiceServer).ResumeCronWorkflow',
            'crWf, err := setCronWorkflowSuspend(ctx, false, req.Namespace, req.Name)',
          ),
          ev(
            'v3.5.15',
            'server/cronworkflow/cron_workflow_server.go',
            'setCronWorkflowSuspend',
            'cronWfs, err := auth.GetWfClient(ctx).ArgoprojV1alpha1().CronWorkflows(namespace).Patch(ctx, name, types.MergePatchType, data, metav1.PatchOptions{})',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: 'A JSON merge PATCH {"spec":{"suspend":false}} by name with the caller\'s client: verb is patch (NOT update, NOT get); no prior GET, no instanceID check, no validation.',
  },
  {
    id: 'suspend-cron-workflow',
    area: 'cron workflows',
    rpc: 'CronWorkflowService.SuspendCronWorkflow',
    method: 'PUT',
    path: '/api/v1/cron-workflows/{namespace}/{name}/suspend',
    summary: 'suspend a cron workflow',
    checks: [
      {
        verb: 'patch',
        resource: 'cronworkflows',
        mechanism: 'caller',
        named: true,
        evidence: [
          ev(
            'v3.5.15',
            'server/cronworkflow/cron_workflow_server.go',
            '(*cronWorkflowServiceServer).SuspendCronWorkflow',
            'crWf, err := setCronWorkflowSuspend(ctx, true, req.Namespace, req.Name)',
          ),
          ev(
            'v3.5.15',
            'server/cronworkflow/cron_workflow_server.go',
            'setCronWorkflowSuspend',
            'cronWfs, err := auth.GetWfClient(ctx).ArgoprojV1alpha1().CronWorkflows(namespace).Patch(ctx, name, types.MergePatchType, data, metav1.PatchOptions{})',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: 'A JSON merge PATCH {"spec":{"suspend":true}} by name with the caller\'s client: verb is patch (NOT update, NOT get); no prior GET, no instanceID check, no validation.',
  },
  {
    id: 'lint-cron-workflow',
    area: 'cron workflows',
    rpc: 'CronWorkflowService.LintCronWorkflow',
    method: 'POST',
    path: '/api/v1/cron-workflows/{namespace}/lint',
    summary: 'lint a cron workflow',
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
            'v3.5.15',
            'server/cronworkflow/cron_workflow_server.go',
            '(*cronWorkflowServiceServer).LintCronWorkflow',
            'wftmplGetter := templateresolution.WrapWorkflowTemplateInterface(wfClient.ArgoprojV1alpha1().WorkflowTemplates(req.Namespace))',
          ),
          ev(
            'v3.5.15',
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
            'v3.5.15',
            'server/cronworkflow/cron_workflow_server.go',
            '(*cronWorkflowServiceServer).LintCronWorkflow',
            'cwftmplGetter := templateresolution.WrapClusterWorkflowTemplateInterface(wfClient.ArgoprojV1alpha1().ClusterWorkflowTemplates())',
          ),
          ev(
            'v3.5.15',
            'workflow/templateresolution/context.go',
            '(*clusterWorkflowTemplateInterfaceWrapper).Get',
            'return wrapper.clientset.Get(ctx, name, metav1.GetOptions{})',
          ),
        ],
      },
    ],
    server: [
      {
        what: "referenced WorkflowTemplates read from the server's informer",
        argo: [{ since: '3.7.0' }],
        evidence: [
          ev(
            'v3.7.18',
            'server/cronworkflow/cron_workflow_server.go',
            '(*cronWorkflowServiceServer).LintCronWorkflow',
            'wftmplGetter := c.wftmplStore.Getter(ctx, req.Namespace)',
          ),
          ev(
            'v3.7.18',
            'server/workflowtemplate/informer.go',
            '(*Informer).Getter',
            'return wti.informer.Lister().WorkflowTemplates(namespace)',
          ),
        ],
      },
      {
        what: "referenced ClusterWorkflowTemplates read from the server's CWT informer / Null store",
        argo: [{ since: '3.7.0' }],
        evidence: [
          ev(
            'v3.7.18',
            'server/cronworkflow/cron_workflow_server.go',
            '(*cronWorkflowServiceServer).LintCronWorkflow',
            'cwftmplGetter := c.cwftmplStore.Getter(ctx)',
          ),
          ev(
            'v3.7.18',
            'server/clusterworkflowtemplate/informer.go',
            '(*Informer).Getter',
            'return templateresolution.WrapClusterWorkflowTemplateLister(cwti.informer.Lister())',
          ),
        ],
      },
    ],
    denials: [
      { status: '400', argo: [{ before: '3.7.0' }] },
      { status: 'none', argo: [{ since: '3.7.0' }] },
    ],
    note: "Checks nothing with the caller's identity. Referenced templates are read from the server's informers (caller needs nothing for them); missing -> 400. Server-SA-lacks-CWT-RBAC: 3.7.1 panics (500) because cron's constructor has no nil fallback and receives a typed-nil *Informer; 3.7.2+ Null store -> clusterScope refs fail with 400.",
  },
];
