import { Argument, type Command } from 'commander';
import { z } from 'zod';
import { assertNever } from '../../agents/decider.ts';
import type { DecisionBody } from '../../api/handoff/decision-body.ts';
import type { OffsetCommit } from '../../bus/port.ts';
import type { Decision } from '../../schemas/generated/types.ts';
import { awaitDecisionOn } from '../await-decision.ts';
import { ApiClient, refusalOf } from '../api-client.ts';
import { loadConfig, onKafka } from '../config.ts';
import {
  auditedDecision,
  auditedEffect,
  awaitingApprovals,
  type AuditedEffect,
} from '../decide-through-api.ts';
import { connectKafka, type Connected } from '../connect.ts';
import { effectOf, escalationOwner, type Effect } from '../decide-effect.ts';
import { apiOption, positive, tokenOption } from '../options.ts';

/** Where `swarmgate api` and `swarmgate up` listen unless told otherwise. */
export const defaultApiUrl = 'http://127.0.0.1:8080';

interface DecideOptions {
  readonly api: URL;
  readonly token?: string;
  readonly comment?: string;
  readonly escalation?: string;
  readonly timeoutMs: number;
}

function fail(message: string): void {
  console.error(message);
  process.exitCode = 1;
}

/** What the API answers 202 with: the decision it proposed, by the token's subject. */
const recordedDecision = z.object({
  id: z.string(),
  escalationId: z.string(),
  verdict: z.string(),
  approverId: z.string(),
});
type RecordedDecision = z.output<typeof recordedDecision>;

type Posted = { readonly recorded: RecordedDecision } | { readonly refusal: string };

/** POSTs the verdict to the API's decision route; the reviewer is whoever the token proves. */
async function postDecision(options: DecideOptions, workflow: string, body: DecisionBody): Promise<Posted> {
  const url = new URL(`workflows/${encodeURIComponent(workflow)}/decision`, options.api);
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).catch((error: unknown) => {
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? String(error);
    return `cannot reach the API at ${options.api.href}: ${cause}`;
  });
  if (typeof response === 'string') return { refusal: response };
  if (response.status !== 202) return { refusal: (await refusalOf(response)).message };
  return { recorded: recordedDecision.parse(await response.json()) };
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

function effectSummary(effect: Effect | AuditedEffect) {
  if ('decision' in effect)
    return {
      effect: effect.kind,
      effectType: effect.decision.eventType,
      effectOutcome: effect.decision.outcome,
    };
  if ('requiredApprovals' in effect)
    return { effect: effect.kind, approvals: effect.approvals, requiredApprovals: effect.requiredApprovals };
  return { effect: effect.kind };
}

interface Sent {
  readonly workflow: string;
  readonly recorded: RecordedDecision;
  /** sg.decisions offsets and the time, both taken before the API was asked. */
  readonly decisionsFrom: readonly OffsetCommit[];
  readonly sentAt: number;
  readonly timeoutMs: number;
}

/** Follows the recorded decision: the gate's decision on it, then compliance's answer; prints both. */
async function followDecision({ bus, codec, names }: Connected, sent: Sent): Promise<void> {
  const { workflow, recorded, timeoutMs } = sent;
  const decision = await awaitDecisionOn(
    bus,
    codec,
    names.decisions,
    sent.decisionsFrom,
    recorded.id,
    timeoutMs,
  );
  if (!decision)
    return fail(`no gate decision for ${recorded.id} within ${timeoutMs} ms: is a gate running?`);
  const effect: Effect | null = decision.routedTo.includes(escalationOwner)
    ? await effectOf({
        bus,
        codec,
        names,
        workflow,
        humanId: recorded.id,
        delivered: decision,
        sentAt: sent.sentAt,
        decisionsFrom: sent.decisionsFrom,
        deadline: sent.sentAt + timeoutMs,
      })
    : null;
  console.log(
    JSON.stringify({
      event: 'decide.recorded',
      workflow,
      escalationId: recorded.escalationId,
      verdict: recorded.verdict,
      approver: recorded.approverId,
      eventId: recorded.id,
      outcome: decision.outcome,
      routedTo: decision.routedTo,
      refusals: refusalsOf(decision),
      ...(effect ? effectSummary(effect) : {}),
    }),
  );
  if (!effect)
    return fail(`the gate did not deliver the decision to compliance: ${refusalsOf(decision).join('; ')}`);
  const problem = effectProblem(effect, timeoutMs);
  if (problem) fail(problem);
}

