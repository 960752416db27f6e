// ArgoApiClient: one automation client of the Argo Server API — its ServiceAccount, least-privilege
// Role and RoleBinding, and the token Secret the token controller fills (the seed's kubectl steps).

import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { type ArgoVersion, DEFAULT_ARGO_VERSION } from '../src/argo/versions';
import { type ClientSpec, formatPath, validateClient } from '../src/clients/spec';
import {
  ARGO_RELEASE_ANNOTATION,
  ARGO_VERSION_ANNOTATION,
  crossNamespaceName,
  MANAGED_BY,
  TOKEN_SECRET_SUFFIX,
} from '../src/names';
import { exactVersion, type PolicyRule, resolveRules } from '../src/rbac/rules';
import { RBAC_RULE_ANNOTATION } from '../src/sso/limits';

export { ARGO_VERSION_ANNOTATION, MANAGED_BY, TOKEN_SECRET_SUFFIX } from '../src/names';

/**
 * Props for {@link ArgoApiClient}: one entry of the clients file (documented there, with defaults),
 * plus `strict`.
 *
 * @see https://argo-workflows.readthedocs.io/en/latest/access-token/
 */
export interface ArgoApiClientProps extends ClientSpec {
  /**
   * Refuse security-lint warnings as errors.
   * @default false
   */
  readonly strict?: boolean;
  /**
   * Print security-lint warnings on stderr when the app is synthesized (cdk8s has no warnings channel
   * of its own), so a plain cdk8s app shows them.
   * @default true
   */
  readonly reportWarnings?: boolean;
  /**
   * Annotations of the ServiceAccount: an SSO account's `workflows.argoproj.io/rbac-rule` and
   * `workflows.argoproj.io/rbac-rule-precedence` (see ArgoApiClients' `sso`).
   * @default - none
   */
  readonly serviceAccountAnnotations?: Readonly<Record<string, string>>;
}

/** The clients-file vocabulary of the props (everything but `strict`, `reportWarnings` and annotations). */
function specOf(props: ArgoApiClientProps): ClientSpec {
  const { strict: _strict, reportWarnings: _report, serviceAccountAnnotations: _a, ...spec } = props;
  return spec;
}

/**
 * An automation client of the Argo Workflows server API, with least-privilege access.
 *
 * Objects, in apply order: ServiceAccount `<name>`; Role and RoleBinding `<name>` (namespaced rules);
 * in each extra namespace a Role and RoleBinding `argo-token:<namespace>:<name>`; a ClusterRole and
 * ClusterRoleBinding `argo-token:<namespace>:<name>` when a rule names a cluster-scoped resource;
 * RoleBindings `<name>:<clusterrole>` for bindClusterRoles; last, the Secret
 * `<name>.service-account-token` (after its ServiceAccount: the token controller deletes a token
 * Secret whose ServiceAccount does not exist yet).
 */
