import type { TopicPartition } from '../port.ts';
import type { MemoryLog } from './log.ts';

export type Assignment = TopicPartition;

/**
 * A consumer group's members and their partitions, reassigned on every join or leave:
 * round-robin over all partitions, or by partition number when co-partitioned.
 */
export class MemoryGroup {
  private members: string[] = [];
  generation = 0;

  constructor(
    private readonly log: MemoryLog,
    private readonly topics: readonly string[],
    private readonly copartitioned = false,
  ) {}

  join(member: string): void {
    this.members.push(member);
    this.rebalance();
  }

  leave(member: string): void {
    this.members = this.members.filter((m) => m !== member);
    this.rebalance();
  }

  assignmentOf(member: string): Assignment[] {
    const index = this.members.indexOf(member);
    if (index < 0) return [];
    const count = this.members.length;
    if (this.copartitioned)
      return this.allPartitions().filter(({ partition }) => partition % count === index);
    return this.allPartitions().filter((_, i) => i % count === index);
  }

  private allPartitions(): Assignment[] {
    return this.topics.flatMap((topic) =>
      this.log.topic(topic).partitions.map((_, partition) => ({ topic, partition })),
    );
  }

  private rebalance(): void {
    this.generation += 1;
    this.log.notify();
  }
}
