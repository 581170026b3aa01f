// The case desk is where humans record decisions (maker-checker). Its records on sg.proposed are
// signed like an agent's, so its public key is announced on sg.registry like an agent's.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { loadIdentity, type AgentIdentity } from '../agents/runtime/keys.ts';
import type { Bus } from '../bus/port.ts';
import type { TopicNames } from '../bus/topics.ts';
import type { Codec } from '../schemas/codec.ts';

export const caseDesk = 'case-desk';

export function keyDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return env.SWARMGATE_KEY_DIR ?? join(homedir(), '.swarmgate', 'keys');
}

export function caseDeskIdentity(env: NodeJS.ProcessEnv = process.env): AgentIdentity {
  return loadIdentity(caseDesk, keyDirectory(env), env);
}

/** Announces the case desk: it consumes nothing; the gate only needs its key. */
export async function announceCaseDesk(
  bus: Bus,
  codec: Codec,
  names: TopicNames,
  identity: AgentIdentity,
): Promise<void> {
  const value = await codec.encode('swarmgate.v1.AgentAnnounced', {
    name: caseDesk,
    version: '1',
    consumes: [],
    emits: ['human.DecisionRecorded'],
    riskClass: 'LOW',
    clearance: 'INTERNAL',
    requiredRoles: [],
    fallback: 'humans decide; no fallback',
    publicKey: identity.publicKeyPem,
    announcedAt: Date.now(),
  });
  await bus.send([{ topic: names.registry, key: caseDesk, value }]);
}
