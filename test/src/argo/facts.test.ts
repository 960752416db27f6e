// The facts themselves: each corrected fact has a regression test named after its evidence (tag, file,
// function), and every fact is well-formed: cited inside its own version range, a denial for every
// version the endpoint exists in, unique ids, and each endpoint on the generated reference page.

import * as fs from 'node:fs';
import { capability, capabilityRules } from '../../../src/argo/capabilities';
import {
  checksAt,
  checksNothing,
  conditionalChecks,
  denialAt,
  existsAt,
  OPERATIONS,
  operation,
  requiredChecks,
} from '../../../src/argo/catalogue';
import type { Check } from '../../../src/argo/facts';
import { inRanges, KNOWN_VERSIONS } from '../../../src/argo/versions';
import { mergeRules } from '../../../src/rbac/rules';
import { CHECKS_FILE, checksText } from '../../../tools/gen-docs';

const find = (id: string, version: string, verb: string, resource: string, extra = {}) =>
  requiredChecks(operation(id), version, extra).filter((c) => c.verb === verb && c.resource === resource);
const rulesOf = (name: string, version: string, options = {}) =>
  mergeRules(capabilityRules(capability(name), version, options));
const cite = (c: Check | undefined) =>
  c ? `${c.evidence[0].tag} ${c.evidence[0].file} ${c.evidence[0].func}` : '';

