// Hostile clients files: each must end in its documented exit code with one-line messages (no stack
// trace) and leave dist/ byte for byte as it was — through the synth process (`npm run synth`'s
// command), through the same command as the cdk8s CLI starts it, and (a sample) through `cdk8s synth`.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../main';
import { MAX_CLIENTS_FILE_BYTES } from '../src/clients/file';
import { REGISTER, ROOT, SEED_CLIENTS, seedDist, snapshotDir, tempDir } from './support/project';

interface Hostile {
  readonly name: string;
  /** The clients file's bytes, or a path to pass as --clients as it is. */
  readonly bytes?: Buffer | string;
  readonly path?: string;
  readonly code: 1 | 2;
  /** Every message must match; the first is the one that says what is wrong. */
  readonly message: RegExp;
}

const GOOD = 'clients:\n  - name: jenkins\n    namespace: argo\n    can: [list-workflows]\n';
const client = (fields: string) => `clients:\n  - name: ci\n    namespace: argo\n${fields}`;
const LONG = 'a'.repeat(2_000_000);

let bomb = 'a: &a [x, x, x, x, x, x, x, x, x]\n';
for (let i = 1; i < 9; i++) {
  const [prev, cur] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
  bomb += `${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(', ')}]\n`;
}

const HOSTILE: Hostile[] = [
  {
    name: 'an empty file',
    bytes: '',
    code: 1,
    message: /the file is empty; expected a mapping with a 'clients' list/,
  },
  { name: 'only comments', bytes: '# nothing\n', code: 1, message: /the file is empty/ },
  { name: 'clients: null', bytes: 'clients:\n', code: 1, message: /'clients' must be a list, got null/ },
  { name: 'clients: []', bytes: 'clients: []\n', code: 1, message: /'clients' must not be empty/ },
  {
    name: 'a client entry that is null',
    bytes: 'clients:\n  - null\n',
    code: 1,
    message: /clients\[0\]: the client entry must be a mapping, got null/,
  },
  {
    name: 'a client entry that is a string',
    bytes: 'clients:\n  - jenkins\n',
    code: 1,
    message: /clients\[0\]: the client entry must be a mapping, got string "jenkins"/,
  },
  {
    name: 'a top-level list',
    bytes: '- name: x\n',
    code: 1,
    message: /the file must be a mapping, got a list/,
  },
  {
    name: 'a top-level scalar',
    bytes: 'hello\n',
    code: 1,
    message: /the file must be a mapping, got string "hello"/,
  },
  {
    name: 'tabs for indentation',
    bytes: 'clients:\n\t- name: x\n',
    code: 1,
    message: /:2:1: invalid YAML: /,
  },
  { name: 'an unclosed quote', bytes: 'clients:\n  - name: "x\n', code: 1, message: /invalid YAML: / },
  {
    name: 'a duplicate key',
    bytes: client('    can: [list-workflows]\n    can: [get-workflow]\n'),
    code: 1,
    message: /invalid YAML: Map keys must be unique/,
  },
  {
    name: 'two YAML documents',
    bytes: `${GOOD}---\n${GOOD}`,
    code: 1,
    message: /invalid YAML: Source contains multiple documents/,
  },
  {
    name: 'an undefined alias',
    bytes: 'clients:\n  - name: x\n    namespace: *ns\n',
    code: 1,
    message: /:3:16: invalid YAML: alias \*ns refers to no anchor &ns defined before it/,
  },
  {
    name: 'an alias bomb',
    bytes: `${bomb}clients: *i\n`,
    code: 1,
    message: /its aliases expand to more than 200,000 values \(an alias bomb\?\)/,
  },
  {
    name: 'flow nesting 20,000 deep',
    bytes: `clients: ${'['.repeat(20000)}${']'.repeat(20000)}\n`,
    code: 1,
    message: /nested (too deeply to read|more than 64 levels)/,
  },
  {
    name: 'block nesting 100 deep',
    bytes: `clients:\n${Array.from({ length: 100 }, (_, i) => `${'  '.repeat(i + 1)}- `).join('\n')}x\n`,
    code: 1,
    message: /nested more than 64 levels deep/,
  },
  {
    name: 'UTF-16 LE with a BOM',
    bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GOOD, 'utf16le')]),
    code: 1,
    message: /the clients file is UTF-16 LE \(it starts with a byte-order mark\); save it as UTF-8/,
  },
  {
    name: 'UTF-16 BE with a BOM',
    bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(GOOD, 'utf16le').swap16()]),
    code: 1,
    message: /the clients file is UTF-16 BE/,
  },
  {
    name: 'UTF-16 LE without a BOM',
    bytes: Buffer.from(GOOD, 'utf16le'),
    code: 1,
    message: /looks like UTF-16 LE without a byte-order mark/,
  },
  {
    name: 'UTF-32 LE with a BOM',
    bytes: Buffer.from([0xff, 0xfe, 0, 0, 0x63, 0, 0, 0]),
    code: 1,
    message: /the clients file is UTF-32 LE/,
  },
  {
    name: 'Latin-1',
    bytes: Buffer.from('clients:\n  - name: caf\xe9\n', 'latin1'),
    code: 1,
    message:
      /:2:14: the clients file is not UTF-8: byte 0xE9 .* it looks like Latin-1 \(ISO-8859-1\) or Windows-1252/,
  },
  {
    name: 'a NUL byte',
    bytes: Buffer.from('clients:\n  - name: a\0b\n'),
    code: 1,
    message: /:2:12: the clients file holds a NUL byte/,
  },
  {
    name: 'a file over the size limit',
    bytes: `# ${'x'.repeat(MAX_CLIENTS_FILE_BYTES)}\n`,
    code: 1,
    message: /the clients file is larger than 16\.0 MiB \(16\.0 MiB\), the limit/,
  },
  {
    name: 'an endless file (/dev/zero)',
    path: '/dev/zero',
    code: 1,
    message: /\/dev\/zero: the clients file is larger than 16\.0 MiB, the limit/,
  },
  { name: 'a folder', path: '/tmp', code: 1, message: /\/tmp: cannot read the clients file: it is a folder/ },
  {
    name: 'a missing file',
    path: '/nonexistent/argo-clients.yaml',
    code: 1,
    message: /cannot read the clients file: no such file \(the path comes from --clients/,
  },
  {
    name: 'a zero-width space in a name',
    bytes: client('').replace('name: ci', 'name: "c\u200bi"').concat('    can: [list-workflows]\n'),
    code: 1,
    message: /clients\[0\] "c\\u\{200b\}i": 'name' must be a DNS-1123 label/,
  },
  {
    name: 'a right-to-left override in a namespace',
    bytes: 'clients:\n  - name: ci\n    namespace: "ar\u202ego"\n    can: [list-workflows]\n',
    code: 1,
    message: /'namespace' must be a DNS-1123 label .* got "ar\\u\{202e\}go"/,
  },
  {
    name: 'a 2 MB name',
    bytes: `clients:\n  - name: ${LONG}\n    namespace: argo\n    can: [list-workflows]\n`,
    code: 1,
    message: /clients\[0\] "a{60}…" \(2000000 characters\): 'name' must be a DNS-1123 label/,
  },
  {
    name: 'a newline in a name',
    bytes: 'clients:\n  - name: "c\\ni"\n    namespace: argo\n    can: [list-workflows]\n',
    code: 1,
    message: /clients\[0\] "c\\ni"/,
  },
  {
    name: 'an upper-case namespace',
    bytes: 'clients:\n  - name: ci\n    namespace: Argo\n    can: [list-workflows]\n',
    code: 1,
    message: /'namespace' must be a DNS-1123 label/,
  },
  {
    name: 'a wildcard verb',
    bytes: client('    rules:\n      - resources: [workflows]\n        verbs: ["*"]\n'),
    code: 1,
    message: /'rules\[0\]\.verbs\[0\]' is "\*": wildcards are not allowed/,
  },
  {
    name: 'an escalation verb',
    bytes: client('    rules:\n      - resources: [workflows]\n        verbs: [escalate]\n'),
    code: 1,
    message: /\[escalation-verb\]/,
  },
  {
    name: 'an unknown field with a 1,000-character key',
    bytes: client(`    ${'k'.repeat(1000)}: 1\n    can: [list-workflows]\n`),
    code: 1,
    message: /unknown field '"k{60}…" \(1000 characters\)'/,
  },
  {
    name: 'a 10,000-character key',
    bytes: client(`    ${'k'.repeat(10000)}: 1\n`),
    code: 1,
    message: /:4:5: invalid YAML: The : indicator must be at most 1024 chars/,
  },
  {
    name: 'a wildcard API group',
    bytes: client(
      '    rules:\n      - apiGroup: "*"\n        resources: [workflows]\n        verbs: [get]\n',
    ),
    code: 1,
    message: /wildcards are not allowed/,
  },
  {
    name: 'an unknown capability option',
    bytes: client('    can:\n      - read-artifacts: {secret: [s3]}\n'),
    code: 1,
    message:
      /unknown option 'can\[0\]\.read-artifacts\.secret' \(did you mean "secrets"\?\); "read-artifacts" takes secrets, configMaps/,
  },
  {
    name: 'a capability its Argo version does not have',
    bytes: client('    argoVersion: "3.7"\n    can: [upload-artifacts]\n'),
    code: 1,
    message:
      /'can\[0\]' "upload-artifacts" needs Argo 4\.1\.0 or later; the client's argoVersion is 3\.7\.18/,
  },
  {
    name: 'an unknown capability',
    bytes: client('    can: [list-workflow]\n'),
    code: 1,
    message: /'can\[0\]' must be one of .* \(did you mean "list-workflows"\?\)/,
  },
  {
    name: 'an unknown preset',
    bytes: client('    preset: admin\n'),
    code: 1,
    message: /'preset' must be one of/,
  },
  {
    name: 'strict given as a string',
    bytes: `strict: "yes"\n${GOOD}`,
    code: 1,
    message: /'strict' must be a boolean, got string "yes"/,
  },
  {
    name: 'rules as a mapping',
    bytes: client('    rules: {resources: [workflows], verbs: [get]}\n'),
    code: 1,
    message: /'rules' must be a list, got a mapping/,
  },
  {
    name: 'a duplicate client',
    bytes: `${GOOD}  - name: jenkins\n    namespace: argo\n    can: [get-workflow]\n`,
    code: 1,
    message: /duplicate client: namespace "argo" already has a client "jenkins"/,
  },
  {
    name: 'an unknown YAML tag',
    bytes: client('    can: !caps [list-workflows]\n'),
    code: 1,
    message: /invalid YAML: Unresolved tag: !caps/,
  },
  {
    name: 'a binary value',
    bytes: client('    can: [list-workflows]\n    namespaces: [!!binary aGVsbG8=]\n'),
    code: 1,
    message: /'namespaces\[0\]' must be a string/,
  },
  {
    name: 'two clients generating the same RoleBinding',
    bytes:
      'clients:\n  - {name: y, namespace: x, namespaces: [z], can: [list-workflows]}\n  - {name: argo-token, namespace: z, bindClusterRoles: ["x:y"]}\n',
    code: 1,
    message:
      /clients\[0\] "y" \(namespace "x"\) and clients\[1\] "argo-token" \(namespace "z"\) both generate RoleBinding "argo-token:x:y" in namespace "z"/,
  },
  {
    name: 'a generated name over 253 characters',
    bytes: `clients:\n  - {name: ci, namespace: argo, namespaces: [other], bindClusterRoles: ["${'r'.repeat(250)}"]}\n`,
    code: 1,
    message:
      /the name of RoleBinding "argo-token:argo:ci:r+…" \(269 characters\) is longer than the 253 characters Kubernetes allows/,
  },
  {
    name: '5,000 copies of one mistake',
    bytes: `clients:\n${'  - {name: A, namespace: argo, can: [list-workflows]}\n'.repeat(5000)}`,
    code: 1,
    message: /'name' must be a DNS-1123 label|… and \d+ more errors/,
  },
];

