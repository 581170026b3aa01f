import type { TopicSpec } from './port.ts';

/** The topic names of one swarmgate installation; a prefix isolates installations (and tests). */
export interface TopicNames {
  readonly ingress: string;
  readonly proposed: string;
  readonly decisions: string;
  readonly registry: string;
  readonly control: string;
  readonly dlq: string;
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
    inbox: (agent) => `${prefix}sg.inbox.${agent}`,
  };
}

export interface TopicLayout {
  /** Partitions of the workflow topics (ingress, proposed, decisions, inboxes). */
  readonly partitions: number;
  readonly agents: readonly string[];
}

/** Every topic swarmgate needs, with its partition count and cleanup policy. */
export function topicSpecs(names: TopicNames, layout: TopicLayout): TopicSpec[] {
  const workflow = (topic: string): TopicSpec => ({ topic, partitions: layout.partitions });
  return [
    workflow(names.ingress),
    workflow(names.proposed),
    workflow(names.decisions),
    { topic: names.registry, partitions: 1, compacted: true },
    { topic: names.control, partitions: 1, compacted: true },
    { topic: names.dlq, partitions: 1 },
    ...layout.agents.map((agent) => workflow(names.inbox(agent))),
  ];
}
