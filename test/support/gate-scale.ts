// Traffic that only a gate group sharing its state gets right, on the shipped policy: one actor
// flooding across many workflows (120 a minute per actor), workflows spending towards their
// budget (2,000,000 micros; 300,000 a record), event ids retried after a rebalance, and a
// workflow whose records an upstream producer put on the wrong partition. Sent in two phases,
// so gates can be stopped, started and killed in between.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { partitionOfKey } from '../../bus/partition.ts';
import type { Bus } from '../../bus/port.ts';
import type { Codec } from '../../schemas/codec.ts';
import { encodeEnvelope, sealEnvelope, type EnvelopeFields } from '../../schemas/envelope.ts';
import type { Decision } from '../../schemas/generated/types.ts';
import { transactionPosted } from './envelopes.ts';
import type { Installation } from './gate-harness.ts';
import { postedFields } from './proposals.ts';

/** A service identity without a rate override: the shipped 120 a minute holds for it. */
export const floodActor = {
  userId: 'svc-batch-import',
  roles: ['system'],
  tenantId: 'retail-eu',
  region: 'EU',
};
const actorLimit = 120;
const budget = 2_000_000;
const spendPerRecord = 300_000;

type Fields = ReturnType<typeof postedFields>;

interface Phase {
  readonly flood: readonly Fields[];
  readonly spend: readonly Fields[];
  readonly retried: readonly Fields[];
  /** Records sent to this partition, whatever their key hashes to. */
  readonly placed: readonly { readonly fields: Fields; readonly partition: number }[];
}

export interface ScaleScenario {
  readonly phases: readonly [Phase, Phase];
  readonly expectedDecisions: number;
  readonly misroutedWorkflow: string;
  readonly wrongPartition: number;
}

export function scaleScenario(partitions: number): ScaleScenario {
  const flood = Array.from({ length: 2 * actorLimit }, () => postedFields({ actor: floodActor }));
  const workflows = Array.from({ length: 12 }, () => `wf-budget-${randomUUID()}`);
  const spend = () =>
    workflows.flatMap((correlationId) =>
      Array.from({ length: 5 }, () => postedFields({ correlationId, costMicros: spendPerRecord })),
    );
  const retried = Array.from({ length: 30 }, () => postedFields());
  const misroutedWorkflow = `wf-misrouted-${randomUUID()}`;
  const owner = partitionOfKey(misroutedWorkflow, partitions);
  const wrongPartition = (owner + 1) % partitions;
  const misrouted = (partition: number) =>
    Array.from({ length: 4 }, () => ({
      fields: postedFields({ correlationId: misroutedWorkflow, costMicros: 600_000 }),
      partition,
    }));
  const phase = (half: number, placed: Phase['placed']): Phase => ({
    flood: flood.slice(half * actorLimit, (half + 1) * actorLimit),
    spend: spend(),
    retried,
    placed,
  });
  const phases = [phase(0, misrouted(wrongPartition)), phase(1, misrouted(owner))] as const;
  const expectedDecisions = phases.reduce(
    (sum, p) => sum + p.flood.length + p.spend.length + p.retried.length + p.placed.length,
    0,
  );
  return { phases, expectedDecisions, misroutedWorkflow, wrongPartition };
}

export async function sendPhase(
  bus: Bus,
  codec: Codec,
  installation: Installation,
  phase: Phase,
): Promise<void> {
  const seal = async (fields: EnvelopeFields & { type: 'banking.TransactionPosted' }) =>
    encodeEnvelope(codec, await sealEnvelope(codec, fields, transactionPosted()));
  const keyed = [...phase.flood, ...phase.spend, ...phase.retried];
  const records = await Promise.all(
    keyed.map(async (fields) => ({
      topic: installation.names.ingress,
      key: fields.correlationId,
      value: await seal(fields),
    })),
  );
  const placed = await Promise.all(
    phase.placed.map(async ({ fields, partition }) => ({
      topic: installation.names.ingress,
      key: fields.correlationId,
      partition,
      value: await seal(fields),
    })),
  );
  await bus.send([...records, ...placed]);
}