const LINE = /^(error|warning|note|synth failed): /;

function projectWithDist(): { dir: string; dist: string; before: Record<string, string> } {
  const dir = tempDir('argo-token-hostile-');
  const dist = path.join(dir, 'dist');
  fs.cpSync(seedDist(), dist, { recursive: true });
  return { dir, dist, before: snapshotDir(dist) };
}

function fileFor(dir: string, h: Hostile): string {
  if (h.path) return h.path;
  const file = path.join(dir, 'argo-clients.yaml');
  fs.writeFileSync(file, h.bytes ?? '');
  return file;
}

function spawnSynth(args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  const child = spawn(process.execPath, ['-r', REGISTER, path.join(ROOT, 'main.ts'), ...args], {
    cwd,
    env: { ...process.env, ...env },
  });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  return new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stderr, stdout })),
  );
}

function expectOneLineMessages(stderr: string, h: Hostile) {
  const lines = stderr.trimEnd().split('\n');
  for (const line of lines) expect(line).toMatch(LINE);
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).toMatch(h.message);
  expect(lines[lines.length - 1]).toMatch(/^synth failed: .*left unchanged$/);
  // Messages stay readable: no value longer than a screen, however long the input.
  for (const line of lines) expect(line.length).toBeLessThan(2000);
}

