// What one sg.registry or sg.control record means, checked the same way by every follower. A
// registration (keyed by agent name) and a control command take effect only when signed by a
// configured operator key; an agent's own announcement (keyed request:<name>, signed with the key
// it asks for) is a request that grants nothing. A tombstone (null value) carries no signature, so
// it carries no authority: under a registration or control key it is rejected (an operator retires
// an agent with a signed registration marked retired, and lifts a kill switch with a signed
// RESUME); under a request key it withdraws the request, which granted nothing anyway.
import type { ConsumedRecord } from '../bus/port.ts';
import type { Codec } from '../schemas/codec.ts';
import { isRetriable, SwarmgateError } from '../schemas/errors.ts';
import type { AgentAnnounced, ControlCommand, RecordTypes } from '../schemas/generated/types.ts';
import { recordSignatureValid, type SelfSignedName } from '../schemas/signing.ts';
import type { OperatorKeys } from './operator-keys.ts';

const requestPrefix = 'request:';
export const requestKey = (agent: string): string => `${requestPrefix}${agent}`;
/** Drills are keyed apart from the agent's kill switch: the newest command per key is its state. */
export const drillKey = (agent: string): string => `drill:${agent}`;
export const controlKey = (command: Pick<ControlCommand, 'kind' | 'target'>): string =>
  command.kind === 'DRILL' ? drillKey(command.target) : command.target;

/** Why a record has no effect; its code becomes the dead letter's errorCode. */
export class UntrustedRecordError extends SwarmgateError {
  readonly retriable = false;
  readonly code = 'UNTRUSTED';
  override readonly name = 'UntrustedRecordError';
}

export type RegistryChange =
  | { readonly kind: 'registered'; readonly registration: AgentAnnounced }
  | { readonly kind: 'retired'; readonly agent: string; readonly at: number }
  | { readonly kind: 'requested'; readonly request: AgentAnnounced }
  | { readonly kind: 'withdrawn'; readonly agent: string }
  | { readonly kind: 'commanded'; readonly command: ControlCommand }
  | { readonly kind: 'rejected'; readonly error: Error };

const rejected = (reason: string): RegistryChange => ({
  kind: 'rejected',
  error: new UntrustedRecordError(reason),
});

/** Null when an operator key signed the record, else why not. */
function operatorSignatureProblem<N extends SelfSignedName>(
  codec: Codec,
  keys: OperatorKeys,
  name: N,
  value: RecordTypes[N],
  what: string,
): string | null {
  const { signedBy, signature } = value;
  if (!signedBy || !signature) return `${what} is not signed by an operator key`;
  const key = keys.get(signedBy);
  if (!key) return `${what} is signed by key ${signedBy}, which is not a configured operator key`;
  return recordSignatureValid(codec, name, value, key)
    ? null
    : `the signature of ${what} does not verify with operator key ${signedBy}`;
}

export function registryChange(
  codec: Codec,
  keys: OperatorKeys,
  key: string,
  value: AgentAnnounced | null,
): RegistryChange {
  if (key === '') return rejected('a registry record needs the agent name as its key');
  if (key.startsWith(requestPrefix)) {
    const agent = key.slice(requestPrefix.length);
    if (value === null) return { kind: 'withdrawn', agent };
    if (value.name !== agent) return rejected(`request keyed ${key} names agent ${value.name}`);
    if (value.retired) return rejected(`request of ${agent} asks to be retired; only an operator retires`);
    // Proof of possession: the request is signed with the private half of the key it asks for. It
    // does not prove who wrote it (every agent may write sg.registry): `agents approve` pins the key
    // by the fingerprint the operator got from the agent's host.
    const possessed =
      value.signedBy === agent &&
      recordSignatureValid(codec, 'swarmgate.v1.AgentAnnounced', value, value.publicKey);
    return possessed
      ? { kind: 'requested', request: value }
      : rejected(`request of ${agent} is not signed with the key it asks to register`);
  }
  if (value === null)
    return rejected(
      `a tombstone on registration key ${key} carries no signature: retire with \`swarmgate agents retire\``,
    );
  if (value.name !== key) return rejected(`registration keyed ${key} registers agent ${value.name}`);
  const what = `the registration of ${key}`;
  const problem = operatorSignatureProblem(codec, keys, 'swarmgate.v1.AgentAnnounced', value, what);
  if (problem) return rejected(problem);
  return value.retired
    ? { kind: 'retired', agent: key, at: value.announcedAt }
    : { kind: 'registered', registration: value };
}

export function controlChange(
  codec: Codec,
  keys: OperatorKeys,
  key: string,
  value: ControlCommand | null,
): RegistryChange {
  if (value === null)
    return rejected(`a tombstone on control key ${key} carries no signature: lift with \`swarmgate resume\``);
  const what = `${value.kind} ${value.target} (${value.id})`;
  if (key !== controlKey(value)) return rejected(`${what} is keyed ${key}, not ${controlKey(value)}`);
  const problem = operatorSignatureProblem(codec, keys, 'swarmgate.v1.ControlCommand', value, what);
  return problem ? rejected(problem) : { kind: 'commanded', command: value };
}

export interface RegistryTopics {
  readonly registry: string;
  readonly control: string;
}

/** Decodes and checks a record of either topic; only a retriable failure (registry down) throws. */
export async function readChange(
  codec: Codec,
  keys: OperatorKeys,
  topics: RegistryTopics,
  record: ConsumedRecord,
): Promise<RegistryChange> {
  const key = record.key?.toString() ?? '';
  try {
    if (record.topic === topics.registry) {
      const value =
        record.value === null ? null : await codec.decodeAs('swarmgate.v1.AgentAnnounced', record.value);
      return registryChange(codec, keys, key, value);
    }
    const value =
      record.value === null ? null : await codec.decodeAs('swarmgate.v1.ControlCommand', record.value);
    return controlChange(codec, keys, key, value);
  } catch (error) {
    if (isRetriable(error)) throw error;
    return { kind: 'rejected', error: error instanceof Error ? error : new Error(String(error)) };
  }
}
