// Operators decide who the agents are: `agents register` signs a registration from the agent's
// card and its public key, `agents approve` signs the card with the key the agent requested once
// the operator's fingerprint pins that key (a request proves possession of a key, not who sent it:
// any agent may write sg.registry), `agents retire` signs the registration in effect marked retired
// (a tombstone carries no signature, so it retires nothing). Key rotation is a new registration.
// What a registration grants (consumes, emits, risk class, clearance, roles) comes from the card,
// never from a request.
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { createBankingAgents } from '../../agents/banking/index.ts';
import { registrationOf } from '../../agents/runtime/announce.ts';
import type { Bus } from '../../bus/port.ts';
import type { TopicNames } from '../../bus/topics.ts';
import type { RegistryFold } from '../../registry/fold.ts';
import { replayRegistry } from '../../registry/follow.ts';
import { approvalOf, registrationRecord, type Registration } from '../../registry/publish.ts';
import type { Codec } from '../../schemas/codec.ts';
import type { AgentAnnounced } from '../../schemas/generated/types.ts';
import { keyFingerprintOf } from '../../schemas/signing.ts';
import { caseDesk, caseDeskRegistration } from '../case-desk.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { connectLog } from '../embedded.ts';
import { operatorKeys, operatorKeySigner } from '../operator.ts';

/** The registration an agent's card asks for: a banking agent's, or the case desk's. */
export function cardOf(name: string, publicKeyPem: string, now: number): Registration {
  if (name === caseDesk) return caseDeskRegistration(publicKeyPem, now);
  const agent = createBankingAgents().find((candidate) => candidate.name === name);
  if (!agent) {
    const known = [...createBankingAgents().map((a) => a.name), caseDesk].join(', ');
    throw new ConfigError(`no card for agent "${name}"; one of ${known}`);
  }
  return registrationOf(agent, publicKeyPem, now);
}

const fingerprintFormat = /^[0-9a-f]{64}$/;

/**
 * The requested key, if it is the one whose fingerprint the operator verified with the agent's
 * host: the request itself only proves that whoever wrote it holds that key.
 */
export function pinnedKey(request: AgentAnnounced, fingerprint: string): string {
  const expected = fingerprint.trim().toLowerCase();
  if (!fingerprintFormat.test(expected))
    throw new ConfigError(
      `--fingerprint takes the 64 hex digits \`swarmgate keys fingerprint ${request.name}\` prints on the agent's host, got "${fingerprint}"`,
    );
  const requested = keyFingerprintOf(request.publicKey);
  if (requested !== expected)
    throw new ConfigError(
      `the key requested for "${request.name}" has fingerprint ${requested}, not ${expected}: nothing signed (whoever wrote the request holds that key; it need not be the agent)`,
    );
  return request.publicKey;
}

type Entry = Pick<AgentAnnounced, keyof Registration>;

/** What an entry grants, for an operator to read before and after signing. */
function summary(entry: Entry) {
  const { name, version, riskClass, clearance, consumes, emits, requiredRoles, publicKey } = entry;
  const grants = { name, version, riskClass, clearance, consumes, emits, requiredRoles };
  return { ...grants, stateKey: entry.stateKey ?? null, key: keyFingerprintOf(publicKey) };
}

