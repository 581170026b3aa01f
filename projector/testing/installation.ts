// Real Kafka topics for projector integration tests: a unique prefix per test, decisions written
// as the gate writes them (Confluent Avro, keyed by workflow), topics deleted when the file is done.
import { createKafka } from '../../bus/kafka/config.ts';
import type { Bus } from '../../bus/port.ts';
import { topicNames, type TopicNames } from '../../bus/topics.ts';
import type { Codec } from '../../schemas/codec.ts';
import type { Decision } from '../../schemas/generated/types.ts';
import { checkpointsTopic, checkpointsTopicSpec } from '../checkpoint-topic.ts';
import { BANKING_FLOW, decisionStream } from './decisions.ts';

export interface Installation {
  readonly prefix: string;
  readonly names: TopicNames;
  readonly checkpoints: string;
}

const prefixes = new Set<string>();

/**
 * Deletes the topics of every installation made so far. Call it once the file's clients are
 * closed: kafkajs keeps refreshing metadata of topics it has used, and fails once they are gone.
 */
export async function deleteInstallations(brokers: readonly string[]): Promise<void> {
  const admin = createKafka({ brokers, clientId: 'swarmgate-test-cleanup' }).admin();
  await admin.connect();
  try {
    const ours = (await admin.listTopics()).filter((topic) => [...prefixes].some((p) => topic.startsWith(p)));
    if (ours.length > 0) await admin.deleteTopics({ topics: ours });
    prefixes.clear();
  } finally {
    await admin.disconnect();
  }
}

/** sg.decisions, sg.dlq and sg.audit-checkpoints under a fresh prefix (see deleteInstallations). */
export async function decisionsInstallation(bus: Bus, partitions = 3): Promise<Installation> {
  const prefix = `pj-${crypto.randomUUID().slice(0, 8)}.`;
  prefixes.add(prefix);
  const names = topicNames(prefix);
  const checkpoints = checkpointsTopic(names);
  await bus.createTopics([
    { topic: names.decisions, partitions },
    { topic: names.dlq, partitions: 1 },
    checkpointsTopicSpec(checkpoints),
  ]);
  return { prefix, names, checkpoints };
}

/**
 * `count` decisions of interleaved banking workflows (BANKING_FLOW each). `tag` prefixes the
 * workflow and decision ids, so a second call yields workflows of its own.
 */
export const syntheticDecisions = (count: number, tag = ''): Decision[] =>
  decisionStream(Math.ceil(count / BANKING_FLOW.length))
    .slice(0, count)
    .map(({ decision }) => ({
      ...decision,
      decisionId: `${tag}${decision.decisionId}`,
      correlationId: `${tag}${decision.correlationId}`,
    }));

/** Appends decisions keyed by workflow, `chunk` records per send. */
export async function writeDecisions(
  bus: Bus,
  codec: Codec,
  topic: string,
  decisions: readonly Decision[],
  chunk = 1000,
): Promise<void> {
  for (let start = 0; start < decisions.length; start += chunk) {
    const records = await Promise.all(
      decisions.slice(start, start + chunk).map(async (decision) => ({
        topic,
        key: decision.correlationId,
        value: await codec.encode('swarmgate.v1.Decision', decision),
      })),
    );
    await bus.send(records);
  }
}
