// The synth pipeline without side effects: clients file → validated clients → cdk8s constructs →
// files, with the checks of the whole output. main.ts adds the process around it (arguments, stderr,
// exit code, writing dist/). cdk8s is loaded only once the clients file is valid: a bad file fails fast.
//
// Clients are synthesized in batches, each in an App and chart of its own that is dropped once its
// objects are checked and rendered: memory holds one batch of constructs and the rendered text, not
// the constructs and JSON of every client (5,000 clients: ~390 MiB peak RSS in one chart). A client's
// objects depend on that client alone, so the files are the same bytes as from one chart.

import type { ArgoApiClients } from '../constructs';
import type { ArgoApiClientProps } from '../constructs/argo-api-client';
import { type LoadResult, loadClientsFile, parseClientsFile } from '../src/clients/file';
import type { ClientSpec } from '../src/clients/spec';
import { OutputChecks } from '../src/output/checks';
import { type DistFile, distOf, renderClient } from '../src/output/render';
import type { SsoAccountSpec } from '../src/sso/accounts';

export interface SynthOptions {
  /** Refuse security-lint warnings as errors. */
  readonly strict?: boolean;
}

export interface SynthResult {
  /** Empty when there were errors: nothing may be written then. */
  readonly files: DistFile[];
  readonly errors: string[];
  readonly warnings: string[];
  /** The validated clients, in clients-file order (empty when there were errors). */
  readonly clients: readonly ClientSpec[];
  /** The validated SSO accounts, in file order (empty when there were errors). */
  readonly ssoAccounts: readonly SsoAccountSpec[];
  /**
   * One chart holding every client, as a cdk8s app would build it (for inspecting the constructs);
   * built when first read, since synth itself never holds all clients' constructs at once.
   * Undefined when there were errors.
   */
  readonly chart?: ArgoApiClients;
}

/** Clients per App: small enough that a batch's constructs are a few MiB, large enough to cost nothing. */
export const SYNTH_BATCH = 25;

const CHART_ID = 'argo-api-clients';

interface SsoPart {
  readonly accounts: readonly SsoAccountSpec[];
  readonly ssoNamespace: string;
}

function chartOf(clients: readonly ClientSpec[], strict: boolean, sso?: SsoPart): ArgoApiClients {
  const { App } = require('cdk8s') as typeof import('cdk8s');
  const { ArgoApiClients } = require('../constructs') as typeof import('../constructs');
  return new ArgoApiClients(new App(), CHART_ID, {
    clients: clients as readonly ArgoApiClientProps[],
    ...(sso ? { sso: sso.accounts, ssoNamespace: sso.ssoNamespace } : {}),
    strict,
    // The clients file reports its warnings itself, with their place in the file.
    reportWarnings: false,
  });
}

/**
 * Builds each batch of validated clients, then the SSO accounts (one chart: their precedences are
 * planned together), checks and renders every file of the manifests folder.
 */
function compose(loaded: LoadResult): SynthResult {
  const none = { files: [], clients: [], ssoAccounts: [] };
  if (!loaded.file) return { ...none, errors: loaded.errors, warnings: loaded.warnings };
  const { clients, strict } = loaded.file;
  const sso: SsoPart | undefined = loaded.file.sso
    ? { accounts: loaded.file.sso.accounts.map((a) => a.spec), ssoNamespace: loaded.file.sso.ssoNamespace }
    : undefined;
  const checks = new OutputChecks();
  const rendered: DistFile[] = [];
  const add = (
    label: string,
    client: { name: string; namespace: string },
    objects: readonly Record<string, unknown>[],
  ) => {
    checks.add({
      label: `${label} ${JSON.stringify(client.name)} (namespace ${JSON.stringify(client.namespace)})`,
      objects,
    });
    // Once the output is known to be refused, only the checks go on (every error is reported).
    if (checks.errors.length === 0) {
      rendered.push(renderClient({ namespace: client.namespace, name: client.name, objects }));
    }
  };
  for (let start = 0; start < clients.length; start += SYNTH_BATCH) {
    const batch = chartOf(clients.slice(start, start + SYNTH_BATCH), strict).synthesizeClients();
    batch.forEach(({ client, objects }, j) => {
      add(`clients[${start + j}]`, client, objects);
    });
  }
  if (sso && sso.accounts.length > 0) {
    chartOf([], strict, sso)
      .synthesizeClients()
      .forEach(({ client, objects }, i) => {
        add(`sso[${i}]`, client, objects);
      });
  }
  if (checks.errors.length > 0) return { ...none, errors: checks.errors, warnings: loaded.warnings };
  let chart: ArgoApiClients | undefined;
  return {
    files: distOf(rendered),
    errors: [],
    warnings: loaded.warnings,
    clients,
    ssoAccounts: sso?.accounts ?? [],
    get chart() {
      chart ??= chartOf(clients, strict, sso);
      return chart;
    },
  };
}

export function synthFile(clientsFile: string, options: SynthOptions = {}): SynthResult {
  return compose(loadClientsFile(clientsFile, options));
}

export function synthText(
  text: string,
  source = 'argo-clients.yaml',
  options: SynthOptions = {},
): SynthResult {
  return compose(parseClientsFile(text, source, options));
}
