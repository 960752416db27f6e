// Manifests are written without the yaml library's document model (src/output/render.ts), and must be
// the library's bytes exactly: the writer either gives the library's text or leaves the object to it.
// Synth runs clients in batches of SYNTH_BATCH: the files are those of one chart for all clients.

import fc from 'fast-check';
import { SYNTH_BATCH, synthText } from '../../../app/synth';
import { ArgoApiClients } from '../../../constructs';
import { parseClientsFile } from '../../../src/clients/file';
import {
  directYaml,
  libraryYaml,
  misreadByParsing,
  readAsOther,
  renderDist,
} from '../../../src/output/render';

/** Strings of the characters names, labels and rules use, and the ones that need care in YAML. */
const text = fc.oneof(
  fc.stringMatching(/^[a-z0-9][a-z0-9.:/-]{0,20}$/),
  fc.string({
    unit: fc.constantFrom(...'aZ09.-_:/ #"\'\\*&!|>%@`,[]{}~=<?\n\t\u00e9'.split('')),
    maxLength: 8,
  }),
  fc.constantFrom(
    '',
    'no',
    'on',
    'y',
    'true',
    'null',
    '~',
    '1.0',
    '0o17',
    '1:20',
    '2001-12-14',
    '=',
    '<<',
    '-',
    '---',
    'a:',
    '.inf',
  ),
);
const scalar = fc.oneof(text, fc.boolean(), fc.integer(), fc.double(), fc.constant(null));
const value = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, tie('map'), tie('seq')),
  map: fc.dictionary(text, tie('value'), { maxKeys: 4 }),
  seq: fc.array(tie('value'), { maxLength: 4 }),
})).value;

test('PROPERTY: whenever the direct writer writes an object, it is the yaml library text byte for byte', () => {
  fc.assert(
    fc.property(fc.dictionary(text, value, { minKeys: 1, maxKeys: 5 }), (object) => {
      const direct = directYaml(object);
      if (direct !== undefined) expect(direct).toBe(libraryYaml(object));
    }),
    { numRuns: 2000 },
  );
});

test('PROPERTY: manifest-shaped objects (names, label keys, rules, empty lists) take the direct way, with the same bytes', () => {
  const name = fc.stringMatching(/^[a-z0-9]([a-z0-9.:-]{0,30}[a-z0-9])?$/);
  // Keys a YAML 1.1 reader misreads (`y`, `on`) are left to the library, as are strings needing escapes.
  const labelKey = fc.stringMatching(/^[a-z][a-z0-9.-]{4,20}\/[a-z][a-z0-9.-]{0,20}$/);
  const manifest = fc.record({
    apiVersion: fc.constantFrom('v1', 'rbac.authorization.k8s.io/v1'),
    kind: fc.constantFrom('Role', 'Secret'),
    metadata: fc.record({ name, namespace: name, labels: fc.dictionary(labelKey, name, { maxKeys: 3 }) }),
    rules: fc.array(
      fc.record({
        apiGroups: fc.array(fc.constantFrom('', 'argoproj.io')),
        resources: fc.array(name),
        verbs: fc.array(name),
      }),
      { maxLength: 3 },
    ),
    automountServiceAccountToken: fc.boolean(),
  });
  fc.assert(
    fc.property(manifest, (object) => {
      expect(directYaml(object)).toBe(libraryYaml(object));
    }),
    { numRuns: 500 },
  );
});

test('PROPERTY: the quick answer to "would a reader misread this string" is the parsers\' answer', () => {
  fc.assert(
    fc.property(text, (s) => {
      expect(readAsOther(s)).toBe(misreadByParsing(s));
    }),
    { numRuns: 2000 },
  );
  for (const s of ['false', 'FALSE', 'False', 'Yes', 'NULL', 'client-00001', 'argo-token:argo:ci', 'a.b/c'])
    expect(readAsOther(s)).toBe(misreadByParsing(s));
});

describe(`GIVEN more clients than one batch (${SYNTH_BATCH})`, () => {
  const n = SYNTH_BATCH * 2 + 3;
  const lines = Array.from(
    { length: n },
    (_, i) =>
      `  - {name: c${i}, namespace: ns${i % 4}, ${i % 2 ? 'can: [list-workflows]' : 'preset: viewer'}}`,
  );
  const text = `clients:\n${lines.join('\n')}\n`;

  test('THEN the files are those of one chart holding every client, byte for byte', () => {
    const result = synthText(text);
    expect(result.errors).toEqual([]);
    expect(result.clients).toHaveLength(n);
    const loaded = parseClientsFile(text, 'argo-clients.yaml');
    const { App } = require('cdk8s') as typeof import('cdk8s');
    const chart = new ArgoApiClients(new App(), 'argo-api-clients', {
      clients: loaded.file!.clients,
      reportWarnings: false,
    });
    const oneChart = renderDist(
      chart
        .synthesizeClients()
        .map(({ client, objects }) => ({ namespace: client.namespace, name: client.name, objects })),
    );
    expect(result.files).toEqual(oneChart);
    // The chart a result offers (built when read) holds every client too.
    expect(result.chart!.clients).toHaveLength(n);
  });

  test('THEN two clients in different batches generating the same object are still refused', () => {
    const filler = Array.from(
      { length: SYNTH_BATCH },
      (_, i) => `  - {name: f${i}, namespace: x, can: [list-workflows]}`,
    );
    const result = synthText(
      `clients:\n  - {name: y, namespace: x, namespaces: [z], can: [list-workflows]}\n${filler.join('\n')}\n  - {name: argo-token, namespace: z, bindClusterRoles: ["x:y"]}\n`,
    );
    expect(result.files).toEqual([]);
    expect(result.errors).toEqual([
      `clients[0] "y" (namespace "x") and clients[${SYNTH_BATCH + 1}] "argo-token" (namespace "z") both generate RoleBinding "argo-token:x:y" in namespace "z"; rename one of them (or its bindClusterRoles)`,
    ]);
  });
});
