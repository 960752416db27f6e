// ArgoApiClients: the chart that holds every client of a clients file. One chart for all clients,
// because cdk8s re-resolves the whole app once per chart: a chart per client made synth quadratic.

import { Chart, type ChartProps } from 'cdk8s';
import type { Construct } from 'constructs';
import { formatPath } from '../src/clients/spec';
import {
  DEFAULT_SSO_NAMESPACE,
  planSso,
  type SsoAccountSpec,
  type SsoPlan,
  ssoAnnotations,
  validateSsoAccount,
} from '../src/sso/accounts';
import { ArgoApiClient, type ArgoApiClientProps } from './argo-api-client';

export type { SsoAccountSpec, SsoMatch } from '../src/sso/accounts';

/** Props for {@link ArgoApiClients}. */
export interface ArgoApiClientsProps extends ChartProps {
  /** The clients, in clients-file order. */
  readonly clients: readonly ArgoApiClientProps[];
  /**
   * People who sign in through Argo Server's SSO: one ServiceAccount each, annotated with the rule and
   * precedence Argo's SSO RBAC chooses it by, with its Role(s), RoleBinding(s) and token Secret.
   * @default - none
   */
  readonly sso?: readonly SsoAccountSpec[];
  /**
   * The namespace Argo Server runs in: SSO accounts there are login accounts.
   * @default 'argo'
   */
  readonly ssoNamespace?: string;
  /**
   * Refuse security-lint warnings as errors, for every client.
   * @default false
   */
  readonly strict?: boolean;
  /**
   * Print security-lint warnings on stderr when the app is synthesized.
   * @default true
   */
  readonly reportWarnings?: boolean;
}

/** The manifests of one client, objects in apply order. */
export interface ClientManifests {
  readonly client: ArgoApiClient;
  readonly objects: readonly Record<string, unknown>[];
}

export class ArgoApiClients extends Chart {
  public readonly clients: readonly ArgoApiClient[];
  /** The SSO accounts, in clients-file order. */
  public readonly ssoAccounts: readonly ArgoApiClient[];
  /** The plan of the SSO accounts (rule and precedence of each); undefined without any. */
  public readonly ssoPlan?: SsoPlan;

  public constructor(scope: Construct, id: string, props: ArgoApiClientsProps) {
    super(scope, id, { ...props, disableResourceNameHashes: true });
    const ssoNamespace = props.ssoNamespace ?? DEFAULT_SSO_NAMESPACE;
    const strict = props.strict ?? false;
    const sso = props.sso ?? [];
    const entryErrors = sso.flatMap((entry, i) =>
      validateSsoAccount(entry, ssoNamespace, strict)
        .filter((issue) => issue.severity === 'error')
        .map(
          (issue) =>
            `sso[${i}] ${JSON.stringify(entry.name)}: ${issue.path.length > 0 && !issue.message.startsWith("'") ? `${formatPath(issue.path)}: ` : ''}${issue.message}`,
        ),
    );
    if (entryErrors.length > 0) throw new Error(entryErrors.join('\n'));
    this.ssoPlan = sso.length > 0 ? planSso(sso, ssoNamespace, strict) : undefined;
    const planErrors = (this.ssoPlan?.issues ?? [])
      .filter((issue) => issue.severity === 'error')
      .map((issue) => `sso[${issue.index}] ${JSON.stringify(sso[issue.index].name)}: ${issue.message}`);
    if (planErrors.length > 0) throw new Error(planErrors.join('\n'));
    this.clients = props.clients.map(
      (client) =>
        new ArgoApiClient(this, `${client.namespace}.${client.name}`, {
          ...client,
          strict: client.strict ?? props.strict ?? false,
          reportWarnings: client.reportWarnings ?? props.reportWarnings ?? true,
        }),
    );
    this.ssoAccounts = (this.ssoPlan?.accounts ?? []).map(
      (account) =>
        new ArgoApiClient(this, `sso.${account.namespace}.${account.name}`, {
          ...account.client,
          strict,
          reportWarnings: props.reportWarnings ?? true,
          serviceAccountAnnotations: ssoAnnotations(account, ssoNamespace),
        }),
    );
  }

  /** Every security-lint warning of every client and SSO account (the SSO plan's included). */
  public get warnings(): string[] {
    const sso = this.ssoPlan;
    const plan = (sso?.issues ?? [])
      .filter((i) => i.severity === 'warning')
      .map((i) => `sso[${i.index}] ${JSON.stringify(sso?.accounts[i.index].name)}: ${i.message}`);
    return [
      ...this.clients.flatMap((c) => c.warnings),
      ...this.ssoAccounts.flatMap((c) => c.warnings),
      ...plan,
    ];
  }

  /**
   * Synthesizes each client's objects, then each SSO account's, in apply order. Runs construct
   * validations first, as `App.synth()` does, and throws on any.
   */
  public synthesizeClients(): ClientManifests[] {
    const errors = this.node.findAll().flatMap((c) => c.node.validate().map((e) => `${c.node.path}: ${e}`));
    if (errors.length > 0) throw new Error(`validation failed:\n${errors.join('\n')}`);
    return [...this.clients, ...this.ssoAccounts].map((client) => ({
      client,
      objects: client.apiObjects.map((o) => o.toJson()),
    }));
  }
}
