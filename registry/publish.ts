// Writing sg.registry and sg.control: operator-signed registrations and control commands, and an
// agent's request (signed with its own key). Every writer — the CLI, the embedded default, the
// test harnesses — goes through these, so what they write is exactly what followers check.
import type { OutgoingRecord } from '../bus/port.ts';
import type { TopicNames } from '../bus/topics.ts';
import type { Codec } from '../schemas/codec.ts';
import type { AgentAnnounced, ControlCommand } from '../schemas/generated/types.ts';
import { signRecord, type Signer } from '../schemas/signing.ts';
import { controlKey, requestKey } from './records.ts';

/** What an operator vouches for: every field of the registry entry but the signature. */
export type Registration = Omit<AgentAnnounced, 'signedBy' | 'signature'>;

/** An entry's fields without its signature: what an operator re-signs (a retirement, a test's approval). */
export function approvalOf(request: AgentAnnounced): Registration {
  const registration: { -readonly [K in keyof AgentAnnounced]: AgentAnnounced[K] } = { ...request };
  delete registration.signedBy;
  delete registration.signature;
  return registration;
}

/** The operator-signed registration, keyed by agent name: this takes effect. */
export async function registrationRecord(
  codec: Codec,
  names: TopicNames,
  registration: Registration,
  operator: Signer,
): Promise<OutgoingRecord> {
  const signed = signRecord(codec, 'swarmgate.v1.AgentAnnounced', registration, operator);
  return {
    topic: names.registry,
    key: registration.name,
    value: await codec.encode('swarmgate.v1.AgentAnnounced', signed),
  };
}

/** The agent's own announcement, signed with the key it asks for: a request, granting nothing. */
export async function requestRecord(
  codec: Codec,
  names: TopicNames,
  request: Registration,
  agent: Signer,
): Promise<OutgoingRecord> {
  if (agent.keyId !== request.name) throw new Error(`${agent.keyId} cannot request for ${request.name}`);
  const signed = signRecord(codec, 'swarmgate.v1.AgentAnnounced', request, agent);
  return {
    topic: names.registry,
    key: requestKey(request.name),
    value: await codec.encode('swarmgate.v1.AgentAnnounced', signed),
  };
}

export type UnsignedCommand = Omit<ControlCommand, 'signedBy' | 'signature'>;

/** An operator-signed control command, keyed by target (drills apart): the newest signed one per key holds. */
export async function controlRecord(
  codec: Codec,
  names: TopicNames,
  command: UnsignedCommand,
  operator: Signer,
): Promise<OutgoingRecord> {
  const signed = signRecord(codec, 'swarmgate.v1.ControlCommand', command, operator);
  return {
    topic: names.control,
    key: controlKey(command),
    value: await codec.encode('swarmgate.v1.ControlCommand', signed),
  };
}
