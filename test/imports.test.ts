// imports/ is generated: regenerating it from crds/ (offline, as `npm run import` does) gives the committed file.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, tempDir } from './support/project';

test('GIVEN crds/argoproj.io.yaml WHEN cdk8s import runs THEN it writes exactly the committed imports/argoproj.io.ts', async () => {
  const out = tempDir();
  // In a folder of its own: `cdk8s import` rewrites the cdk8s.yaml of its working folder.
  const cwd = tempDir();
  fs.cpSync(path.join(ROOT, 'crds'), path.join(cwd, 'crds'), { recursive: true });
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(
      path.join(ROOT, 'node_modules', '.bin', 'cdk8s'),
      ['import', 'crds/argoproj.io.yaml', '--language', 'typescript', '--output', out],
      { cwd, env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' }, stdio: 'ignore' },
    );
    child.on('close', resolve);
  });
  expect(code).toBe(0);
  expect(fs.readdirSync(out)).toEqual(['argoproj.io.ts']);
  expect(fs.readFileSync(path.join(out, 'argoproj.io.ts'), 'utf8')).toBe(
    fs.readFileSync(path.join(ROOT, 'imports', 'argoproj.io.ts'), 'utf8'),
  );
});
