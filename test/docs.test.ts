import * as fs from 'node:fs';
import { EXIT } from '../cli/errors';
import { README_FILE, readmeText, SCHEMA_FILE, schemaText } from '../tools/gen-docs';

describe('generated documentation', () => {
  test('GIVEN the catalogue THEN argo-clients.schema.json is up to date (run npm run docs)', () => {
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(schemaText());
  });

  test('GIVEN the catalogue, lint rules and exit codes THEN the README tables are up to date (run npm run docs)', () => {
    const readme = fs.readFileSync(README_FILE, 'utf8');
    expect(readme).toBe(readmeText(readme));
  });

  test('THEN the README lists every exit code and the two set-up commands', () => {
    const readme = fs.readFileSync(README_FILE, 'utf8');
    for (const code of Object.values(EXIT)) expect(readme).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
    expect(readme).toContain('npm ci && npm run synth');
    expect(readme).toContain('npm ci && npm test');
  });
});
