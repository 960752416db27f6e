// @kubernetes/client-node's KubeConfig, loaded fast. The package is ESM of some 2,000 modules and takes
// 1–1.5 s to import on a small machine; argo-token needs only KubeConfig (kubeconfig loading, contexts,
// credentials, auth providers). So it is bundled once with esbuild into one file, cached under
// node_modules/.cache/argo-token/ and keyed by the versions of client-node and esbuild (an upgrade
// bundles anew; nothing stale), which loads in about 0.1 s. Without esbuild, or if bundling fails,
// the package itself is imported.

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
      `${versionOf('@kubernetes/client-node')}\0${versionOf('esbuild')}\0${ENTRY}\0${JSON.stringify(MINIFY)}`,
    )
    .digest('hex')
    .slice(0, 16);
  return path.join(CACHE_DIR, `client-node-${key}.cjs`);
}

function bundle(file: string): void {
  const esbuild = require('esbuild') as typeof import('esbuild');
  const result = esbuild.buildSync({
    stdin: { contents: ENTRY, resolveDir: ROOT, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    ...MINIFY,
    write: false,
    logLevel: 'silent',
  });
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, result.outputFiles[0].contents);
  fs.renameSync(temp, file);
}

/** KubeConfig from the cached bundle (made on first use), or from the package when that cannot be. */
export async function clientNode(): Promise<ClientNode> {
  try {
    const file = bundleFile();
    if (!fs.existsSync(file)) bundle(file);
    // With V8's code cache beside it (tools/bundles.js), as the TypeScript hook's other bundles.
    const { loadBundle } = require('../tools/bundles.js') as { loadBundle: (f: string) => unknown };
    return loadBundle(file) as ClientNode;
  } catch {
    return import('@kubernetes/client-node');
  }
}
