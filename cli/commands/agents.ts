// Operators decide who the agents are: `agents register` signs a registration from the agent's
// card and its public key, `agents approve` signs what the agent requested (its own announcement
// grants nothing), `agents retire` signs the registration in effect marked retired (a tombstone
// carries no signature, so it retires nothing). Key rotation is a new registration.
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { createBankingAgents } from '../../agents/banking/index.ts';
import { registrationOf } from '../../agents/runtime/announce.ts';
import type { KafkaBus } from '../../bus/kafka/index.ts';
import type { TopicNames } from '../../bus/topics.ts';
import { replayRegistry } from '../../registry/follow.ts';
import { approvalOf, registrationRecord, type Registration } from '../../registry/publish.ts';
import type { Codec } from '../../schemas/codec.ts';
import type { AgentAnnounced } from '../../schemas/generated/types.ts';
import { keyIdOf } from '../../schemas/signing.ts';
import { caseDesk, caseDeskRegistration } from '../case-desk.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { connectKafka } from '../connect.ts';
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

const fingerprint = (pem: string): string => keyIdOf(createPublicKey(pem));

/** What an entry grants, for an operator to read before and after signing. */
function summary(entry: Pick<AgentAnnounced, keyof Registration>) {
  const { name, version, riskClass, clearance, consumes, emits, requiredRoles, publicKey } = entry;
  return { name, version, riskClass, clearance, consumes, emits, requiredRoles, key: fingerprint(publicKey) };
}

const withRetired = (entry: Pick<AgentAnnounced, keyof Registration>): Record<string, unknown> => ({
  ...summary(entry),
  retired: entry.retired ?? false,
});

/** The fields that change from the registration in effect, so nothing is granted unseen. */
function changes(current: AgentAnnounced | undefined, next: Registration): string[] {
  if (!current) return ['new agent'];
  const before = withRetired(current);
  const after = withRetired(next);
  return Object.keys(after)
    .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
    .map((field) => `${field}: ${JSON.stringify(before[field])} -> ${JSON.stringify(after[field])}`);
}

async function withKafka(
  client: string,
  run: (bus: KafkaBus, codec: Codec, names: TopicNames) => Promise<void>,
) {
  const { bus, codec, names } = await connectKafka(loadConfig(), client);
  try {
    await run(bus, codec, names);
  } finally {
    await bus.close();
  }
}

/** Signs the registration made from the one in effect (if any), and prints what changed. */
async function sign(
  name: string,
  event: string,
  registrationFrom: (current: AgentAnnounced | undefined) => Registration,
): Promise<void> {
  const config = loadConfig();
  const operator = operatorKeySigner(config);
  await withKafka('swarmgate-agents', async (bus, codec, names) => {
    const current = (await replayRegistry(bus, codec, names, operatorKeys(config))).registration(name);
    const registration = registrationFrom(current);
    await bus.send([await registrationRecord(codec, names, registration, operator)]);
    const entry = { event, ...summary(registration), signedBy: operator.keyId };
    console.log(JSON.stringify({ ...entry, changes: changes(current, registration) }));
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
    .description('sign what the agent requested on sg.registry (its latest self-announcement)')
    .argument('<name>', 'the agent')
    .addHelpText(
      'after',
      '\nPrints every field that changes from the registration in effect (key, risk class, clearance, …).\nExample:\n  swarmgate agents approve fraud',
    )
    .action(async (name: string) => {
      const config = loadConfig();
      let request: AgentAnnounced | undefined;
      await withKafka('swarmgate-agents', async (bus, codec, names) => {
        request = (await replayRegistry(bus, codec, names, operatorKeys(config))).request(name);
      });
      if (!request) throw new ConfigError(`agent "${name}" has not requested a registration on sg.registry`);
      // Dated when signed: the fold keeps the newest registration, and the request may be older.
      const approval = { ...approvalOf(request), announcedAt: Date.now() };
      await sign(name, 'agents.approved', () => approval);
    });
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
    .action((name: string) => sign(name, 'agents.retired', (current) => retirementOf(name, current)));
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