describe('corrected facts (each named after its evidence)', () => {
  const artifactConfigMap = operation('get-output-artifact').server?.[0];
  test(`artifacts: ${artifactConfigMap?.evidence[0].tag} ${artifactConfigMap?.evidence[0].file}: the artifact repository is resolved with the server's own client, so read-artifacts grants no configmaps (an over-grant before)`, () => {
    expect(artifactConfigMap?.what).toMatch(/server/i);
    expect(rulesOf('read-artifacts', '4.1.2')).toEqual([
      { apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['get'] },
    ]);
  });

  const secret = conditionalChecks(operation('get-output-artifact'), '4.1.2').find(
    (c) => c.resource === 'secrets',
  );
  test(`artifacts: ${cite(secret)}: repository credential Secrets are read by name with the caller's token, so the secrets option narrows them with resourceNames`, () => {
    expect(secret).toMatchObject({
      verb: 'get',
      mechanism: 'caller',
      named: true,
      when: ['credential-secrets'],
    });
    expect(rulesOf('read-artifacts', '4.1.2', { secrets: ['s3-credentials'] })).toContainEqual({
      apiGroups: [''],
      resources: ['secrets'],
      verbs: ['get'],
      resourceNames: ['s3-credentials'],
    });
  });

  const archivedDelete = checksAt(operation('delete-archived-workflow'), '4.1.2');
  test(`archive: ${cite(archivedDelete[0])}: deleting an archived workflow checks get before delete, both as access reviews`, () => {
    for (const version of KNOWN_VERSIONS) {
      const checks = requiredChecks(operation('delete-archived-workflow'), version).map(
        (c) => `${c.verb}:${c.mechanism}`,
      );
      expect(checks).toEqual(['get:ssar', 'delete:ssar']);
    }
  });

  const resubmitTemplate = conditionalChecks(operation('resubmit-workflow'), '4.1.2').find(
    (c) => c.resource === 'workflowtemplates',
  );
  test(`resubmit: ${cite(resubmitTemplate)}: on every version the templates a resubmitted workflow references are read with the caller's token, ClusterWorkflowTemplates included`, () => {
    for (const version of ['3.5.15', '3.6.19', '3.7.18', '4.0.10', '4.1.2']) {
      const kinds = conditionalChecks(operation('resubmit-workflow'), version)
        .filter((c) => c.mechanism === 'caller' && c.named && c.verb === 'get')
        .map((c) => c.resource);
      expect(kinds).toEqual(expect.arrayContaining(['workflowtemplates', 'clusterworkflowtemplates']));
    }
    expect(rulesOf('resubmit', '4.1.2', { templates: ['build'] })).toContainEqual({
      apiGroups: ['argoproj.io'],
      resources: ['workflowtemplates'],
      verbs: ['get'],
      resourceNames: ['build'],
    });
  });

  const submit36 = find('submit-from-template', '3.6.19', 'get', 'workflowtemplates')[0];
  test(`submit: ${cite(submit36)}: up to 3.6 the template is read by name with the caller's token; from 3.7.0 from the server's informer`, () => {
    expect(submit36).toMatchObject({ mechanism: 'caller', named: true });
    expect(find('submit-from-template', '3.7.0', 'get', 'workflowtemplates')).toEqual([]);
    expect(find('submit-from-template', '4.1.2', 'get', 'workflowtemplates')).toEqual([]);
    expect(rulesOf('submit-from-template', '4.1.2')).toEqual([
      { apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['create'] },
    ]);
  });

  const templateGet = find('get-workflow-template', '3.7.11', 'get', 'workflowtemplates')[0];
  test(`templates: ${cite(templateGet)}: get of a (cluster) workflow template checks nothing in 3.7.0–3.7.10 and 4.0.0–4.0.1 (informer cache), an access review from 3.7.11 and 4.0.2`, () => {
    for (const id of ['get-workflow-template', 'get-cluster-workflow-template']) {
      for (const v of ['3.7.0', '3.7.10', '4.0.0', '4.0.1'])
        expect(checksNothing(operation(id), v)).toBe(true);
      for (const v of ['3.6.19', '3.7.11', '4.0.2', '4.1.2'])
        expect(checksNothing(operation(id), v)).toBe(false);
      expect(requiredChecks(operation(id), '4.1.2').map((c) => c.mechanism)).toEqual(['ssar']);
      expect(requiredChecks(operation(id), '3.6.19').map((c) => c.mechanism)).toEqual(['caller']);
    }
  });

  const list357 = find('list-workflows', '3.5.7', 'list', 'workflows')[0];
  test(`list: ${cite(list357)}: from 3.5.7 workflows are listed from the server's store after an access review (no name: resourceNames never satisfies it); before, with the caller's token`, () => {
    expect(requiredChecks(operation('list-workflows'), '3.5.6').map((c) => c.mechanism)).toContain('caller');
    for (const v of ['3.5.7', '3.6.19', '4.1.2']) {
      expect(requiredChecks(operation('list-workflows'), v).map((c) => `${c.verb}:${c.mechanism}`)).toEqual([
        'list:ssar',
      ]);
    }
  });

  const fallback = conditionalChecks(operation('get-workflow'), '3.6.2').find((c) => c.mechanism === 'ssar');
  test(`archive fallback: ${cite(fallback)}: a workflow not live is looked up in the archive after an access review, except 3.5.7–3.5.12 and 3.6.0 (no check: fixed in 3.5.13 and 3.6.2)`, () => {
    const ssar = (v: string) =>
      conditionalChecks(operation('get-workflow'), v).some(
        (c) => c.mechanism === 'ssar' && c.when?.includes('archive-fallback'),
      );
    for (const v of ['3.5.7', '3.5.12', '3.6.0']) expect(ssar(v)).toBe(false);
    for (const v of ['3.5.6', '3.5.13', '3.6.2', '3.7.18', '4.1.2']) expect(ssar(v)).toBe(true);
  });

  const upload = checksAt(operation('upload-artifact'), '4.1.2');
  test(`upload: ${cite(upload[0])}: artifact upload exists from 4.1.0 and checks get on the template and create on workflows`, () => {
    expect(existsAt(operation('upload-artifact'), '4.0.10')).toBe(false);
    expect(existsAt(operation('upload-artifact'), '4.1.0')).toBe(true);
    expect(
      requiredChecks(operation('upload-artifact'), '4.1.2').map(
        (c) => `${c.verb} ${c.resource}:${c.mechanism}`,
      ),
    ).toEqual(
      expect.arrayContaining([
        'get workflowtemplates:ssar',
        'create workflows:ssar',
        'get workflowtemplates:caller',
      ]),
    );
  });

  const syncReview = find('get-sync-limit', '4.0.5', 'get', 'configmaps').find((c) => c.mechanism === 'ssar');
  test(`sync limits: ${cite(syncReview)}: the sync API exists from 4.0.0; from 4.0.5 (a security fix) it also makes access reviews on configmaps`, () => {
    expect(existsAt(operation('get-sync-limit'), '3.7.18')).toBe(false);
    expect(find('get-sync-limit', '4.0.4', 'get', 'configmaps').map((c) => c.mechanism)).toEqual(['caller']);
    expect(
      find('get-sync-limit', '4.0.5', 'get', 'configmaps')
        .map((c) => c.mechanism)
        .sort(),
    ).toEqual(['caller', 'ssar']);
  });

  const cronSuspend = requiredChecks(operation('suspend-cron-workflow'), '4.1.2')[0];
  test(`cron: ${cite(cronSuspend)}: suspending and resuming a cron workflow is one patch by name, no get`, () => {
    for (const id of ['suspend-cron-workflow', 'resume-cron-workflow']) {
      expect(
        requiredChecks(operation(id), '4.1.2').map((c) => `${c.verb}:${c.mechanism}:${c.named}`),
      ).toEqual(['patch:caller:true']);
    }
  });

  const podLog = requiredChecks(operation('workflow-logs'), '4.1.2').find((c) => c.resource === 'pods/log');
  test(`logs: ${cite(podLog)}: reading logs needs get on pods/log per pod; a denial of it is an empty 200, not a 403`, () => {
    expect(podLog).toMatchObject({ verb: 'get', mechanism: 'caller', named: true });
    expect(podLog?.denial).toBe('empty-200');
  });

  test('label keys and values of archived workflows check nothing on any version (any token reads them)', () => {
    for (const id of ['list-archived-workflow-label-keys', 'list-archived-workflow-label-values']) {
      for (const v of KNOWN_VERSIONS) expect(checksNothing(operation(id), v)).toBe(true);
      expect(denialAt(operation(id), '4.1.2')).toBe('none');
    }
  });

  const byUid = requiredChecks(operation('get-output-artifact-by-uid'), '4.1.2')[0];
  test(`artifacts by uid: ${cite(byUid)}: an access review for get on workflows in the archived workflow's namespace; a denial is a 401`, () => {
    expect(byUid).toMatchObject({ verb: 'get', resource: 'workflows', mechanism: 'ssar' });
    expect(denialAt(operation('get-output-artifact-by-uid'), '4.1.2')).toBe('401');
  });

  const stop = requiredChecks(operation('stop-workflow'), '4.1.2', {
    'node-field-selector': true,
    'no-node-field-selector': false,
  });
  test(`stop: ${cite(stop[0])}: stop patches the workflow, or updates it with a node field selector (the nodeFieldSelector option)`, () => {
    expect(requiredChecks(operation('stop-workflow'), '4.1.2').map((c) => c.verb)).toContain('patch');
    expect(stop.map((c) => c.verb)).toContain('update');
    expect(rulesOf('stop', '4.1.2', { nodeFieldSelector: true })[0].verbs).toEqual([
      'get',
      'update',
      'patch',
    ]);
  });

  const lint = conditionalChecks(operation('lint-workflow'), '3.6.19')[0];
  test(`lint: ${cite(lint)}: linting checks nothing from 3.7.0; up to 3.6 only the templates the manifest references`, () => {
    expect(checksNothing(operation('lint-workflow'), '3.7.0')).toBe(true);
    expect(requiredChecks(operation('lint-workflow'), '3.6.19')).toEqual([]);
    expect(lint).toMatchObject({ resource: 'workflowtemplates', mechanism: 'caller', named: true });
  });
});