test('the table holds at least 40 hostile files', () => {
  expect(HOSTILE.length).toBeGreaterThanOrEqual(40);
});

// Child processes at once (they mostly wait on their own start-up); then the same files in this process.
test.concurrent.each(HOSTILE)(
  '$name: fails as the synth process with its exit code, one-line messages, dist/ byte for byte',
  async (h) => {
    const { dir, dist, before } = projectWithDist();
    const r = await spawnSynth(['--clients', fileFor(dir, h), '--outdir', dist], {}, dir);
    expect(r.code).toBe(h.code);
    expect(r.stdout).toBe('');
    expectOneLineMessages(r.stderr, h);
    expect(snapshotDir(dist)).toEqual(before);
  },
);

test.each(HOSTILE)(
  '$name: fails the same as the cdk8s CLI starts the app (CDK8S_OUTDIR set): its output folder not created, so the CLI fails too; dist/ byte for byte',
  (h) => {
    const { dir, dist, before } = projectWithDist();
    const lines: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => {
      lines.push(a.join(' '));
    });
    let code: number;
    try {
      code = main(['--clients', fileFor(dir, h), '--outdir', dist], {
        CDK8S_OUTDIR: path.join(dir, '.cdk8s.out'),
      });
    } finally {
      spy.mockRestore();
    }
    // Exit 0 without the output folder: the cdk8s CLI then fails in one line of its own, and exits 1.
    expect(code).toBe(0);
    expectOneLineMessages(lines.join('\n'), h);
    expect(snapshotDir(dist)).toEqual(before);
    expect(fs.existsSync(path.join(dir, '.cdk8s.out'))).toBe(false);
  },
);

