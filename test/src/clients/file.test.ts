import * as path from 'node:path';
import { parseClientsFile } from '../../../src/clients/file';
import { runMain, snapshotDir, tempDir, writeFile } from '../../support/project';

const LABEL_RULE =
  "must be a DNS-1123 label (a-z, 0-9, '-'; starting and ending with a letter or digit; at most 63 characters)";
const GOOD = 'clients:\n  - name: jenkins\n    namespace: argo\n    can: [list-workflows]\n';

/** Each bad input of the generator issue, with every line the synth must print for it. */
const BAD_INPUTS: { name: string; text: string; errors: string[] }[] = [
  {
    name: 'a name that is not a DNS-1123 label',
    text: 'clients:\n  - name: Jenkins_CI\n    namespace: argo\n    can: [list-workflows]\n',
    errors: [`argo-clients.yaml:2:11: clients[0] "Jenkins_CI": 'name' ${LABEL_RULE}, got "Jenkins_CI"`],
  },
  {
    name: 'a name longer than 63 characters',
    text: `clients:\n  - name: ${'a'.repeat(64)}\n    namespace: argo\n    can: [list-workflows]\n`,
    errors: [
      `argo-clients.yaml:2:11: clients[0] "${'a'.repeat(64)}": 'name' ${LABEL_RULE}, got "${'a'.repeat(64)}"`,
    ],
  },
  {
    name: 'a namespace that is not a DNS-1123 label',
    text: 'clients:\n  - name: jenkins\n    namespace: Argo.NS\n    can: [list-workflows]\n',
    errors: [`argo-clients.yaml:3:16: clients[0] "jenkins": 'namespace' ${LABEL_RULE}, got "Argo.NS"`],
  },
  {
    name: 'an unknown verb',
    text: 'clients:\n  - name: jenkins\n    namespace: argo\n    rules:\n      - resources: [workflows]\n        verbs: [lst]\n',
    errors: [
      `argo-clients.yaml:6:17: clients[0] "jenkins": 'rules[0].verbs[0]' must be one of get, list, watch, create, update, patch, delete, deletecollection; got "lst" (did you mean "list"?)`,
    ],
  },
  {
    name: 'an unknown Argo resource (a kind instead of the plural)',
    text: 'clients:\n  - name: jenkins\n    namespace: argo\n    rules:\n      - resources: [workflowtemplate]\n        verbs: [get]\n',
    errors: [
      `argo-clients.yaml:5:21: clients[0] "jenkins": 'rules[0].resources[0]' "workflowtemplate" is not a resource of group argoproj.io ("workflowtemplate" is a kind; rules name the plural resource "workflowtemplates"); allowed: workflows, workflowtemplates, cronworkflows, clusterworkflowtemplates, workfloweventbindings, workflowtaskresults, workflowtasksets, workflowartifactgctasks, eventsources, sensors, eventbuses (each also with /finalizers)`,
    ],
  },
  {
    name: 'a core resource without apiGroup ""',
    text: 'clients:\n  - name: jenkins\n    namespace: argo\n    rules:\n      - resources: [pods/log]\n        verbs: [get]\n',
    errors: [
      `argo-clients.yaml:5:21: clients[0] "jenkins": 'rules[0].resources[0]' "pods/log" is not a resource of group argoproj.io ("pods/log" is a core resource: set apiGroup: "" on this rule; apiGroup defaults to argoproj.io); allowed: workflows, workflowtemplates, cronworkflows, clusterworkflowtemplates, workfloweventbindings, workflowtaskresults, workflowtasksets, workflowartifactgctasks, eventsources, sensors, eventbuses (each also with /finalizers)`,
    ],
  },
  {
    name: 'a rule with no verbs',
    text: 'clients:\n  - name: jenkins\n    namespace: argo\n    rules:\n      - resources: [workflows]\n        verbs: []\n',
    errors: [`argo-clients.yaml:6:9: clients[0] "jenkins": 'rules[0].verbs' must not be empty`],
  },
  {
    name: 'a rule with no resources',
    text: 'clients:\n  - name: jenkins\n    namespace: argo\n    rules:\n      - verbs: [get]\n',
    errors: [`argo-clients.yaml:5:9: clients[0] "jenkins": 'rules[0].resources' is required`],
  },
  {
    name: 'a duplicate client',
    text: `${GOOD}  - name: jenkins\n    namespace: argo\n    can: [get-workflow]\n`,
    errors: [
      `argo-clients.yaml:5:11: clients[1] "jenkins": duplicate client: namespace "argo" already has a client "jenkins" (clients[0]); a name must be unique in its namespace`,
    ],
  },
  {
    name: '* in apiGroup, resources and verbs',
    text: 'clients:\n  - name: jenkins\n    namespace: argo\n    rules:\n      - apiGroup: "*"\n        resources: ["*"]\n        verbs: ["*"]\n',
    errors: [
      `argo-clients.yaml:5:19: clients[0] "jenkins": 'rules[0].apiGroup' is "*": wildcards are not allowed; name each value explicitly (least privilege)`,
      `argo-clients.yaml:6:21: clients[0] "jenkins": 'rules[0].resources[0]' is "*": wildcards are not allowed; name each value explicitly (least privilege)`,
      `argo-clients.yaml:7:17: clients[0] "jenkins": 'rules[0].verbs[0]' is "*": wildcards are not allowed; name each value explicitly (least privilege)`,
    ],
  },
  {
    name: '* in a namespace',
    text: 'clients:\n  - name: jenkins\n    namespace: "*"\n    can: [list-workflows]\n',
    errors: [
      `argo-clients.yaml:3:16: clients[0] "jenkins": 'namespace' is "*": wildcards are not allowed; name each value explicitly (least privilege)`,
    ],
  },
  {
    name: 'an unknown field (a typo)',
    text: 'clients:\n  - name: jenkins\n    namespace: argo\n    rule:\n      - resources: [workflows]\n        verbs: [get]\n',
    errors: [
      `argo-clients.yaml:4:5: clients[0] "jenkins": unknown field 'rule' (did you mean "rules"?); allowed: name, namespace, namespaces, argoVersion, preset, can, rules, bindClusterRoles, acknowledge`,
      `argo-clients.yaml:2:5: clients[0] "jenkins": grants nothing: give it a preset, capabilities (can), rules or bindClusterRoles`,
    ],
  },
  {
    name: 'an unknown top-level field',
    text: 'client:\n  - name: jenkins\n',
    errors: [
      "argo-clients.yaml:1:1: 'clients' is required",
      `argo-clients.yaml:1:1: unknown field 'client' (did you mean "clients"?); allowed: strict, clients, ssoNamespace, sso`,
    ],
  },
  {
    name: 'malformed YAML',
    text: 'clients:\n  - name: jenkins\n     namespace: argo\n',
    errors: [
      'argo-clients.yaml:2:11: invalid YAML: Nested mappings are not allowed in compact mappings',
      'argo-clients.yaml:2:11: invalid YAML: Implicit keys need to be on a single line',
    ],
  },
  {
    name: 'a key given twice',
    text: 'clients:\n  - name: jenkins\n    name: other\n    namespace: argo\n    can: [list-workflows]\n',
    errors: ['argo-clients.yaml:3:5: invalid YAML: Map keys must be unique'],
  },
  {
    name: 'an empty file',
    text: '',
    errors: [
      "argo-clients.yaml: the file is empty; expected a mapping with a 'clients' list (see argo-clients.schema.json)",
    ],
  },
  {
    name: 'a file of comments only',
    text: '# nothing yet\n',
    errors: [
      "argo-clients.yaml: the file is empty; expected a mapping with a 'clients' list (see argo-clients.schema.json)",
    ],
  },
  {
    name: 'an empty client list',
    text: 'clients: []\n',
    errors: ["argo-clients.yaml:1:1: 'clients' must not be empty"],
  },
  {
    name: 'clients that is not a list',
    text: 'clients: jenkins\n',
    errors: [`argo-clients.yaml:1:10: 'clients' must be a list, got string "jenkins"`],
  },
  {
    name: 'a client that grants nothing',
    text: 'clients:\n  - name: jenkins\n    namespace: argo\n',
    errors: [
      `argo-clients.yaml:2:5: clients[0] "jenkins": grants nothing: give it a preset, capabilities (can), rules or bindClusterRoles`,
    ],
  },
  {
    name: 'a namespaces entry that repeats the home namespace',
    text: 'clients:\n  - name: jenkins\n    namespace: argo\n    namespaces: [dev, argo]\n    can: [list-workflows]\n',
    errors: [
      `argo-clients.yaml:4:23: clients[0] "jenkins": 'namespaces[1]' repeats the client's own namespace "argo"`,
    ],
  },
];

