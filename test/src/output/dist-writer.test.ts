// The promise of the dist/ writer: a complete new set or nothing, never a file it did not write, under
// foreign files, faults at every step, kills at every step and concurrent synths.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DistError,
  type DistFile,
  RECORD_FILE,
  recordOf,
  systemFs,
  writeDist,
} from '../../../src/output/dist-writer';
import { native } from '../../../src/output/native';
import { HEADER, renderDist } from '../../../src/output/render';
import { faultyFs } from '../../support/faulty-fs';
import { REGISTER, ROOT, snapshotDir, tempDir, writeFile } from '../../support/project';

/** A realistic set: one file per client plus the Kustomization. */
function setOf(...clients: string[]): DistFile[] {
  return renderDist(
    clients.map((name) => ({
      namespace: 'argo',
      name,
      objects: [{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: 'argo' } }],
    })),
  );
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * The set a folder holds, as its record, after checking it is complete and consistent: every file the
 * record lists is there with its hash, and nothing else. Throws otherwise.
 */
function completeSet(dir: string): string {
  const record = fs.readFileSync(path.join(dir, RECORD_FILE), 'utf8');
  const listed = new Map(
    record
      .trimEnd()
      .split('\n')
      .map((l) => [l.slice(66), l.slice(0, 64)] as const),
  );
  const names = fs.readdirSync(dir).filter((n) => n !== RECORD_FILE);
  expect(names.sort()).toEqual([...listed.keys()].sort());
  for (const [name, hash] of listed) expect(sha(fs.readFileSync(path.join(dir, name)))).toBe(hash);
  return record;
}

/** Sibling entries the writer may leave for good: only its lock file. */
function leftovers(parent: string, base = 'dist'): string[] {
  return fs.readdirSync(parent).filter((n) => n.startsWith(`.${base}.`) && n !== `.${base}.argo-token.lock`);
}

const A = setOf('a1', 'a2');
const B = setOf('b1', 'b2', 'b3');

describe('ownership: a folder is replaced only when argo-token wrote everything in it', () => {
  test('GIVEN a first synth THEN the folder holds the files and their ownership record', () => {
    const out = path.join(tempDir(), 'dist');
    expect(writeDist(out, A)).toBe('written');
    expect(completeSet(out)).toBe(recordOf(A));
    expect(fs.readFileSync(path.join(out, RECORD_FILE), 'utf8')).toMatch(/^[0-9a-f]{64} {2}Kustomization\n/);
  });

  test.each([
    ['a CRD folder (only *.yaml files)', { 'workflows.yaml': 'kind: CustomResourceDefinition\n' }],
    ['.github/workflows', { 'ci.yml': 'on: push\n', 'release.yaml': 'on: tag\n' }],
    ['a folder with a clients file', { 'argo-clients.yaml': 'clients: []\n' }],
    ['a Kustomization someone else wrote', { Kustomization: 'resources: []\n' }],
  ])('fails on %s, naming the files and changing nothing', (_label, content) => {
    const out = tempDir();
    for (const [name, text] of Object.entries(content)) writeFile(out, name, text);
    const before = snapshotDir(out);
    expect(() => writeDist(out, A)).toThrow(DistError);
    expect(() => writeDist(out, A)).toThrow(
      `it holds files argo-token did not write: ${Object.keys(content).sort().join(', ')}`,
    );
    expect(snapshotDir(out)).toEqual(before);
  });

  test('fails on a hand-written dist/namespace.yaml beside the generated files, and keeps it', () => {
    const out = path.join(tempDir(), 'dist');
    writeDist(out, A);
    writeFile(out, 'namespace.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: argo}\n');
    const before = snapshotDir(out);
    expect(() => writeDist(out, B)).toThrow(
      /refusing to replace .*dist: it holds files argo-token did not write: namespace\.yaml; the manifests folder holds only what synth writes/,
    );
    expect(snapshotDir(out)).toEqual(before);
  });

  test('fails on a generated file edited by hand, naming it', () => {
    const out = path.join(tempDir(), 'dist');
    writeDist(out, A);
    fs.appendFileSync(path.join(out, 'argo.a1.yaml'), '# my change\n');
    const before = snapshotDir(out);
    expect(() => writeDist(out, B)).toThrow(
      'it holds files edited since argo-token wrote them: argo.a1.yaml',
    );
    expect(snapshotDir(out)).toEqual(before);
  });

  test('fails on a damaged ownership record', () => {
    const out = path.join(tempDir(), 'dist');
    writeDist(out, A);
    fs.writeFileSync(path.join(out, RECORD_FILE), 'not a record\n');
    const before = snapshotDir(out);
    expect(() => writeDist(out, B)).toThrow(`its ownership record ${RECORD_FILE} is damaged`);
    expect(snapshotDir(out)).toEqual(before);
  });

  test('fails on a subfolder, a file in place of the folder and a symbolic link to a folder', () => {
    const out = path.join(tempDir(), 'dist');
    writeDist(out, A);
    fs.mkdirSync(path.join(out, 'overlays'));
    expect(() => writeDist(out, B)).toThrow('files argo-token did not write: overlays/');
    const file = writeFile(tempDir(), 'dist', 'x');
    expect(() => writeDist(file, B)).toThrow('it exists and is not a folder');
    const link = path.join(tempDir(), 'link');
    fs.symlinkSync(tempDir(), link);
    expect(() => writeDist(link, B)).toThrow('it exists and is not a folder (a symbolic link)');
  });

  test('fails on a read-only folder before anything moves', () => {
    const out = path.join(tempDir(), 'dist');
    writeDist(out, A);
    fs.chmodSync(out, 0o555);
    try {
      expect(() => writeDist(out, B)).toThrow('it is read-only (mode 555); make it writable (chmod u+w)');
      expect(completeSet(out)).toBe(recordOf(A));
    } finally {
      fs.chmodSync(out, 0o755);
    }
  });

  test('GIVEN a folder written before the record existed (every file starts with our header) THEN it is replaced', () => {
    const out = tempDir();
    for (const f of A) writeFile(out, f.name, f.content);
    expect(writeDist(out, B)).toBe('written');
    expect(completeSet(out)).toBe(recordOf(B));
  });

  test('fails on a folder without a record holding a file without our header', () => {
    const out = tempDir();
    writeFile(out, 'argo.a1.yaml', A[0].content);
    writeFile(out, 'mine.yaml', `# mine\n${HEADER}`);
    expect(() => writeDist(out, B)).toThrow('files argo-token did not write: mine.yaml');
  });

  test('GIVEN an empty folder THEN it is written; GIVEN the same set again THEN nothing is rewritten', () => {
    const out = tempDir();
    expect(writeDist(out, A)).toBe('written');
    const inode = fs.statSync(out).ino;
    expect(writeDist(out, A)).toBe('unchanged');
    expect(fs.statSync(out).ino).toBe(inode);
  });

  test('GIVEN a client removed THEN its file goes and the record no longer lists it', () => {
    const out = path.join(tempDir(), 'dist');
    writeDist(out, setOf('a1', 'a2'));
    writeDist(out, setOf('a1'));
    expect(completeSet(out)).toBe(recordOf(setOf('a1')));
    expect(fs.existsSync(path.join(out, 'argo.a2.yaml'))).toBe(false);
  });
});