const CDK8S = path.join(ROOT, 'node_modules', '.bin', 'cdk8s');

/** A scratch project (sources, cdk8s.yaml, dist/) sharing the repo's node_modules, for the real cdk8s CLI. */
function cdk8sProject(): { dir: string; dist: string; before: Record<string, string> } {
  const dir = tempDir('argo-token-cdk8s-');
  for (const entry of ['main.ts', 'app', 'cdk8s.yaml', 'constructs', 'src', 'imports', 'tools']) {
    fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  fs.cpSync(seedDist(), path.join(dir, 'dist'), { recursive: true });
  fs.copyFileSync(SEED_CLIENTS, path.join(dir, 'argo-clients.yaml'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  const dist = path.join(dir, 'dist');
  return { dir, dist, before: snapshotDir(dist) };
}

function cdk8sSynth(dir: string, args: string[] = []) {
  const env: NodeJS.ProcessEnv = { ...process.env, CDK8S_CHECK_UPGRADE: 'false' };
  delete env.ARGO_TOKEN_CLIENTS_FILE;
  delete env.ARGO_TOKEN_OUTDIR;
  const child = spawn(CDK8S, ['synth', ...args], { cwd: dir, env });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    out += d;
  });
  return new Promise<{ code: number | null; out: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, out })),
  );
}

// The cdk8s CLI takes about 2 s of CPU a run on its own: one hostile file through it (the app it starts
// is the same synth process as above; the -o dist case below is another).
const CDK8S_SAMPLE = ['UTF-16 LE with a BOM'];

test.concurrent.each(HOSTILE.filter((h) => CDK8S_SAMPLE.includes(h.name)))(
  'cdk8s synth: $name: fails with exit 1, our one-line messages and the CLI one line, no stack trace; dist/ byte for byte',
  async (h) => {
    const { dir, dist, before } = cdk8sProject();
    fs.writeFileSync(path.join(dir, 'argo-clients.yaml'), h.bytes ?? '');
    const r = await cdk8sSynth(dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(h.message);
    expect(r.out).toContain('ERROR: synthesis failed, app expected to create ".cdk8s.out"');
    expect(r.out).not.toMatch(/^\s+at /m);
    expect(snapshotDir(dist)).toEqual(before);
  },
);

test('GIVEN cdk8s synth -o dist (the manifests folder) and a bad clients file THEN it says the cdk8s CLI removed dist/ and how to restore it, never "left unchanged"', async () => {
  const { dir, dist } = cdk8sProject();
  fs.writeFileSync(path.join(dir, 'argo-clients.yaml'), 'clients:\n  - name: x\n');
  const r = await cdk8sSynth(dir, ['-o', 'dist']);
  expect(r.code).toBe(1);
  expect(r.out).toContain(
    'nothing written, and dist/ is gone: the cdk8s CLI removes its output folder (-o/--output) before the app runs; restore it (git checkout -- dist) and run cdk8s synth without -o',
  );
  expect(r.out).not.toContain('left unchanged');
  expect(fs.existsSync(dist)).toBe(false);
});
