// The argoproj.io resources of the catalogue are the CRDs of crds/ (which imports/ is generated from).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ARGO_RESOURCES } from '../../../src/argo/resources';
import { ROOT } from '../../support/project';

test('the Argo resources match the CRDs in crds/ (names, kinds, scope and short names)', () => {
  const crds = parseAllDocuments(fs.readFileSync(path.join(ROOT, 'crds', 'argoproj.io.yaml'), 'utf8')).map(
    (d) => d.toJS(),
  );
  const row = (
    resource: string,
    kind: string | undefined,
    scope: string,
    shortNames: readonly string[] = [],
  ) => [resource, kind, scope, [...shortNames].sort().join(',')].join(' ');
  expect(
    crds
      .map((c) => row(c.spec.names.plural, c.spec.names.kind, c.spec.scope, c.spec.names.shortNames))
      .sort(),
  ).toEqual(ARGO_RESOURCES.map((r) => row(r.resource, r.kind, r.scope, r.shortNames)).sort());
});