/** The writer's calls for replacing A with B, in order (each a step a fault can hit). */
function replaceCalls(useNative: boolean): string[] {
  const out = path.join(tempDir(), 'dist');
  writeDist(out, A);
  const { fs: io, calls } = faultyFs({ native: useNative });
  writeDist(out, B, { fs: io });
  return calls;
}

const modes = native() ? (['native', 'fallback'] as const) : (['fallback'] as const);

describe.each(modes)('faults at every step of a replacement (%s)', (mode) => {
  const useNative = mode === 'native';
  const calls = replaceCalls(useNative);

  test('the replacement is the steps we expect', () => {
    const names = calls.map((c) => c.split(' ')[0]);
    expect(names).toEqual(
      expect.arrayContaining(['mkdir', 'readdir', 'mkdtemp', 'writeFile', 'chmod', 'rm']),
    );
    if (useNative) expect(names).toEqual(expect.arrayContaining(['openLock', 'tryLock', 'exchange']));
    else expect(names.filter((n) => n === 'rename')).toHaveLength(2);
  });

  const cases = calls.flatMap((call, at) =>
    ['EACCES', 'EROFS', 'ENOSPC', 'EIO'].map((error) => ({ at, call, error })),
  );
  test.each(cases)(
    'GIVEN $error at step $at ($call) THEN the folder holds A or B complete, and the next synth repairs',
    ({ at, error }) => {
      const parent = tempDir();
      const out = path.join(parent, 'dist');
      writeDist(out, A);
      const { fs: io } = faultyFs({ native: useNative, fault: { at, error } });
      let message: string | undefined;
      try {
        writeDist(out, B, { fs: io, log: () => {} });
      } catch (err) {
        expect(err).toBeInstanceOf(DistError);
        message = (err as Error).message;
      }
      if (message !== undefined) {
        expect(message).not.toContain('\n');
        expect(message).toContain(error);
        expect(completeSet(out)).toBe(recordOf(A));
      } else {
        expect([recordOf(A), recordOf(B)]).toContain(completeSet(out));
      }
      expect(writeDist(out, B, { fs: systemFs(useNative ? native() : null) })).toMatch(/written|unchanged/);
      expect(completeSet(out)).toBe(recordOf(B));
      expect(leftovers(parent)).toEqual([]);
    },
  );
});

