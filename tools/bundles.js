// Dependencies loaded from bundles. As packages, cdk8s, cdk8s-plus-27 and constructs are some 160
// modules (cdk8s's own copy of yaml among them, every file with an inline source map) and take about
// 0.25 s to load, and yaml is 72 modules and 40–70 ms; bundled with esbuild into one file per group
// they load in about 0.1 s and 12 ms. A third of a one-client synth, a sixth of `argo-token matrix`.
// Each bundle is made on first use and cached under node_modules/.cache/argo-token/, keyed by the
// versions of its packages and of esbuild, the real folder of node_modules and this file: an upgrade bundles
// anew, nothing stale. `require('<package>')` from anywhere in the process then gives the bundle's
// module (one copy of each package, so constructs stay one tree and yaml's classes one class). Files
// that find their own folder (cdk8s's Yaml.load runs ./_loadurl.mjs next to it) keep their folder.
// Without esbuild, with ARGO_TOKEN_NO_BUNDLE=1, or if bundling fails: the packages themselves.

const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const cacheDir = path.join(root, 'node_modules', '.cache', 'argo-token');
/** Bundles by name: the packages each holds (loaded together, as they require each other). */
const GROUPS = { cdk8s: ['cdk8s', 'cdk8s-plus-27', 'constructs'], yaml: ['yaml'] };
const groupOf = new Map(Object.entries(GROUPS).flatMap(([group, pkgs]) => pkgs.map((p) => [p, group])));

const entry = (group) =>
  `module.exports = { ${GROUPS[group].map((p) => `${JSON.stringify(p)}: require(${JSON.stringify(p)})`).join(', ')} };`;

function versionOf(pkg) {
  return JSON.parse(fs.readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;
}

function bundleFile(group) {
  const key = crypto
    .createHash('sha256')
    .update([...GROUPS[group], 'esbuild'].map((p) => `${p}@${versionOf(p)}`).join('\0'))
    // The bundle names files of node_modules by their real path (scratch copies of the project share it).
    .update(`\0${fs.realpathSync(path.join(root, 'node_modules'))}\0${fs.readFileSync(__filename, 'utf8')}`)
    .digest('hex')
    .slice(0, 16);
  return path.join(cacheDir, `${group}-${key}.cjs`);
}

/** Bundles a group into `file` (esbuild's plugins need its asynchronous API: run as a child, see bundle()). */
async function build(group, file) {
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    stdin: { contents: entry(group), resolveDir: root, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Whitespace and syntax only (no identifier renamed: names in errors and stacks stay).
    minifyWhitespace: true,
    minifySyntax: true,
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
  // The group's bundles of other keys (older versions, an older bundles.js) are stale now.
  const stale = new RegExp(`^${group}-[0-9a-f]{16}\\.cjs(\\.v8-cache)?$`);
  for (const name of fs.readdirSync(cacheDir)) {
    if (stale.test(name) && !path.join(cacheDir, name).startsWith(file))
      fs.rmSync(path.join(cacheDir, name), { force: true });
  }
}

/** Makes a bundle, once per key: in a child process, since synth and its callers are synchronous. */
function bundle(group, file) {
  require('node:child_process').execFileSync(process.execPath, [__filename, '--build', group, file], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

if (require.main === module && process.argv[2] === '--build') {
  build(process.argv[3], process.argv[4]).catch((err) => {
    console.error(err?.message ?? err);
    process.exitCode = 1;
  });
}

/**
 * Loads a bundle (a CommonJS file) as require does, with V8's code cache kept beside it
 * (`<file>.v8-cache`): the functions compiled while the bundle loaded need no compiling at the next
 * run (about 40 ms of client-node's bundle). V8 checks the cache against the source and itself and
 * ignores one that does not match; a new one is written then.
 */
function loadBundle(file) {
  const cached = Module._cache[file];
  if (cached) return cached.exports;
  const cacheFile = `${file}.v8-cache`;
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // none yet
  }
  const vm = require('node:vm');
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
  const m = new Module(file, null);
  m.filename = file;
  m.paths = Module._nodeModulePaths(path.dirname(file));
  Module._cache[file] = m;
  const requireFrom = (id) => m.require(id);
  requireFrom.resolve = (request, options) => Module._resolveFilename(request, m, false, options);
  requireFrom.cache = Module._cache;
  try {
    script.runInThisContext().call(m.exports, m.exports, requireFrom, m, file, path.dirname(file));
  } catch (err) {
    delete Module._cache[file];
    throw err;
  }
  m.loaded = true;
  if (cachedData === undefined || script.cachedDataRejected) {
    try {
      const temp = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(temp, script.createCachedData());
      fs.renameSync(temp, cacheFile);
    } catch {
      // a read-only node_modules: no cache, the same result
    }
  }
  return m.exports;
}

/** Per group: the require-cache names of its packages' modules, or null to load the packages themselves. */
const loaded = new Map();

function load(group) {
  if (loaded.has(group)) return loaded.get(group);
  let names = null;
  if (process.env.ARGO_TOKEN_NO_BUNDLE !== '1') {
    try {
      const file = bundleFile(group);
      if (!fs.existsSync(file)) bundle(group, file);
      const exports = loadBundle(file);
      names = {};
      for (const pkg of GROUPS[group]) {
        // A module of its own per package, in the require cache under a name of its own.
        const filename = `${file}#${pkg}`;
        const m = new Module(filename, null);
        m.filename = filename;
        m.paths = [];
        m.exports = exports[pkg];
        m.loaded = true;
        Module._cache[filename] = m;
        names[pkg] = filename;
      }
    } catch (err) {
      if (process.env.ARGO_TOKEN_DEBUG === '1')
        console.error(`${group} bundle unavailable: ${err?.message ?? err}`);
      names = null;
    }
  }
  loaded.set(group, names);
  return names;
}

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveBundled(request, ...rest) {
  const group = groupOf.get(request);
  if (group !== undefined) {
    const bundled = load(group)?.[request];
    if (bundled) return bundled;
  }
  return resolveFilename.call(this, request, ...rest);
};

module.exports = { loadBundle };
