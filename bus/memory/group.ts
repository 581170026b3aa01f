import type { MemoryLog } from './log.ts';

export interface Assignment {
  readonly topic: string;
  readonly partition: number;
}

/** A consumer group's members and their partitions, reassigned round-robin on every join or leave. */
export class MemoryGroup {
  private members: string[] = [];
  generation = 0;

  constructor(
    private readonly log: MemoryLog,
    private readonly topics: readonly string[],
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
    return this.allPartitions().filter((_, i) => i % this.members.length === index);
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
