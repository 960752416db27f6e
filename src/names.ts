// Names and labels the manifests and the CLI agree on. No imports: the CLI loads this cheaply.

/** Label value on every object, so `kubectl get -l app.kubernetes.io/managed-by=argo-token` finds them. */
export const MANAGED_BY = 'argo-token';
/** The label that says so. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
/** Annotation on the Role/ClusterRole: the argoVersion as the clients file gives it ("4.1" or "3.7.10"). */
export const ARGO_VERSION_ANNOTATION = 'argo-token/argo-version';
/** Annotation on the Role/ClusterRole: the exact Argo release its rules were computed for ("4.1.2"). */
export const ARGO_RELEASE_ANNOTATION = 'argo-token/argo-release';
/** Suffix of the token Secret's name, as in Argo's access-token docs. */
export const TOKEN_SECRET_SUFFIX = '.service-account-token';
export const TOKEN_SECRET_TYPE = 'kubernetes.io/service-account-token';
/** The annotation that ties a token Secret to its ServiceAccount (the manifest sets it). */
export const SA_NAME_ANNOTATION = 'kubernetes.io/service-account.name';
/** The annotation the token controller adds (a manifest must never carry it). */
export const SA_UID_ANNOTATION = 'kubernetes.io/service-account.uid';
/** Names of objects outside the client's own namespace (ClusterRoles, Roles in other namespaces). */
export const crossNamespaceName = (namespace: string, name: string) => `${MANAGED_BY}:${namespace}:${name}`;
