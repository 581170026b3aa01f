import type { TopicSpec } from './port.ts';

/** The topic names of one swarmgate installation; a prefix isolates installations (and tests). */
export interface TopicNames {
  readonly ingress: string;
  readonly proposed: string;
  readonly decisions: string;
  readonly registry: string;
  readonly control: string;
  readonly dlq: string;
  /** The gate's state per partition number (compacted changelog; only gates read and write it). */
  readonly gateState: string;
  /** Records on their way to the gate that owns their next rate key or their workflow. */
  readonly gateRepartition: string;
  inbox(agent: string): string;
}

export function topicNames(prefix = ''): TopicNames {
  return {
    ingress: `${prefix}sg.ingress`,
    proposed: `${prefix}sg.proposed`,
    decisions: `${prefix}sg.decisions`,
    registry: `${prefix}sg.registry`,
    control: `${prefix}sg.control`,
    dlq: `${prefix}sg.dlq`,
    gateState: `${prefix}sg.gate-state`,
    gateRepartition: `${prefix}sg.gate-repartition`,
    inbox: (agent) => `${prefix}sg.inbox.${agent}`,
  };
}

export interface TopicLayout {
  /** Partitions of the workflow topics (ingress, proposed, decisions, inboxes). */
  readonly partitions: number;
  readonly agents: readonly string[];
  /** Keep the audit topics this long, in ms; forever (-1) by default. */
  readonly auditRetentionMs?: number;
  /** Acknowledged writes to the audit topics need this many in-sync replicas (2 with 3 replicas). */
  readonly minInsyncReplicas?: number;
}

/**
 * sg.decisions and the audit checkpoints are the evidence an auditor replays years later: every
 * audit row is compared with its record, so they are deleted by nobody — neither by time nor by
 * size (a broker default of 7 days would leave a week-old row unverifiable) — and never
 * compacted (every record matters, not the latest per key). A bank with a legal maximum sets a
 * finite period longer than its retention obligation.
 */
export function auditTopicConfig(
  layout: Pick<TopicLayout, 'auditRetentionMs' | 'minInsyncReplicas'> = {},
): Record<string, string> {
  return {
    'cleanup.policy': 'delete',
    'retention.ms': String(layout.auditRetentionMs ?? -1),
    'retention.bytes': '-1',
    ...(layout.minInsyncReplicas ? { 'min.insync.replicas': String(layout.minInsyncReplicas) } : {}),
  };
}

/** Every topic swarmgate needs, with its partition count and cleanup policy. */
export function topicSpecs(names: TopicNames, layout: TopicLayout): TopicSpec[] {
  const workflow = (topic: string): TopicSpec => ({ topic, partitions: layout.partitions });
  return [
    workflow(names.ingress),
    workflow(names.proposed),
    { ...workflow(names.decisions), config: auditTopicConfig(layout) },
    // Who registered which key, and every kill and resume, are evidence too; and a compacted topic
    // would let a later record displace a signed one for followers that start after the cleaner.
    { topic: names.registry, partitions: 1, config: auditTopicConfig(layout) },
    { topic: names.control, partitions: 1, config: auditTopicConfig(layout) },
    { topic: names.dlq, partitions: 1 },
    // Co-partitioned with sg.ingress and sg.proposed: partition n of each belongs to one gate.
    { ...workflow(names.gateState), compacted: true },
    workflow(names.gateRepartition),
    ...layout.agents.map((agent) => workflow(names.inbox(agent))),
  ];
}
