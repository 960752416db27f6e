// ArgoApiClients: the chart that holds every client of a clients file. One chart for all clients,
// because cdk8s re-resolves the whole app once per chart: a chart per client made synth quadratic.

import { Chart, type ChartProps } from 'cdk8s';
import type { Construct } from 'constructs';
import { ArgoApiClient, type ArgoApiClientProps } from './argo-api-client';

/** Props for {@link ArgoApiClients}. */
export interface ArgoApiClientsProps extends ChartProps {
  /** The clients, in clients-file order. */
  readonly clients: readonly ArgoApiClientProps[];
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

  public constructor(scope: Construct, id: string, props: ArgoApiClientsProps) {
    super(scope, id, { ...props, disableResourceNameHashes: true });
    this.clients = props.clients.map(
      (client) =>
        new ArgoApiClient(this, `${client.namespace}.${client.name}`, {
          ...client,
          strict: client.strict ?? props.strict ?? false,
          reportWarnings: client.reportWarnings ?? props.reportWarnings ?? true,
        }),
    );
  }

  /** Every security-lint warning of every client. */
  public get warnings(): string[] {
    return this.clients.flatMap((c) => c.warnings);
  }

  /**
   * Synthesizes each client's objects, in apply order. Runs construct validations first, as
   * `App.synth()` does, and throws on any.
   */
  public synthesizeClients(): ClientManifests[] {
    const errors = this.node.findAll().flatMap((c) => c.node.validate().map((e) => `${c.node.path}: ${e}`));
    if (errors.length > 0) throw new Error(`validation failed:\n${errors.join('\n')}`);
    return this.clients.map((client) => ({ client, objects: client.apiObjects.map((o) => o.toJson()) }));
  }
}
