// What Argo Server checks for its cluster workflow templates endpoints, per version, with the evidence in Argo's source.
// Read each cited function at its tag: git show <tag>:<file> in a clone of argoproj/argo-workflows.

import { ev, type Operation } from '../facts';

export const CLUSTER_WORKFLOW_TEMPLATES_OPERATIONS: readonly Operation[] = [
  {
    id: 'list-cluster-workflow-templates',
    area: 'cluster workflow templates',
    rpc: 'ClusterWorkflowTemplateService.ListClusterWorkflowTemplates',
    method: 'GET',
    path: '/api/v1/cluster-workflow-templates',
    summary: 'list cluster workflow templates',
    checks: [
      {
        verb: 'list',
        resource: 'clusterworkflowtemplates',
        mechanism: 'caller',
        evidence: [
          ev(
            'v3.5.15',
            'server/clusterworkflowtemplate/cluster_workflow_template_server.go',
            '(*ClusterWorkflowTemplateServer).ListClusterWorkflowTemplates',
            'cwfList, err := wfClient.ArgoprojV1alpha1().ClusterWorkflowTemplates().List(ctx, *options)',
          ),
          ev(
            'v4.1.2',
            'server/clusterworkflowtemplate/cluster_workflow_template_server.go',
            '(*Server).ListClusterWorkflowTemplates',
            'cwfList, err := wfClient.ArgoprojV1alpha1().ClusterWorkflowTemplates().List(ctx, *options)',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: "Cluster-scoped list with the caller's client (needs a ClusterRole/ClusterRoleBinding) in every version; never the informer.",
  },
  {
    id: 'create-cluster-workflow-template',
    area: 'cluster workflow templates',
    rpc: 'ClusterWorkflowTemplateService.CreateClusterWorkflowTemplate',
    method: 'POST',
    path: '/api/v1/cluster-workflow-templates',
    summary: 'create a cluster workflow template',
    checks: [
      {
        verb: 'create',
        resource: 'clusterworkflowtemplates',
        mechanism: 'caller',
        evidence: [
          ev(
            'v3.7.18',
            'server/clusterworkflowtemplate/cluster_workflow_template_server.go',
            '(*ClusterWorkflowTemplateServer).CreateClusterWorkflowTemplate',
            'res, err := wfClient.ArgoprojV1alpha1().ClusterWorkflowTemplates().Create(ctx, req.Template, v1.CreateOptions{})',
          ),
          ev(
            'v4.1.2',
            'server/clusterworkflowtemplate/cluster_workflow_template_server.go',
            '(*Server).CreateClusterWorkflowTemplate',
            'res, err := wfClient.ArgoprojV1alpha1().ClusterWorkflowTemplates().Create(ctx, req.Template, v1.CreateOptions{})',
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
            'server/clusterworkflowtemplate/cluster_workflow_template_server.go',
            '(*ClusterWorkflowTemplateServer).CreateClusterWorkflowTemplate',
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
        what: "referenced ClusterWorkflowTemplates (when refs-cwftmpl) are read from the server's CWT informer (or NullClusterWorkflowTemplateStore when the server SA lacks CWT RBAC)",
        argo: [{ since: '3.7.0' }],
        evidence: [
          ev(
            'v3.7.18',
            'server/clusterworkflowtemplate/cluster_workflow_template_server.go',
            '(*ClusterWorkflowTemplateServer).CreateClusterWorkflowTemplate',
            'cwftmplGetter := cwts.cwftmplStore.Getter(ctx)',
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
    note: "Validation passes a nil WorkflowTemplate getter and the server's ClusterWorkflowTemplate store as cwftmplGetter: clusterScope references are read from the server's informer (caller needs nothing); a reference to a namespaced WorkflowTemplate dereferences the nil getter -> panic -> 500 (inference). If the server SA lacks CWT RBAC: 3.7.1 panics (typed-nil *Informer) -> 500 on every create/lint/update; 3.7.2+ uses NullClusterWorkflowTemplateStore so clusterScope references fail validation (400).",
  },
  {
    id: 'get-cluster-workflow-template',
    area: 'cluster workflow templates',
    rpc: 'ClusterWorkflowTemplateService.GetClusterWorkflowTemplate',
    method: 'GET',
    path: '/api/v1/cluster-workflow-templates/{name}',
    summary: 'get a cluster workflow template',
    checks: [
      {
        verb: 'get',
        resource: 'clusterworkflowtemplates',
        mechanism: 'caller',
        named: true,
        argo: [{ before: '3.7.0' }],
        evidence: [
          ev(
            'v3.5.15',
            'server/clusterworkflowtemplate/cluster_workflow_template_server.go',
            '(*ClusterWorkflowTemplateServer).getTemplateAndValidate',
            'wfTmpl, err := wfClient.ArgoprojV1alpha1().ClusterWorkflowTemplates().Get(ctx, name, v1.GetOptions{})',
          ),
          ev(
            'v3.5.15',
            'server/clusterworkflowtemplate/cluster_workflow_template_server.go',
            '(*ClusterWorkflowTemplateServer).GetClusterWorkflowTemplate',
            'wfTmpl, err := cwts.getTemplateAndValidate(ctx, req.Name)',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'clusterworkflowtemplates',
        mechanism: 'ssar',
        argo: [{ since: '3.7.11', before: '4.0.0' }, { since: '4.0.2' }],
        evidence: [
          ev(
            'v3.7.11',
            'server/clusterworkflowtemplate/cluster_workflow_template_server.go',
            '(*ClusterWorkflowTemplateServer).GetClusterWorkflowTemplate',
            'allowed, err := auth.CanI(ctx, "get", "clusterworkflowtemplates", "", req.Name)',
          ),
          ev('v3.7.11', 'server/auth/authorizer.go', 'CanI', 'kubeClientset := GetKubeClient(ctx)'),
          ev(
            'v3.7.11',
            'util/auth/auth.go',
            'CanIArgo',
            'return CanI(ctx, kubeclientset, []string{verb}, "argoproj.io", namespace, resource)',
          ),
          ev(
            'v4.0.2',
            'server/clusterworkflowtemplate/cluster_workflow_template_server.go',
            '(*ClusterWorkflowTemplateServer).GetClusterWorkflowTemplate',
            'allowed, err := auth.CanI(ctx, "get", "clusterworkflowtemplates", "", req.Name)',
          ),
          ev('v4.0.2', 'server/auth/authorizer.go', 'CanI', 'kubeClientset := GetKubeClient(ctx)'),
          ev('v4.0.2', 'util/auth/auth.go', 'CanIArgo', '"argoproj.io",'),
        ],
      },
    ],
    server: [
      {
        what: "read from the server's ClusterWorkflowTemplate informer cache; no caller check",
        argo: [{ since: '3.7.0', before: '3.7.11' }],
        evidence: [
          ev(
            'v3.7.0',
            'server/clusterworkflowtemplate/cluster_workflow_template_server.go',
            '(*ClusterWorkflowTemplateServer).getTemplateAndValidate',
            'wfTmpl, err := cwts.cwftmplStore.Getter(ctx).Get(name)',
          ),
          ev(
            'v3.7.0',
            'server/clusterworkflowtemplate/informer.go',
            '(*Informer).Getter',
            'return cwti.informer.Lister()',
          ),
        ],
      },
      {
        what: "the object itself is read from the server's CWT informer cache",
        argo: [{ since: '3.7.11', before: '4.0.0' }, { since: '4.0.2' }],
        evidence: [
          ev(
            'v3.7.18',
            'server/clusterworkflowtemplate/cluster_workflow_template_server.go',
            '(*ClusterWorkflowTemplateServer).getTemplateAndValidate',
            'wfTmpl, err := cwts.cwftmplStore.Getter(ctx).Get(name)',
          ),
          ev(
            'v3.7.18',
            'server/clusterworkflowtemplate/informer.go',
            '(*Informer).Getter',
            'return templateresolution.WrapClusterWorkflowTemplateLister(cwti.informer.Lister())',
          ),
        ],
      },
      {
        what: "read from the server's CWT informer cache; no caller check",
        argo: [{ since: '4.0.0', before: '4.0.2' }],
        evidence: [
          ev(
            'v4.0.0',
            'server/clusterworkflowtemplate/cluster_workflow_template_server.go',
            '(*ClusterWorkflowTemplateServer).getTemplateAndValidate',
            'wfTmpl, err := cwts.cwftmplStore.Getter(ctx).Get(ctx, name)',
          ),
          ev(
            'v4.0.0',
            'server/clusterworkflowtemplate/informer.go',
            '(*Informer).Getter',
            'return templateresolution.WrapClusterWorkflowTemplateLister(cwti.informer.Lister())',
          ),
        ],
      },
    ],
    denials: [
      {
        status: '403',
        argo: [{ before: '3.7.0' }, { since: '3.7.11', before: '4.0.0' }, { since: '4.0.2' }],
      },
      {
        status: 'none',
        argo: [
          { since: '3.7.0', before: '3.7.11' },
          { since: '4.0.0', before: '4.0.2' },
        ],
      },
    ],
    note: 'Cluster-scope SSAR (namespace ""), no resource name. When the server SA lacks get/list/watch on clusterworkflowtemplates (checked at startup by util/rbac.HasAccessToClusterWorkflowTemplates with the server\'s own SSAR; namespaced SSAR in 3.7.1-3.7.6, cluster-wide from 3.7.7/4.0.0) the informer is not started: 3.7.1 -> nil-pointer panic -> 500; 3.7.2+ -> NullClusterWorkflowTemplateGetter error (argo error with empty code) -> 500, whatever the caller\'s RBAC.',
  },
  {
    id: 'delete-cluster-workflow-template',
    area: 'cluster workflow templates',
    rpc: 'ClusterWorkflowTemplateService.DeleteClusterWorkflowTemplate',
    method: 'DELETE',
    path: '/api/v1/cluster-workflow-templates/{name}',
    summary: 'delete a cluster workflow template',
    checks: [
      {
        verb: 'get',
        resource: 'clusterworkflowtemplates',
        mechanism: 'caller',
        named: true,
        argo: [{ before: '3.7.0' }],
        evidence: [
          ev(
            'v3.5.15',
            'server/clusterworkflowtemplate/cluster_workflow_template_server.go',
            '(*ClusterWorkflowTemplateServer).getTemplateAndValidate',
            'wfTmpl, err := wfClient.ArgoprojV1alpha1().ClusterWorkflowTemplates().Get(ctx, name, v1.GetOptions{})',
          ),
          ev(
            'v3.5.15',
            'server/clusterworkflowtemplate/cluster_workflow_template_server.go',
            '(*ClusterWorkflowTemplateServer).DeleteClusterWorkflowTemplate',
            '_, err := cwts.getTemplateAndValidate(ctx, req.Name)',
          ),
        ],
      },
      {
        verb: 'delete',
        resource: 'clusterworkflowtemplates',
        mechanism: 'caller',
        named: true,
        evidence: [
          ev(
            'v3.7.18',
            'server/clusterworkflowtemplate/cluster_workflow_template_server.go',
            '(*ClusterWorkflowTemplateServer).DeleteClusterWorkflowTemplate',
            'err = wfClient.ArgoprojV1alpha1().ClusterWorkflowTemplates().Delete(ctx, req.Name, v1.DeleteOptions{})',
          ),
          ev(
            'v4.1.2',
            'server/clusterworkflowtemplate/cluster_workflow_template_server.go',
            '(*Server).DeleteClusterWorkflowTemplate',
            'err = wfClient.ArgoprojV1alpha1().ClusterWorkflowTemplates().Delete(ctx, req.Name, v1.DeleteOptions{})',
          ),
        ],
      },
    ],
    server: [
      {
        what: "pre-delete lookup reads the server's CWT informer cache",
        argo: [{ since: '3.7.0' }],
        evidence: [
          ev(
            'v3.7.18',
            'server/clusterworkflowtemplate/cluster_workflow_template_server.go',
            '(*ClusterWorkflowTemplateServer).getTemplateAndValidate',
            'wfTmpl, err := cwts.cwftmplStore.Getter(ctx).Get(name)',
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
    note: "Caller needs only delete (named). Not in cache -> 404. When the server SA lacks get/list/watch on clusterworkflowtemplates (checked at startup by util/rbac.HasAccessToClusterWorkflowTemplates with the server's own SSAR; namespaced SSAR in 3.7.1-3.7.6, cluster-wide from 3.7.7/4.0.0) the informer is not started: 3.7.1 -> nil-pointer panic -> 500; 3.7.2+ -> NullClusterWorkflowTemplateGetter error (argo error with empty code) -> 500, whatever the caller's RBAC.",
  },
  {
    id: 'lint-cluster-workflow-template',
    area: 'cluster workflow templates',
    rpc: 'ClusterWorkflowTemplateService.LintClusterWorkflowTemplate',
    method: 'POST',
    path: '/api/v1/cluster-workflow-templates/lint',
    summary: 'lint a cluster workflow template',
    checks: [
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
            'server/clusterworkflowtemplate/cluster_workflow_template_server.go',
            '(*ClusterWorkflowTemplateServer).LintClusterWorkflowTemplate',
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
        what: "referenced ClusterWorkflowTemplates (when refs-cwftmpl) are read from the server's CWT informer (or NullClusterWorkflowTemplateStore when the server SA lacks CWT RBAC)",
        argo: [{ since: '3.7.0' }],
        evidence: [
          ev(
            'v3.7.18',
            'server/clusterworkflowtemplate/cluster_workflow_template_server.go',
            '(*ClusterWorkflowTemplateServer).LintClusterWorkflowTemplate',
            'cwftmplGetter := cwts.cwftmplStore.Getter(ctx)',
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
    note: "Checks nothing with the caller's identity. Validation passes a nil WorkflowTemplate getter and the server's ClusterWorkflowTemplate store as cwftmplGetter: clusterScope references are read from the server's informer (caller needs nothing); a reference to a namespaced WorkflowTemplate dereferences the nil getter -> panic -> 500 (inference). If the server SA lacks CWT RBAC: 3.7.1 panics (typed-nil *Informer) -> 500 on every create/lint/update; 3.7.2+ uses NullClusterWorkflowTemplateStore so clusterScope references fail validation (400).",
  },
  {
    id: 'update-cluster-workflow-template',
    area: 'cluster workflow templates',
    rpc: 'ClusterWorkflowTemplateService.UpdateClusterWorkflowTemplate',
    method: 'PUT',
    path: '/api/v1/cluster-workflow-templates/{name}',
    summary: 'update a cluster workflow template',
    checks: [
      {
        verb: 'update',
        resource: 'clusterworkflowtemplates',
        mechanism: 'caller',
        named: true,
        evidence: [
          ev(
            'v3.7.18',
            'server/clusterworkflowtemplate/cluster_workflow_template_server.go',
            '(*ClusterWorkflowTemplateServer).UpdateClusterWorkflowTemplate',
            'res, err := wfClient.ArgoprojV1alpha1().ClusterWorkflowTemplates().Update(ctx, req.Template, v1.UpdateOptions{})',
          ),
          ev(
            'v4.1.2',
            'server/clusterworkflowtemplate/cluster_workflow_template_server.go',
            '(*Server).UpdateClusterWorkflowTemplate',
            'res, err := wfClient.ArgoprojV1alpha1().ClusterWorkflowTemplates().Update(ctx, req.Template, v1.UpdateOptions{})',
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
            'server/clusterworkflowtemplate/cluster_workflow_template_server.go',
            '(*ClusterWorkflowTemplateServer).UpdateClusterWorkflowTemplate',
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
        what: "referenced ClusterWorkflowTemplates (when refs-cwftmpl) are read from the server's CWT informer (or NullClusterWorkflowTemplateStore when the server SA lacks CWT RBAC)",
        argo: [{ since: '3.7.0' }],
        evidence: [
          ev(
            'v3.7.18',
            'server/clusterworkflowtemplate/cluster_workflow_template_server.go',
            '(*ClusterWorkflowTemplateServer).UpdateClusterWorkflowTemplate',
            'cwftmplGetter := cwts.cwftmplStore.Getter(ctx)',
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
    note: "No prior GET. Validation passes a nil WorkflowTemplate getter and the server's ClusterWorkflowTemplate store as cwftmplGetter: clusterScope references are read from the server's informer (caller needs nothing); a reference to a namespaced WorkflowTemplate dereferences the nil getter -> panic -> 500 (inference). If the server SA lacks CWT RBAC: 3.7.1 panics (typed-nil *Informer) -> 500 on every create/lint/update; 3.7.2+ uses NullClusterWorkflowTemplateStore so clusterScope references fail validation (400).",
  },
];
