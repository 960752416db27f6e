// `npm run bench`: every benchmark, one after the other (figures go in the README).
import { benchSynth } from './synth';
import { benchTokenLatency } from './token-latency';

async function main() {
  await benchSynth();
  console.log('');
  await benchTokenLatency();
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
