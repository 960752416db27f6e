// Jest global set-up: one CLI run before the tests, so the compile cache (tools/register.js), the
// client-node bundle and the dependency bundles (tools/bundles.js) exist. A fresh clone would
// otherwise spend its first seconds building them inside whichever test runs first — and a fault row
// with a 4 s deadline would be measuring the cache, not the fault.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

module.exports = () => {
  const root = path.join(__dirname, '..', '..');
  for (const args of [
    ['--help'],
    ['get', 'argo/warm-up', '--kubeconfig', path.join(root, 'no-such-kubeconfig'), '--timeout', '5s'],
  ]) {
    spawnSync(process.execPath, ['-r', './tools/register.js', 'cli/main.ts', ...args], {
      cwd: root,
      stdio: 'ignore',
      timeout: 120_000,
    });
  }
  spawnSync(process.execPath, ['-r', './tools/register.js', '-e', "require('cdk8s'); require('yaml')"], {
    cwd: root,
    stdio: 'ignore',
    timeout: 120_000,
  });
};
