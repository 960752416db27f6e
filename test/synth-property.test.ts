// Property tests of the whole synth: random valid clients files synthesize and round-trip;
// random invalid ones fail with an error and write nothing.

import * as path from 'node:path';
import fc from 'fast-check';
import { parseAllDocuments, stringify } from 'yaml';
import { synthText } from '../app/synth';
import { CAPABILITY_NAMES, capability, capabilitySince, PRESET_NAMES } from '../src/argo/capabilities';
import { ARGO_RESOURCES } from '../src/argo/resources';
import { ARGO_VERSION_VALUES, compareVersions, resolveVersion } from '../src/argo/versions';
import { KUSTOMIZATION_FILE } from '../src/output/dist-writer';
import { RESOURCE_VERBS } from '../src/rbac/verbs';
import { runMain, snapshotDir, tempDir, writeFile } from './support/project';

const label = fc.stringMatching(/^[a-z]([-a-z0-9]{0,10}[a-z0-9])?$/);
const rule = fc.record({
  resources: fc.uniqueArray(fc.constantFrom(...ARGO_RESOURCES.map((r) => r.resource)), {
    minLength: 1,
    maxLength: 3,
  }),
  verbs: fc.uniqueArray(fc.constantFrom(...RESOURCE_VERBS.filter((v) => v !== 'deletecollection')), {
    minLength: 1,
    maxLength: 4,
  }),
});
const client = fc.record(
  {
    name: label,
    namespace: label,
    argoVersion: fc.constantFrom(...ARGO_VERSION_VALUES),
    preset: fc.constantFrom(...PRESET_NAMES),
    can: fc.uniqueArray(fc.constantFrom(...CAPABILITY_NAMES), { minLength: 1, maxLength: 4 }),
    rules: fc.array(rule, { minLength: 1, maxLength: 2 }),
  },
  { requiredKeys: ['name', 'namespace'] },
);
/** Valid files: unique (namespace, name), at least one grant, the risky grants acknowledged. */
const validFile = fc
  .uniqueArray(client, { minLength: 1, maxLength: 5, selector: (c) => `${c.namespace}/${c.name}` })
  .map((clients) => ({
    clients: clients.map((c) => {
      // Capabilities whose endpoints the client's Argo version has (upload-artifacts is 4.1+, say).
      const version = resolveVersion(c.argoVersion ?? '4.1')!;
      const can = c.can?.filter((name) => compareVersions(capabilitySince(capability(name))!, version) <= 0);
      const { can: _can, ...rest } = c;
      return {
        ...rest,
        ...(can && can.length > 0 ? { can } : {}),
        ...(c.preset || (can && can.length > 0) || c.rules ? {} : { can: ['list-workflows'] }),
        acknowledge: ['read-secrets', 'read-named-secrets'],
      };
    }),
  }));

test('PROPERTY: a valid clients file synthesizes; every client gets its objects; the YAML round-trips; twice is identical', () => {
  fc.assert(
    fc.property(validFile, (file) => {
      const text = stringify(file);
      const result = synthText(text);
      expect(result.errors).toEqual([]);
      const names = result.files.map((f) => f.name);
      expect(names).toEqual([
        ...file.clients.map((c) => `${c.namespace}.${c.name}.yaml`).sort(),
        KUSTOMIZATION_FILE,
      ]);
      for (const { client: c, objects } of result.chart!.synthesizeClients()) {
        const written = result.files.find((f) => f.name === `${c.namespace}.${c.name}.yaml`)!;
        const parsed = parseAllDocuments(written.content).map((d) => d.toJS());
        expect(parsed).toEqual(JSON.parse(JSON.stringify(objects)));
        expect(parsed[0].kind).toBe('ServiceAccount');
        expect(parsed[parsed.length - 1].kind).toBe('Secret');
        expect(parsed[parsed.length - 1].data).toBeUndefined();
      }
      expect(synthText(text).files).toEqual(result.files);
    }),
    { numRuns: 60 },
  );
});

/** One way to break a valid file, and the text its error must contain. */
const mutation = fc.constantFrom(
  { apply: (c: any) => ({ ...c, name: `${c.name}_X` }), expect: "'name' must be a DNS-1123 label" },
  { apply: (c: any) => ({ ...c, namespace: 'UPPER' }), expect: "'namespace' must be a DNS-1123 label" },
  {
    apply: (c: any) => ({ ...c, rules: [{ resources: ['workflows'], verbs: ['lst'] }] }),
    expect: "'rules[0].verbs[0]' must be one of",
  },
  {
    apply: (c: any) => ({ ...c, rules: [{ resources: ['workflow'], verbs: ['get'] }] }),
    expect: 'is not a resource of group argoproj.io',
  },
  {
    apply: (c: any) => ({ ...c, rules: [{ resources: ['workflows'], verbs: [] }] }),
    expect: "'rules[0].verbs' must not be empty",
  },
  {
    apply: (c: any) => ({ ...c, rules: [{ resources: ['*'], verbs: ['get'] }] }),
    expect: 'wildcards are not allowed',
  },
  { apply: (c: any) => ({ ...c, nmae: c.name }), expect: "unknown field 'nmae'" },
  { apply: (c: any) => ({ ...c, can: ['no-such-capability'] }), expect: "'can[0]' must be one of" },
  { apply: (c: any) => ({ ...c, bindClusterRoles: ['cluster-admin'] }), expect: '[admin-binding]' },
);

test('PROPERTY: a clients file with one broken client fails with its error and writes nothing', () => {
  const dir = tempDir();
  const out = path.join(dir, 'dist');
  expect(
    runMain([
      '--clients',
      writeFile(dir, 'good.yaml', 'clients:\n  - {name: a, namespace: b, can: [get-workflow]}\n'),
      '--outdir',
      out,
    ]).code,
  ).toBe(0);
  const before = snapshotDir(out);
  fc.assert(
    fc.property(validFile, fc.nat(), mutation, (file, pick, m) => {
      const i = pick % file.clients.length;
      const broken = { clients: file.clients.map((c, j) => (j === i ? m.apply(c) : c)) };
      const bad = writeFile(dir, 'bad.yaml', stringify(broken));
      const r = runMain(['--clients', bad, '--outdir', out]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`clients[${i}]`);
      expect(r.stderr).toContain(m.expect);
      expect(snapshotDir(out)).toEqual(before);
    }),
    { numRuns: 60 },
  );
});
