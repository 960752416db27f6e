// @kubernetes/client-node's KubeConfig, loaded fast. The package is ESM of some 2,000 modules and takes
// 1–1.5 s to import on a small machine; argo-token needs only KubeConfig (kubeconfig loading, contexts,
// credentials, auth providers, proxies). So it is bundled once with esbuild into one file, cached under
// node_modules/.cache/argo-token/ and keyed by the versions of client-node and esbuild and by how it is
// bundled (an upgrade bundles anew; nothing stale). Two imports of KubeConfig's module serve only
// methods argo-token never calls, and are left out (see LEFT_OUT): the bundle is 0.28 MB instead of
// 1.0 MB and loads in about 40 ms instead of 120. Without esbuild, or if bundling fails, the package
// itself is imported.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as k8s from '@kubernetes/client-node';

export type ClientNode = Pick<typeof k8s, 'KubeConfig'>;

const ROOT = path.resolve(__dirname, '..');
const CACHE_DIR = path.join(ROOT, 'node_modules', '.cache', 'argo-token');
const ENTRY = "export { KubeConfig } from '@kubernetes/client-node/dist/config.js';";
/** Whitespace and syntax minified (no identifier renamed: names in errors stay): ~35 ms less to load. */
const MINIFY = { minifyWhitespace: true, minifySyntax: true } as const;
const LEFT_OUT_MESSAGE =
  "is left out of argo-token's bundle of @kubernetes/client-node (argo-token never calls it); import the package itself for it";
/**
 * Imports of client-node's dist/config.js (KubeConfig) left out of the bundle, with what stands in
 * their place: the generated API (396 KB: its models' type map) serves only `makeApiClient`, and
 * node-fetch (with whatwg-url's 260 KB Unicode table, parsed at load) only `applyToFetchOptions`.
 * argo-token calls neither (cli/kube.ts uses the kubeconfig, contexts, users and applyToHTTPSOptions);
 * calling them throws, saying so.
 */
const LEFT_OUT: Record<string, string> = {
  './gen/index.js': `export function createConfiguration() { throw new Error(${JSON.stringify(`makeApiClient ${LEFT_OUT_MESSAGE}`)}); }
export class ServerConfiguration { constructor() { throw new Error(${JSON.stringify(`makeApiClient ${LEFT_OUT_MESSAGE}`)}); } }`,
  'node-fetch': `export class Headers { constructor() { throw new Error(${JSON.stringify(`applyToFetchOptions ${LEFT_OUT_MESSAGE}`)}); } }`,
};

function versionOf(pkg: string): string {
  return (
    JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
}

function bundleFile(): string {
  const key = createHash('sha256')
    .update(
      `${versionOf('@kubernetes/client-node')}\0${versionOf('esbuild')}\0${ENTRY}\0${JSON.stringify({ MINIFY, LEFT_OUT })}`,
    )
    .digest('hex')
    .slice(0, 16);
  return path.join(CACHE_DIR, `client-node-${key}.cjs`);
}

async function bundle(file: string): Promise<void> {
  const esbuild = require('esbuild') as typeof import('esbuild');
  const config = path.join('@kubernetes', 'client-node', 'dist', 'config.js');
  const result = await esbuild.build({
    stdin: { contents: ENTRY, resolveDir: ROOT, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    ...MINIFY,
    write: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'left-out',
        setup(build) {
          build.onResolve({ filter: /^(\.\/gen\/index\.js|node-fetch)$/ }, (args) =>
            args.importer.endsWith(config) ? { path: args.path, namespace: 'left-out' } : undefined,
          );
          build.onLoad({ filter: /.*/, namespace: 'left-out' }, (args) => ({
            contents: LEFT_OUT[args.path],
            loader: 'js',
          }));
        },
      },
    ],
  });
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, result.outputFiles[0].contents);
  fs.renameSync(temp, file);
  // Bundles of other keys (an older client-node, esbuild or way of bundling) are stale now.
  for (const name of fs.readdirSync(CACHE_DIR)) {
    if (
      /^client-node-[0-9a-f]{16}\.cjs(\.v8-cache)?$/.test(name) &&
      !path.join(CACHE_DIR, name).startsWith(file)
    )
      fs.rmSync(path.join(CACHE_DIR, name), { force: true });
  }
}

/** KubeConfig from the cached bundle (made on first use), or from the package when that cannot be. */
export async function clientNode(): Promise<ClientNode> {
  try {
    const file = bundleFile();
    if (!fs.existsSync(file)) await bundle(file);
    // With V8's code cache beside it (tools/bundles.js), as the TypeScript hook's other bundles.
    const { loadBundle } = require('../tools/bundles.js') as { loadBundle: (f: string) => unknown };
    return loadBundle(file) as ClientNode;
  } catch {
    return import('@kubernetes/client-node');
  }
}
