// Runs the project's TypeScript in place: a require hook that strips types with swc, so `npm run synth`,
// `cdk8s synth` and `argo-token` never type-check and never run a stale build. Each compiled file is
// cached by the hash of its source (node_modules/.cache/argo-token/), so a file compiles once per edit
// and swc itself loads only when something changed. Type errors are caught by `npm run typecheck`.

const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const cacheDir = path.join(root, 'node_modules', '.cache', 'argo-token');
const options = {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'commonjs', ignoreDynamic: true, strict: true },
  swcrc: false,
  configFile: false,
};
const debug = process.env.ARGO_TOKEN_DEBUG === '1';
let swc;
let salt;

/** What the cache key covers besides the source: the compiler, its options and this hook. */
function cacheSalt() {
  if (salt === undefined) {
    let version = 'unknown';
    try {
      version = JSON.parse(
        fs.readFileSync(path.join(root, 'node_modules', '@swc', 'core', 'package.json'), 'utf8'),
      ).version;
    } catch {
      // no swc: compile will say so
    }
    salt = `${version}\0${JSON.stringify(options)}\0${debug}\0${fs.readFileSync(__filename, 'utf8')}`;
  }
  return salt;
}

function compile(source, filename) {
  const key = crypto
    .createHash('sha256')
    .update(cacheSalt())
    .update('\0')
    .update(filename)
    .update('\0')
    .update(source)
    .digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    // not compiled yet (or the cache is unreadable): compile below
  }
  swc ??= require('@swc/core');
  const { code } = swc.transformSync(source, { ...options, filename, sourceMaps: debug ? 'inline' : false });
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    const temp = `${cached}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
    fs.writeFileSync(temp, code);
    fs.renameSync(temp, cached);
  } catch {
    // a read-only node_modules: run uncached
  }
  return code;
}

Module._extensions['.ts'] = function compileTs(module, filename) {
  if (!filename.startsWith(root) || filename.includes(`${path.sep}node_modules${path.sep}`)) {
    throw new Error(`refusing to compile TypeScript outside the project: ${filename}`);
  }
  module._compile(compile(fs.readFileSync(filename, 'utf8'), filename), filename);
};

// ARGO_TOKEN_DEBUG=1: stack traces point at the .ts lines (inline source maps; slower to start).
if (debug) process.setSourceMapsEnabled(true);

// cdk8s (with cdk8s-plus-27 and constructs) and yaml from cached bundles (see bundles.js), when required.
require('./bundles.js');
