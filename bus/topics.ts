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
  /** Signed heads of the projector's audit chain (written by the projector). */
  readonly checkpoints: string;
  inbox(agent: string): string;
  /** An agent's state per inbox partition (compacted changelog; only that agent reads and writes it). */
  agentState(agent: string): string;
  /**
   * What an agent could not process, written by that agent only: the topic proves the writer,
   * so no agent can forge another's dead letters or the gate's on sg.dlq.
   */
  agentDlq(agent: string): string;
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
    checkpoints: `${prefix}sg.audit-checkpoints`,
    inbox: (agent) => `${prefix}sg.inbox.${agent}`,
    agentState: (agent) => `${prefix}sg.agent-state.${agent}`,
    agentDlq: (agent) => `${prefix}sg.dlq.${agent}`,
  };
}

/** The gates' consumer group; it also prefixes their transactional ids (one per partition number). */
export const gateGroupId = (names: TopicNames): string => `${names.ingress}.gate`;

/** An agent's consumer group; it also prefixes its transactional ids (one per inbox partition). */
export const agentGroupId = (names: TopicNames, agent: string): string => `${names.inbox(agent)}.agent`;

export interface TopicLayout {
  /** Partitions of the workflow topics (ingress, proposed, decisions, inboxes). */
  readonly partitions: number;
  readonly agents: readonly string[];
  /** Keep the audit topics this long, in ms; forever (-1) by default. */
  readonly auditRetentionMs?: number;
  /** Acknowledged writes need this many in-sync replicas (2 with 3 replicas). */
  readonly minInsyncReplicas?: number;
  /** Copies of every partition (3 on a production cluster); the broker's default when absent. */
  readonly replicationFactor?: number;
  /** How long the workflow topics (ingress, proposed, inboxes) keep records; 7 days by default. */
  readonly workflowRetentionMs?: number;
}

/** How the state changelogs (sg.gate-state, sg.agent-state.*) roll and compact. */
export const changelogConfig: Readonly<Record<string, string>> = {
  'segment.bytes': String(8 * 1024 * 1024),
  'segment.ms': String(10 * 60 * 1000),
  'min.cleanable.dirty.ratio': '0.1',
  'min.compaction.lag.ms': '0',
};

/** The workflow topics: the gate and the agents read them once; the audit rests on sg.decisions. */
export const defaultWorkflowRetentionMs = 7 * 24 * 60 * 60 * 1000;

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

/** The topics audits rely on: their whole history is evidence, kept forever by default. */
export const auditTopics = (names: TopicNames): string[] => [
  names.decisions,
  names.checkpoints,
  names.registry,
  names.control,
];

/**
 * Every topic swarmgate needs, each with an explicit cleanup policy and retention (a broker's
 * defaults differ between clusters), its partitions and replication.
 */
export function topicSpecs(names: TopicNames, layout: TopicLayout): TopicSpec[] {
  const replicas = {
    ...(layout.replicationFactor ? { replicationFactor: layout.replicationFactor } : {}),
  };
  const insync: Record<string, string> = layout.minInsyncReplicas
    ? { 'min.insync.replicas': String(layout.minInsyncReplicas) }
    : {};
  const workflow = (topic: string): TopicSpec => ({
    topic,
    partitions: layout.partitions,
    ...replicas,
    config: {
      'cleanup.policy': 'delete',
      'retention.ms': String(layout.workflowRetentionMs ?? defaultWorkflowRetentionMs),
      'retention.bytes': '-1',
      ...insync,
    },
  });
  // A changelog: the latest record per key is the state, kept whatever its age. A restore reads
  // the partition to its end, so small segments let the cleaner compact all but the newest few
  // megabytes: what a restore reads follows the live state, not how often it changed.
  const compacted = (topic: string): TopicSpec => ({
    topic,
    partitions: layout.partitions,
    compacted: true,
    ...replicas,
    config: { 'cleanup.policy': 'compact', ...changelogConfig, ...insync },
  });
  const audit = (topic: string, partitions: number): TopicSpec => ({
    topic,
    partitions,
    ...replicas,
    config: auditTopicConfig(layout),
  });
  // What the gate decides arrives stamped by the broker: a rate window counts a record at its
  // arrival, and a timestamp the producer chose could move a flood into the past.
  const arrival = (spec: TopicSpec): TopicSpec => ({
    ...spec,
    config: { ...spec.config, 'message.timestamp.type': 'LogAppendTime' },
  });
  return [
    arrival(workflow(names.ingress)),
    arrival(workflow(names.proposed)),
    audit(names.decisions, layout.partitions),
    audit(names.checkpoints, 1),
    // Who registered which key, and every kill and resume, are evidence too; and a compacted topic
    // would let a later record displace a signed one for followers that start after the cleaner.
    audit(names.registry, 1),
    audit(names.control, 1),
    // A dead letter is the only copy of a record nobody could process: kept like the evidence.
    { topic: names.dlq, partitions: 1, ...replicas, config: { ...auditTopicConfig(layout) } },
    ...layout.agents.map((agent) => ({
      topic: names.agentDlq(agent),
      partitions: 1,
      ...replicas,
      config: { ...auditTopicConfig(layout) },
    })),
    // Co-partitioned with sg.ingress and sg.proposed: partition n of each belongs to one gate.
    compacted(names.gateState),
    workflow(names.gateRepartition),
    ...layout.agents.map((agent) => workflow(names.inbox(agent))),
    // Co-partitioned with the agent's inbox: partition n holds the state of inbox partition n.
    ...layout.agents.map((agent) => compacted(names.agentState(agent))),
  ];
}