/** Every decision of the scenario, once all have arrived. */
export async function scenarioDecisions(
  codec: Codec,
  installation: Installation,
  scenario: ScaleScenario,
): Promise<Decision[]> {
  const [a, b] = scenario.phases;
  const once = [...a.flood, ...b.flood, ...a.spend, ...b.spend, ...a.placed, ...b.placed].map(
    (entry) => ('fields' in entry ? entry.fields : entry).id,
  );
  await Promise.all(once.map((id) => installation.decisionFor(id)));
  await Promise.all(a.retried.map((fields) => installation.decisionsFor(fields.id, 2)));
  return Promise.all(
    installation.decisions.records.map((record) => codec.decodeAs('swarmgate.v1.Decision', record.value)),
  );
}

const delivered = (decisions: readonly Decision[]) => decisions.filter((d) => d.outcome === 'DELIVERED');

/** What must hold whatever the number of gates and however partitions moved. */
export function expectLimitsHeld(decisions: readonly Decision[], scenario: ScaleScenario): void {
  const [a, b] = scenario.phases;
  // Every record decided once (a retried event id twice: it was sent twice).
  expect(decisions.length).toBe(scenario.expectedDecisions);
  const perEvent = new Map<string, Decision[]>();
  for (const d of decisions) perEvent.set(d.eventId, [...(perEvent.get(d.eventId) ?? []), d]);
  const retriedIds = new Set(a.retried.map((f) => f.id));
  for (const [id, list] of perEvent) expect(list.length, id).toBe(retriedIds.has(id) ? 2 : 1);

  // No actor over its rate limit: exactly the limit of the flood delivered, the rest denied for it.
  const floodIds = new Set([...a.flood, ...b.flood].map((f) => f.id));
  const flood = decisions.filter((d) => floodIds.has(d.eventId));
  // Denials and undelivered records by gate and reason, for a failure's message.
  const why = new Map<string, number>();
  for (const d of flood.filter((x) => x.outcome !== 'DELIVERED')) {
    const reason = `${d.gateInstance} ${d.outcome}: ${d.notRouted[0]?.reason.replace(/\d+/g, 'N') ?? ''}`;
    why.set(reason, (why.get(reason) ?? 0) + 1);
  }
  expect(delivered(flood).length, JSON.stringify([...why])).toBe(actorLimit);
  for (const d of flood.filter((x) => x.outcome !== 'DELIVERED'))
    expect(d.verdicts).toContainEqual(expect.objectContaining({ policy: 'rate-limit', verdict: 'DENY' }));

  // No workflow over its budget: 6 records of 300,000 fit in 2,000,000, the 7th does not.
  const spendIds = new Set([...a.spend, ...b.spend].map((f) => f.id));
  const spentBy = new Map<string, number>();
  for (const d of delivered(decisions.filter((x) => spendIds.has(x.eventId))))
    spentBy.set(d.correlationId, (spentBy.get(d.correlationId) ?? 0) + (d.costMicros ?? 0));
  expect([...spentBy.values()]).toEqual(Array.from({ length: 12 }, () => 6 * spendPerRecord));
  expect(Math.max(...spentBy.values())).toBeLessThanOrEqual(budget);

  // No event id delivered twice: the retry after the rebalance is denied as a duplicate.
  for (const id of retriedIds) {
    const [first, retry] = perEvent.get(id)!;
    expect([first!.outcome, retry!.outcome]).toEqual(['DELIVERED', 'DENIED']);
    expect(retry!.verdicts).toContainEqual(expect.objectContaining({ policy: 'duplicate', verdict: 'DENY' }));
  }

  // The misrouted records were decided with the others of their workflow: one budget, 3 fit.
  const misrouted = decisions.filter((d) => d.correlationId === scenario.misroutedWorkflow);
  expect(misrouted).toHaveLength(8);
  expect(delivered(misrouted)).toHaveLength(3);
  expect(misrouted.filter((d) => d.origin.partition === scenario.wrongPartition)).toHaveLength(4);
}
