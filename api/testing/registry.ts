// Records an operator or an agent would put on sg.registry and sg.control, signed by the test
// operator through the shipped writers and checks (registry/).
import { randomUUID } from 'node:crypto';
import { RegistryFold } from '../../registry/fold.ts';
import {
  controlRecord,
  registrationRecord,
  type Registration,
  type UnsignedCommand,
} from '../../registry/publish.ts';
import { controlChange, controlKey, registryChange } from '../../registry/records.ts';
import { testOperator } from '../../registry/testing.ts';
import { Codec } from '../../schemas/codec.ts';
import { signRecord } from '../../schemas/signing.ts';
import type { Services } from './services.ts';

export function announcement(name: string, overrides: Partial<Registration> = {}): Registration {
  return {
    name,
    version: '1.0.0',
    consumes: ['banking.TransactionPosted'],
    emits: ['fraud.RiskScored'],
    riskClass: 'LOW',
    clearance: 'INTERNAL',
    requiredRoles: [],
    fallback: 'scores UNSCORED and asks for a manual look',
    publicKey: 'unused in these tests',
    announcedAt: Date.UTC(2025, 0, 15, 8),
    ...overrides,
  };
}

export function command(kind: UnsignedCommand['kind'], target: string): UnsignedCommand {
  return {
    id: randomUUID(),
    kind,
    target,
    reason: 'incident INC-7',
    issuedBy: 'ops-oscar',
    issuedAt: Date.UTC(2025, 0, 15, 10),
    policyVersion: null,
  };
}

/** Operator-signed registrations on the services' sg.registry. */
export async function register(
  services: Pick<Services, 'bus' | 'codec' | 'names'>,
  ...agents: Registration[]
): Promise<void> {
  const { bus, codec, names } = services;
  const { signer } = testOperator();
  await bus.send(await Promise.all(agents.map((agent) => registrationRecord(codec, names, agent, signer))));
}

export async function control(
  services: Pick<Services, 'bus' | 'codec' | 'names'>,
  commandRecord: UnsignedCommand,
): Promise<void> {
  const { bus, codec, names } = services;
  await bus.send([await controlRecord(codec, names, commandRecord, testOperator().signer)]);
}

/** A fold of operator-signed registrations and commands, as a follower would apply them. */
export function signedFold(
  agents: readonly Registration[],
  commands: readonly UnsignedCommand[] = [],
): RegistryFold {
  const codec = Codec.embedded();
  const { signer, keys } = testOperator();
  const fold = new RegistryFold();
  for (const agent of agents) {
    const signed = signRecord(codec, 'swarmgate.v1.AgentAnnounced', agent, signer);
    fold.apply(registryChange(codec, keys, agent.name, signed));
  }
  for (const entry of commands) {
    const signed = signRecord(codec, 'swarmgate.v1.ControlCommand', entry, signer);
    fold.apply(controlChange(codec, keys, controlKey(entry), signed));
  }
  return fold;
}
