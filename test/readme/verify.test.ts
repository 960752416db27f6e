// The README's `verify` run is a real one: each line it shows is printed by `argo-token verify` for
// the repo's client (jenkins) against the test servers, with dist/ applied to the Kubernetes one.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { readManifests } from '../../src/rbac/evaluator';
import { ArgoServer } from '../support/argo-server';
import { runCli } from '../support/cli';
import { KubeApiServer } from '../support/kube-api-server';
import { ROOT, seedDist, tempDir } from '../support/project';
import { testTls } from '../support/tls';

/** The text block that follows `<!-- verify-run -->` in the README. */
function readmeBlock(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf('<!-- verify-run -->');
  if (at < 0) throw new Error('README.md has no <!-- verify-run --> block');
  const block = /```text\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!block) throw new Error('no ```text block after <!-- verify-run -->');
  return block[1].split('\n').filter((l) => l.trim() !== '' && l.trim() !== '…');
}

test("every line of the README's verify run is printed by a real run", async () => {
  const dist = seedDist();
  const kube = await KubeApiServer.start();
  let argo: ArgoServer | undefined;
  try {
    kube.applyRbac(readManifests(dist));
    kube.createServiceAccount('argo', 'jenkins');
    kube.createSecret({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'jenkins.service-account-token',
        namespace: 'argo',
        annotations: { 'kubernetes.io/service-account.name': 'jenkins' },
      },
      type: 'kubernetes.io/service-account-token',
    });
    await kube.tokenWritten('argo', 'jenkins.service-account-token');
    argo = await ArgoServer.start({
      authenticate: (t) => kube.whoIs(t),
      authorize: (t, a) => kube.authorizeToken(t, a),
    });
    const kubeconfig = kube.writeKubeconfig(tempDir(), { namespace: 'argo' });
    const run = await runCli([
      'verify',
      'jenkins',
      '--kubeconfig',
      kubeconfig,
      '--server',
      argo.url,
      '--ca-file',
      testTls().caFile,
      '--manifests',
      dist,
    ]);
    if (process.env.PRINT_VERIFY_RUN) process.stdout.write(run.stdout);
    expect(run.code).toBe(0);
    const printed = run.stdout.split('\n');
    for (const line of readmeBlock()) expect(printed).toContain(line);
  } finally {
    await Promise.all([kube.stop(), argo?.stop()]);
  }
});