describe('every fact is well-formed', () => {
  test('operation ids are unique', () => {
    expect(new Set(OPERATIONS.map((o) => o.id)).size).toBe(OPERATIONS.length);
  });

  test.each(OPERATIONS.map((o) => o.id))(
    '%s: every check is cited at a tag inside its own version range',
    (id) => {
      const op = operation(id);
      for (const check of op.checks) {
        expect(check.evidence.length).toBeGreaterThan(0);
        for (const e of check.evidence) {
          expect(e.tag).toMatch(/^v\d+\.\d+\.\d+$/);
          expect(e.file).toMatch(/\.go$/);
          expect(e.quote.length).toBeGreaterThan(0);
          const version = e.tag.slice(1);
          expect({
            check: `${check.verb} ${check.resource}`,
            tag: e.tag,
            inside: inRanges(version, check.argo) && existsAt(op, version),
          }).toEqual({
            check: `${check.verb} ${check.resource}`,
            tag: e.tag,
            inside: true,
          });
        }
      }
      for (const s of op.server ?? []) expect(s.evidence.length).toBeGreaterThan(0);
    },
  );

  test.each(OPERATIONS.map((o) => o.id))('%s: exactly one denial for every release it exists in', (id) => {
    const op = operation(id);
    for (const v of KNOWN_VERSIONS.filter((v) => existsAt(op, v))) {
      expect(`${v}: ${op.denials.filter((d) => inRanges(v, d.argo)).length}`).toBe(`${v}: 1`);
    }
  });

  test('GIVEN the facts THEN docs/argo-server-checks.md is up to date (run npm run docs) and lists every endpoint', () => {
    const page = fs.readFileSync(CHECKS_FILE, 'utf8');
    expect(page).toBe(checksText());
    for (const op of OPERATIONS) expect(page).toContain(`### \`${op.id}\`: ${op.method} ${op.path}`);
  });
});
