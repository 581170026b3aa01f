import { randomUUID } from 'node:crypto';
import { Option, type Command } from 'commander';
import type { EventBody } from '../../api/ingest/event-body.ts';
import { ingestRecord } from '../../api/ingest/seal.ts';
import { drillWorkflowId } from '../../agents/runtime/drill.ts';
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
import { positive } from '../options.ts';
import { awaitDecision } from '../await-decision.ts';

type Upstream = 'transaction' | 'request';

/** The upstream event that reaches each banking agent first; a request reaches compliance via advice. */
const upstreamOf: Readonly<Record<string, Upstream>> = {
  analyst: 'transaction',
  fraud: 'transaction',
  'aml-monitor': 'transaction',
  advisor: 'request',
  compliance: 'request',
  responder: 'request',
};

interface DrillOptions {
  readonly event?: Upstream;
  readonly as: string;
  readonly tenant: string;
  readonly region: string;
  readonly timeoutMs: number;
}

function upstreamEvent(kind: Upstream, commandId: string, options: DrillOptions): EventBody {
  const common = {
    correlationId: drillWorkflowId(commandId),
    source: 'swarmgate-drill',
    classification: 'INTERNAL' as const,
  };
  const at = Date.now();
  if (kind === 'transaction') {
    return {
      ...common,
      type: 'banking.TransactionPosted',
      consent: [],
      actor: {
        userId: 'svc-fallback-drill',
        roles: ['system'],
        tenantId: options.tenant,
        region: options.region,
      },
      payload: {
        transactionId: `drill-${commandId}`,
        accountId: `DRILL-${commandId.slice(0, 8)}`,
        amountMinor: 100,
        currency: 'EUR',
        direction: 'DEBIT',
        channel: 'CARD',
        merchant: 'fallback drill',
        counterparty: null,
        country: null,
        memo: 'operational fallback drill',
        postedAt: at,
      },
    };
  }
  return {
    ...common,
    type: 'banking.CustomerRequestReceived',
    consent: ['analytics', 'profiling', 'advice'],
    // A HIGH-risk agent (compliance) acts only for an advisor, admin or system actor.
    actor: { userId: options.as, roles: ['advisor'], tenantId: options.tenant, region: options.region },
    payload: {
      requestId: `drill-${commandId}`,
      customerId: `drill-${commandId.slice(0, 8)}`,
      accountId: null,
      channel: 'branch',
      language: 'en',
      text: 'Which savings account suits a monthly transfer? (operational fallback drill)',
      receivedAt: at,
    },
  };
}

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
  const upstream = options.event ?? upstreamOf[agent] ?? 'request';
  const { record } = await ingestRecord(
    codec,
    names.ingress,
    upstreamEvent(upstream, command.id, options),
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
    .action(async (agent: string, options: DrillOptions) => {
      const config = loadConfig();
      requireKafka(
        config,
        'drill follows the incident on Kafka; the embedded swarm has no drill yet (its log is inside `swarmgate up`): set KAFKA_BROKERS and SCHEMA_REGISTRY_URL',
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
        if (!audited) {
          console.log(
            `FAIL drill ${command.id} of ${agent}: no audited incident.FallbackUsed within ${options.timeoutMs} ms (is ${agent} running, and not killed?)`,
          );
          process.exitCode = 1;
        } else if (audited.decision.outcome === 'DENIED') {
          const reasons = audited.decision.verdicts
            .filter((v) => v.verdict === 'DENY')
            .map((v) => `${v.policy}: ${v.reason}`);
          console.log(
            `FAIL drill ${command.id} of ${agent}: the incident was denied by the gate (${reasons.join('; ')})`,
          );
          process.exitCode = 1;
        } else {
          const { decision, incident } = audited;
          console.log(
            `PASS drill ${command.id} of ${agent}: fallback answered ${incident.eventType} ${incident.eventId} with [${(incident.emittedTypes ?? []).join(', ')}]; incident ${decision.eventId} audited as ${decision.outcome} (decision ${decision.decisionId}, policy ${decision.policyVersion.slice(0, 12)})`,
          );
        }
      } finally {
        await bus.close();
      }
    });
}
