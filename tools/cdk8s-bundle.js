// cdk8s, cdk8s-plus-27 and constructs, loaded from one bundle. As packages they are some 230 modules
// (cdk8s's own copy of yaml among them, every file with an inline source map) and take about 0.25 s
// to load; bundled with esbuild into one file they load in about 0.1 s, a third of a one-client synth.
// The bundle is made on first use and cached under node_modules/.cache/argo-token/, keyed by the
// versions of the four packages, the project's folder and this file: an upgrade bundles anew, nothing
// stale. `require('cdk8s')`, `require('cdk8s-plus-27')` and `require('constructs')` from anywhere in
// the process then give the bundle's modules (one copy of each, so constructs stay one tree). Files
// that find their own folder (cdk8s's Yaml.load runs ./_loadurl.mjs next to it) keep their folder.
// Without esbuild, with ARGO_TOKEN_NO_BUNDLE=1, or if bundling fails: the packages themselves.

const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const cacheDir = path.join(root, 'node_modules', '.cache', 'argo-token');
const BUNDLED = ['cdk8s', 'cdk8s-plus-27', 'constructs'];
const ENTRY = `module.exports = { ${BUNDLED.map((p) => `${JSON.stringify(p)}: require(${JSON.stringify(p)})`).join(', ')} };`;

function versionOf(pkg) {
  return JSON.parse(fs.readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;
}

function bundleFile() {
  const key = crypto
    .createHash('sha256')
    .update([...BUNDLED, 'esbuild'].map((p) => `${p}@${versionOf(p)}`).join('\0'))
    .update(`\0${root}\0${fs.readFileSync(__filename, 'utf8')}`)
    .digest('hex')
    .slice(0, 16);
  return path.join(cacheDir, `cdk8s-${key}.cjs`);
}

/** Bundles into `file` (esbuild's plugins need its asynchronous API: run as a child, see bundle()). */
async function build(file) {
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    stdin: { contents: ENTRY, resolveDir: root, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'own-folder',
        setup(b) {
          // __dirname/__filename in a bundle would be the cache folder: each file keeps its own,
          // declared after its "use strict" (which must stay the first statement).
          b.onLoad({ filter: /\.js$/ }, (args) => {
            const source = fs.readFileSync(args.path, 'utf8');
            if (!/\b__(dirname|filename)\b/.test(source)) return undefined;
            const own = `var __dirname = ${JSON.stringify(path.dirname(args.path))}, __filename = ${JSON.stringify(args.path)};\n`;
            const strict = /^\s*(['"])use strict\1;?[^\n]*\n/.exec(source);
            const at = strict ? strict[0].length : 0;
            return { contents: source.slice(0, at) + own + source.slice(at), loader: 'js' };
          });
        },
      },
    ],
  });
  fs.mkdirSync(cacheDir, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, result.outputFiles[0].contents);
  fs.renameSync(temp, file);
}

/** Makes the bundle, once per key: a child process, since synth and its callers are synchronous. */
function bundle(file) {
  require('node:child_process').execFileSync(process.execPath, [__filename, '--build', file], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

if (require.main === module && process.argv[2] === '--build') {
  build(process.argv[3]).catch((err) => {
    console.error(err?.message ?? err);
    process.exitCode = 1;
  });
}

/** The bundle's modules by package name; null when the packages are to be loaded themselves. */
let modules;

function load() {
  if (modules !== undefined) return modules;
  modules = null;
  if (process.env.ARGO_TOKEN_NO_BUNDLE === '1') return modules;
  try {
    const file = bundleFile();
    if (!fs.existsSync(file)) bundle(file);
    const exports = require(file);
    modules = {};
    for (const pkg of BUNDLED) {
      // A module of its own per package, in the require cache under a name of its own.
      const filename = `${file}#${pkg}`;
      const m = new Module(filename, null);
      m.filename = filename;
      m.paths = [];
      m.exports = exports[pkg];
      m.loaded = true;
      Module._cache[filename] = m;
      modules[pkg] = filename;
    }
  } catch (err) {
    if (process.env.ARGO_TOKEN_DEBUG === '1')
      console.error(`cdk8s bundle unavailable: ${err?.message ?? err}`);
    modules = null;
  }
  return modules;
}

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveBundled(request, ...rest) {
  if (BUNDLED.includes(request)) {
    const bundled = load()?.[request];
    if (bundled) return bundled;
  }
  return resolveFilename.call(this, request, ...rest);
};
