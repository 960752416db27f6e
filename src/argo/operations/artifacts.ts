// What Argo Server checks for its artifacts endpoints, per version, with the evidence in Argo's source.
// Read each cited function at its tag: git show <tag>:<file> in a clone of argoproj/argo-workflows.

import { ev, type Operation } from '../facts';

export const ARTIFACTS_OPERATIONS: readonly Operation[] = [
  {
    id: 'get-output-artifact',
    area: 'artifacts',
    rpc: 'ArtifactService.GetOutputArtifact',
    method: 'GET',
    path: '/artifacts/{namespace}/{name}/{nodeId}/{artifactName}',
    summary: "download an output artifact of a workflow's node",
    checks: [
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        denial:
          'k8s status code passed through by httpFromError: 403 forbidden, 404 not found, 401 if the API server rejects the token',
        evidence: [
          ev(
            'v3.5.15',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).getWorkflowAndValidate',
            'wfClient := auth.GetWfClient(ctx)',
          ),
          ev(
            'v3.5.15',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).getArtifact',
            'wf, err := a.getWorkflowAndValidate(ctx, namespace, workflowName)',
          ),
          ev(
            'v3.5.15',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).httpFromError',
            'statusCode = int(e.Status().Code)',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'secrets',
        mechanism: 'caller',
        named: true,
        when: ['credential-secrets'],
        denial:
          '500 (getArtifactAndDriver error -> serverInternalError writes http.StatusInternalServerError)',
        evidence: [
          ev(
            'v3.5.15',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).getArtifactAndDriver',
            'kubeClient := auth.GetKubeClient(ctx)',
          ),
          ev(
            'v3.5.15',
            'server/artifacts/resources.go',
            '(resources).GetSecret',
            'secret, err := r.kubeClient.CoreV1().Secrets(r.namespace).Get(ctx, name, metav1.GetOptions{})',
          ),
          ev(
            'v3.5.15',
            'workflow/artifacts/artifacts.go',
            'newDriver',
            'if art.S3.AccessKeySecret != nil && art.S3.AccessKeySecret.Name != "" {',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'configmaps',
        mechanism: 'caller',
        named: true,
        when: ['hdfs-kerberos-configmap'],
        denial:
          '500 (getArtifactAndDriver error -> serverInternalError writes http.StatusInternalServerError)',
        evidence: [
          ev(
            'v3.5.15',
            'server/artifacts/resources.go',
            '(resources).GetConfigMapKey',
            'configMap, err := r.kubeClient.CoreV1().ConfigMaps(r.namespace).Get(ctx, name, metav1.GetOptions{})',
          ),
          ev(
            'v3.5.15',
            'workflow/artifacts/hdfs/hdfs.go',
            'CreateDriver',
            'krbConfig, err = ci.GetConfigMapKey(ctx, art.KrbConfigConfigMap.Name, art.KrbConfigConfigMap.Key)',
          ),
        ],
      },
    ],
    server: [
      {
        what: "hydrator.Hydrate: offloaded node status read from the server's DB (offloadNodeStatusRepo) when the live workflow has offloaded nodes; no Kubernetes call",
        evidence: [
          ev(
            'v3.5.15',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).getWorkflowAndValidate',
            'err = a.hydrator.Hydrate(wf)',
          ),
        ],
      },
      {
        what: "artifact repository resolution: artifactRepositories.Get(wf.Status.ArtifactRepositoryRef) uses the server's own kube client (as.clients.Kubernetes). Normally no API call at all (status carries the inline repository, or Default -> server's configured default); reads the named ConfigMap with the server client only when the status ref has no inline repository (condition legacy-repo-ref).",
        evidence: [
          ev(
            'v3.5.15',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).getArtifactAndDriver',
            'ar, err := a.artifactRepositories.Get(ctx, wf.Status.ArtifactRepositoryRef) // this should handle cases 2, 3 and 5',
          ),
          ev(
            'v3.5.15',
            'server/apiserver/argoserver.go',
            '(*argoServer).Run',
            'artifactRepositories := artifactrepositories.New(as.clients.Kubernetes, as.managedNamespace, &config.ArtifactRepository)',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: "Workflow fetched with the caller's workflow client by name (resourceNames narrowing works). instanceID label check on the fetched workflow (no API call; mismatch -> 500). Errors from getArtifactAndDriver (node/artifact not found, repository resolution, Secret/ConfigMap get forbidden) all become 500. Credentials are read with the CALLER's kube client in the workflow's namespace by the names found in the workflow status/spec. Identical checks in every 3.5.0-4.1.2 patch (only renames/logging refactors, XSS/CSP fixes for directory listings which this endpoint does not serve). Whole artifact server disabled if env ARGO_ARTIFACT_SERVER=false.",
  },
  {
    id: 'get-input-artifact',
    area: 'artifacts',
    rpc: 'ArtifactService.GetInputArtifact',
    method: 'GET',
    path: '/input-artifacts/{namespace}/{name}/{nodeId}/{artifactName}',
    summary: "download an input artifact of a workflow's node",
    checks: [
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        denial:
          'k8s status code passed through by httpFromError: 403 forbidden, 404 not found, 401 if the API server rejects the token',
        evidence: [
          ev(
            'v3.5.15',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).getWorkflowAndValidate',
            'wfClient := auth.GetWfClient(ctx)',
          ),
          ev(
            'v3.5.15',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).getArtifact',
            'wf, err := a.getWorkflowAndValidate(ctx, namespace, workflowName)',
          ),
          ev(
            'v3.5.15',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).httpFromError',
            'statusCode = int(e.Status().Code)',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'secrets',
        mechanism: 'caller',
        named: true,
        when: ['credential-secrets'],
        denial:
          '500 (getArtifactAndDriver error -> serverInternalError writes http.StatusInternalServerError)',
        evidence: [
          ev(
            'v3.5.15',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).getArtifactAndDriver',
            'kubeClient := auth.GetKubeClient(ctx)',
          ),
          ev(
            'v3.5.15',
            'server/artifacts/resources.go',
            '(resources).GetSecret',
            'secret, err := r.kubeClient.CoreV1().Secrets(r.namespace).Get(ctx, name, metav1.GetOptions{})',
          ),
          ev(
            'v3.5.15',
            'workflow/artifacts/artifacts.go',
            'newDriver',
            'if art.S3.AccessKeySecret != nil && art.S3.AccessKeySecret.Name != "" {',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'configmaps',
        mechanism: 'caller',
        named: true,
        when: ['hdfs-kerberos-configmap'],
        denial:
          '500 (getArtifactAndDriver error -> serverInternalError writes http.StatusInternalServerError)',
        evidence: [
          ev(
            'v3.5.15',
            'server/artifacts/resources.go',
            '(resources).GetConfigMapKey',
            'configMap, err := r.kubeClient.CoreV1().ConfigMaps(r.namespace).Get(ctx, name, metav1.GetOptions{})',
          ),
          ev(
            'v3.5.15',
            'workflow/artifacts/hdfs/hdfs.go',
            'CreateDriver',
            'krbConfig, err = ci.GetConfigMapKey(ctx, art.KrbConfigConfigMap.Name, art.KrbConfigConfigMap.Key)',
          ),
        ],
      },
    ],
    server: [
      {
        what: "hydrator.Hydrate: offloaded node status read from the server's DB (offloadNodeStatusRepo) when the live workflow has offloaded nodes; no Kubernetes call",
        evidence: [
          ev(
            'v3.5.15',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).getWorkflowAndValidate',
            'err = a.hydrator.Hydrate(wf)',
          ),
        ],
      },
      {
        what: "artifact repository resolution: artifactRepositories.Get(wf.Status.ArtifactRepositoryRef) uses the server's own kube client (as.clients.Kubernetes). Normally no API call at all (status carries the inline repository, or Default -> server's configured default); reads the named ConfigMap with the server client only when the status ref has no inline repository (condition legacy-repo-ref).",
        evidence: [
          ev(
            'v3.5.15',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).getArtifactAndDriver',
            'ar, err := a.artifactRepositories.Get(ctx, wf.Status.ArtifactRepositoryRef) // this should handle cases 2, 3 and 5',
          ),
          ev(
            'v3.5.15',
            'server/apiserver/argoserver.go',
            '(*argoServer).Run',
            'artifactRepositories := artifactrepositories.New(as.clients.Kubernetes, as.managedNamespace, &config.ArtifactRepository)',
          ),
        ],
      },
    ],
    denials: [{ status: '403' }],
    note: "Workflow fetched with the caller's workflow client by name (resourceNames narrowing works). instanceID label check on the fetched workflow (no API call; mismatch -> 500). Errors from getArtifactAndDriver (node/artifact not found, repository resolution, Secret/ConfigMap get forbidden) all become 500. Credentials are read with the CALLER's kube client in the workflow's namespace by the names found in the workflow status/spec. Identical checks in every 3.5.0-4.1.2 patch (only renames/logging refactors, XSS/CSP fixes for directory listings which this endpoint does not serve). Whole artifact server disabled if env ARGO_ARTIFACT_SERVER=false.",
  },
  {
    id: 'get-output-artifact-by-uid',
    area: 'artifacts',
    rpc: 'ArtifactService.GetOutputArtifactByUID',
    method: 'GET',
    path: '/artifacts-by-uid/{uid}/{nodeId}/{artifactName}',
    summary: 'download an output artifact of an archived workflow (by UID)',
    checks: [
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'ssar',
        denial: '401 (validateAccess error or not allowed -> unauthorizedError)',
        evidence: [
          ev(
            'v4.0.7',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).validateAccess',
            'allowed, err := auth.CanI(ctx, "get", "workflows", wf.Namespace, wf.Name)',
          ),
          ev(
            'v4.0.7',
            'server/auth/authorizer.go',
            'CanI',
            'allowed, err := authUtil.CanIArgo(ctx, kubeClientset, verb, resource, namespace, name)',
          ),
          ev(
            'v4.0.7',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).getArtifactByUID',
            'err = a.validateAccess(ctx, wf)',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'secrets',
        mechanism: 'caller',
        named: true,
        when: ['credential-secrets'],
        denial:
          '500 (getArtifactAndDriver error -> serverInternalError writes http.StatusInternalServerError)',
        evidence: [
          ev(
            'v4.1.2',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).getArtifactAndDriver',
            'kubeClient := auth.GetKubeClient(ctx)',
          ),
          ev(
            'v4.1.2',
            'server/artifacts/resources.go',
            '(resources).GetSecret',
            'secret, err := r.kubeClient.CoreV1().Secrets(r.namespace).Get(ctx, name, metav1.GetOptions{})',
          ),
          ev(
            'v4.1.2',
            'workflow/artifacts/artifacts.go',
            'newDriver',
            'if art.S3.AccessKeySecret != nil && art.S3.AccessKeySecret.Name != "" {',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'configmaps',
        mechanism: 'caller',
        named: true,
        when: ['hdfs-kerberos-configmap'],
        denial:
          '500 (getArtifactAndDriver error -> serverInternalError writes http.StatusInternalServerError)',
        evidence: [
          ev(
            'v4.1.2',
            'server/artifacts/resources.go',
            '(resources).GetConfigMapKey',
            'configMap, err := r.kubeClient.CoreV1().ConfigMaps(r.namespace).Get(ctx, name, metav1.GetOptions{})',
          ),
          ev(
            'v4.1.2',
            'workflow/artifacts/hdfs/hdfs.go',
            'CreateDriver',
            'krbConfig, err = ci.GetConfigMapKey(ctx, art.KrbConfigConfigMap.Name, art.KrbConfigConfigMap.Key)',
          ),
        ],
      },
    ],
    server: [
      {
        what: "workflow read from the workflow archive DB (wfArchive.GetWorkflow by UID, filtered by cluster/managed namespace/instanceID) with the server's DB session, BEFORE gateKeeping; namespace for the checks comes from the archived record",
        evidence: [
          ev(
            'v4.0.7',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).getArtifactByUID',
            'wf, err := a.wfArchive.GetWorkflow(ctx, uid, "", "")',
          ),
        ],
      },
      {
        what: "artifact repository resolution: artifactRepositories.Get(wf.Status.ArtifactRepositoryRef) uses the server's own kube client (as.clients.Kubernetes). Normally no API call at all (status carries the inline repository, or Default -> server's configured default); reads the named ConfigMap with the server client only when the status ref has no inline repository (condition legacy-repo-ref).",
        evidence: [
          ev(
            'v4.1.2',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).getArtifactAndDriver',
            'ar, arErr := a.artifactRepositories.Get(ctx, wf.Status.ArtifactRepositoryRef) // this should handle cases 2, 3 and 5',
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
    denials: [{ status: '401' }],
    note: "No real Kubernetes get of the workflow: the only workflow check is an SSAR (verb get, resource workflows, group argoproj.io, namespace = archived wf's namespace, no name) -> a Role narrowed by resourceNames on workflows is denied (401). Archive disabled -> NullWorkflowArchive error -> 500 for everyone, before authentication. Unknown UID -> 404 (fix f2b671c858 in 4.0.7; #16302 in 4.1.0), before authentication. Missing token -> 401 only after the archive lookup succeeded. Secret/ConfigMap get denial -> 500.",
  },
  {
    id: 'get-input-artifact-by-uid',
    area: 'artifacts',
    rpc: 'ArtifactService.GetInputArtifactByUID',
    method: 'GET',
    path: '/input-artifacts-by-uid/{uid}/{nodeId}/{artifactName}',
    summary: 'download an input artifact of an archived workflow (by UID)',
    checks: [
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'ssar',
        denial: '401 (validateAccess error or not allowed -> unauthorizedError)',
        evidence: [
          ev(
            'v4.0.7',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).validateAccess',
            'allowed, err := auth.CanI(ctx, "get", "workflows", wf.Namespace, wf.Name)',
          ),
          ev(
            'v4.0.7',
            'server/auth/authorizer.go',
            'CanI',
            'allowed, err := authUtil.CanIArgo(ctx, kubeClientset, verb, resource, namespace, name)',
          ),
          ev(
            'v4.0.7',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).getArtifactByUID',
            'err = a.validateAccess(ctx, wf)',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'secrets',
        mechanism: 'caller',
        named: true,
        when: ['credential-secrets'],
        denial:
          '500 (getArtifactAndDriver error -> serverInternalError writes http.StatusInternalServerError)',
        evidence: [
          ev(
            'v4.1.2',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).getArtifactAndDriver',
            'kubeClient := auth.GetKubeClient(ctx)',
          ),
          ev(
            'v4.1.2',
            'server/artifacts/resources.go',
            '(resources).GetSecret',
            'secret, err := r.kubeClient.CoreV1().Secrets(r.namespace).Get(ctx, name, metav1.GetOptions{})',
          ),
          ev(
            'v4.1.2',
            'workflow/artifacts/artifacts.go',
            'newDriver',
            'if art.S3.AccessKeySecret != nil && art.S3.AccessKeySecret.Name != "" {',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'configmaps',
        mechanism: 'caller',
        named: true,
        when: ['hdfs-kerberos-configmap'],
        denial:
          '500 (getArtifactAndDriver error -> serverInternalError writes http.StatusInternalServerError)',
        evidence: [
          ev(
            'v4.1.2',
            'server/artifacts/resources.go',
            '(resources).GetConfigMapKey',
            'configMap, err := r.kubeClient.CoreV1().ConfigMaps(r.namespace).Get(ctx, name, metav1.GetOptions{})',
          ),
          ev(
            'v4.1.2',
            'workflow/artifacts/hdfs/hdfs.go',
            'CreateDriver',
            'krbConfig, err = ci.GetConfigMapKey(ctx, art.KrbConfigConfigMap.Name, art.KrbConfigConfigMap.Key)',
          ),
        ],
      },
    ],
    server: [
      {
        what: "workflow read from the workflow archive DB (wfArchive.GetWorkflow by UID, filtered by cluster/managed namespace/instanceID) with the server's DB session, BEFORE gateKeeping; namespace for the checks comes from the archived record",
        evidence: [
          ev(
            'v4.0.7',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).getArtifactByUID',
            'wf, err := a.wfArchive.GetWorkflow(ctx, uid, "", "")',
          ),
        ],
      },
      {
        what: "artifact repository resolution: artifactRepositories.Get(wf.Status.ArtifactRepositoryRef) uses the server's own kube client (as.clients.Kubernetes). Normally no API call at all (status carries the inline repository, or Default -> server's configured default); reads the named ConfigMap with the server client only when the status ref has no inline repository (condition legacy-repo-ref).",
        evidence: [
          ev(
            'v4.1.2',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).getArtifactAndDriver',
            'ar, arErr := a.artifactRepositories.Get(ctx, wf.Status.ArtifactRepositoryRef) // this should handle cases 2, 3 and 5',
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
    denials: [{ status: '401' }],
    note: "No real Kubernetes get of the workflow: the only workflow check is an SSAR (verb get, resource workflows, group argoproj.io, namespace = archived wf's namespace, no name) -> a Role narrowed by resourceNames on workflows is denied (401). Archive disabled -> NullWorkflowArchive error -> 500 for everyone, before authentication. Unknown UID -> 404 (fix f2b671c858 in 4.0.7; #16302 in 4.1.0), before authentication. Missing token -> 401 only after the archive lookup succeeded. Secret/ConfigMap get denial -> 500.",
  },
  {
    id: 'get-artifact-file',
    area: 'artifacts',
    rpc: 'ArtifactService.GetArtifactFile',
    method: 'GET',
    path: '/artifact-files/{namespace}/{idDiscriminator}/{id}/{nodeId}/{artifactDiscriminator}/{artifactName}',
    variant: '{idDiscriminator} = workflows',
    summary: 'browse a file inside an artifact of a live workflow',
    given: { 'live-workflow': true, 'archived-workflow': false },
    checks: [
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'caller',
        named: true,
        when: ['live-workflow'],
        denial:
          '500 (any getWorkflowAndValidate error, including 403/404 from Kubernetes, goes to serverInternalError)',
        evidence: [
          ev(
            'v4.1.2',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).getWorkflowAndValidate',
            'wfClient := auth.GetWfClient(ctx)',
          ),
          ev(
            'v4.1.2',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).GetArtifactFile',
            'wf, err = a.getWorkflowAndValidate(ctx, namespace, workflowName)',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'secrets',
        mechanism: 'caller',
        named: true,
        when: ['credential-secrets'],
        denial:
          '500 (getArtifactAndDriver error -> serverInternalError writes http.StatusInternalServerError)',
        evidence: [
          ev(
            'v4.1.2',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).getArtifactAndDriver',
            'kubeClient := auth.GetKubeClient(ctx)',
          ),
          ev(
            'v4.1.2',
            'server/artifacts/resources.go',
            '(resources).GetSecret',
            'secret, err := r.kubeClient.CoreV1().Secrets(r.namespace).Get(ctx, name, metav1.GetOptions{})',
          ),
          ev(
            'v4.1.2',
            'workflow/artifacts/artifacts.go',
            'newDriver',
            'if art.S3.AccessKeySecret != nil && art.S3.AccessKeySecret.Name != "" {',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'configmaps',
        mechanism: 'caller',
        named: true,
        when: ['hdfs-kerberos-configmap'],
        denial:
          '500 (getArtifactAndDriver error -> serverInternalError writes http.StatusInternalServerError)',
        evidence: [
          ev(
            'v4.1.2',
            'server/artifacts/resources.go',
            '(resources).GetConfigMapKey',
            'configMap, err := r.kubeClient.CoreV1().ConfigMaps(r.namespace).Get(ctx, name, metav1.GetOptions{})',
          ),
          ev(
            'v4.1.2',
            'workflow/artifacts/hdfs/hdfs.go',
            'CreateDriver',
            'krbConfig, err = ci.GetConfigMapKey(ctx, art.KrbConfigConfigMap.Name, art.KrbConfigConfigMap.Key)',
          ),
        ],
      },
    ],
    server: [
      {
        what: 'id-archived-workflows: workflow read by UID from the archive DB (server DB session) after gateKeeping; archive disabled -> 500',
        evidence: [
          ev(
            'v4.1.2',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).GetArtifactFile',
            'wf, err = a.wfArchive.GetWorkflow(ctx, uid, "", "")',
          ),
        ],
      },
      {
        what: "hydrator.Hydrate: offloaded node status read from the server's DB (offloadNodeStatusRepo) when the live workflow has offloaded nodes; no Kubernetes call",
        evidence: [
          ev(
            'v4.1.2',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).getWorkflowAndValidate',
            'err = a.hydrator.Hydrate(ctx, wf)',
          ),
        ],
      },
      {
        what: "artifact repository resolution: artifactRepositories.Get(wf.Status.ArtifactRepositoryRef) uses the server's own kube client (as.clients.Kubernetes). Normally no API call at all (status carries the inline repository, or Default -> server's configured default); reads the named ConfigMap with the server client only when the status ref has no inline repository (condition legacy-repo-ref).",
        evidence: [
          ev(
            'v4.1.2',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).getArtifactAndDriver',
            'ar, arErr := a.artifactRepositories.Get(ctx, wf.Status.ArtifactRepositoryRef) // this should handle cases 2, 3 and 5',
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
    denials: [{ status: '500' }],
    note: "Denial depends on idDiscriminator: 'workflows' -> caller's real named get of the workflow, any failure (403 included) -> 500; 'archived-workflows' -> SSAR only (no name; resourceNames-narrowed roles fail) -> 401; other discriminator -> 400. Secret/ConfigMap get denial -> 500 for both. Directory listing / file streaming use the artifact driver only (no further Kubernetes calls). Archived UID not found -> 404.",
  },
  {
    id: 'get-archived-artifact-file',
    area: 'artifacts',
    rpc: 'ArtifactService.GetArtifactFile',
    method: 'GET',
    path: '/artifact-files/{namespace}/{idDiscriminator}/{id}/{nodeId}/{artifactDiscriminator}/{artifactName}',
    variant: '{idDiscriminator} = archived-workflows',
    summary: 'browse a file inside an artifact of an archived workflow',
    given: { 'archived-workflow': true, 'live-workflow': false },
    checks: [
      {
        verb: 'get',
        resource: 'workflows',
        mechanism: 'ssar',
        when: ['archived-workflow'],
        denial: '401 (validateAccess -> unauthorizedError)',
        evidence: [
          ev(
            'v4.1.2',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).validateAccess',
            'allowed, err := auth.CanI(ctx, "get", "workflows", wf.Namespace, wf.Name)',
          ),
          ev(
            'v4.1.2',
            'server/auth/authorizer.go',
            'CanI',
            'allowed, err := authUtil.CanIArgo(ctx, kubeClientset, verb, resource, namespace, name)',
          ),
          ev(
            'v4.1.2',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).GetArtifactFile',
            'err = a.validateAccess(ctx, wf)',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'secrets',
        mechanism: 'caller',
        named: true,
        when: ['credential-secrets'],
        denial:
          '500 (getArtifactAndDriver error -> serverInternalError writes http.StatusInternalServerError)',
        evidence: [
          ev(
            'v4.1.2',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).getArtifactAndDriver',
            'kubeClient := auth.GetKubeClient(ctx)',
          ),
          ev(
            'v4.1.2',
            'server/artifacts/resources.go',
            '(resources).GetSecret',
            'secret, err := r.kubeClient.CoreV1().Secrets(r.namespace).Get(ctx, name, metav1.GetOptions{})',
          ),
          ev(
            'v4.1.2',
            'workflow/artifacts/artifacts.go',
            'newDriver',
            'if art.S3.AccessKeySecret != nil && art.S3.AccessKeySecret.Name != "" {',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'configmaps',
        mechanism: 'caller',
        named: true,
        when: ['hdfs-kerberos-configmap'],
        denial:
          '500 (getArtifactAndDriver error -> serverInternalError writes http.StatusInternalServerError)',
        evidence: [
          ev(
            'v4.1.2',
            'server/artifacts/resources.go',
            '(resources).GetConfigMapKey',
            'configMap, err := r.kubeClient.CoreV1().ConfigMaps(r.namespace).Get(ctx, name, metav1.GetOptions{})',
          ),
          ev(
            'v4.1.2',
            'workflow/artifacts/hdfs/hdfs.go',
            'CreateDriver',
            'krbConfig, err = ci.GetConfigMapKey(ctx, art.KrbConfigConfigMap.Name, art.KrbConfigConfigMap.Key)',
          ),
        ],
      },
    ],
    server: [
      {
        what: 'id-archived-workflows: workflow read by UID from the archive DB (server DB session) after gateKeeping; archive disabled -> 500',
        evidence: [
          ev(
            'v4.1.2',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).GetArtifactFile',
            'wf, err = a.wfArchive.GetWorkflow(ctx, uid, "", "")',
          ),
        ],
      },
      {
        what: "hydrator.Hydrate: offloaded node status read from the server's DB (offloadNodeStatusRepo) when the live workflow has offloaded nodes; no Kubernetes call",
        evidence: [
          ev(
            'v4.1.2',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).getWorkflowAndValidate',
            'err = a.hydrator.Hydrate(ctx, wf)',
          ),
        ],
      },
      {
        what: "artifact repository resolution: artifactRepositories.Get(wf.Status.ArtifactRepositoryRef) uses the server's own kube client (as.clients.Kubernetes). Normally no API call at all (status carries the inline repository, or Default -> server's configured default); reads the named ConfigMap with the server client only when the status ref has no inline repository (condition legacy-repo-ref).",
        evidence: [
          ev(
            'v4.1.2',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).getArtifactAndDriver',
            'ar, arErr := a.artifactRepositories.Get(ctx, wf.Status.ArtifactRepositoryRef) // this should handle cases 2, 3 and 5',
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
    denials: [{ status: '500' }],
    note: "Denial depends on idDiscriminator: 'workflows' -> caller's real named get of the workflow, any failure (403 included) -> 500; 'archived-workflows' -> SSAR only (no name; resourceNames-narrowed roles fail) -> 401; other discriminator -> 400. Secret/ConfigMap get denial -> 500 for both. Directory listing / file streaming use the artifact driver only (no further Kubernetes calls). Archived UID not found -> 404.",
  },
  {
    id: 'upload-artifact',
    area: 'artifacts',
    rpc: 'ArtifactServer.UploadInputArtifact',
    method: 'POST',
    path: '/upload-artifacts/{namespace}/{workflowTemplateName}/{artifactName}',
    summary: 'upload an input artifact for a workflow template',
    argo: [{ since: '4.1.0' }],
    checks: [
      {
        verb: 'get',
        resource: 'workflowtemplates',
        mechanism: 'ssar',
        argo: [{ since: '4.1.0' }],
        denial:
          '403 if not allowed; 500 if the SSAR call itself errors (e.g. token rejected by the API server)',
        evidence: [
          ev(
            'v4.1.0',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).UploadInputArtifact',
            'allowed, err := auth.CanI(ctx, "get", "workflowtemplates", namespace, workflowTemplateName)',
          ),
          ev(
            'v4.1.0',
            'server/auth/authorizer.go',
            'CanI',
            'allowed, err := authUtil.CanIArgo(ctx, kubeClientset, verb, resource, namespace, name)',
          ),
        ],
      },
      {
        verb: 'create',
        resource: 'workflows',
        mechanism: 'ssar',
        argo: [{ since: '4.1.0' }],
        denial: '403 if not allowed; 500 on SSAR error',
        evidence: [
          ev(
            'v4.1.0',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).UploadInputArtifact',
            'allowed, err = auth.CanI(ctx, "create", "workflows", namespace, "")',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'workflowtemplates',
        mechanism: 'caller',
        named: true,
        argo: [{ since: '4.1.0' }],
        denial: '404 (any Get error, including 403, is written as StatusNotFound)',
        evidence: [
          ev(
            'v4.1.0',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).UploadInputArtifact',
            'wfClient := auth.GetWfClient(ctx)',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'secrets',
        mechanism: 'caller',
        named: true,
        when: ['credential-secrets'],
        argo: [{ since: '4.1.0' }],
        denial: "500 ('Failed to create artifact driver')",
        evidence: [
          ev(
            'v4.1.0',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).UploadInputArtifact',
            'kubeClient := auth.GetKubeClient(ctx)',
          ),
          ev(
            'v4.1.0',
            'server/artifacts/resources.go',
            '(resources).GetSecret',
            'secret, err := r.kubeClient.CoreV1().Secrets(r.namespace).Get(ctx, name, metav1.GetOptions{})',
          ),
        ],
      },
      {
        verb: 'get',
        resource: 'configmaps',
        mechanism: 'caller',
        named: true,
        when: ['hdfs-kerberos-configmap'],
        argo: [{ since: '4.1.0' }],
        denial: '500',
        evidence: [
          ev(
            'v4.1.0',
            'server/artifacts/resources.go',
            '(resources).GetConfigMapKey',
            'configMap, err := r.kubeClient.CoreV1().ConfigMaps(r.namespace).Get(ctx, name, metav1.GetOptions{})',
          ),
          ev(
            'v4.1.0',
            'workflow/artifacts/hdfs/hdfs.go',
            'CreateDriver',
            'krbConfig, err = ci.GetConfigMapKey(ctx, art.KrbConfigConfigMap.Name, art.KrbConfigConfigMap.Key)',
          ),
        ],
      },
    ],
    server: [
      {
        what: "upload-artifact-without-location: artifactRepositories.Resolve+Get reads the 'artifact-repositories' ConfigMap (or the WorkflowTemplate's artifactRepositoryRef ConfigMap, then the same name in the managed namespace) with the server's own client; falls back to the server's default repository; resolution errors are only logged",
        argo: [{ since: '4.1.0' }],
        evidence: [
          ev(
            'v4.1.0',
            'server/artifacts/artifact_server.go',
            '(*ArtifactServer).UploadInputArtifact',
            'archiveLocation, resolveErr := sutils.ResolveArtifactLocation(ctx, a.artifactRepositories, wfTemplate.Spec.ArtifactRepositoryRef, namespace)',
          ),
          ev(
            'v4.1.0',
            'server/utils/artifactrepository.go',
            'ResolveArtifactLocation',
            'repoRef, err := repositories.Resolve(ctx, ref, namespace)',
          ),
        ],
      },
    ],
    denials: [{ status: '403', argo: [{ since: '4.1.0' }] }],
    note: "First version: v4.1.0 (commit e94bcb1b1e 'Upload input artifacts when submitting workflows from the UI'); absent in 4.0.10 and all 3.x. Unchanged 4.1.0-4.1.2. SSAR checks happen before the body is read; both carry no name, so resourceNames-narrowed rules on workflowtemplates fail the SSAR even though the subsequent real get is named. The caller needs get workflowtemplates (un-narrowed in the namespace) + create workflows (SSAR only; nothing is created) + get on any credential Secret named by the resolved artifact location. instanceID mismatch on the template -> 404. Body capped by ARGO_SERVER_MAX_ARTIFACT_UPLOAD_BYTES (default 1 GiB; 413). Object key forced to uploads/{namespace}/{uuid}/{filename}.",
  },
];
