// The synth pipeline without side effects: clients file → validated clients → cdk8s app → files.
// main.ts adds the process around it (arguments, stderr, exit code, writing dist/).

import { App } from 'cdk8s';
import { ArgoApiClients } from '../constructs';
import { type LoadResult, loadClientsFile, parseClientsFile } from '../src/clients/file';
import { type DistFile, renderDist } from '../src/output/dist-writer';

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

/** Builds the app for validated clients and renders every file of the manifests folder. */
function compose(loaded: LoadResult): SynthResult {
  if (!loaded.file) return { files: [], errors: loaded.errors, warnings: loaded.warnings };
  const app = new App();
  const chart = new ArgoApiClients(app, 'argo-api-clients', {
    clients: loaded.file.clients,
    strict: loaded.file.strict,
  });
  const files = renderDist(
    chart
      .synthesizeClients()
      .map(({ client, objects }) => ({ namespace: client.namespace, name: client.name, objects })),
  );
  return { files, errors: [], warnings: loaded.warnings, chart };
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