const withRetired = (entry: Entry): Record<string, unknown> => ({
  ...summary(entry),
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
function changes(current: AgentAnnounced | undefined, next: Entry): string[] {
  if (!current) return ['new agent'];
  return differingFields(current, next).map(({ field, from, to }) =>
    field === 'key' ? `key rotated: ${from} -> ${to}` : `${field}: ${from} -> ${to}`,
  );
}

/** The card with the pinned requested key; what else the request asked for is shown, not granted. */
function approvalFor(name: string, fold: RegistryFold, fingerprint: string): Registration {
  const request = fold.request(name);
  if (!request) throw new ConfigError(`agent "${name}" has not requested a registration on sg.registry`);
  // Dated when signed: the fold keeps the newest registration, and the request may be older.
  const approval = cardOf(name, pinnedKey(request, fingerprint), Date.now());
  const ignored = differingFields(approval, request).map(
    ({ field, from, to }) => `${field}: requested ${to}, the card has ${from}`,
  );
  if (ignored.length > 0) console.log(JSON.stringify({ event: 'agents.not-granted', name, ignored }));
  return approval;
}

async function withKafka(client: string, run: (bus: Bus, codec: Codec, names: TopicNames) => Promise<void>) {
  const { bus, codec, names } = await connectLog(loadConfig(), client, 'agents');
  try {
    await run(bus, codec, names);
  } finally {
    await bus.close();
  }
}

/** Signs the registration made from the registry as it is, having printed what it changes. */
async function sign(
  name: string,
  event: string,
  registrationFrom: (fold: RegistryFold) => Registration,
): Promise<void> {
  const config = loadConfig();
  const operator = operatorKeySigner(config);
  await withKafka('swarmgate-agents', async (bus, codec, names) => {
    const fold = await replayRegistry(bus, codec, names, operatorKeys(config));
    const registration = registrationFrom(fold);
    const changed = changes(fold.registration(name), registration);
    console.log(JSON.stringify({ event: 'agents.changes', name, changes: changed }));
    await bus.send([await registrationRecord(codec, names, registration, operator)]);
    console.log(JSON.stringify({ event, ...summary(registration), signedBy: operator.keyId }));
  });
}

function retirementOf(name: string, current: AgentAnnounced | undefined): Registration {
  if (!current) throw new ConfigError(`agent "${name}" has no registration in effect to retire`);
  return { ...approvalOf(current), retired: true, announcedAt: Date.now() };
}

export function agentsCommand(program: Command): void {
  const agents = program
    .command('agents')
    .description('operator-signed agent registrations on sg.registry (register, approve, retire, list)');
  agents
    .command('register')
    .description("sign a registration from the agent's card and its public key; also how a key is rotated")
    .argument('<name>', 'a banking agent or case-desk')
    .requiredOption('--public-key <file>', "the agent's Ed25519 public key (PEM)")
    .addHelpText(
      'after',
      '\nSigned with SWARMGATE_OPERATOR_KEY_FILE. Example:\n  swarmgate agents register fraud --public-key fraud.pub.pem',
    )
    .action((name: string, options: { publicKey: string }) => {
      const pem = createPublicKey(readFileSync(options.publicKey)).export({ type: 'spki', format: 'pem' });
      return sign(name, 'agents.registered', () => cardOf(name, pem.toString(), Date.now()));
    });
  agents
    .command('approve')
    .description(
      "sign the agent's card with the key it requested on sg.registry, if that key has the fingerprint",
    )
    .argument('<name>', 'the agent')
    .requiredOption(
      '--fingerprint <sha256>',
      "the requested key's fingerprint, as `swarmgate keys fingerprint <name>` prints it on the agent's host",
    )
    .addHelpText(
      'after',
      [
        '',
        "On the agent's host, `swarmgate keys fingerprint <name>` prints it: get it from there over a channel",
        'other than Kafka. A request whose key has another fingerprint is refused and nothing is signed.',
        "The grants (consumes, emits, risk class, clearance, roles) are the card's: what the request asks",
        'beyond it is listed as not granted. Every field that changes from the registration in effect is',
        'printed before signing (a new key as "key rotated").',
        'Example:',
        '  swarmgate agents approve fraud --fingerprint <64 hex digits>',
      ].join('\n'),
    )
    .action((name: string, options: { fingerprint: string }) =>
      sign(name, 'agents.approved', (fold) => approvalFor(name, fold, options.fingerprint)),
    );
  agents
    .command('retire')
    .description(
      'sign the registration in effect marked retired: the gate stops routing to the agent and trusting its key',
    )
    .argument('<name>', 'the agent')
    .addHelpText(
      'after',
      '\nA tombstone on sg.registry retires nothing. Example:\n  swarmgate agents retire fraud',
    )
    .action((name: string) =>
      sign(name, 'agents.retired', (fold) => retirementOf(name, fold.registration(name))),
    );
  agents
    .command('list')
    .description('registrations in effect, and requests that differ from them')
    .action(async () => {
      const config = loadConfig();
      await withKafka('swarmgate-agents', async (bus, codec, names) => {
        const fold = await replayRegistry(bus, codec, names, operatorKeys(config));
        for (const entry of fold.registrations()) {
          const request = fold.request(entry.name);
          const pending = request ? changes(entry, request) : [];
          console.log(JSON.stringify({ ...summary(entry), signedBy: entry.signedBy, pending }));
        }
      });
    });
}
