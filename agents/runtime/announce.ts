import type { Bus } from '../../bus/port.ts';
import type { TopicNames } from '../../bus/topics.ts';
import type { Codec } from '../../schemas/codec.ts';
import type { AnyAgent } from '../decider.ts';

/** Publishes the agent's registry entry (sg.registry is compacted by agent name). */
export async function announce(
  bus: Bus,
  codec: Codec,
  names: TopicNames,
  agent: AnyAgent,
  publicKeyPem: string,
  now: number,
): Promise<void> {
  const value = await codec.encode('swarmgate.v1.AgentAnnounced', {
    name: agent.name,
    version: agent.version,
    consumes: agent.consumes,
    emits: agent.emits,
    riskClass: agent.riskClass,
    clearance: agent.clearance,
    requiredRoles: agent.requiredRoles,
    fallback: agent.fallbackDescription,
    publicKey: publicKeyPem,
    announcedAt: now,
  });
  await bus.send([{ topic: names.registry, key: agent.name, value }]);
}
