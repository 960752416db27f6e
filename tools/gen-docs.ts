// Writes what is generated from the catalogue: argo-clients.schema.json, the README's tables
// (capabilities, presets, security lint, exit codes) and docs/argo-server-checks.md, the reference of
// every Argo Server endpoint × version × check × evidence. `npm run docs`; test/docs.test.ts fails when stale.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { EXIT_MEANINGS } from '../cli/errors';
import {
  CAPABILITIES,
  type Capability,
  capabilityRules,
  capabilitySince,
  PRESETS,
  possibleOptions,
} from '../src/argo/capabilities';
import { checksNothing, existsAt, OPERATIONS } from '../src/argo/catalogue';
import { type Area, type Check, CONDITIONS, type Evidence, type Operation } from '../src/argo/facts';
import { PROBE_EVIDENCE, probeFor } from '../src/argo/probes';
import { apiGroupOf } from '../src/argo/resources';
import { DEFAULT_ARGO_VERSION, describeRanges, latestPatch, RELEASE_LINES } from '../src/argo/versions';
import { clientsFileSchema } from '../src/clients/schema';
import type { KubeObject } from '../src/rbac/evaluator';
import { LINT_RULES } from '../src/rbac/lint';
import { accessUnderRules } from '../src/rbac/operations';
import { mergeRules, resolveRules } from '../src/rbac/rules';

const ROOT = path.resolve(__dirname, '..');
export const SCHEMA_FILE = path.join(ROOT, 'argo-clients.schema.json');
export const README_FILE = path.join(ROOT, 'README.md');
export const CHECKS_FILE = path.join(ROOT, 'docs', 'argo-server-checks.md');

export function schemaText(): string {
  return `${JSON.stringify(clientsFileSchema, null, 2)}\n`;
}

const code = (s: string) => `\`${s}\``;
const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');
const group = (g: string) => (g === '' ? 'core' : g);

function rulesText(cap: Capability, version: string): string {
  const rules = mergeRules(capabilityRules(cap, version));
  if (rules.length === 0) return 'none';
  return rules
    .map((r) => `${r.resources.join(', ')} (${group(r.apiGroups[0])}): ${r.verbs.join(', ')}`)
    .join('<br>');
}

/** What the capability's rules allow at a release, computed by the evaluator over every operation. */
function allowedText(cap: Capability, version: string): string {
  const access = accessUnderRules(
    resolveRules({ can: [cap.name], argoVersion: version }),
    version,
    OPERATIONS,
  );
  return access
    .filter((a) => a.verdict === 'allowed' && !cap.operations.includes(a.operation.id))
    .map((a) => code(a.operation.id))
    .join(', ');
}

