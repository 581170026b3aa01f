// Cost of the gate's text detectors: microseconds per call on the red-team corpus (texts of the
// size events carry) and milliseconds per megabyte on hostile input. CPU time, best of three runs,
// so a busy machine skews it less than wall time would.
// Run: npx tsx bench/detectors.bench.ts
import { readFileSync } from 'node:fs';
import { assessInjection, findPii } from '../orchestrator/detectors/index.ts';
import { HOSTILE_INPUTS, MEGABYTE } from '../orchestrator/detectors/testing/hostileInputs.ts';

const corpus = (
  JSON.parse(readFileSync(new URL('../test/redteam/text.corpus.json', import.meta.url), 'utf8')) as {
    text: string;
  }[]
).map(({ text }) => text);

/** CPU milliseconds of the fastest of `runs` runs of `work`. */
function cpuMs(work: () => void, runs = 3): number {
  let best = Infinity;
  for (let run = 0; run < runs; run++) {
    const before = process.cpuUsage();
    work();
    const spent = process.cpuUsage(before);
    best = Math.min(best, (spent.user + spent.system) / 1000);
  }
  return best;
}

const ROUNDS = 20;
const perCallUs = (detect: (text: string) => unknown): number =>
  (cpuMs(() => {
    for (let round = 0; round < ROUNDS; round++) for (const text of corpus) detect(text);
  }) *
    1000) /
  (ROUNDS * corpus.length);

console.log(
  `corpus: ${corpus.length} texts, mean ${Math.round(corpus.reduce((n, t) => n + t.length, 0) / corpus.length)} chars`,
);
console.log(`  findPii          ${perCallUs(findPii).toFixed(1)} µs/op`);
console.log(`  assessInjection  ${perCallUs(assessInjection).toFixed(1)} µs/op`);

console.log(`hostile input, ${MEGABYTE / 1024} KiB each (ms of CPU per MB):`);
let worst = { pii: 0, injection: 0 };
for (const [name, text] of Object.entries(HOSTILE_INPUTS)) {
  const pii = cpuMs(() => findPii(text));
  const injection = cpuMs(() => assessInjection(text));
  worst = { pii: Math.max(worst.pii, pii), injection: Math.max(worst.injection, injection) };
  console.log(
    `  ${name.padEnd(40)} findPii ${pii.toFixed(0).padStart(5)}   assessInjection ${injection.toFixed(0).padStart(5)}`,
  );
}
console.log(
  `  worst: findPii ${worst.pii.toFixed(0)} ms/MB, assessInjection ${worst.injection.toFixed(0)} ms/MB`,
);
