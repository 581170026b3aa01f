import { randomUUID } from 'node:crypto';
import { Argument, type Command } from 'commander';
import { humanDecisionRecord } from '../../api/handoff/decision-envelope.ts';
import type { OpenEscalation } from '../../api/handoff/escalation.ts';
import type { KafkaBus } from '../../bus/kafka/index.ts';
import { lowLatencyConsumer } from '../../bus/kafka/config.ts';
import type { OffsetCommit } from '../../bus/port.ts';
import type { TopicNames } from '../../bus/topics.ts';
import type { Codec } from '../../schemas/codec.ts';
import { openEnvelope } from '../../schemas/envelope.ts';
import { DecodeError } from '../../schemas/errors.ts';
import type { Decision, EscalationRequested } from '../../schemas/generated/types.ts';
import { keyDirectory, loadConfig } from '../config.ts';
import { connectKafka } from '../connect.ts';
import { caseDeskIdentity, requestCaseDesk } from '../case-desk.ts';
import { operatorKeys } from '../operator.ts';
import { positive } from './agent.ts';

/** Compliance owns the escalations; its inbox holds each one as the gate delivered it. */
const escalationOwner = 'compliance';

/**
 * Reads sg.decisions from `from` (offsets taken before proposing, so nothing is missed) until
 * `match` returns a value, or `timeoutMs` passes (undefined).
 */
export async function awaitDecision<T>(
  bus: KafkaBus,
  codec: Codec,
  topic: string,
  from: readonly OffsetCommit[],
  match: (decision: Decision) => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
): Promise<T | undefined> {
  const consumer = bus.kafka.consumer({ groupId: `swarmgate-cli-${randomUUID()}`, ...lowLatencyConsumer });
  const starts = new Map(from.map((offset) => [offset.partition, BigInt(offset.offset)]));
  let settle: (value: T | undefined) => void = () => {};
  const settled = new Promise<T | undefined>((resolve) => (settle = resolve));
  const timer = setTimeout(() => settle(undefined), timeoutMs);
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        if (BigInt(message.offset) < (starts.get(partition) ?? 0n)) return;
        const decision = await codec
          .decodeAs('swarmgate.v1.Decision', message.value)
          .catch((error: unknown) => {
            if (error instanceof DecodeError) return undefined;
            throw error;
          });
        const found = decision && (await match(decision));
        if (found !== undefined) settle(found);
      },
    });
    for (const { partition, offset } of from) consumer.seek({ topic, partition, offset });
    return await settled;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}

/** The workflow's escalations as delivered to compliance; a later record of one replaces an earlier. */
async function escalationsOf(
  bus: KafkaBus,
  codec: Codec,
  names: TopicNames,
  workflow: string,
): Promise<OpenEscalation[]> {
  const byId = new Map<string, OpenEscalation>();
  await bus.replay(names.inbox(escalationOwner), { offset: '0' }, async (record) => {
    if (record.key?.toString() !== workflow) return;
    const opened = await openEnvelope(codec, record.value);
    if (opened.envelope.type !== 'compliance.EscalationRequested' || opened.payload === null) return;
    const request = opened.payload as unknown as EscalationRequested;
    byId.delete(request.escalationId);
    byId.set(request.escalationId, { envelope: opened.envelope, request });
  });
  return [...byId.values()];
}

interface DecideOptions {
  readonly as: string;
  readonly roles: string;
  readonly comment?: string;
  readonly escalation?: string;
  readonly timeoutMs: number;
}

function fail(message: string): void {
  console.error(message);
  process.exitCode = 1;
}

export function decideCommand(program: Command): void {
  program
    .command('decide')
    .description(
      "record a reviewer's verdict on a workflow's escalation (maker-checker is applied by compliance)",
    )
    .argument('<workflow>', 'the workflow (correlation) id')
    .addArgument(new Argument('<verdict>').choices(['approve', 'reject']))
    .requiredOption('--as <user>', 'the reviewer; must not be a party to the proposal')
    .option('--roles <roles>', "the reviewer's roles, comma-separated", 'compliance-officer')
    .option('--comment <text>', 'why')
    .option('--escalation <id>', "which escalation (default: the workflow's latest)")
    .option('--timeout-ms <ms>', "how long to wait for the gate's decision", positive('--timeout-ms'), 30_000)
    .addHelpText(
      'after',
      [
        '',
        'Signed with the case-desk key (SWARMGATE_KEY_DIR/case-desk.pem). On first use it requests its registration on',
        'sg.registry and exits 1: an operator approves it with `swarmgate agents approve case-desk`.',
        'Exit 0 once the gate delivered the decision to compliance, 1 otherwise.',
        '',
        'Example:',
        '  swarmgate decide wf-4711 approve --as officer-olga --roles compliance-officer --comment "income verified"',
      ].join('\n'),
    )
    .action(async (workflow: string, verdict: 'approve' | 'reject', options: DecideOptions) => {
      const config = loadConfig();
      const { bus, codec, names } = await connectKafka(config, 'swarmgate-decide');
      try {
        const escalations = await escalationsOf(bus, codec, names, workflow);
        const escalation = options.escalation
          ? escalations.find((e) => e.request.escalationId === options.escalation)
          : escalations.at(-1);
        if (!escalation) {
          const known = escalations.map((e) => e.request.escalationId).join(', ');
          return fail(
            `workflow "${workflow}" has no ${options.escalation ? `escalation "${options.escalation}"` : 'escalation'}${known ? `; its escalations: ${known}` : ''}`,
          );
        }
        const identity = caseDeskIdentity();
        const caseDeskStatus = await requestCaseDesk(bus, codec, names, operatorKeys(config), identity);
        if (caseDeskStatus === 'requested')
          return fail(
            `the case desk key (${keyDirectory()}/case-desk.pem) is not registered: an operator must run \`swarmgate agents approve case-desk\` first`,
          );
        const body = {
          decision: verdict,
          approver: options.as,
          roles: options.roles
            .split(',')
            .map((r) => r.trim())
            .filter(Boolean),
          comment: options.comment,
        };
        const from = await bus.endOffsets(names.decisions);
        const human = await humanDecisionRecord(
          codec,
          names.proposed,
          identity,
          escalation,
          body,
          Date.now(),
        );
        await bus.send([human.record]);
        const decision = await awaitDecision(
          bus,
          codec,
          names.decisions,
          from,
          (d) => (d.eventId === human.envelope.id ? d : undefined),
          options.timeoutMs,
        );
        if (!decision)
          return fail(
            `no gate decision for ${human.envelope.id} within ${options.timeoutMs} ms: is a gate running?`,
          );
        const refusals = [
          ...decision.verdicts.filter((v) => v.verdict !== 'ALLOW').map((v) => `${v.policy}: ${v.reason}`),
          ...decision.notRouted
            .filter((n) => n.policy !== 'routing')
            .map((n) => `${n.agent} (${n.policy}): ${n.reason}`),
        ];
        console.log(
          JSON.stringify({
            event: 'decide.recorded',
            workflow,
            escalationId: escalation.request.escalationId,
            verdict: human.payload.verdict,
            approver: options.as,
            eventId: human.envelope.id,
            outcome: decision.outcome,
            routedTo: decision.routedTo,
            refusals,
          }),
        );
        if (!decision.routedTo.includes(escalationOwner)) process.exitCode = 1;
      } finally {
        await bus.close();
      }
    });
}
