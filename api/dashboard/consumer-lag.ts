// How far each consumer group is behind: the gates on their input topics, each agent on its
// inbox (committed offsets against end offsets, from Kafka), and the projector on sg.decisions
// (the positions it stores with its transactions, as /healthz reads them).
import { agentGroupId, gateGroupId, type TopicNames } from '../../bus/topics.ts';
import type { Bus, OffsetCommit } from '../../bus/port.ts';
import type { Db } from '../../projector/index.ts';
import { projectorLag } from '../../projector/lag.ts';

export interface GroupLag {
  readonly group: string;
  /** Who consumes: `gate`, `projector`, or the agent's name. */
  readonly consumer: string;
  readonly topics: readonly string[];
  /** Records past the committed offsets; null when Kafka could not say. */
  readonly lag: number | null;
  readonly error: string | null;
}

function behind(ends: readonly OffsetCommit[], committed: readonly OffsetCommit[]): number {
  const at = new Map(committed.map((c) => [c.partition, BigInt(c.offset)]));
  let lag = 0n;
  for (const end of ends) {
    // A group that never committed starts at the beginning: all of it is ahead of it.
    const position = at.get(end.partition) ?? 0n;
    const ahead = BigInt(end.offset) - (position < 0n ? 0n : position);
    if (ahead > 0n) lag += ahead;
  }
  return Number(lag);
}

/** A topic Kafka is slow to describe (or that is missing) must not hold the whole answer. */
const LAG_TIMEOUT_MS = 5_000;

function within<T>(ms: number, run: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Kafka did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([run, late]).finally(() => clearTimeout(timer));
}

async function kafkaLag(bus: Bus, group: string, consumer: string, topics: string[]): Promise<GroupLag> {
  try {
    const perTopic = await within(
      LAG_TIMEOUT_MS,
      Promise.all(
        topics.map(async (topic) =>
          behind(await bus.endOffsets(topic), await bus.committedOffsets(group, topic)),
        ),
      ),
    );
    return { group, consumer, topics, lag: perTopic.reduce((a, b) => a + b, 0), error: null };
  } catch (error) {
    return {
      group,
      consumer,
      topics,
      lag: null,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

export interface LagSources {
  readonly bus: Bus;
  readonly db: Db;
  readonly schema: string;
  readonly names: TopicNames;
  readonly projectorGroup: string;
}

/** The gates, then the projector, then each agent in `agents` order. */
export async function consumerLag(sources: LagSources, agents: readonly string[]): Promise<GroupLag[]> {
  const { bus, db, schema, names, projectorGroup } = sources;
  const projector = async (): Promise<GroupLag> => {
    const base = { group: projectorGroup, consumer: 'projector', topics: [names.decisions] };
    try {
      const { lag } = await projectorLag(db, schema, bus, names.decisions, projectorGroup);
      return { ...base, lag, error: null };
    } catch (error) {
      return { ...base, lag: null, error: error instanceof Error ? error.message : String(error) };
    }
  };
  return Promise.all([
    kafkaLag(bus, gateGroupId(names), 'gate', [names.ingress, names.proposed, names.gateRepartition]),
    projector(),
    ...agents.map((agent) => kafkaLag(bus, agentGroupId(names, agent), agent, [names.inbox(agent)])),
  ]);
}
