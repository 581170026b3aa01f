// The case desk is where humans record decisions (maker-checker). Its records on sg.proposed are
// signed like an agent's, so its public key is announced on sg.registry like an agent's.
import { loadIdentity, type AgentIdentity } from '../agents/runtime/keys.ts';
import type { Bus } from '../bus/port.ts';
import type { TopicNames } from '../bus/topics.ts';
import type { Codec } from '../schemas/codec.ts';
import { keyDirectory } from './config.ts';

export const caseDesk = 'case-desk';

/** The case desk's key; `create` only for the embedded default (otherwise `swarmgate keys init`). */
export function caseDeskIdentity(
  options: { readonly env?: NodeJS.ProcessEnv; readonly create?: boolean } = {},
): AgentIdentity {
  const env = options.env ?? process.env;
  return loadIdentity(caseDesk, keyDirectory(env), { env, create: options.create });
}

/** The case desk's public key as last announced on sg.registry, if ever. */
async function announcedKey(bus: Bus, codec: Codec, names: TopicNames): Promise<string | undefined> {
  let current: string | undefined;
  await bus.replay(names.registry, { offset: '0' }, async (record) => {
    if (record.key?.toString() !== caseDesk) return;
    current = (await codec.decodeAs('swarmgate.v1.AgentAnnounced', record.value)).publicKey;
  });
  return current;
}

/**
 * Announces the case desk unless sg.registry already holds this key; true if it announced. It
 * consumes nothing: the gate only needs its key.
 */
export async function announceCaseDesk(
  bus: Bus,
  codec: Codec,
  names: TopicNames,
  identity: AgentIdentity,
): Promise<boolean> {
  if ((await announcedKey(bus, codec, names)) === identity.publicKeyPem) return false;
  const value = await codec.encode('swarmgate.v1.AgentAnnounced', {
    name: caseDesk,
    version: '1',
    consumes: [],
    emits: ['human.DecisionRecorded'],
    riskClass: 'LOW',
    clearance: 'INTERNAL',
    requiredRoles: [],
    fallback: 'none: human decisions are recorded as given',
    publicKey: identity.publicKeyPem,
    announcedAt: Date.now(),
  });
  await bus.send([{ topic: names.registry, key: caseDesk, value }]);
  return true;
}
