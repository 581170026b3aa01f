// Records an operator or an agent would put on sg.registry and sg.control.
import { randomUUID } from 'node:crypto';
import type { AgentAnnounced, ControlCommand } from '../../schemas/generated/types.ts';
import type { Services } from './services.ts';

export function announcement(name: string, overrides: Partial<AgentAnnounced> = {}): AgentAnnounced {
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

export function command(kind: ControlCommand['kind'], target: string): ControlCommand {
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

export async function announce(
  services: Pick<Services, 'bus' | 'codec' | 'names'>,
  ...agents: AgentAnnounced[]
): Promise<void> {
  const { bus, codec, names } = services;
  const records = await Promise.all(
    agents.map(async (agent) => ({
      topic: names.registry,
      key: agent.name,
      value: await codec.encode('swarmgate.v1.AgentAnnounced', agent),
    })),
  );
  await bus.send(records);
}

export async function control(
  services: Pick<Services, 'bus' | 'codec' | 'names'>,
  commandRecord: ControlCommand,
): Promise<void> {
  const { bus, codec, names } = services;
  const value = await codec.encode('swarmgate.v1.ControlCommand', commandRecord);
  await bus.send([{ topic: names.control, key: commandRecord.target, value }]);
}
