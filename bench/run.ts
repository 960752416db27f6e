// `npm run bench [-- --quick]`: every goal of the performance issue, the compared commands measured in
// this one run (interleaved, medians), printed as one table (Markdown, as the README shows it):
// goal, ours, reference, ratio, limit, met. --quick: fewer runs, for a look (the README's figures come
// from a full run). Progress goes to stderr. Exit code 0 whether goals are met or not (1: a benchmark failed).

import * as os from 'node:os';
import { parseArgs } from 'node:util';
import { benchCli } from './cli';
import { type BenchOptions, type Row, table } from './common';
import { benchSynth } from './synth';
import { benchGet } from './token-latency';

async function main() {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } }, strict: true });
  const options: BenchOptions = {
    quick: values.quick ?? false,
    log: (line) => console.error(`bench: ${line}`),
  };
  const started = performance.now();
  const rows: Row[] = [
    ...(await benchCli(options)),
    ...(await benchGet(options)),
    ...(await benchSynth(options)),
  ];
  const cpus = os.cpus();
  console.log(table(rows));
  console.log('');
  console.log(
    `${rows.filter((r) => r.met === true).length} of ${rows.filter((r) => r.met !== undefined).length} goals met` +
      ` — Node ${process.versions.node}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'CPU'}, load average ` +
      `${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}` +
      `, ${options.quick ? 'quick (fewer runs)' : 'full'} run of ${Math.round((performance.now() - started) / 1000)} s`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
