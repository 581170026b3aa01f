// The swarmgate command line: one binary for every process of a deployment.
import { Command } from 'commander';
import { aclsCommand } from './commands/acls.ts';
import { apiCommand } from './commands/api.ts';
import { agentCommand } from './commands/agent.ts';
import { agentsCommand } from './commands/agents.ts';
import { decideCommand } from './commands/decide.ts';
import { drillCommand } from './commands/drill.ts';
import { auditCommand } from './commands/audit.ts';
import { controlCommands } from './commands/control.ts';
import { gateCommand } from './commands/gate.ts';
import { keysCommand } from './commands/keys.ts';
import { projectorCommand } from './commands/projector.ts';
import { replayCommand } from './commands/replay.ts';
import { publishCommand } from './commands/publish.ts';
import { upCommand } from './commands/up.ts';
import { schemasCommand } from './commands/schemas.ts';
import { statusCommand } from './commands/status.ts';
import { tokenCommand } from './commands/token.ts';
import { topicsCommand } from './commands/topics.ts';
import { MissingKeyError } from '../schemas/key-files.ts';
import { ConfigError } from './config.ts';
import { startTelemetry } from './telemetry.ts';

const program = new Command('swarmgate')
  .description(
    'event-sourced multi-agent runtime on Apache Kafka, with a policy gate and a verifiable audit log',
  )
  .showHelpAfterError();

for (const register of [
  upCommand,
  gateCommand,
  apiCommand,
  topicsCommand,
  aclsCommand,
  keysCommand,
  schemasCommand,
  agentCommand,
  agentsCommand,
  publishCommand,
  decideCommand,
  controlCommands,
  drillCommand,
  projectorCommand,
  replayCommand,
  auditCommand,
  statusCommand,
  tokenCommand,
])
  register(program);

const stopTelemetry = startTelemetry();
process.once('beforeExit', () => void stopTelemetry());

// A mistake the operator fixes (configuration, a key not yet made) is its message, not a stack.
const operatorError = (error: unknown) => error instanceof ConfigError || error instanceof MissingKeyError;

program.parseAsync().catch((error: unknown) => {
  console.error(operatorError(error) ? (error as Error).message : error);
  process.exit(operatorError(error) ? 2 : 1);
});
