// The swarmgate program and its commands. A command's module (and all it imports: Kafka, Fastify,
// PostgreSQL clients, the gate's detectors) is loaded only when that command runs or prints its
// own help; `swarmgate --help` prints the overview from the list below and loads none of them.
// cli/program.unit.spec.ts checks that the list says what the modules register.
import { Command, Help } from 'commander';
import { packageVersion } from './version.ts';

/** Adds one or more commands to the program. */
export type Register = (program: Command) => void;

export interface Listed {
  /** As the overview shows it: the name, `[options]` when it has any, its arguments. */
  readonly term: string;
  readonly description: string;
  readonly load: () => Promise<Register>;
}

const control = async () => (await import('./commands/control.ts')).controlCommands;
const projector = async () => (await import('./commands/projector.ts')).projectorCommand;

export const commands: readonly Listed[] = [
  {
    term: 'up [options]',
    description:
      'run the whole swarm in one process, feed it the sample banking stream on its first start, then keep serving the API',
    load: async () => (await import('./commands/up.ts')).upCommand,
  },
  {
    term: 'gate [options]',
    description: 'run a gate instance: evaluate every proposal and deliver it in one Kafka transaction',
    load: async () => (await import('./commands/gate.ts')).gateCommand,
  },
  {
    term: 'api [options]',
    description:
      'serve the HTTP API: projections, audit, agent inventory, ingest (POST /events) and human decisions',
    load: async () => (await import('./commands/api.ts')).apiCommand,
  },
  {
    term: 'topics [options]',
    description:
      'create every swarmgate topic (idempotent) with explicit retention and replication, and list them',
    load: async () => (await import('./commands/topics.ts')).topicsCommand,
  },
  {
    term: 'acls [options]',
    description: 'grant each component principal its least Kafka privileges (idempotent) and print them',
    load: async () => (await import('./commands/acls.ts')).aclsCommand,
  },
  {
    term: 'keys',
    description: 'the Ed25519 keys an installation signs with',
    load: async () => (await import('./commands/keys.ts')).keysCommand,
  },
  {
    term: 'schemas',
    description: 'register every Avro schema (BACKWARD compatibility per subject) and print the ids',
    load: async () => (await import('./commands/schemas.ts')).schemasCommand,
  },
  {
    term: 'agent [options] <name>',
    description: 'run one banking agent: consume its inbox exactly once, propose its outputs to sg.proposed',
    load: async () => (await import('./commands/agent.ts')).agentCommand,
  },
  {
    term: 'agents',
    description: 'operator-signed agent registrations on sg.registry (register, approve, retire, list)',
    load: async () => (await import('./commands/agents.ts')).agentsCommand,
  },
  {
    term: 'publish [options] <file>',
    description: 'seal each line of an NDJSON file into an envelope and produce it to sg.ingress',
    load: async () => (await import('./commands/publish.ts')).publishCommand,
  },
  {
    term: 'decide [options] <workflow> <verdict>',
    description:
      "record the token's subject's verdict on a workflow's escalation through the API (maker-checker is applied by the API and compliance)",
    load: async () => (await import('./commands/decide.ts')).decideCommand,
  },
  {
    term: 'kill [options] <agent>',
    description:
      'stop deliveries to an agent (or * for every agent) and deny what it proposes, within a second',
    load: control,
  },
  { term: 'resume [options] <agent>', description: 'lift a kill switch', load: control },
  {
    term: 'drill [options] <agent>',
    description: "force an agent's next event to fail and check that its fallback fires and is audited",
    load: async () => (await import('./commands/drill.ts')).drillCommand,
  },
  {
    term: 'migrate',
    description: "create or update the projector's schema as the owner role, and grant the application role",
    load: projector,
  },
  {
    term: 'projector [options]',
    description: 'run the projector: sg.decisions into PostgreSQL projections and the hash-chained audit log',
    load: projector,
  },
  {
    term: 'replay [options]',
    description:
      'rebuild projections from sg.decisions into a shadow schema and compare them with live state',
    load: async () => (await import('./commands/replay.ts')).replayCommand,
  },
  {
    term: 'audit',
    description: 'prove the audit log was not altered; export case files',
    load: async () => (await import('./commands/audit.ts')).auditCommand,
  },
  {
    term: 'status [options] <workflow>',
    description: 'where a workflow is: status, step, cost, participants and its last snapshot',
    load: async () => (await import('./commands/status.ts')).statusCommand,
  },
  {
    term: 'token [options]',
    description: "issue a bearer token for the API from this installation's local signing key",
    load: async () => (await import('./commands/token.ts')).tokenCommand,
  },
];

const nameOf = (listed: Listed) => listed.term.split(' ')[0];

/** The program with no command yet: its description, --version and --help. */
export function newProgram(): Command {
  return new Command('swarmgate')
    .description(
      'event-sourced multi-agent runtime on Apache Kafka, with a policy gate and a verifiable audit log',
    )
    .version(packageVersion(), '-V, --version', 'print the version')
    .showHelpAfterError();
}

/**
 * Every command as a name and a description only, for the overview and for commander to report an
 * unknown command (with the closest names).
 */
export function listCommands(program: Command): Command {
  const terms = new Map<Command, string>();
  for (const listed of commands)
    terms.set(program.command(nameOf(listed)!).description(listed.description), listed.term);
  program.configureHelp({
    subcommandTerm(this: Help, command: Command) {
      return terms.get(command) ?? Help.prototype.subcommandTerm.call(this, command);
    },
  });
  return program;
}

/** The program to parse ARGS with: the module of the command they name, else the overview. */
export async function programFor(args: readonly string[]): Promise<Command> {
  const [first, second] = args;
  const named = commands.find((listed) => nameOf(listed) === (first === 'help' ? second : first));
  const program = newProgram();
  if (!named) return listCommands(program);
  (await named.load())(program);
  return program;
}
