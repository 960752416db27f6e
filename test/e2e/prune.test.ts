// Removing a client from the cluster: `npm run apply` (kubectl apply --prune on the labels argo-token
// sets, with the kinds it writes allowed), end to end with real kubectl against the test API server.

import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KubeApiServer } from '../support/kube-api-server';
import { ROOT, runMain, tempDir, writeFile } from '../support/project';

const KUBECTL = ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find((p) => fs.existsSync(p));
/** The command of `npm run apply`, as package.json has it. */
const APPLY = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.apply as string;

function kubectl(
  args: string[],
  cwd: string,
  kubeconfig: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      KUBECTL!,
      [...args, '--kubeconfig', kubeconfig],
      { cwd, env: { ...process.env, HOME: cwd, KUBECONFIG: '' }, timeout: 30000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

let server: KubeApiServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

(KUBECTL ? test : test.skip)(
  'GIVEN three clients applied WHEN one is removed from the clients file and `npm run apply` runs THEN its objects (token Secret included) are deleted and the others are left as they are',
  async () => {
    server = await KubeApiServer.start();
    const dir = tempDir();
    const kubeconfig = server.writeKubeconfig(dir, { ca: 'data' });
    const synth = (clients: string) => {
      const file = writeFile(dir, 'argo-clients.yaml', `clients:\n${clients}`);
      expect(runMain(['--clients', file, '--outdir', path.join(dir, 'dist')]).code).toBe(0);
    };
    const a = '  - {name: a, namespace: team, can: [list-workflows]}\n';
    const b = '  - {name: b, namespace: team, can: [list-workflows, read-cluster-templates]}\n';
    const c = '  - {name: c, namespace: other, can: [get-workflow]}\n';
    const args = APPLY.split(' ').slice(1); // kubectl's own arguments

    synth(a + b + c);
    const first = await kubectl(args, dir, kubeconfig);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(server.getObject('serviceaccounts', 'team', 'b')).toBeDefined();
    expect(server.getObject('clusterroles', '', 'argo-token:team:b')).toBeDefined();

    synth(a + c);
    const second = await kubectl(args, dir, kubeconfig);
    expect(second.code).toBe(0);
    // The token Secret goes too: pruned, or deleted by the token controller with its ServiceAccount first.
    expect(
      second.stdout
        .split('\n')
        .filter((l) => l.endsWith(' pruned'))
        .filter((l) => !l.startsWith('secret/'))
        .sort(),
    ).toEqual([
      'clusterrole.rbac.authorization.k8s.io/argo-token:team:b pruned',
      'clusterrolebinding.rbac.authorization.k8s.io/argo-token:team:b pruned',
      'role.rbac.authorization.k8s.io/b pruned',
      'rolebinding.rbac.authorization.k8s.io/b pruned',
      'serviceaccount/b pruned',
    ]);
    for (const [resource, ns, name] of [
      ['serviceaccounts', 'team', 'b'],
      ['secrets', 'team', 'b.service-account-token'],
      ['roles', 'team', 'b'],
      ['rolebindings', 'team', 'b'],
      ['clusterroles', '', 'argo-token:team:b'],
      ['clusterrolebindings', '', 'argo-token:team:b'],
    ] as const) {
      expect(server.getObject(resource, ns, name)).toBeUndefined();
    }
    expect(server.getObject('serviceaccounts', 'team', 'a')).toBeDefined();
    expect(server.getObject('secrets', 'other', 'c.service-account-token')).toBeDefined();
    expect(second.stdout).toContain('serviceaccount/a unchanged');
  },
);
