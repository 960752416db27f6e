// can-i speaks kubectl: resources by plural, singular, kind or short name, any case, with a group or a
// subresource; an unknown verb or resource is a usage error (exit 2) with a suggestion.

import { parseResource, parseVerb } from '../../cli/can-i';
import { CliError } from '../../cli/errors';
import { runCli } from '../support/cli';

test.each([
  ['workflows', 'argoproj.io', 'workflows'],
  ['workflow', 'argoproj.io', 'workflows'],
  ['Workflows', 'argoproj.io', 'workflows'],
  ['Workflow', 'argoproj.io', 'workflows'],
  ['wf', 'argoproj.io', 'workflows'],
  ['wf.argoproj.io', 'argoproj.io', 'workflows'],
  ['workflows.argoproj.io', 'argoproj.io', 'workflows'],
  ['cwft', 'argoproj.io', 'clusterworkflowtemplates'],
  ['cronwf', 'argoproj.io', 'cronworkflows'],
  ['WorkflowTemplate', 'argoproj.io', 'workflowtemplates'],
  ['workflows/finalizers', 'argoproj.io', 'workflows/finalizers'],
  ['pods/log', '', 'pods/log'],
  ['pod/log', '', 'pods/log'],
  ['po', '', 'pods'],
  ['Secret', '', 'secrets'],
  ['deployments.apps', 'apps', 'deployments'],
])('GIVEN %s THEN it is %s %s, as kubectl reads it', (text, apiGroup, resource) => {
  expect(parseResource(text)).toEqual({ apiGroup, resource });
});

test('fails on an unknown resource with exit 2 and a suggestion (not another group)', () => {
  const error = (() => {
    try {
      parseResource('workflw');
    } catch (e) {
      return e as CliError;
    }
    return undefined;
  })();
  expect(error).toBeInstanceOf(CliError);
  expect(error?.code).toBe(2);
  expect(error?.message).toMatch(/^unknown resource "workflw" \(did you mean "workflow"\?\)/);
  expect(error?.message).not.toContain('workflw.apps');
});

test('fails on an unknown verb with exit 2 and a suggestion; kubectl verbs of any case pass', () => {
  expect(parseVerb('LIST')).toBe('list');
  expect(() => parseVerb('lst')).toThrow('unknown verb "lst" (did you mean "list"?)');
});

test('GIVEN argo-token can-i with an unknown verb THEN it exits 2 with the suggestion before reading manifests', async () => {
  const run = await runCli(['can-i', 'jenkins', 'lsit', 'wf', '--manifests', '/nonexistent']);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toContain('unknown verb "lsit" (did you mean "list"?)');
});

test('GIVEN --version THEN it prints the version and the Argo releases its facts cover, exit 0', async () => {
  const run = await runCli(['--version']);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^argo-token \d+\.\d+\.\d+ \(Argo Server facts: 3\.5\.0–\d+\.\d+\.\d+\)\n$/);
});