function auditedProblem(effect: AuditedEffect, timeoutMs: number): string | null {
  switch (effect.kind) {
    case 'completed':
    case 'awaiting':
      return null;
    case 'refused':
      return `compliance refused the decision (audited as ${effect.decision.decisionId})`;
    case 'denied':
      return `the gate denied compliance's ${effect.decision.eventType} that follows the decision: ${refusalsOf(effect.decision).join('; ')}`;
    case 'unanswered':
      return `compliance gave no answer within ${timeoutMs} ms: is the compliance agent running?`;
    default:
      return assertNever(effect);
  }
}

/** On the embedded swarm: the same follow-up, read from the audit trail its API serves. */
async function followThroughApi(options: DecideOptions, workflow: string, recorded: RecordedDecision) {
  const client = new ApiClient(options.api, options.token ?? '');
  const deadline = Date.now() + options.timeoutMs;
  const decision = await auditedDecision(client, workflow, recorded.id, deadline);
  if (!decision)
    return fail(
      `no audited gate decision for ${recorded.id} within ${options.timeoutMs} ms: is swarmgate up running?`,
    );
  const delivered = decision.routedTo.includes(escalationOwner);
  const held =
    delivered && recorded.verdict === 'APPROVE'
      ? await awaitingApprovals(client, workflow, recorded.escalationId)
      : undefined;
  const effect = delivered ? (held ?? (await auditedEffect(client, workflow, recorded.id, deadline))) : null;
  console.log(
    JSON.stringify({
      event: 'decide.recorded',
      workflow,
      escalationId: recorded.escalationId,
      verdict: recorded.verdict,
      approver: recorded.approverId,
      eventId: recorded.id,
      outcome: decision.outcome,
      routedTo: decision.routedTo,
      refusals: refusalsOf(decision),
      ...(effect ? effectSummary(effect) : {}),
    }),
  );
  if (!effect)
    return fail(`the gate did not deliver the decision to compliance: ${refusalsOf(decision).join('; ')}`);
  const problem = auditedProblem(effect, options.timeoutMs);
  if (problem) fail(problem);
}

export function decideCommand(program: Command): void {
  program
    .command('decide')
    .description(
      "record the token's subject's verdict on a workflow's escalation through the API (maker-checker is applied by the API and compliance)",
    )
    .argument('<workflow>', 'the workflow (correlation) id')
    .addArgument(new Argument('<verdict>').choices(['approve', 'reject']))
    .addOption(apiOption(defaultApiUrl))
    .addOption(tokenOption("the reviewer's bearer token: the reviewer is its subject, with its roles"))
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
        "The API records the decision as the token's subject, acting with the token's roles, and signs it",
        "with its case-desk key. The token comes from the bank's identity provider, or, for an API on this",
        "installation's local key, from `swarmgate token`. decide then follows the decision on Kafka",
        "(KAFKA_BROKERS, SCHEMA_REGISTRY_URL): the gate's decision on it, then compliance's answer; on the",
        'embedded swarm (swarmgate up, no Kafka set) it follows them in the audit trail of the API.',
        'Exit 0 once compliance completed the review, or holds the approval while it awaits another;',
        '1 when the API refused the decision (the token, its roles or tenants, maker-checker, dual',
        "control, no such escalation), the gate denied the decision or compliance's answer, compliance",
        'refused it, or nothing answered in time (the reason is printed).',
        '',
        'Example:',
        '  export SWARMGATE_TOKEN=$(swarmgate token --sub alice --roles review,compliance-reviewer --tenants retail-eu)',
        '  swarmgate decide wf-4711 approve --api http://127.0.0.1:8080 --comment "income verified"',
      ].join('\n'),
    )
    .action(async (workflow: string, verdict: DecisionBody['decision'], options: DecideOptions) => {
      if (!options.token)
        return fail(
          "decide needs the reviewer's bearer token: --token or SWARMGATE_TOKEN (from the identity provider, or `swarmgate token`)",
        );
      const body = { decision: verdict, comment: options.comment, escalationId: options.escalation };
      if (!onKafka(loadConfig())) {
        const posted = await postDecision(options, workflow, body);
        if ('refusal' in posted) return fail(posted.refusal);
        return followThroughApi(options, workflow, posted.recorded);
      }
      const kafka = await connectKafka(loadConfig(), 'swarmgate-decide');
      try {
        // Taken before the API is asked, so the gate's decision on the record cannot be missed.
        const decisionsFrom = await kafka.bus.endOffsets(kafka.names.decisions);
        const sentAt = Date.now();
        const posted = await postDecision(options, workflow, body);
        if ('refusal' in posted) return fail(posted.refusal);
        const { timeoutMs } = options;
        await followDecision(kafka, {
          workflow,
          recorded: posted.recorded,
          decisionsFrom,
          sentAt,
          timeoutMs,
        });
      } finally {
        await kafka.bus.close();
      }
    });
}
