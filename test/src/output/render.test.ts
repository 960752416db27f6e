// What the manifests say is what Kubernetes reads: strings a YAML 1.1 reader (kubectl, kustomize,
// Argo CD) or a YAML 1.2 reader would take for booleans, numbers or null are quoted, and every file is
// a stream that survives concatenation.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { synthText } from '../../../app/synth';
import { writeDist } from '../../../src/output/dist-writer';
import { toYamlStream } from '../../../src/output/render';
import { tempDir } from '../../support/project';

/** Strings that are not strings to some YAML reader: 1.1 booleans, 1.1 and 1.2 numbers, null, timestamps. */
const AMBIGUOUS = [
  'no',
  'yes',
  'on',
  'off',
  'y',
  'n',
  'Y',
  'NO',
  'true',
  'null',
  '~',
  '0b101',
  '0o17',
  '0x1f',
  '1e3',
  '012',
  '1:20',
  '1_000',
  '2001-12-14',
  '.inf',
  '=',
  '<<',
];

test.each(AMBIGUOUS)(
  'GIVEN the string %s THEN it is written so YAML 1.1 and 1.2 readers both read it back as that string',
  (value) => {
    const text = toYamlStream([{ metadata: { name: value, labels: { 'app.kubernetes.io/name': value } } }]);
    for (const version of ['1.1', '1.2'] as const) {
      const [doc] = parseAllDocuments(text, { version }).map((d) => d.toJS());
      expect(doc.metadata.name).toBe(value);
      expect(doc.metadata.labels['app.kubernetes.io/name']).toBe(value);
    }
  },
);

test('GIVEN ordinary names THEN they stay unquoted', () => {
  expect(toYamlStream([{ name: 'jenkins', namespace: 'argo-ci', v: 'argo-token:argo:x' }])).toBe(
    '---\nname: jenkins\nnamespace: argo-ci\nv: argo-token:argo:x\n',
  );
});

test('GIVEN two files concatenated as they are (cdk8s synth --stdout, cat dist/*.yaml) THEN every object stays separate', () => {
  const { files } = synthText(
    'clients:\n  - {name: a, namespace: x, can: [list-workflows]}\n  - {name: b, namespace: x, can: [list-workflows]}\n',
  );
  const yamlFiles = files.filter((f) => f.name.endsWith('.yaml'));
  const docs = parseAllDocuments(yamlFiles.map((f) => f.content).join('')).map((d) => d.toJS());
  const kinds = docs.filter(Boolean).map((o) => `${o.kind}/${o.metadata.name}`);
  expect(kinds).toEqual([
    'ServiceAccount/a',
    'Role/a',
    'RoleBinding/a',
    'Secret/a.service-account-token',
    'ServiceAccount/b',
    'Role/b',
    'RoleBinding/b',
    'Secret/b.service-account-token',
  ]);
});

const kubectl = (() => {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

(kubectl ? test : test.skip)(
  'GIVEN clients named no, on, yes, off and y THEN real `kubectl kustomize` (Go YAML, as the API server clients parse it) reads every name back as a string',
  () => {
    const names = ['no', 'on', 'yes', 'off', 'y'];
    const clients = names.map(
      (n, i) => `  - {name: "${n}", namespace: "${names[(i + 1) % 5]}", can: [list-workflows]}`,
    );
    const { files, errors } = synthText(`clients:\n${clients.join('\n')}\n`);
    expect(errors).toEqual([]);
    const out = path.join(tempDir(), 'dist');
    writeDist(out, files);
    const rendered = execFileSync('kubectl', ['kustomize', out], { encoding: 'utf8' });
    const objects = parseAllDocuments(rendered, { version: '1.1' }).map((d) => d.toJS());
    expect(objects).toHaveLength(names.length * 4);
    for (const o of objects) {
      expect(typeof o.metadata.name).toBe('string');
      expect(typeof o.metadata.namespace).toBe('string');
      expect(typeof o.metadata.labels['app.kubernetes.io/name']).toBe('string');
    }
    const serviceAccounts = objects.filter((o) => o.kind === 'ServiceAccount').map((o) => o.metadata.name);
    expect(serviceAccounts.sort()).toEqual([...names].sort());
    const secrets = objects.filter((o) => o.kind === 'Secret');
    expect(secrets.map((s) => s.metadata.annotations['kubernetes.io/service-account.name']).sort()).toEqual(
      [...names].sort(),
    );
    // Our own reading of the Kustomization agrees too.
    expect(parse(fs.readFileSync(path.join(out, 'Kustomization'), 'utf8')).resources).toHaveLength(5);
  },
);
