import type { Bus } from '../../bus/port.ts';
import { retrying } from '../../bus/retry.ts';
import type { TopicNames } from '../../bus/topics.ts';
import { requestRecord, type Registration } from '../../registry/publish.ts';
import type { Codec } from '../../schemas/codec.ts';
import type { Signer } from '../../schemas/signing.ts';
import type { AnyAgent } from '../decider.ts';

/** The registry entry an agent's card asks for, with its public key. */
export function registrationOf(agent: AnyAgent, publicKeyPem: string, now: number): Registration {
  return {
    name: agent.name,
    version: agent.version,
    consumes: agent.consumes,
    emits: agent.emits,
    riskClass: agent.riskClass,
    clearance: agent.clearance,
    requiredRoles: agent.requiredRoles,
    fallback: agent.fallbackDescription,
    stateKey: agent.stateKey ?? null,
    publicKey: publicKeyPem,
    announcedAt: now,
  };
}

/**
 * Announces the agent on sg.registry as a request (keyed request:<name>, signed with its own key).
 * It grants nothing: the gate routes to the agent and trusts its key only once an operator has
 * signed a registration (`swarmgate agents approve|register`). An agent started while brokers are
 * down waits for them here, as its consumers do, instead of exiting.
 */
export async function announce(
  bus: Bus,
  codec: Codec,
  names: TopicNames,
  agent: AnyAgent,
  identity: Signer & { readonly publicKeyPem: string },
  now: number,
): Promise<void> {
  const request = registrationOf(agent, identity.publicKeyPem, now);
  const record = await requestRecord(codec, names, request, identity);
  await retrying(() => bus.send([record]));
}