describe('bad clients files', () => {
  test.each(BAD_INPUTS)(
    'fails on $name with a message naming the client, field, value and what is allowed',
    ({ text, errors }) => {
      const result = parseClientsFile(text, 'argo-clients.yaml');
      expect(result.errors).toEqual(errors);
      expect(result.file).toBeUndefined();
    },
  );

  test.each(BAD_INPUTS)(
    'fails on $name with exit code 1, leaving the output folder byte for byte',
    ({ text, errors }) => {
      const dir = tempDir();
      const out = path.join(dir, 'dist');
      expect(runMain(['--clients', writeFile(dir, 'good.yaml', GOOD), '--outdir', out]).code).toBe(0);
      const before = snapshotDir(out);

      const bad = writeFile(dir, 'argo-clients.yaml', text);
      const r = runMain(['--clients', bad, '--outdir', out]);

      expect(r.code).toBe(1);
      for (const e of errors) expect(r.stderr).toContain(e.replace('argo-clients.yaml', bad));
      expect(r.stderr).toContain(`synth failed: ${errors.length} error${errors.length === 1 ? '' : 's'}`);
      expect(snapshotDir(out)).toEqual(before);
    },
  );

  test('fails on a missing file, saying where the path came from', () => {
    const dir = tempDir();
    const missing = path.join(dir, 'nope.yaml');
    const r = runMain(['--clients', missing, '--outdir', path.join(dir, 'dist')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${missing}: cannot read the clients file: no such file (the path comes from --clients, ARGO_TOKEN_CLIENTS_FILE, or defaults to argo-clients.yaml)`,
    );
    expect(snapshotDir(path.join(dir, 'dist'))).toEqual({});
  });

  test('GIVEN errors in several clients THEN all are reported at once, in file order', () => {
    const text = [
      'clients:',
      '  - {name: Bad_Name, namespace: argo, can: [list-workflows]}',
      '  - {name: ok, namespace: argo, can: [list-workflows]}',
      '  - {name: b, namespace: argo, can: [lst-workflows]}',
      '  - {name: c, namespace: argo, rules: [{resources: [workflows], verbs: [get, "*"]}]}',
      '  - {name: d, namespace: argo}',
    ].join('\n');
    const result = parseClientsFile(text, 'f.yaml');
    expect(result.errors.map((e) => e.split(': ').slice(1, 3).join(': '))).toEqual([
      `clients[0] "Bad_Name": 'name' ${LABEL_RULE}, got "Bad_Name"`,
      `clients[2] "b": 'can[0]' must be one of ${result.errors[1].split('must be one of ')[1].split(';')[0]}; got "lst-workflows" (did you mean "list-workflows"?)`,
      `clients[3] "c": 'rules[0].verbs[1]' is "*"`,
      'clients[4] "d": grants nothing',
    ]);
  });
});

describe('legitimate YAML at scale', () => {
  test('GIVEN one anchor reused by 5,000 clients (thousands of aliases) THEN the file is read', () => {
    const clients = Array.from(
      { length: 5000 },
      (_, i) => `  - {name: c${i}, namespace: *ns, can: *caps}`,
    ).join('\n');
    const text = `clients:\n  - {name: first, namespace: &ns argo, can: &caps [list-workflows, get-workflow]}\n${clients}\n`;
    const result = parseClientsFile(text, 'argo-clients.yaml');
    expect(result.errors).toEqual([]);
    expect(result.file?.clients).toHaveLength(5001);
    expect(result.file?.clients[4000]).toEqual({
      name: 'c3999',
      namespace: 'argo',
      can: ['list-workflows', 'get-workflow'],
    });
  });

  test('GIVEN merge keys (<<: *defaults) THEN the merged client is read', () => {
    const text =
      'clients:\n  - &defaults {name: a, namespace: argo, can: [list-workflows]}\n  - <<: *defaults\n    name: b\n';
    const result = parseClientsFile(text, 'argo-clients.yaml');
    expect(result.errors).toEqual([]);
    expect(result.file?.clients[1]).toEqual({ name: 'b', namespace: 'argo', can: ['list-workflows'] });
  });

  test('GIVEN a UTF-8 byte-order mark THEN the file is read', () => {
    const dir = tempDir();
    const file = writeFile(dir, 'c.yaml', `\ufeff${GOOD}`);
    const r = runMain(['--clients', file, '--outdir', path.join(dir, 'dist')]);
    expect(r.code).toBe(0);
  });
});

describe('resourceNames on argoproj.io rules', () => {
  test('GIVEN a rule narrowed by name on workflows THEN it synthesizes, with a warning naming the operations Argo checks by access review (no name)', () => {
    const r = parseClientsFile(
      'clients:\n  - name: jenkins\n    namespace: argo\n    rules:\n      - resources: [workflows]\n        verbs: [get, list]\n        resourceNames: [build]\n',
      'argo-clients.yaml',
    );
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([
      `argo-clients.yaml:7:9: clients[0] "jenkins": 'rules[0].resourceNames' narrows an argoproj.io rule by name, but Argo 4.1.2 checks list-workflows, list-archived-workflows, get-archived-workflow, delete-archived-workflow and 5 more with access reviews that carry no name: a named rule never satisfies them (argo-token matrix shows what the client can call)`,
    ]);
  });
});
