// cli/client-node.ts: KubeConfig from a cached bundle that leaves out what argo-token never calls
// (makeApiClient's generated API, applyToFetchOptions' node-fetch); what it calls works as in the package.

import { execFileSync } from 'node:child_process';
import { REGISTER, ROOT } from '../support/project';

const PROBE = `
require('./cli/client-node.ts').clientNode().then(async ({ KubeConfig }) => {
  const kc = new KubeConfig();
  kc.loadFromString(JSON.stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': 'c',
    clusters: [{ name: 'k', cluster: { server: 'https://127.0.0.1:6443', 'proxy-url': 'http://proxy.example:3128' } }],
    users: [{ name: 'u', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath,
      args: ['-e', 'console.log(JSON.stringify({kind:"ExecCredential",apiVersion:"client.authentication.k8s.io/v1",status:{token:"from-exec"}}))'] } } }],
    contexts: [{ name: 'c', context: { cluster: 'k', user: 'u', namespace: 'argo' } }],
  }));
  const opts = {};
  await kc.applyToHTTPSOptions(opts);
  const leftOut = (f) => { try { f(); return 'no error'; } catch (e) { return e.message; } };
  console.log(JSON.stringify({
    namespace: kc.getContextObject('c').namespace,
    authorization: opts.headers?.Authorization,
    proxied: opts.agent?.constructor?.name,
    makeApiClient: leftOut(() => kc.makeApiClient(class {})),
  }));
});
`;

test('GIVEN a kubeconfig with an exec plugin and a proxy THEN the bundled KubeConfig reads it, runs the plugin and proxies; makeApiClient says it is left out', () => {
  const out = JSON.parse(
    execFileSync(process.execPath, ['-r', REGISTER, '-e', PROBE], { cwd: ROOT, encoding: 'utf8' }),
  );
  expect(out.namespace).toBe('argo');
  expect(out.authorization).toBe('Bearer from-exec');
  expect(out.proxied).toMatch(/Proxy/);
  expect(out.makeApiClient).toMatch(
    /^makeApiClient is left out of argo-token's bundle of @kubernetes\/client-node/,
  );
});
