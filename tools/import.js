// `npm run import`: regenerates imports/argoproj.io.ts from crds/argoproj.io.yaml with `cdk8s import`,
// offline. It runs in a scratch folder because `cdk8s import` adds what it imported to the cdk8s.yaml of
// its working folder, and this project's cdk8s.yaml must list no imports (see its comment).

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'argo-token-import-'));
try {
  fs.cpSync(path.join(root, 'crds'), path.join(scratch, 'crds'), { recursive: true });
  execFileSync(
    path.join(root, 'node_modules', '.bin', 'cdk8s'),
    ['import', 'crds/argoproj.io.yaml', '--language', 'typescript', '--output', path.join(root, 'imports')],
    { cwd: scratch, stdio: 'inherit', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' } },
  );
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
