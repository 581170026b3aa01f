import { randomUUID } from 'node:crypto';
import { Option, type Command } from 'commander';
import { drillEvent, type DrillUpstream } from '../../api/ingest/drill-event.ts';
import { ingestRecord } from '../../api/ingest/seal.ts';
import type { KafkaBus } from '../../bus/kafka/index.ts';
import type { TopicNames } from '../../bus/topics.ts';
import { controlRecord } from '../../registry/publish.ts';
import type { Codec } from '../../schemas/codec.ts';
import { openEnvelope } from '../../schemas/envelope.ts';
import type { ControlCommand, Decision, FallbackUsed } from '../../schemas/generated/types.ts';
import type { Signer } from '../../schemas/signing.ts';
import { FALLBACK } from '../../schemas/vocabulary.ts';
import { loadConfig } from '../config.ts';
import { operatorKeySigner } from '../operator.ts';
import { connectKafka, requireKafka } from '../connect.ts';
import { positive, tokenOption } from '../options.ts';
import type { ApiClient } from '../api-client.ts';
import { auditedDecisionWhere } from '../decide-through-api.ts';
import { runningSwarm, swarmClient } from '../embedded.ts';
import { awaitDecision } from '../await-decision.ts';

/** The upstream event that reaches each banking agent first; a request reaches compliance via advice. */
const upstreamOf: Readonly<Record<string, DrillUpstream>> = {
  analyst: 'transaction',
  fraud: 'transaction',
  'aml-monitor': 'transaction',
  advisor: 'request',
  compliance: 'request',
  responder: 'request',
};

interface DrillOptions {
  readonly event?: DrillUpstream;
  readonly as: string;
  readonly tenant: string;
  readonly region: string;
  readonly timeoutMs: number;
  readonly token?: string;
}

const upstreamFor = (agent: string, options: DrillOptions): DrillUpstream =>
  options.event ?? upstreamOf[agent] ?? 'request';

interface Audited {
  readonly decision: Decision;
  readonly incident: FallbackUsed;
}

/** The decision on the incident the drill caused: sent by the agent, naming the drill command. */
function incidentOf(codec: Codec, agent: string, commandId: string) {
  return async (decision: Decision): Promise<Audited | undefined> => {
    if (decision.eventType !== FALLBACK || decision.sender !== agent) return undefined;
    const { payload } = await openEnvelope(codec, decision.envelope);
    const incident = payload as unknown as FallbackUsed | null;
    return incident?.message.includes(commandId) ? { decision, incident } : undefined;
  };
}

async function startDrill(
  bus: KafkaBus,
  codec: Codec,
  names: TopicNames,
  operator: Signer,
  agent: string,
  options: DrillOptions,
) {
  const command: ControlCommand = {
    id: randomUUID(),
    kind: 'DRILL',
    target: agent,
    reason: 'fallback drill',
    issuedBy: options.as,
    issuedAt: Date.now(),
    policyVersion: null,
  };
  // Operator-signed like every control command; keyed drill:<agent>, apart from its kill switch.
  await bus.send([await controlRecord(codec, names, command, operator)]);
  const { record } = await ingestRecord(
    codec,
    names.ingress,
    drillEvent(upstreamFor(agent, options), command.id, options),
    Date.now(),
  );
  await bus.send([record]);
  return command;
}

