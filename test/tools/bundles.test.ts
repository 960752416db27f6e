// tools/bundles.js: processes started through tools/register.js (npm run synth, cdk8s synth,
// argo-token) load cdk8s, cdk8s-plus-27 and constructs from one cached bundle and yaml from another,
// one copy of each package, with what the packages do on disk intact; ARGO_TOKEN_NO_BUNDLE=1 loads
// the packages themselves.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REGISTER, ROOT, tempDir, writeFile } from '../support/project';

const PROBE = `
const cdk8s = require('cdk8s');
const kplus = require('cdk8s-plus-27');
const { Construct } = require('constructs');
const YAML = require('yaml');
const chart = new cdk8s.Chart(new cdk8s.App(), 'c');
const sa = new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'ci' } });
console.log(JSON.stringify({
  from: ['cdk8s', 'cdk8s-plus-27', 'constructs', 'yaml'].map((p) => require.resolve(p)),
  yaml: YAML.parseDocument('a: [1]').contents instanceof require('yaml').YAMLMap && YAML.stringify({ a: 'true' }),
  oneTree: sa instanceof Construct && chart.node.findAll().includes(sa),
  synth: chart.toJson().map((o) => o.kind),
  loaded: cdk8s.Yaml.load(process.argv[1]),
}));
`;

function probe(env: NodeJS.ProcessEnv = {}) {
  const manifest = writeFile(tempDir(), 'cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
  const out = execFileSync(process.execPath, ['-r', REGISTER, '-e', PROBE, manifest], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

test('GIVEN a process started through the TypeScript hook THEN cdk8s, cdk8s-plus-27 and constructs come from one bundle and yaml from another, one tree of constructs, and Yaml.load (a helper script next to cdk8s) still works', () => {
  const r = probe({ ARGO_TOKEN_NO_BUNDLE: '' });
  const cache = path.join(ROOT, 'node_modules', '.cache', 'argo-token');
  for (const file of r.from) expect(file.startsWith(cache)).toBe(true);
  // cdk8s, cdk8s-plus-27 and constructs from one bundle; yaml from another.
  const bundles = new Set(r.from.map((f: string) => f.split('#')[0]));
  expect(bundles.size).toBe(2);
  // Each with V8's code cache beside it, for the next process.
  for (const bundle of bundles) expect(fs.existsSync(`${bundle}.v8-cache`)).toBe(true);
  expect(r.yaml).toBe('a: "true"\n');
  expect(r.oneTree).toBe(true);
  expect(r.synth).toEqual(['ServiceAccount']);
  expect(r.loaded).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }]);
});

test('GIVEN ARGO_TOKEN_NO_BUNDLE=1 THEN the packages themselves, with the same results', () => {
  const r = probe({ ARGO_TOKEN_NO_BUNDLE: '1' });
  expect(r.from).toEqual(
    ['cdk8s', 'cdk8s-plus-27', 'constructs', 'yaml'].map((p) => require.resolve(p, { paths: [ROOT] })),
  );
  expect(r.yaml).toBe('a: "true"\n');
  expect(r.oneTree).toBe(true);
  expect(r.synth).toEqual(['ServiceAccount']);
  expect(r.loaded).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }]);
});