function capabilityTable(): string {
  const now = latestPatch(DEFAULT_ARGO_VERSION)!;
  const rows = CAPABILITIES.map((cap) => {
    const current = rulesText(cap, now);
    const older = RELEASE_LINES.filter((l) => l !== DEFAULT_ARGO_VERSION)
      .map((l) => ({ l, text: rulesText(cap, latestPatch(l)!) }))
      .filter(({ text }) => text !== current)
      .map(({ l, text }) => `<br>*Argo ${l}:* ${text}`)
      .join('');
    const since = capabilitySince(cap);
    const options = possibleOptions(cap);
    const notes = [
      since && since !== '3.5.0' ? `Argo ${since}+.` : '',
      options.length > 0 ? `Options: ${options.map(code).join(', ')}.` : '',
      cap.acknowledge ? `With \`secrets\`: \`acknowledge: [${cap.acknowledge}]\`.` : '',
      cap.note ?? '',
    ]
      .filter(Boolean)
      .join(' ');
    const also = allowedText(cap, now);
    return `| ${code(cap.name)} | ${cap.summary} | ${cap.operations.map(code).join(', ')} | ${current}${older} | ${also || '—'} | ${cell(notes)} |`;
  });
  return [
    `Rules are computed, not written: exactly the checks Argo Server makes for the capability's operations (see [docs/argo-server-checks.md](docs/argo-server-checks.md)) at the client's \`argoVersion\`. Shown for ${DEFAULT_ARGO_VERSION} (${now}), the default, and for the newest patch of each older line where they differ. "Also allows" lists the other operations the same rules happen to allow (${now}).`,
    '',
    '| capability | what for | operations | rules | also allows | notes |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function presetTable(): string {
  return [
    '| preset | what for | grants |',
    '|---|---|---|',
    ...PRESETS.map((p) => {
      const grants = p.can
        ? `can: ${p.can.map(code).join(', ')}`
        : (p.rules ?? [])
            .map((r) => `${r.resources.join(', ')} (${r.apiGroup}): ${r.verbs.join(', ')}`)
            .join('<br>');
      return `| ${code(p.name)} | ${p.summary} | ${grants} |`;
    }),
  ].join('\n');
}

function lintTable(): string {
  return [
    '| rule | at synth | acknowledgement | why |',
    '|---|---|---|---|',
    ...LINT_RULES.map(
      (r) =>
        `| ${code(r.id)} | ${r.severity === 'error' ? 'refused' : 'warning (refused with `--strict`)'} | ${r.acknowledgement ? code(r.acknowledgement) : '—'} | ${r.reason} |`,
    ),
  ].join('\n');
}

function exitTable(): string {
  return [
    '| code | meaning |',
    '|---|---|',
    ...Object.entries(EXIT_MEANINGS).map(([c, m]) => `| ${c} | ${m.replaceAll('|', '\\|')} |`),
  ].join('\n');
}

export const SSO_EXAMPLE_FILE = path.join(ROOT, 'examples', 'sso-clients.yaml');

/** The SSO example file, and what `sso whoami` really prints for it (synthesized in memory). */
function ssoExample(): string {
  const { synthText } = require('../app/synth') as typeof import('../app/synth');
  const { whoami, formatWhoami, ssoMatrix, formatSsoMatrix } =
    require('../cli/sso') as typeof import('../cli/sso');
  const text = fs.readFileSync(SSO_EXAMPLE_FILE, 'utf8');
  const { files, errors } = synthText(text, 'examples/sso-clients.yaml');
  if (errors.length > 0) throw new Error(`examples/sso-clients.yaml: ${errors.join('; ')}`);
  const objects = files
    .filter((f) => f.name.endsWith('.yaml'))
    .flatMap((f) => parseAllDocuments(f.content).map((d) => d.toJS() as KubeObject));
  const run = (args: string[], input: Omit<Parameters<typeof whoami>[0], 'manifests' | 'objects'>) =>
    `$ argo-token sso whoami ${args.join(' ')}\n${formatWhoami(whoami({ manifests: 'dist', objects, ...input }))}`;
  const body = text.split('\n').slice(1).join('\n').trim();
  return [
    '```yaml',
    body,
    '```',
    '',
    '```console',
    `${run(['--groups', 'team-b', '-n', 'team-b', '--delegate'], { groups: ['team-b'], namespace: 'team-b', delegate: true })}`.trimEnd(),
    '$ argo-token sso matrix | head -5',
    formatSsoMatrix(ssoMatrix({ manifests: 'dist', objects }))
      .split('\n')
      .slice(0, 5)
      .join('\n'),
    '```',
  ].join('\n');
}

/** The gatekeeper steps argo-token follows, each with where Argo's source says so. */
function ssoGatekeeperTable(): string {
  const { GATEKEEPER_STEPS } = require('../src/sso/gatekeeper') as typeof import('../src/sso/gatekeeper');
  return [
    "| step | in Argo's source (tag `file` function: line) |",
    '|---|---|',
    ...Object.values(GATEKEEPER_STEPS).map(
      (step) => `| ${cell(step.summary)} | ${step.evidence.map((e) => cell(evidenceText(e))).join('<br>')} |`,
    ),
  ].join('\n');
}

export const SECTIONS: Record<string, () => string> = {
  capabilities: capabilityTable,
  presets: presetTable,
  lint: lintTable,
  'exit-codes': exitTable,
  'sso-example': ssoExample,
  'sso-gatekeeper': ssoGatekeeperTable,
};

/** README examples that are tests of this repo, copied in verbatim (without their first comment line). */
function examples(text: string): string {
  return text.replace(
    /(<!-- BEGIN example (\S+) \(generated by npm run docs\) -->)[\s\S]*?(<!-- END example -->)/g,
    (_all, begin: string, file: string, end: string) => {
      const source = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n').slice(1).join('\n').trim();
      return `${begin}\n\n\`\`\`ts\n${source}\n\`\`\`\n\n${end}`;
    },
  );
}

/** The README with every generated section replaced (between `<!-- BEGIN x -->` and `<!-- END x -->`). */
export function readmeText(current: string): string {
  let text = examples(current);
  for (const [name, render] of Object.entries(SECTIONS)) {
    const begin = `<!-- BEGIN ${name} (generated by npm run docs) -->`;
    const end = `<!-- END ${name} -->`;
    const from = text.indexOf(begin);
    const to = text.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md has no section ${begin} … ${end}`);
    text = `${text.slice(0, from + begin.length)}\n${render()}\n${text.slice(to)}`;
  }
  return text;
}

const evidenceText = (e: Evidence) => `${e.tag} \`${e.file}\` ${code(e.func)}: ${code(e.quote)}`;
const MECHANISM = { ssar: 'access review (no name)', caller: "caller's token" } as const;

function checkRow(c: Check): string {
  const what = `${c.verb} ${c.resource} (${group(apiGroupOf(c.resource))})`;
  const how = `${MECHANISM[c.mechanism]}${c.named ? ', by name' : ''}`;
  const when = (c.when ?? []).map((w) => code(w)).join(' + ') || 'always';
  const notes = [c.denial ? `denial: ${c.denial}` : '', c.note ?? ''].filter(Boolean).join(' ');
  return `| ${what} | ${how} | ${when} | ${describeRanges(c.argo)} | ${c.evidence.map((e) => cell(evidenceText(e))).join('<br>')} | ${cell(notes)} |`;
}

function operationSection(op: Operation): string {
  const lines = [
    `### ${code(op.id)}: ${op.method} ${op.path}`,
    '',
    `${op.summary[0].toUpperCase()}${op.summary.slice(1)}. RPC ${code(op.rpc)}${op.variant ? `; variant: ${code(op.variant)}` : ''}; exists in ${op.argo ? `Argo ${describeRanges(op.argo)}` : 'every release'}.`,
    `Denial: ${op.denials.map((d) => `${d.status === 'none' ? 'nothing is checked' : `HTTP ${d.status}`}${d.argo ? ` (${describeRanges(d.argo)})` : ''}`).join('; ')}.`,
  ];
  const probes = [
    ...new Set(
      RELEASE_LINES.filter((l) => existsAt(op, latestPatch(l)!)).map((l) => probeFor(op, latestPatch(l)!)),
    ),
  ];
  lines.push(
    `\`argo-token verify\` proves it by: ${probes.map((p) => code(p)).join(' or ')} (see How verify proves a call).`,
  );
  const unchecked = RELEASE_LINES.map((l) => latestPatch(l)!).filter((v) => checksNothing(op, v));
  if (unchecked.length > 0) {
    lines.push(`**Checks nothing** at ${unchecked.join(', ')}: a call proves nothing about a token.`);
  }
  if (op.given) {
    lines.push(
      `Conditions this variant fixes: ${Object.entries(op.given)
        .map(([k, v]) => `${code(k)} ${v ? 'on' : 'off'}`)
        .join(', ')}.`,
    );
  }
  lines.push('');
  if (op.checks.length > 0) {
    lines.push(
      '| check | how | when | Argo | evidence | notes |',
      '|---|---|---|---|---|---|',
      ...op.checks.map(checkRow),
      '',
    );
  }
  for (const s of op.server ?? []) {
    lines.push(
      `- Server's own client (the caller needs nothing): ${cell(s.what)} (${describeRanges(s.argo)}). ${s.evidence.map((e) => cell(evidenceText(e))).join('; ')}`,
    );
  }
  for (const e of op.evidence ?? []) lines.push(`- Implemented in ${evidenceText(e)}`);
  if (op.note) lines.push(`- Note: ${cell(op.note)}`);
  return lines.join('\n');
}

/** docs/argo-server-checks.md: every endpoint, version, check and its evidence. */
export function checksText(): string {
  const areas = [...new Set(OPERATIONS.map((o) => o.area))] as Area[];
  return [
    '# What Argo Server checks, endpoint by endpoint',
    '',
    '<!-- Generated by npm run docs from src/argo/operations/: do not edit. -->',
    '',
    `Every HTTP endpoint of Argo Server (Argo Workflows ${RELEASE_LINES.join(', ')}; each release from 3.5.0 to ${latestPatch(RELEASE_LINES[RELEASE_LINES.length - 1])}) that a client with a ServiceAccount token can call, with each Kubernetes check it makes for the caller, read in Argo's source. Check any line at its tag: \`git show <tag>:<file>\` in a clone of argoproj/argo-workflows, then find the function.`,
    '',
    'How a check is made:',
    "- **access review (no name)**: a SelfSubjectAccessReview through Argo's `auth.CanI` with the caller's token. It carries no object name, so a Role narrowed by `resourceNames` never satisfies it.",
    "- **caller's token**: a real Kubernetes API call with the caller's token; **by name** when it names one object, so a rule narrowed by `resourceNames` to that object satisfies it.",
    "- **server's own client**: listed per endpoint; the caller needs nothing for it.",
    '',
    'How verify proves a call without a side effect (`src/argo/probes.ts`):',
    '- `http`: a list is called: 200 and a list, or 403. ' + PROBE_EVIDENCE.http.map(evidenceText).join('; '),
    '- `watch`: the stream is opened and closed: a denial comes at once, an allowed stream gets its headers at once. ' +
      PROBE_EVIDENCE.watch.map(evidenceText).join('; '),
    '- `named-read`: a read of an object that does not exist: 404 once the check passed, 403 if it did not. ' +
      PROBE_EVIDENCE['named-read'].map(evidenceText).join('; '),
    '- `dry-run`: a create with `serverDryRun: true`: Kubernetes authorizes it like a create and stores nothing. ' +
      PROBE_EVIDENCE['dry-run'].map(evidenceText).join('; '),
    "- `ssar`: SelfSubjectAccessReviews with the client's token for exactly the checks below (each must be allowed).",
    '- `none`: Argo checks nothing; any token passes, so nothing can be proven.',
    '',
    'Conditions (`when`): a check made only for some requests. Those on by default describe the typical request.',
    '',
    '| condition | default | meaning |',
    '|---|---|---|',
    ...Object.entries(CONDITIONS).map(
      ([id, c]) => `| ${code(id)} | ${c.default ? 'on' : 'off'} | ${c.summary} |`,
    ),
    '',
    ...areas.flatMap((area) => [
      `## ${area[0].toUpperCase()}${area.slice(1)}`,
      '',
      ...OPERATIONS.filter((o) => o.area === area).flatMap((op) => [operationSection(op), '']),
    ]),
  ].join('\n');
}

if (require.main === module) {
  fs.writeFileSync(SCHEMA_FILE, schemaText());
  fs.writeFileSync(README_FILE, readmeText(fs.readFileSync(README_FILE, 'utf8')));
  fs.mkdirSync(path.dirname(CHECKS_FILE), { recursive: true });
  fs.writeFileSync(CHECKS_FILE, checksText());
  console.error(
    'wrote argo-clients.schema.json, docs/argo-server-checks.md and the generated sections of README.md',
  );
}
