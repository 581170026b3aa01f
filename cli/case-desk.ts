// The case desk is where humans record decisions (maker-checker). Its records on sg.proposed are
// signed like an agent's, so it is registered on sg.registry like an agent: it requests its
// registration with its own key, and an operator approves it (`swarmgate agents approve case-desk --fingerprint <fp>`).
import { loadIdentity, type AgentIdentity } from '../agents/runtime/keys.ts';
import type { Bus } from '../bus/port.ts';
import type { TopicNames } from '../bus/topics.ts';
import { replayRegistry } from '../registry/follow.ts';
import type { OperatorKeys } from '../registry/operator-keys.ts';
import { requestRecord, type Registration } from '../registry/publish.ts';
import type { Codec } from '../schemas/codec.ts';
import { HUMAN_DECISION } from '../schemas/vocabulary.ts';
import { keyDirectory } from './config.ts';

export const caseDesk = 'case-desk';

/** The case desk's key; `create` only for the embedded default (otherwise `swarmgate keys init`). */
export function caseDeskIdentity(
  options: { readonly env?: NodeJS.ProcessEnv; readonly create?: boolean } = {},
): AgentIdentity {
  const env = options.env ?? process.env;
  return loadIdentity(caseDesk, keyDirectory(env), { env, create: options.create });
}

/** The case desk's card: it consumes nothing, the gate only needs its key. */
export function caseDeskRegistration(publicKeyPem: string, now: number): Registration {
  return {
    name: caseDesk,
    version: '1',
    consumes: [],
    emits: [HUMAN_DECISION],
    riskClass: 'LOW',
    clearance: 'INTERNAL',
    requiredRoles: [],
    fallback: 'none: human decisions are recorded as given',
    publicKey: publicKeyPem,
    announcedAt: now,
  };
}

export type CaseDeskStatus = 'registered' | 'requested';

/**
 * 'registered' when an operator-signed registration holds this key; else requests one (once per
 * key) and says 'requested': the gate denies the case desk's records until an operator approves.
 */
export async function requestCaseDesk(
  bus: Bus,
  codec: Codec,
  names: TopicNames,
  keys: OperatorKeys,
  identity: AgentIdentity,
): Promise<CaseDeskStatus> {
  const fold = await replayRegistry(bus, codec, names, keys);
  if (fold.registration(caseDesk)?.publicKey === identity.publicKeyPem) return 'registered';
  if (fold.request(caseDesk)?.publicKey !== identity.publicKeyPem) {
    const request = caseDeskRegistration(identity.publicKeyPem, Date.now());
    await bus.send([await requestRecord(codec, names, request, identity)]);
  }
  return 'requested';
}
