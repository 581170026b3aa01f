import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { controlRecord } from '../../registry/publish.ts';
import type { ControlKind } from '../../schemas/generated/types.ts';
import { loadConfig } from '../config.ts';
import { connectLog, runningSwarm, swarmClient } from '../embedded.ts';
import { operatorKeySigner } from '../operator.ts';
import { tokenOption } from '../options.ts';

interface ControlOptions {
  readonly reason: string;
  readonly token?: string;
}

/**
 * Beside a running `swarmgate up`, through its API (role operate): the swarm signs the command
 * with its operator key and records the token's subject as who issued it.
 */
async function sendControl(kind: ControlKind, target: string, options: ControlOptions): Promise<void> {
  const { reason } = options;
  const config = loadConfig();
  const swarm = runningSwarm(config);
  if (swarm) {
    const client = swarmClient(swarm, options.token, 'operate');
    const path = `agents/${encodeURIComponent(target)}/${kind === 'KILL' ? 'kill' : 'resume'}`;
    const sent = (await client.post(path, { reason }, 202)) as { issuedBy: string; signedBy: string };
    console.log(
      JSON.stringify({ event: 'control.sent', kind, target, reason, ...sent, via: swarm.url.href }),
    );
    return;
  }
  const operator = operatorKeySigner(config);
  const { bus, codec, names } = await connectLog(config, 'swarmgate-control', kind.toLowerCase());
  const command = {
    id: randomUUID(),
    kind,
    target,
    reason,
    issuedBy: userInfo().username,
    issuedAt: Date.now(),
    policyVersion: null,
  };
  // Keyed by target: the newest signed command for an agent is its state.
  await bus.send([await controlRecord(codec, names, command, operator)]);
  await bus.close();
  console.log(JSON.stringify({ event: 'control.sent', kind, target, reason, signedBy: operator.keyId }));
}

const signingHelp =
  '\nSigned with the operator key (SWARMGATE_OPERATOR_KEY_FILE); a command not signed by one of the\nSWARMGATE_OPERATOR_KEYS has no effect and is dead-lettered by the gate.';

export function controlCommands(program: Command): void {
  program
    .command('kill')
    .description(
      'stop deliveries to an agent (or * for every agent) and deny what it proposes, within a second',
    )
    .argument('<agent>', 'agent name, or * for all')
    .requiredOption('--reason <text>', 'why, for the audit trail')
    .addHelpText(
      'after',
      `${signingHelp}\n\nExamples:\n  swarmgate kill advisor --reason "model returns unreviewed advice (INC-4411)"\n  swarmgate kill "*" --reason "market halt"`,
    )
    .addOption(tokenOption('beside a running swarmgate up: a bearer token with role operate'))
    .action((agent: string, options: ControlOptions) => sendControl('KILL', agent, options));
  program
    .command('resume')
    .description('lift a kill switch')
    .argument('<agent>', 'agent name, or * for all')
    .option('--reason <text>', 'why, for the audit trail', 'resumed by operator')
    .addHelpText('after', `${signingHelp}\n\nExample:\n  swarmgate resume advisor --reason "INC-4411 closed"`)
    .addOption(tokenOption('beside a running swarmgate up: a bearer token with role operate'))
    .action((agent: string, options: ControlOptions) => sendControl('RESUME', agent, options));
}
