// What Argo Server checks for its workflow templates endpoints, per version, with the evidence in Argo's source.
// Read each cited function at its tag: git show <tag>:<file> in a clone of argoproj/argo-workflows.

import { ev, type Operation } from '../facts';

export const WORKFLOW_TEMPLATES_OPERATIONS: readonly Operation[] = [
  {
    id: 'list-workflow-templates',
    area: 'workflow templates',
    rpc: 'WorkflowTemplateService.ListWorkflowTemplates',
    method: 'GET',
    path: '/api/v1/workflow-templates/{namespace}',
    summary: 'list workflow templates',
    checks: [
      {
        verb: 'list',
        resource: 'workflowtemplates',
        mechanism: 'caller',
        evidence: [
          ev(
            'v3.5.15',
            'server/workflowtemplate/workflow_template_server.go',
            '(*WorkflowTemplateServer).ListWorkflowTemplates',
            'wfList, err := wfClient.ArgoprojV1alpha1().WorkflowTemplates(req.Namespace).List(ctx, *k8sOptions)',
          ),
          ev(
            'v4.1.2',
            'server/workflowtemplate/workflow_template_server.go',
            '(*Server).ListWorkflowTemplates',
            'wfList, err := wfClient.ArgoprojV1alpha1().WorkflowTemplates(req.Namespace).List(ctx, *k8sOptions)',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: "Always a real List with the caller's client (never the informer), even in 3.7+/4.x. instanceID label selector is added to the list options; namePattern filtering and resourceVersion cursor pagination are done in memory after a full List. Kubernetes 403 is mapped by sutils.ToStatusError (StatusError 403 -> PermissionDenied) -> HTTP 403.",
  },
  {
    id: 'create-workflow-template',
    area: 'workflow templates',
    rpc: 'WorkflowTemplateService.CreateWorkflowTemplate',
    method: 'POST',
    path: '/api/v1/workflow-templates/{namespace}',
    summary: 'create a workflow template',
    checks: [
      {
        verb: 'create',
        resource: 'workflowtemplates',
        mechanism: 'caller',
        evidence: [
          ev(
            'v3.7.18',
            'server/workflowtemplate/workflow_template_server.go',
            '(*WorkflowTemplateServer).CreateWorkflowTemplate',
            'wfTmpl, err := wfClient.ArgoprojV1alpha1().WorkflowTemplates(req.Namespace).Create(ctx, req.Template, v1.CreateOptions{})',
          ),
          ev(
            'v4.1.2',
            'server/workflowtemplate/workflow_template_server.go',
            '(*Server).CreateWorkflowTemplate',
            'wfTmpl, err := wfClient.ArgoprojV1alpha1().WorkflowTemplates(req.Namespace).Create(ctx, req.Template, v1.CreateOptions{})',
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
            'server/workflowtemplate/workflow_template_server.go',
            '(*WorkflowTemplateServer).CreateWorkflowTemplate',
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
            'server/workflowtemplate/workflow_template_server.go',
            '(*WorkflowTemplateServer).CreateWorkflowTemplate',
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
        what: "referenced WorkflowTemplates (when refs-wftmpl) are read from the server's WorkflowTemplate informer cache (server identity)",
        argo: [{ since: '3.7.0' }],
        evidence: [
          ev(
            'v3.7.18',
            'server/workflowtemplate/workflow_template_server.go',
            '(*WorkflowTemplateServer).CreateWorkflowTemplate',
            'wftmplGetter := wts.wftmplStore.Getter(ctx, req.Namespace)',
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
        what: "referenced ClusterWorkflowTemplates (when refs-cwftmpl) are read from the server's ClusterWorkflowTemplate informer cache, or the NullClusterWorkflowTemplateStore when the server SA lacks CWT RBAC",
        argo: [{ since: '3.7.0' }],
        evidence: [
          ev(
            'v3.7.18',
            'server/workflowtemplate/workflow_template_server.go',
            '(*WorkflowTemplateServer).CreateWorkflowTemplate',
            'cwftmplGetter := wts.cwftmplStore.Getter(ctx)',
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
    note: "Template references are resolved from the Argo Server's own informer caches (server/workflowtemplate/informer.go, server/clusterworkflowtemplate/informer.go, built from as.restConfig = the server's identity): the caller needs NO permission on referenced WorkflowTemplates/ClusterWorkflowTemplates, and a reference the caller could not read is still resolved. If the server's own SA lacks get/list/watch on clusterworkflowtemplates the CWT informer is not started: in 3.7.1 a typed-nil *Informer is passed and Getter() dereferences nil (panic -> recovered as 500 on every create/lint/update that builds a CWT getter); from 3.7.2 a NullClusterWorkflowTemplateStore is used and any clusterScope reference fails validation (400, message 'forbidden: User cannot get resource clusterworkflowtemplates'). The client-backed stores (wf_client_store.go) are only a fallback when nil stores are passed, which argoserver.go never does.",
  },
  {
    id: 'get-workflow-template',
    area: 'workflow templates',
    rpc: 'WorkflowTemplateService.GetWorkflowTemplate',
    method: 'GET',
    path: '/api/v1/workflow-templates/{namespace}/{name}',
    summary: 'get a workflow template',
    checks: [
      {
        verb: 'get',
        resource: 'workflowtemplates',
        mechanism: 'caller',
        named: true,
        argo: [{ before: '3.7.0' }],
        evidence: [
          ev(
            'v3.5.15',
            'server/workflowtemplate/workflow_template_server.go',
            '(*WorkflowTemplateServer).getTemplateAndValidate',
            'wfTmpl, err := wfClient.ArgoprojV1alpha1().WorkflowTemplates(namespace).Get(ctx, name, v1.GetOptions{})',
          ),
          ev(
            'v3.5.15',
            'server/workflowtemplate/workflow_template_server.go',
            '(*WorkflowTemplateServer).GetWorkflowTemplate',
            'wfTmpl, err := wts.getTemplateAndValidate(ctx, req.Namespace, req.Name)',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'workflowtemplates',
        mechanism: 'ssar',
        argo: [{ since: '3.7.11', before: '4.0.0' }, { since: '4.0.2' }],
        evidence: [
          ev(
            'v3.7.18',
            'server/workflowtemplate/workflow_template_server.go',
            '(*WorkflowTemplateServer).GetWorkflowTemplate',
            'allowed, err := auth.CanI(ctx, "get", "workflowtemplates", req.Namespace, req.Name)',
          ),
          ev('v3.7.18', 'server/auth/authorizer.go', 'CanI', 'kubeClientset := GetKubeClient(ctx)'),
          ev(
            'v3.7.18',
            'util/auth/auth.go',
            'CanIArgo',
            'return CanI(ctx, kubeclientset, []string{verb}, "argoproj.io", namespace, resource)',
          ),
          ev(
            'v4.0.2',
            'server/workflowtemplate/workflow_template_server.go',
            '(*WorkflowTemplateServer).GetWorkflowTemplate',
            'allowed, err := auth.CanI(ctx, "get", "workflowtemplates", req.Namespace, req.Name)',
          ),
          ev('v4.0.2', 'server/auth/authorizer.go', 'CanI', 'kubeClientset := GetKubeClient(ctx)'),
          ev('v4.0.2', 'util/auth/auth.go', 'CanIArgo', '"argoproj.io",'),
        ],
      },
    ],
    server: [
      {
        what: "the template is read from the server's WorkflowTemplate informer cache (server identity); no caller check at all",
        argo: [{ since: '3.7.0', before: '3.7.11' }],
        evidence: [
          ev(
            'v3.7.0',
            'server/workflowtemplate/workflow_template_server.go',
            '(*WorkflowTemplateServer).getTemplateAndValidate',
            'wfTmpl, err := wts.wftmplStore.Getter(ctx, namespace).Get(name)',
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
        what: "the template itself is read from the server's WorkflowTemplate informer cache",
        argo: [{ since: '3.7.11', before: '4.0.0' }, { since: '4.0.2' }],
        evidence: [
          ev(
            'v3.7.18',
            'server/workflowtemplate/workflow_template_server.go',
            '(*WorkflowTemplateServer).getTemplateAndValidate',
            'wfTmpl, err := wts.wftmplStore.Getter(ctx, namespace).Get(name)',
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
        what: "the template is read from the server's WorkflowTemplate informer cache; no caller check",
        argo: [{ since: '4.0.0', before: '4.0.2' }],
        evidence: [
          ev(
            'v4.0.0',
            'server/workflowtemplate/workflow_template_server.go',
            '(*WorkflowTemplateServer).getTemplateAndValidate',
            'wfTmpl, err := wts.wftmplStore.Getter(ctx, namespace).Get(ctx, name)',
          ),
          ev(
            'v4.0.0',
            'server/workflowtemplate/informer.go',
            '(*Informer).Getter',
            'return templateresolution.WrapWorkflowTemplateLister(wti.informer.Lister().WorkflowTemplates(namespace))',
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
    note: "SSAR without resource name (resourceNames-narrowed Roles fail). Denied -> 403 'permission denied'.",
  },
  {
    id: 'delete-workflow-template',
    area: 'workflow templates',
    rpc: 'WorkflowTemplateService.DeleteWorkflowTemplate',
    method: 'DELETE',
    path: '/api/v1/workflow-templates/{namespace}/{name}',
    summary: 'delete a workflow template',
    checks: [
      {
        verb: 'get',
        resource: 'workflowtemplates',
        mechanism: 'caller',
        named: true,
        argo: [{ before: '3.7.0' }],
        evidence: [
          ev(
            'v3.5.15',
            'server/workflowtemplate/workflow_template_server.go',
            '(*WorkflowTemplateServer).getTemplateAndValidate',
            'wfTmpl, err := wfClient.ArgoprojV1alpha1().WorkflowTemplates(namespace).Get(ctx, name, v1.GetOptions{})',
          ),
          ev(
            'v3.5.15',
            'server/workflowtemplate/workflow_template_server.go',
            '(*WorkflowTemplateServer).DeleteWorkflowTemplate',
            '_, err := wts.getTemplateAndValidate(ctx, req.Namespace, req.Name)',
          ),
        ],
      },
      {
        verb: 'delete',
        resource: 'workflowtemplates',
        mechanism: 'caller',
        named: true,
        evidence: [
          ev(
            'v3.7.18',
            'server/workflowtemplate/workflow_template_server.go',
            '(*WorkflowTemplateServer).DeleteWorkflowTemplate',
            'err = wfClient.ArgoprojV1alpha1().WorkflowTemplates(req.Namespace).Delete(ctx, req.Name, v1.DeleteOptions{})',
          ),
          ev(
            'v4.1.2',
            'server/workflowtemplate/workflow_template_server.go',
            '(*Server).DeleteWorkflowTemplate',
            'err = wfClient.ArgoprojV1alpha1().WorkflowTemplates(req.Namespace).Delete(ctx, req.Name, v1.DeleteOptions{})',
          ),
        ],
      },
    ],
    server: [
      {
        what: "pre-delete existence/instanceID lookup reads the server's WorkflowTemplate informer cache (no caller get needed)",
        argo: [{ since: '3.7.0' }],
        evidence: [
          ev(
            'v3.7.18',
            'server/workflowtemplate/workflow_template_server.go',
            '(*WorkflowTemplateServer).getTemplateAndValidate',
            'wfTmpl, err := wts.wftmplStore.Getter(ctx, namespace).Get(name)',
          ),
          ev(
            'v3.7.18',
            'server/workflowtemplate/informer.go',
            '(*Informer).Getter',
            'return wti.informer.Lister().WorkflowTemplates(namespace)',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: 'The 3.7.11/4.0.2 CanI fix touched only Get, not Delete: the caller needs only delete (named). A template not in the informer cache -> 404 before any caller call (a delete on a just-created template can 404 until the informer syncs).',
  },
  {
    id: 'lint-workflow-template',
    area: 'workflow templates',
    rpc: 'WorkflowTemplateService.LintWorkflowTemplate',
    method: 'POST',
    path: '/api/v1/workflow-templates/{namespace}/lint',
    summary: 'lint a workflow template',
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
            'server/workflowtemplate/workflow_template_server.go',
            '(*WorkflowTemplateServer).LintWorkflowTemplate',
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
            'server/workflowtemplate/workflow_template_server.go',
            '(*WorkflowTemplateServer).LintWorkflowTemplate',
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
        what: "referenced WorkflowTemplates (when refs-wftmpl) are read from the server's WorkflowTemplate informer cache (server identity)",
        argo: [{ since: '3.7.0' }],
        evidence: [
          ev(
            'v3.7.18',
            'server/workflowtemplate/workflow_template_server.go',
            '(*WorkflowTemplateServer).LintWorkflowTemplate',
            'wftmplGetter := wts.wftmplStore.Getter(ctx, req.Namespace)',
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
        what: "referenced ClusterWorkflowTemplates (when refs-cwftmpl) are read from the server's ClusterWorkflowTemplate informer cache, or the NullClusterWorkflowTemplateStore when the server SA lacks CWT RBAC",
        argo: [{ since: '3.7.0' }],
        evidence: [
          ev(
            'v3.7.18',
            'server/workflowtemplate/workflow_template_server.go',
            '(*WorkflowTemplateServer).LintWorkflowTemplate',
            'cwftmplGetter := wts.cwftmplStore.Getter(ctx)',
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
    note: "Checks nothing with the caller's identity at all (the lint handler never calls auth.GetWfClient). Template references are resolved from the Argo Server's own informer caches (server/workflowtemplate/informer.go, server/clusterworkflowtemplate/informer.go, built from as.restConfig = the server's identity): the caller needs NO permission on referenced WorkflowTemplates/ClusterWorkflowTemplates, and a reference the caller could not read is still resolved. If the server's own SA lacks get/list/watch on clusterworkflowtemplates the CWT informer is not started: in 3.7.1 a typed-nil *Informer is passed and Getter() dereferences nil (panic -> recovered as 500 on every create/lint/update that builds a CWT getter); from 3.7.2 a NullClusterWorkflowTemplateStore is used and any clusterScope reference fails validation (400, message 'forbidden: User cannot get resource clusterworkflowtemplates'). The client-backed stores (wf_client_store.go) are only a fallback when nil stores are passed, which argoserver.go never does.",
  },
  {
    id: 'update-workflow-template',
    area: 'workflow templates',
    rpc: 'WorkflowTemplateService.UpdateWorkflowTemplate',
    method: 'PUT',
    path: '/api/v1/workflow-templates/{namespace}/{name}',
    summary: 'update a workflow template',
    checks: [
      {
        verb: 'update',
        resource: 'workflowtemplates',
        mechanism: 'caller',
        named: true,
        evidence: [
          ev(
            'v3.7.18',
            'server/workflowtemplate/workflow_template_server.go',
            '(*WorkflowTemplateServer).UpdateWorkflowTemplate',
            'res, err := wfClient.ArgoprojV1alpha1().WorkflowTemplates(req.Namespace).Update(ctx, req.Template, v1.UpdateOptions{})',
          ),
          ev(
            'v4.1.2',
            'server/workflowtemplate/workflow_template_server.go',
            '(*Server).UpdateWorkflowTemplate',
            'res, err := wfClient.ArgoprojV1alpha1().WorkflowTemplates(req.Namespace).Update(ctx, req.Template, v1.UpdateOptions{})',
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
            'server/workflowtemplate/workflow_template_server.go',
            '(*WorkflowTemplateServer).UpdateWorkflowTemplate',
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
            'server/workflowtemplate/workflow_template_server.go',
            '(*WorkflowTemplateServer).UpdateWorkflowTemplate',
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
        what: "referenced WorkflowTemplates (when refs-wftmpl) are read from the server's WorkflowTemplate informer cache (server identity)",
        argo: [{ since: '3.7.0' }],
        evidence: [
          ev(
            'v3.7.18',
            'server/workflowtemplate/workflow_template_server.go',
            '(*WorkflowTemplateServer).UpdateWorkflowTemplate',
            'wftmplGetter := wts.wftmplStore.Getter(ctx, req.Namespace)',
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
        what: "referenced ClusterWorkflowTemplates (when refs-cwftmpl) are read from the server's ClusterWorkflowTemplate informer cache, or the NullClusterWorkflowTemplateStore when the server SA lacks CWT RBAC",
        argo: [{ since: '3.7.0' }],
        evidence: [
          ev(
            'v3.7.18',
            'server/workflowtemplate/workflow_template_server.go',
            '(*WorkflowTemplateServer).UpdateWorkflowTemplate',
            'cwftmplGetter := wts.cwftmplStore.Getter(ctx)',
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
    note: "Template references are resolved from the Argo Server's own informer caches (server/workflowtemplate/informer.go, server/clusterworkflowtemplate/informer.go, built from as.restConfig = the server's identity): the caller needs NO permission on referenced WorkflowTemplates/ClusterWorkflowTemplates, and a reference the caller could not read is still resolved. If the server's own SA lacks get/list/watch on clusterworkflowtemplates the CWT informer is not started: in 3.7.1 a typed-nil *Informer is passed and Getter() dereferences nil (panic -> recovered as 500 on every create/lint/update that builds a CWT getter); from 3.7.2 a NullClusterWorkflowTemplateStore is used and any clusterScope reference fails validation (400, message 'forbidden: User cannot get resource clusterworkflowtemplates'). The client-backed stores (wf_client_store.go) are only a fallback when nil stores are passed, which argoserver.go never does.",
  },
];