export function drillCommand(program: Command): void {
  program
    .command('drill')
    .description("force an agent's next event to fail and check that its fallback fires and is audited")
    .argument('<agent>', 'the agent to drill, running in this installation')
    .addOption(
      new Option(
        '--event <kind>',
        'the upstream event to send (default: the one that reaches the agent)',
      ).choices(['transaction', 'request']),
    )
    .option('--as <operator>', 'who runs the drill (the actor of a drill request)', 'ops-drill')
    .option('--tenant <id>', 'tenant of the drill event', 'retail-eu')
    .option('--region <code>', 'region of the drill event', 'EU')
    .option(
      '--timeout-ms <ms>',
      'how long to wait for the audited incident',
      positive('--timeout-ms'),
      60_000,
    )
    .addHelpText(
      'after',
      [
        '',
        'Sends a DRILL command on sg.control (signed with SWARMGATE_OPERATOR_KEY_FILE) and a drill event on sg.ingress (workflow drill-<command id>), then waits for',
        "the gate's decision on the agent's incident.FallbackUsed. Prints PASS or FAIL; exit 0 or 1. Runs in CI.",
        '',
        'Example:',
        '  swarmgate drill fraud --timeout-ms 30000',
      ].join('\n'),
    )
    .addOption(tokenOption('beside a running swarmgate up: a bearer token with roles operate and read'))
    .action(async (agent: string, options: DrillOptions) => {
      const config = loadConfig();
      const swarm = runningSwarm(config);
      if (swarm)
        return drillThroughApi(swarmClient(swarm, options.token, 'operate and read'), agent, options);
      requireKafka(
        config,
        'drill needs Kafka (KAFKA_BROKERS, SCHEMA_REGISTRY_URL) or a running swarmgate up',
      );
      const operator = operatorKeySigner(config);
      const { bus, codec, names } = await connectKafka(config, 'swarmgate-drill');
      try {
        const from = await bus.endOffsets(names.decisions);
        const command = await startDrill(bus, codec, names, operator, agent, options);
        const audited = await awaitDecision(
          bus,
          codec,
          names.decisions,
          from,
          incidentOf(codec, agent, command.id),
          options.timeoutMs,
        );
        report(agent, command.id, audited?.decision, options.timeoutMs, audited?.incident);
      } finally {
        await bus.close();
      }
    });
}

/** PASS when the agent's fallback incident was audited and delivered; FAIL (exit 1) otherwise. */
function report(
  agent: string,
  commandId: string,
  decision: Decision | undefined,
  timeoutMs: number,
  incident?: FallbackUsed,
): void {
  if (!decision) {
    console.log(
      `FAIL drill ${commandId} of ${agent}: no audited incident.FallbackUsed within ${timeoutMs} ms (is ${agent} running, and not killed?)`,
    );
    process.exitCode = 1;
    return;
  }
  if (decision.outcome === 'DENIED') {
    const reasons = decision.verdicts
      .filter((v) => v.verdict === 'DENY')
      .map((v) => `${v.policy}: ${v.reason}`);
    console.log(
      `FAIL drill ${commandId} of ${agent}: the incident was denied by the gate (${reasons.join('; ')})`,
    );
    process.exitCode = 1;
    return;
  }
  const answered = incident
    ? `fallback answered ${incident.eventType} ${incident.eventId} with [${(incident.emittedTypes ?? []).join(', ')}]; `
    : '';
  console.log(
    `PASS drill ${commandId} of ${agent}: ${answered}incident ${decision.eventId} audited as ${decision.outcome} (decision ${decision.decisionId}, policy ${decision.policyVersion.slice(0, 12)})`,
  );
}

/**
 * Beside a running `swarmgate up`: its API sends the command and the drill event (as the token's
 * subject), and the incident is followed in the drill workflow's audit trail.
 */
async function drillThroughApi(client: ApiClient, agent: string, options: DrillOptions): Promise<void> {
  const { tenant, region, timeoutMs } = options;
  const body = { event: upstreamFor(agent, options), tenant, region };
  const sent = (await client.post(`agents/${encodeURIComponent(agent)}/drill`, body, 202)) as {
    id: string;
    workflow: string;
  };
  const deadline = Date.now() + timeoutMs;
  const incident = (decision: Decision) => decision.eventType === FALLBACK && decision.sender === agent;
  report(agent, sent.id, await auditedDecisionWhere(client, sent.workflow, incident, deadline), timeoutMs);
}
