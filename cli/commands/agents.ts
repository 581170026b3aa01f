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
import type { Bus } from '../../bus/port.ts';
import type { TopicNames } from '../../bus/topics.ts';
import type { RegistryFold } from '../../registry/fold.ts';
import { replayRegistry } from '../../registry/follow.ts';
import { registrationRecord, type Registration } from '../../registry/publish.ts';
import {
  approvalFor,
  changesFrom,
  grantsOf,
  RegistrationRefused,
  registryListing,
  retirementOf,
} from '../../registry/registration-edits.ts';
import type { Codec } from '../../schemas/codec.ts';
import type { ApiClient } from '../api-client.ts';
import { cardOf } from '../cards.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { connectLog, runningSwarm, swarmClient } from '../embedded.ts';
import { operatorKeys, operatorKeySigner } from '../operator.ts';
import { tokenOption } from '../options.ts';

/** A refused edit is the operator's to fix: its message, exit 2. */
function refusedAsConfig<T>(edit: () => T): T {
  try {
    return edit();
  } catch (error) {
    if (error instanceof RegistrationRefused) throw new ConfigError(error.message);
    throw error;
  }
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
    const registration = refusedAsConfig(() => registrationFrom(fold));
    const changes = changesFrom(fold.registration(name), registration);
    console.log(JSON.stringify({ event: 'agents.changes', name, changes }));
    await bus.send([await registrationRecord(codec, names, registration, operator)]);
    console.log(JSON.stringify({ event, ...grantsOf(registration), signedBy: operator.keyId }));
  });
}

interface Signed {
  readonly name: string;
  readonly changes: string[];
  readonly registration: Record<string, unknown>;
  readonly signedBy: string;
  readonly issuedBy: string;
  readonly inEffect: boolean;
  readonly notGranted?: string[];
}

/**
 * Beside a running `swarmgate up`, through its API (role operate): the swarm computes the same
 * registration from the same card and signs it with its operator key.
 */
async function signThroughApi(client: ApiClient, event: string, path: string, body: unknown): Promise<void> {
  const signed = (await client.post(path, body, 202)) as Signed;
  const { name, changes, registration, signedBy, issuedBy, inEffect, notGranted = [] } = signed;
  if (notGranted.length > 0)
    console.log(JSON.stringify({ event: 'agents.not-granted', name, ignored: notGranted }));
  console.log(JSON.stringify({ event: 'agents.changes', name, changes }));
  console.log(
    JSON.stringify({ event, ...registration, signedBy, issuedBy, inEffect, via: client.base.href }),
  );
}

interface TokenFlag {
  readonly token?: string;
}

/** The running swarm's API, if `swarmgate up` runs on the data directory. */
function runningApi(options: TokenFlag): ApiClient | undefined {
  const swarm = runningSwarm(loadConfig());
  return swarm && swarmClient(swarm, options.token, 'operate');
}

const agentPath = (name: string, edit: string) => `registry/${encodeURIComponent(name)}/${edit}`;

function register(name: string, options: TokenFlag & { publicKey: string }): Promise<void> {
  const pem = createPublicKey(readFileSync(options.publicKey))
    .export({ type: 'spki', format: 'pem' })
    .toString();
  const api = runningApi(options);
  if (api)
    return signThroughApi(api, 'agents.registered', agentPath(name, 'registration'), { publicKey: pem });
  return sign(name, 'agents.registered', () => cardOf(name, pem, Date.now()));
}

function approve(name: string, options: TokenFlag & { fingerprint: string }): Promise<void> {
  const api = runningApi(options);
  const { fingerprint } = options;
  if (api) return signThroughApi(api, 'agents.approved', agentPath(name, 'approval'), { fingerprint });
  return sign(name, 'agents.approved', (fold) => {
    const { registration, ignored } = approvalFor(name, fold, fingerprint, cardOf, Date.now());
    if (ignored.length > 0) console.log(JSON.stringify({ event: 'agents.not-granted', name, ignored }));
    return registration;
  });
}

function retire(name: string, options: TokenFlag): Promise<void> {
  const api = runningApi(options);
  if (api) return signThroughApi(api, 'agents.retired', agentPath(name, 'retirement'), undefined);
  return sign(name, 'agents.retired', (fold) => retirementOf(name, fold.registration(name), Date.now()));
}

async function list(options: TokenFlag): Promise<void> {
  const api = runningApi(options);
  const listing = api
    ? ((await api.get('registry')) as { registrations: unknown[] }).registrations
    : await (async () => {
        const config = loadConfig();
        let entries: unknown[] = [];
        await withKafka('swarmgate-agents', async (bus, codec, names) => {
          entries = registryListing(await replayRegistry(bus, codec, names, operatorKeys(config)));
        });
        return entries;
      })();
  for (const entry of listing) console.log(JSON.stringify(entry));
}

const operateToken = () => tokenOption('beside a running swarmgate up: a bearer token with role operate');

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
    .addOption(operateToken())
    .action(register);
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
    .addOption(operateToken())
    .action(approve);
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
    .addOption(operateToken())
    .action(retire);
  agents
    .command('list')
    .description('registrations in effect, and requests that differ from them')
    .addOption(operateToken())
    .action(list);
}
