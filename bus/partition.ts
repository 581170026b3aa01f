// Where a key lives: Kafka's default (murmur2) partitioner, shared by both adapters and by any
// component that must know which partition owns a key (e.g. to move a record sent to the wrong
// one by a producer with another partitioner).
import { Partitioners } from 'kafkajs';

const murmur2 = Partitioners.DefaultPartitioner();

/** The partition Kafka's default partitioner gives `key` on a topic of `partitions` partitions. */
export function partitionOfKey(key: string | Buffer, partitions: number): number {
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionId,
    leader: 0,
  }));
  return murmur2({ topic: '', partitionMetadata: partitionMetadata as never, message: { key, value: null } });
}
