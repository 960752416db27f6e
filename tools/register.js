// Runs the project's TypeScript in place: a require hook that strips types with swc (in-process,
// about 1 ms a file), so `npm run synth` and `cdk8s synth` never type-check and never run a stale build.
// Type errors are caught by `npm run typecheck` (part of `npm test`), not at every run.

const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const swc = require('@swc/core');

const root = path.resolve(__dirname, '..');
const options = {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'commonjs', ignoreDynamic: true, strict: true },
  sourceMaps: 'inline',
  swcrc: false,
  configFile: false,
};

Module._extensions['.ts'] = function compileTs(module, filename) {
  if (!filename.startsWith(root) || filename.includes(`${path.sep}node_modules${path.sep}`)) {
    throw new Error(`refusing to compile TypeScript outside the project: ${filename}`);
  }
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = swc.transformSync(source, { ...options, filename });
  module._compile(code, filename);
};

// Stack traces point at the .ts lines, not the transpiled ones.
process.setSourceMapsEnabled(true);