/** Runs test/support/write-dist.ts as a child process. */
function writeDistChild(out: string, files: DistFile[], killAt: number | undefined, mode: string) {
  const json = writeFile(tempDir(), 'files.json', JSON.stringify(files));
  const child = spawn(
    process.execPath,
    [
      '-r',
      REGISTER,
      path.join(ROOT, 'test', 'support', 'write-dist.ts'),
      out,
      json,
      String(killAt ?? '-'),
      mode,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
}

/** After a kill: the old or the new set is complete (the fallback may have set the old one aside, whole). */
function expectWholeAfterKill(parent: string, out: string, mode: string) {
  if (fs.existsSync(out)) {
    expect([recordOf(A), recordOf(B)]).toContain(completeSet(out));
  } else {
    // Only the fallback has an instant without the folder: between its two renames.
    expect(mode).toBe('fallback');
    const aside = fs.readdirSync(parent).find((n) => n.startsWith('.dist.argo-token-old-'));
    expect(aside).toBeDefined();
    expect(completeSet(path.join(parent, aside!))).toBe(recordOf(A));
  }
}

describe.each(modes)('a synth killed at every step (%s)', (mode) => {
  const calls = replaceCalls(mode === 'native');
  const io = () => systemFs(mode === 'native' ? native() : null);

  // In this process: at the step, every file-system call stops having effects (no cleanup runs) and
  // the lock's descriptor is closed — what a SIGKILL leaves behind. Real kills below check the model.
  test.each(calls.map((call, at) => ({ at, call })))(
    'GIVEN a crash at step $at ($call) THEN the old or new set is complete (or set aside whole), and the next synth repairs',
    ({ at }) => {
      const parent = tempDir();
      const out = path.join(parent, 'dist');
      writeDist(out, A);
      const { fs: crashing, calls: made } = faultyFs({
        native: mode === 'native',
        fault: { at, error: 'crash' },
      });
      try {
        writeDist(out, B, { fs: crashing, log: () => {} });
      } catch {
        // the process is "dead" from step `at` on; what it reports no longer matters
      }
      expect(made.length).toBe(at + 1); // it did reach the step, and nothing after it took effect
      expectWholeAfterKill(parent, out, mode);
      writeDist(out, B, { fs: io(), log: () => {} });
      expect(completeSet(out)).toBe(recordOf(B));
      expect(leftovers(parent)).toEqual([]);
    },
  );

  // Real SIGKILLs of a child process at the steps that matter most: while staging, at the swap, after it.
  const steps = ['writeFile', mode === 'native' ? 'exchange' : 'rename', 'rm'].map((name) =>
    calls.findIndex(
      (c, i) =>
        c.startsWith(`${name} `) &&
        (name !== 'rm' || i > calls.findIndex((x) => /^(exchange|rename) /.test(x))),
    ),
  );
  test.concurrent.each(steps.map((at) => ({ at, call: calls[at] })))(
    'GIVEN a real SIGKILL at step $at ($call) THEN the same holds',
    async ({ at }) => {
      const parent = tempDir();
      const out = path.join(parent, 'dist');
      writeDist(out, A);
      const run = await writeDistChild(out, B, at, mode);
      expect(run.signal).toBe('SIGKILL');
      expectWholeAfterKill(parent, out, mode);
      writeDist(out, B, { fs: io(), log: () => {} });
      expect(completeSet(out)).toBe(recordOf(B));
      expect(leftovers(parent)).toEqual([]);
    },
  );
});

(native() ? describe : describe.skip)('concurrent synths of one folder', () => {
  test('GIVEN 16 synths at once, each with its own set, and an observer sampling the folder THEN the folder always exists and holds one complete set', async () => {
    const parent = tempDir();
    const out = path.join(parent, 'dist');
    writeDist(out, A);
    const sets = Array.from({ length: 16 }, (_, i) => setOf(`c${i}-x`, `c${i}-y`));
    const records = new Set([recordOf(A), ...sets.map(recordOf)]);

    let running = true;
    const seen = { samples: 0, missing: 0, torn: 0, bad: [] as string[] };
    const observer = (async () => {
      while (running) {
        try {
          const before = fs.readFileSync(path.join(out, RECORD_FILE), 'utf8');
          let record: string | undefined;
          try {
            record = completeSet(out);
          } catch {
            record = undefined;
          }
          const after = fs.readFileSync(path.join(out, RECORD_FILE), 'utf8');
          // A swap between the observer's own reads tears its sample, not the folder: sample again.
          if (before !== after) seen.torn += 1;
          else if (record === undefined || !records.has(record)) seen.bad.push(before);
          seen.samples += 1;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') seen.missing += 1;
          else seen.bad.push(String(err));
        }
        await new Promise((r) => setImmediate(r));
      }
    })();

    const runs = await Promise.all(sets.map((set) => writeDistChild(out, set, undefined, 'native')));
    running = false;
    await observer;
    for (const r of runs) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    expect(seen.missing).toBe(0);
    expect(seen.bad).toEqual([]);
    expect(seen.samples).toBeGreaterThan(16);
    expect(records.has(completeSet(out))).toBe(true);
    expect(leftovers(parent)).toEqual([]);
  }, 60_000);
});