export class ArgoApiClient extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly namespaces: readonly string[];
  /** The argoVersion as given: a release line ("4.1") or an exact release. */
  public readonly argoVersion: ArgoVersion;
  /** The exact Argo release the rules were computed for ("4.1.2"). */
  public readonly argoRelease: string;
  /** Name of the token Secret: `<name>.service-account-token`. */
  public readonly secretName: string;
  /** Merged rules of the Role in each of the client's namespaces. */
  public readonly rules: readonly PolicyRule[];
  /** Merged rules of the ClusterRole (cluster-scoped resources); empty when there is none. */
  public readonly clusterRules: readonly PolicyRule[];
  /** Security-lint warnings (not refused); `strict` turns them into errors. */
  public readonly warnings: readonly string[];

  public readonly serviceAccount: kplus.ServiceAccount;
  public readonly secret: kplus.ServiceAccountTokenSecret;
  /** The Role in the home namespace; undefined when every rule is cluster-scoped. */
  public readonly role?: kplus.Role;
  public readonly roleBinding?: kplus.RoleBinding;
  public readonly clusterRole?: kplus.ClusterRole;
  public readonly clusterRoleBinding?: kplus.ClusterRoleBinding;
  /** Every object of the client, in the order `kubectl apply -f` must create them. */
  public readonly apiObjects: readonly ApiObject[];

  public constructor(scope: Construct, id: string, props: ArgoApiClientProps) {
    super(scope, id);
    // An SSO account (its ServiceAccount carries an rbac-rule) may grant nothing: a deliberate catch-all.
    const sso = props.serviceAccountAnnotations?.[RBAC_RULE_ANNOTATION] !== undefined;
    const issues = validateClient(specOf(props), props.strict ?? false).filter(
      (i) => !(sso && i.path.length === 0 && i.message.startsWith('grants nothing')),
    );
    const describe = (i: { path: readonly (string | number)[]; message: string }) =>
      `ArgoApiClient ${JSON.stringify(props.name)}${i.path.length > 0 && !i.message.startsWith("'") ? ` ${formatPath(i.path)}:` : ':'} ${i.message}`;
    const errors = issues.filter((i) => i.severity === 'error').map(describe);
    if (errors.length > 0) throw new Error(errors.join('\n'));
    this.warnings = issues.filter((i) => i.severity === 'warning').map(describe);
    if (props.reportWarnings ?? true) {
      let reported = false;
      this.node.addValidation({
        validate: () => {
          if (!reported) for (const w of this.warnings) console.error(`warning: ${w}`);
          reported = true;
          return [];
        },
      });
    }

    this.name = props.name;
    this.namespace = props.namespace;
    this.namespaces = [...(props.namespaces ?? [])];
    this.argoVersion = props.argoVersion ?? DEFAULT_ARGO_VERSION;
    this.argoRelease = exactVersion(this.argoVersion);
    this.secretName = `${props.name}${TOKEN_SECRET_SUFFIX}`;
    const resolved = resolveRules({ ...props, argoVersion: this.argoVersion });
    this.rules = resolved.namespaced;
    this.clusterRules = resolved.cluster;

    const objects: ApiObject[] = [];
    const labels = { 'app.kubernetes.io/managed-by': MANAGED_BY, 'app.kubernetes.io/name': props.name };
    const crossName = (suffix: string) => `${crossNamespaceName(this.namespace, this.name)}${suffix}`;

    const annotations = props.serviceAccountAnnotations;
    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels,
        ...(annotations ? { annotations: { ...annotations } } : {}),
      },
      automountToken: false,
    });
    objects.push(ApiObject.of(this.serviceAccount));

    const bindRole = (id: string, namespace: string, name: string, role: kplus.IRole) => {
      const binding = new kplus.RoleBinding(this, id, { metadata: { name, namespace, labels }, role });
      binding.addSubjects(this.serviceAccount);
      objects.push(withKubectlSubjects(ApiObject.of(binding)));
      return binding;
    };

    if (this.rules.length > 0) {
      this.role = this.namespacedRole('Role', props.namespace, props.name, labels, objects);
      this.roleBinding = bindRole('RoleBinding', props.namespace, props.name, this.role);
      for (const namespace of this.namespaces) {
        const role = this.namespacedRole(`Role-${namespace}`, namespace, crossName(''), labels, objects);
        bindRole(`RoleBinding-${namespace}`, namespace, crossName(''), role);
      }
    }

    if (this.clusterRules.length > 0) {
      const name = crossName('');
      this.clusterRole = new kplus.ClusterRole(this, 'ClusterRole', {
        metadata: { name, labels, annotations: this.versionAnnotations() },
      });
      allow(this.clusterRole, this.clusterRules);
      objects.push(clusterScoped(withRules(ApiObject.of(this.clusterRole), this.clusterRules)));
      this.clusterRoleBinding = new kplus.ClusterRoleBinding(this, 'ClusterRoleBinding', {
        metadata: { name, labels },
        role: this.clusterRole,
      });
      this.clusterRoleBinding.addSubjects(this.serviceAccount);
      objects.push(clusterScoped(withKubectlSubjects(ApiObject.of(this.clusterRoleBinding))));
    }

    for (const roleName of props.bindClusterRoles ?? []) {
      const existing = kplus.ClusterRole.fromClusterRoleName(this, `Existing-${roleName}`, roleName);
      [props.namespace, ...this.namespaces].forEach((namespace, i) => {
        const name = i === 0 ? `${props.name}:${roleName}` : crossName(`:${roleName}`);
        bindRole(`Bind-${roleName}-${namespace}`, namespace, name, existing);
      });
    }

    this.secret = new kplus.ServiceAccountTokenSecret(this, 'TokenSecret', {
      metadata: { name: this.secretName, namespace: props.namespace, labels },
      serviceAccount: this.serviceAccount,
    });
    // cdk8s-plus always writes `stringData: {}` and `immutable: false`; the token controller owns
    // this Secret's data, so the manifest carries nothing but the type and the annotation.
    ApiObject.of(this.secret).addJsonPatch(JsonPatch.remove('/stringData'), JsonPatch.remove('/immutable'));
    objects.push(ApiObject.of(this.secret));

    this.apiObjects = objects;
  }

  /** What the Role records: the argoVersion asked for, and the exact release of the facts used. */
  private versionAnnotations(): Record<string, string> {
    return { [ARGO_VERSION_ANNOTATION]: this.argoVersion, [ARGO_RELEASE_ANNOTATION]: this.argoRelease };
  }

  private namespacedRole(
    id: string,
    namespace: string,
    name: string,
    labels: Record<string, string>,
    objects: ApiObject[],
  ) {
    const role = new kplus.Role(this, id, {
      metadata: { name, namespace, labels, annotations: this.versionAnnotations() },
    });
    allow(role, this.rules);
    objects.push(withRules(ApiObject.of(role), this.rules));
    return role;
  }
}

/** Records the rules on the cdk8s-plus role, so `role.rules` tells what the client may do. */
function allow(role: kplus.Role | kplus.ClusterRole, rules: readonly PolicyRule[]): void {
  for (const rule of rules) {
    const apiGroup = rule.apiGroups[0];
    role.allow(
      [...rule.verbs],
      ...rule.resources.map((resourceType) => kplus.ApiResource.custom({ apiGroup, resourceType })),
    );
  }
}

/**
 * cdk8s-plus synthesizes one rule per resource (and `resourceNames: []` on ClusterRoles); the merged
 * rules are fewer and are what the lint and the evaluator checked, so they replace them verbatim.
 */
function withRules(object: ApiObject, rules: readonly PolicyRule[]): ApiObject {
  object.addJsonPatch(JsonPatch.replace('/rules', rules));
  return object;
}

/**
 * Cluster-scoped objects carry no namespace; cdk8s gives every object of a Chart created with a
 * namespace that namespace, whatever its scope.
 */
function clusterScoped(object: ApiObject): ApiObject {
  if (object.metadata.namespace !== undefined) object.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  return object;
}

/** ServiceAccount subjects have no API group: write them as kubectl does, without `apiGroup: ""`. */
function withKubectlSubjects(binding: ApiObject): ApiObject {
  binding.addJsonPatch(JsonPatch.remove('/subjects/0/apiGroup'));
  return binding;
}
