// The synth pipeline without side effects: clients file → validated clients → cdk8s app → files,
// then the checks of the whole output. main.ts adds the process around it (arguments, stderr, exit
// code, writing dist/). cdk8s is loaded only once the clients file is valid: a bad file fails fast.

import type { ArgoApiClients } from '../constructs';
import { type LoadResult, loadClientsFile, parseClientsFile } from '../src/clients/file';
import { checkOutput } from '../src/output/checks';
import { type DistFile, renderDist } from '../src/output/render';

export interface SynthOptions {
  /** Refuse security-lint warnings as errors. */
  readonly strict?: boolean;
}

export interface SynthResult {
  /** Empty when there were errors: nothing may be written then. */
  readonly files: DistFile[];
  readonly errors: string[];
  readonly warnings: string[];
  readonly chart?: ArgoApiClients;
}

/** Builds the app for validated clients, renders every file of the manifests folder, checks the whole. */
function compose(loaded: LoadResult): SynthResult {
  if (!loaded.file) return { files: [], errors: loaded.errors, warnings: loaded.warnings };
  const { App } = require('cdk8s') as typeof import('cdk8s');
  const { ArgoApiClients } = require('../constructs') as typeof import('../constructs');
  const chart = new ArgoApiClients(new App(), 'argo-api-clients', {
    clients: loaded.file.clients,
    ...(loaded.file.sso
      ? { sso: loaded.file.sso.accounts.map((a) => a.spec), ssoNamespace: loaded.file.sso.ssoNamespace }
      : {}),
    strict: loaded.file.strict,
    // The clients file reports its warnings itself, with their place in the file.
    reportWarnings: false,
  });
  const synthesized = chart.synthesizeClients();
  const errors = checkOutput(
    synthesized.map(({ client, objects }, i) => ({
      label: `${labelOf(chart, i)} ${JSON.stringify(client.name)} (namespace ${JSON.stringify(client.namespace)})`,
      objects,
    })),
  );
  if (errors.length > 0) return { files: [], errors, warnings: loaded.warnings };
  const files = renderDist(
    synthesized.map(({ client, objects }) => ({ namespace: client.namespace, name: client.name, objects })),
  );
  return { files, errors: [], warnings: loaded.warnings, chart };
}

/** `clients[2]` or `sso[0]`: where the i-th synthesized account comes from in the file. */
function labelOf(chart: ArgoApiClients, i: number): string {
  const n = chart.clients.length;
  return i < n ? `clients[${i}]` : `sso[${i - n}]`;
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
