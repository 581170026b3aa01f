import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { OffsetCommit, OutgoingRecord, Transaction, TransactionalProducer } from '../port.ts';
import { clientRetry } from './config.ts';
import { byTopic } from './messages.ts';

/** Produce requests stay under the broker's limit however far behind a consumer falls. */
const maxRequestBytes = 768 * 1024;

function underRequestLimit(records: readonly OutgoingRecord[]): OutgoingRecord[][] {
  const chunks: OutgoingRecord[][] = [];
  let bytes = Infinity;
  for (const record of records) {
    const size = (record.value?.length ?? 0) + 64;
    if (bytes + size > maxRequestBytes) {
      chunks.push([]);
      bytes = 0;
    }
    chunks.at(-1)!.push(record);
    bytes += size;
  }
  return chunks;
}

function groupOffsets(offsets: readonly OffsetCommit[]) {
  const topics = new Map<string, { partition: number; offset: string }[]>();
  for (const { topic, partition, offset } of offsets) {
    topics.set(topic, [...(topics.get(topic) ?? []), { partition, offset }]);
  }
  return [...topics].map(([topic, partitions]) => ({ topic, partitions }));
}

/**
 * The broker answers CONCURRENT_TRANSACTIONS to a transaction begun while the previous one's
 * commit markers are still being written, which takes a few milliseconds: retried after
 * kafkajs' usual 100 ms, every back-to-back transaction would wait ~100 ms (the Java client
 * retries this case after 20 ms for the same reason, KAFKA-5477). Starting at 2 ms and doubling
 * up to the client's bound, the retries still span about as long as the client's own.
 */
const transactionRetry = { ...clientRetry, initialRetryTime: 2, retries: 16 };

async function connected(kafka: Kafka, transactionalId: string): Promise<Producer> {
  const producer: Producer = kafka.producer({
    transactionalId,
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: transactionRetry,
  });
  try {
    await producer.connect();
    // kafkajs registers the transactional id only at the first transaction; do it now, so creating
    // this producer fences any older instance at once, as a Java producer's initTransactions() does.
    await (await producer.transaction()).abort();
    return producer;
  } catch (error) {
    await producer.disconnect().catch(() => undefined);
    throw error;
  }
}

/**
 * A transactional producer: the transactional id fences zombies (an older instance with the same
 * id can no longer commit), so a restarted process never duplicates a committed transaction.
 * A transaction that failed part-way (a broker died under it) leaves kafkajs' producer in a state
 * it cannot leave, so the next transaction starts on a fresh producer with the same id — which
 * also makes the broker abort whatever the failed one left open.
 */
export async function kafkaTransactionalProducer(
  kafka: Kafka,
  transactionalId: string,
): Promise<TransactionalProducer> {
  let producer: Producer | undefined = await connected(kafka, transactionalId);
  const failed = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      const broken = producer;
      producer = undefined;
      await broken?.disconnect().catch(() => undefined);
      throw error;
    }
  };
  return {
    transaction: async (): Promise<Transaction> => {
      producer ??= await connected(kafka, transactionalId);
      const tx = await failed(() => producer!.transaction());
      return {
        send: (records: readonly OutgoingRecord[]) =>
          failed(async () => {
            for (const chunk of underRequestLimit(records))
              await tx.sendBatch({ topicMessages: byTopic(chunk), acks: -1 });
          }),
        sendOffsets: (groupId, offsets) =>
          failed(() => tx.sendOffsets({ consumerGroupId: groupId, topics: groupOffsets(offsets) })),
        commit: () => failed(() => tx.commit()),
        abort: () => failed(() => tx.abort()),
      };
    },
    close: async () => {
      await producer?.disconnect();
      producer = undefined;
    },
  };
}
