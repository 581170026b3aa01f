import { Argument, type Command } from 'commander';
import { assertNever } from '../../agents/decider.ts';
import { humanDecisionRecord } from '../../api/handoff/decision-envelope.ts';
import type { OpenEscalation } from '../../api/handoff/escalation.ts';
import type { KafkaBus } from '../../bus/kafka/index.ts';
import type { TopicNames } from '../../bus/topics.ts';
import type { Codec } from '../../schemas/codec.ts';
import { openEnvelope } from '../../schemas/envelope.ts';
import type { Decision, EscalationRequested } from '../../schemas/generated/types.ts';
import { awaitDecision } from '../await-decision.ts';
import { keyDirectory, loadConfig } from '../config.ts';
import { connectKafka } from '../connect.ts';
import { caseDeskIdentity, requestCaseDesk } from '../case-desk.ts';
import { effectOf, escalationOwner, type Effect } from '../decide-effect.ts';
import { operatorKeys } from '../operator.ts';
import { positive } from './agent.ts';

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

const refusalsOf = (decision: Decision): string[] => [
  ...decision.verdicts
    .filter((v) => v.verdict !== 'ALLOW' && v.verdict !== 'SKIP')
    .map((v) => `${v.policy}: ${v.reason}`),
  ...decision.notRouted
    .filter((n) => n.policy !== 'routing')
    .map((n) => `${n.agent} (${n.policy}): ${n.reason}`),
];

/** What the operator is told about the effect; null when the decision took effect as asked. */
function effectProblem(effect: Effect, timeoutMs: number): string | null {
  switch (effect.kind) {
    case 'completed':
    case 'awaiting':
      return null;
    case 'refused':
      return `compliance refused the decision: ${effect.reason}`;
    case 'denied':
      return `the gate denied compliance's ${effect.decision.eventType} that follows the decision: ${refusalsOf(effect.decision).join('; ')}`;
    case 'unhandled':
      return `compliance did not handle the decision within ${timeoutMs} ms: is the compliance agent running?`;
    case 'undecided':
      return `no gate decision for compliance's answer ${effect.eventId} within ${timeoutMs} ms: is a gate running?`;
    default:
      return assertNever(effect);
  }
}

const effectSummary = (effect: Effect) =>
  'decision' in effect
    ? { effect: effect.kind, effectType: effect.decision.eventType, effectOutcome: effect.decision.outcome }
    : { effect: effect.kind };

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
    .option('--comment <text>', "why; becomes part of the review's rationale")
    .option('--escalation <id>', "which escalation (default: the workflow's latest)")
    .option(
      '--timeout-ms <ms>',
      "how long to wait for the gate's decision and compliance's answer",
      positive('--timeout-ms'),
      30_000,
    )
    .addHelpText(
      'after',
      [
        '',
        'Signed with the case-desk key (SWARMGATE_KEY_DIR/case-desk.pem, made by `swarmgate keys init`). On first use',
        'it requests its registration on sg.registry and exits 1: an operator approves it with',
        '`swarmgate agents approve case-desk`.',
        'Exit 0 once compliance completed the review, or holds the approval while it awaits another;',
        "1 when the gate denied the decision or compliance's answer, compliance refused it, or nothing",
        'answered in time (the reason is printed).',
        '',
        'Example:',
        '  swarmgate decide wf-4711 approve --as alice --roles compliance-reviewer --comment "income verified"',
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
        const deadline = Date.now() + options.timeoutMs;
        const from = await bus.endOffsets(names.decisions);
        const sentAt = Date.now();
        const human = await humanDecisionRecord(codec, names.proposed, identity, escalation, body, sentAt);
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
        const delivered = decision.routedTo.includes(escalationOwner);
        const effect: Effect | null = delivered
          ? await effectOf({
              bus,
              codec,
              names,
              workflow,
              humanId: human.envelope.id,
              delivered: decision,
              sentAt,
              decisionsFrom: from,
              deadline,
            })
          : null;
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
            refusals: refusalsOf(decision),
            ...(effect ? effectSummary(effect) : {}),
          }),
        );
        if (!effect)
          return fail(
            `the gate did not deliver the decision to compliance: ${refusalsOf(decision).join('; ')}`,
          );
        const problem = effectProblem(effect, options.timeoutMs);
        if (problem) fail(problem);
      } finally {
        await bus.close();
      }
    });
}
