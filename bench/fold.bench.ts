// How fast an agent rebuilds its state: the responder folding a request and an analysis for each
// of N open workflows (the work of a restart behind a day of traffic). N=20000 by default.
// Run: npm run bench:fold   (no servers needed)
import { foldState, type AnyAgent, type IncomingEvent } from '../agents/decider.ts';
import { createResponder } from '../agents/banking/responder.ts';
import { customerRequest } from '../agents/testing/banking.ts';
import { workflow } from '../agents/testing/events.ts';

const workflows = Number(process.env.BENCH_WORKFLOWS ?? 20_000);
const events: IncomingEvent[] = [];
for (let i = 0; i < workflows; i++) {
  const event = workflow(`wf-${i}`, i * 3 + 1);
  events.push(event('banking.CustomerRequestReceived', customerRequest({ text: 'How should I save?' })));
  events.push(
    event('analysis.AccountAnalysed', { accountId: 'acc-1', transactionCount: 3, summary: 'Net.' }),
  );
}
const rates: number[] = [];
for (let run = 0; run < 3; run++) {
  const started = process.hrtime.bigint();
  foldState(createResponder() as AnyAgent, events);
  rates.push(events.length / (Number(process.hrtime.bigint() - started) / 1e9));
}
const median = [...rates].sort((a, b) => a - b)[1]!;
console.log(
  `responder: ${events.length} events over ${workflows} workflows folded at ${Math.round(median)} events/s (median of 3)`,
);
