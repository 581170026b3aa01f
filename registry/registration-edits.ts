// What an operator's registry commands sign, from the registry as it is: a registration from an
// agent's card, the card approved with the key the agent requested (once its fingerprint is
// pinned), the registration in effect marked retired. Shared by `swarmgate agents` on Kafka and
// the API's registry routes beside a running swarm, so both sign exactly the same thing. The
// cards themselves (which agents exist, what each may consume and emit) are the caller's.
import { keyFingerprintOf } from '../schemas/signing.ts';
import type { AgentAnnounced } from '../schemas/generated/types.ts';
import type { RegistryFold } from './fold.ts';
import { approvalOf, type Registration } from './publish.ts';

/** The operator asked for something the registry does not allow; nothing was signed. */
export class RegistrationRefused extends Error {
  override readonly name = 'RegistrationRefused';
  constructor(
    message: string,
    readonly reason: 'unknown-agent' | 'no-request' | 'fingerprint' | 'not-registered',
  ) {
    super(message);
  }
}

/** An agent's card with a public key: what the operator's registration grants. */
export type CardOf = (name: string, publicKeyPem: string, now: number) => Registration;

const fingerprintFormat = /^[0-9a-f]{64}$/;

/**
 * The requested key, if it is the one whose fingerprint the operator verified with the agent's
 * host: the request itself only proves that whoever wrote it holds that key.
 */
export function pinnedKey(request: AgentAnnounced, fingerprint: string): string {
  const expected = fingerprint.trim().toLowerCase();
  if (!fingerprintFormat.test(expected))
    throw new RegistrationRefused(
      `the fingerprint is the 64 hex digits \`swarmgate keys fingerprint ${request.name}\` prints on the agent's host, got "${fingerprint}"`,
      'fingerprint',
    );
  const requested = keyFingerprintOf(request.publicKey);
  if (requested !== expected)
    throw new RegistrationRefused(
      `the key requested for "${request.name}" has fingerprint ${requested}, not ${expected}: nothing signed (whoever wrote the request holds that key; it need not be the agent)`,
      'fingerprint',
    );
  return request.publicKey;
}

type Entry = Pick<AgentAnnounced, keyof Registration>;

/** What an entry grants, for an operator to read before and after signing. */
export function grantsOf(entry: Entry) {
  const { name, version, riskClass, clearance, consumes, emits, requiredRoles, publicKey } = entry;
  const grants = { name, version, riskClass, clearance, consumes, emits, requiredRoles };
  return { ...grants, stateKey: entry.stateKey ?? null, key: keyFingerprintOf(publicKey) };
}

const withRetired = (entry: Entry): Record<string, unknown> => ({
  ...grantsOf(entry),
  retired: entry.retired ?? false,
});

/** The fields of `after` whose value differs in `before`. */
function differingFields(before: Entry, after: Entry): { field: string; from: string; to: string }[] {
  const [from, to] = [withRetired(before), withRetired(after)];
  return Object.keys(to)
    .map((field) => ({ field, from: JSON.stringify(from[field]), to: JSON.stringify(to[field]) }))
    .filter(({ from, to }) => from !== to);
}

/** The fields that change from the registration in effect, so nothing is granted unseen. */
export function changesFrom(current: AgentAnnounced | undefined, next: Entry): string[] {
  if (!current) return ['new agent'];
  return differingFields(current, next).map(({ field, from, to }) =>
    field === 'key' ? `key rotated: ${from} -> ${to}` : `${field}: ${from} -> ${to}`,
  );
}

export interface Approval {
  readonly registration: Registration;
  /** What the request asked beyond the card: shown, not granted. */
  readonly ignored: readonly string[];
}

/** The card with the pinned requested key, dated when signed (the request may be older). */
export function approvalFor(
  name: string,
  fold: RegistryFold,
  fingerprint: string,
  cardOf: CardOf,
  now: number,
): Approval {
  const request = fold.request(name);
  if (!request)
    throw new RegistrationRefused(
      `agent "${name}" has not requested a registration on sg.registry`,
      'no-request',
    );
  const registration = cardOf(name, pinnedKey(request, fingerprint), now);
  const ignored = differingFields(registration, request).map(
    ({ field, from, to }) => `${field}: requested ${to}, the card has ${from}`,
  );
  return { registration, ignored };
}

/** The registration in effect marked retired: the gate stops routing to it and trusting its key. */
export function retirementOf(name: string, current: AgentAnnounced | undefined, now: number): Registration {
  if (!current)
    throw new RegistrationRefused(
      `agent "${name}" has no registration in effect to retire`,
      'not-registered',
    );
  return { ...approvalOf(current), retired: true, announcedAt: now };
}

/** Each registration in effect, who signed it, and what a newer request asks to change. */
export function registryListing(fold: RegistryFold) {
  return fold.registrations().map((entry) => {
    const request = fold.request(entry.name);
    return {
      ...grantsOf(entry),
      signedBy: entry.signedBy,
      pending: request ? changesFrom(entry, request) : [],
    };
  });
}
