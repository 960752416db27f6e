// A child process for the dist/ tests: writes a set of files with the real writer, optionally killing
// itself (SIGKILL) at one file-system call, as a crash would.
// argv: <outdir> <files.json> [killAt|-] [native|fallback]

import * as fs from 'node:fs';
import { DistError, type DistFile, writeDist } from '../../src/output/dist-writer';
import { faultyFs } from './faulty-fs';

const [outdir, filesJson, killAt = '-', mode = 'native'] = process.argv.slice(2);
const files = JSON.parse(fs.readFileSync(filesJson, 'utf8')) as DistFile[];
const { fs: io } = faultyFs({
  native: mode === 'native',
  ...(killAt !== '-' ? { fault: { at: Number(killAt), error: 'kill' } } : {}),
});
try {
  process.stdout.write(`${writeDist(outdir, files, { fs: io })}\n`);
} catch (err) {
  if (!(err instanceof DistError)) throw err;
  process.stderr.write(`error: ${err.message}\n`);
  process.exitCode = 2;
}
