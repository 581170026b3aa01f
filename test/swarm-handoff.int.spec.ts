import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBankingAgents, defaultBankingConfig, type BankingConfig } from '../agents/banking/index.ts';
import { escalationsOf } from '../api/handoff/escalation.ts';
import { startApi, type RunningApi } from '../api/main.ts';
import { KafkaBus } from '../bus/kafka/index.ts';
import { caseDeskIdentity } from '../cli/case-desk.ts';
import { localAuthority } from '../cli/local-tokens.ts';
import { buildComposite, loadComposite } from '../orchestrator/policy/composite.ts';
import { loadPolicyConfig, policyVersionOf } from '../orchestrator/policy/config.ts';
import { startProjector, type Projector } from '../projector/consumer.ts';
import { getWorkflow, migrate, quoteSchema, type Db } from '../projector/index.ts';
import { openTestDb, uniqueSchemaName } from '../projector/testing/database.ts';
import { testOperator } from '../registry/testing.ts';
import { Codec } from '../schemas/codec.ts';
import type { CliRun } from './support/cli.ts';
import { defaultPolicyPath } from './support/gate-harness.ts';
import { initializedKeyDir } from './support/key-dir.ts';
import { uniqueName } from './support/names.ts';
import { services } from './support/services.ts';
import {
  customerRequestIn,
  payloadOf,
  prefixOf,
  runCli,
  startSwarm,
  transactionIn,
  type Decided,
  type SwarmHarness,
  registerCaseDesk,
} from './support/swarm-harness.ts';

const reviewerRoles = defaultBankingConfig.compliance.reviewerRoles;
const highValueAdvice = 'I want to invest EUR 150,000 in a portfolio.';

/** The shipped policy file, as it is: the hand-off must work with it unchanged. */
function shippedPolicy() {
  const composite = loadComposite(defaultPolicyPath);
  expect(composite.version).toBe(policyVersionOf(readFileSync(defaultPolicyPath)));
  return composite;
}

/**
 * The shipped policy as it was before reviewers could act in a workflow: compliance's answer to a
 * compliance-reviewer's decision is denied by rbac — the failure decide must report.
 */
function reviewerCannotActPolicy() {
  const { config } = loadPolicyConfig(defaultPolicyPath);
  const rbac = config.policies.rbac;
  const rules = Object.fromEntries(
    Object.entries(rbac.rules).map(([type, roles]) => [
      type,
      type === 'compliance.*' ? roles.filter((role) => role !== 'compliance-reviewer') : roles,
    ]),
  );
  return buildComposite({ ...config, policies: { ...config.policies, rbac: { ...rbac, rules } } });
}

function bankingWith(overrides: {
  compliance?: Partial<BankingConfig['compliance']>;
  responder?: Partial<BankingConfig['responder']>;
}) {
  const config = {
    ...defaultBankingConfig,
    compliance: { ...defaultBankingConfig.compliance, ...overrides.compliance },
    responder: { ...defaultBankingConfig.responder, ...overrides.responder },
  };
  return createBankingAgents({ config });
}

/** Wakes whoever waits for the projection after each batch the projector commits. */
function projectionWaits() {
  const waiting = new Set<() => void>();
  return {
    onBatch: () => {
      const woken = [...waiting];
      waiting.clear();
      for (const wake of woken) wake();
    },
    /** Resolves once `check` holds, checking again after each batch. */
    async until(check: () => Promise<boolean>): Promise<void> {
      for (;;) {
        const nextBatch = new Promise<void>((resolve) => waiting.add(resolve));
        if (await check()) return;
        await nextBatch;
      }
    },
  };
}

/** A reviewer's token from the installation's local key, as the README shows it. */
async function issuedToken(swarm: SwarmHarness, keyDir: string, reviewer: string): Promise<string> {
  const roles = 'compliance-reviewer,review';
  const args = ['token', '--sub', reviewer, '--roles', roles, '--tenants', 'retail-eu'];
  const issued = await runCli(swarm.names, args, { SWARMGATE_KEY_DIR: keyDir });
  expect(issued.code, issued.stderr).toBe(0);
  return issued.stdout.trim();
}

interface ReviewDesk {
  /** `swarmgate decide` against the API, with a token `swarmgate token` issued for the reviewer. */
  decide(workflow: string, verdict: 'approve' | 'reject', reviewer: string): Promise<CliRun>;
  /** Resolves once the API's projection holds an escalation of the workflow. */
  escalationProjected(workflow: string): Promise<void>;
  /** Resolves once the API's projection holds the workflow. */
  workflowProjected(workflow: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The API that records human decisions, over a projector of the swarm's decisions, as an operator
 * runs them: tokens from the installation's local key, decisions signed by its case desk's key.
 */
async function startReviewDesk(
  swarm: SwarmHarness,
  bus: KafkaBus,
  codec: Codec,
  keyDir: string,
): Promise<ReviewDesk> {
  const db: Db = openTestDb();
  const schema = uniqueSchemaName();
  await migrate(db, schema);
  const waits = projectionWaits();
  const { names } = swarm;
  const projector: Projector = await startProjector({
    bus,
    codec,
    names,
    db,
    schema,
    onBatch: waits.onBatch,
  });
  const api: RunningApi = await startApi({
    brokers: services.brokers,
    registryUrl: services.registryUrl,
    databaseUrl: services.databaseUrl,
    schema,
    topicPrefix: prefixOf(names),
    port: 0,
    logger: false,
    auth: localAuthority(keyDir).settings,
    humanSigner: caseDeskIdentity({ env: { SWARMGATE_KEY_DIR: keyDir } }),
    operatorKeys: testOperator().keys,
  });
  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (reviewer: string) => {
    const token = tokens.get(reviewer) ?? issuedToken(swarm, keyDir, reviewer);
    tokens.set(reviewer, token);
    return token;
  };
  return {
    // As the README documents it: SWARMGATE_TOKEN=… swarmgate decide <workflow> approve --api <url>
    decide: async (workflow, verdict, reviewer) =>
      runCli(names, ['decide', workflow, verdict, '--api', api.url], {
        SWARMGATE_TOKEN: await tokenOf(reviewer),
      }),
    escalationProjected: (workflow) =>
      waits.until(async () => (await escalationsOf(db, schema, codec, workflow)).length > 0),
    workflowProjected: (workflow) =>
      waits.until(async () => (await getWorkflow(db, schema, workflow)) !== null),
    stop: async () => {
      await api.stop();
      await projector.stop();
      await db.exec(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
      await db.close();
    },
  };
}

const ofType = (type: string, sender?: string) => (d: Decided) =>
  d.eventType === type && (sender === undefined || d.sender === sender);

const singleApprovalAdvice = 'I want to invest EUR 75,000 in a portfolio.';

interface Recorded {
  readonly event: string;
  readonly verdict: string;
  readonly approver: string;
  readonly outcome: string;
  readonly effect?: string;
  readonly effectType?: string;
  readonly effectOutcome?: string;
}
const recorded = (stdout: string) => JSON.parse(stdout) as Recorded;

describe('AML monitoring and the human hand-off on Kafka, with the shipped policy', () => {
  const bus = new KafkaBus({ brokers: services.brokers });
  const codec = Codec.connect(services.registryUrl);
  // The case desk's key, made as an operator makes it (`swarmgate keys init`); the API signs with it.
  const keyDir = initializedKeyDir(['case-desk']);
  let swarm: SwarmHarness;
  let desk: ReviewDesk;
  const decide = (workflow: string, verdict: 'approve' | 'reject', reviewer: string) =>
    desk.decide(workflow, verdict, reviewer);

  beforeAll(async () => {
    await codec.registerAll();
    // Reviews take longer than the customer is kept waiting by default; the answer waits for them.
    swarm = await startSwarm(bus, codec, {
      agents: bankingWith({ responder: { responseAfterMs: 600_000 } }),
      composite: shippedPolicy(),
    });
    await registerCaseDesk(swarm, keyDir);
    desk = await startReviewDesk(swarm, bus, codec, keyDir);
  });
  afterAll(async () => {
    // undefined when the set-up failed
    await (desk as ReviewDesk | undefined)?.stop();
    await (swarm as SwarmHarness | undefined)?.stop();
    await bus.close();
  });

  async function escalationOf(workflow: string) {
    const [escalated] = (
      await swarm.decisions.workflow(workflow, (ds) =>
        ds.some(ofType('compliance.EscalationRequested', 'compliance')),
      )
    ).filter(ofType('compliance.EscalationRequested'));
    expect(escalated!.routedTo).toContain('compliance');
    await desk.escalationProjected(workflow);
    return payloadOf(codec, escalated!, 'compliance.EscalationRequested');
  }

  it('raises a structuring alert for cash deposits just under the reporting threshold', async () => {
    // Given three cash deposits of 9,500.00 EUR to one account (the threshold is 10,000.00)
    const accountId = uniqueName('ACC');
    const deposits = [1, 2, 3].map(() =>
      transactionIn({
        accountId,
        amountMinor: 950_000,
        direction: 'CREDIT',
        channel: 'CASH',
        merchant: null,
      }),
    );

    // When each is posted in its own workflow
    for (const { fields, payload } of deposits) await swarm.ingest(fields, payload);

    // Then aml-monitor raises one STRUCTURING alert naming all three, and the gate audits it
    const workflows = deposits.map((d) => d.fields.correlationId);
    const isAlert = (d: Decided) =>
      ofType('aml.AlertRaised', 'aml-monitor')(d) && workflows.includes(d.correlationId);
    const [alert] = (await swarm.decisions.until((ds) => ds.some(isAlert))).filter(isAlert);
    expect(alert!.outcome).not.toBe('DENIED');
    const raised = await payloadOf(codec, alert!, 'aml.AlertRaised');
    expect(raised).toMatchObject({ accountId, pattern: 'STRUCTURING', totalMinor: 2_850_000 });
    expect([...raised.transactionIds].sort()).toEqual(deposits.map((d) => d.payload.transactionId).sort());
  });

  it('completes a review on one approval by a compliance-reviewer with a short id, as the README shows', async () => {
    // Given advice on 75,000.00 EUR, escalated for one approval at level 1 (compliance-reviewer)
    const { fields, payload } = customerRequestIn(singleApprovalAdvice);
    const workflow = fields.correlationId;
    await swarm.ingest(fields, payload);
    const escalation = await escalationOf(workflow);
    expect(escalation).toMatchObject({ level: 1, requiredRole: 'compliance-reviewer', requiredApprovals: 1 });

    // When alice approves it
    const run = await decide(workflow, 'approve', 'alice');

    // Then the command says the review completed, and the gate delivered compliance's answer
    expect(run.code, run.stderr).toBe(0);
    expect(recorded(run.stdout)).toMatchObject({
      event: 'decide.recorded',
      verdict: 'APPROVE',
      approver: 'alice',
      outcome: 'DELIVERED',
      effect: 'completed',
      effectType: 'compliance.ReviewCompleted',
    });
    const trail = await swarm.decisions.workflow(workflow, (ds) =>
      ds.some(ofType('response.CustomerAnswered')),
    );
    const completed = trail.find(ofType('compliance.ReviewCompleted'))!;
    expect(completed.outcome).toBe('DELIVERED');
    const review = await payloadOf(codec, completed, 'compliance.ReviewCompleted');
    expect(review).toMatchObject({ outcome: 'APPROVED', decidedBy: 'HUMAN', approvers: ['alice'] });
    expect(review.reason).toBe(`approved by alice on human review of escalation ${escalation.escalationId}`);
    expect(trail.every((d) => d.outcome !== 'DENIED')).toBe(true);
  });

  /** High-value advice, escalated by compliance for two approvals; the advisor-amy proposed it. */
  async function dualControlEscalation() {
    const { fields, payload } = customerRequestIn(highValueAdvice);
    const workflow = fields.correlationId;
    await swarm.ingest(fields, payload);
    const escalation = await escalationOf(workflow);
    expect(escalation.requiredApprovals).toBe(2);
    expect(escalation.excludedApprovers).toContain('advisor-amy');
    return { workflow, escalation };
  }

  it('escalates high-value advice; the proposer may not approve, one approval is not enough, two distinct reviewers are', async () => {
    // Given advice on 150,000.00 EUR, above the dual-approval threshold, escalated by compliance
    const { workflow } = await dualControlEscalation();

    // When the advisor who proposed it tries to approve it with a token of their own
    const byProposer = await decide(workflow, 'approve', 'advisor-amy');
    // Then the API refuses it under maker-checker, and the command says so and fails
    expect(byProposer.code).toBe(1);
    expect(byProposer.stderr).toContain(
      'the API answered 403 Forbidden: maker-checker: "advisor-amy" is a party',
    );
    expect(byProposer.stdout).toBe('');

    // When one reviewer approves
    const first = await decide(workflow, 'approve', 'olga');
    // Then the approval is held awaiting another
    expect(first.code, first.stderr).toBe(0);
    expect(recorded(first.stdout)).toMatchObject({
      approver: 'olga',
      outcome: 'DELIVERED',
      effect: 'awaiting',
    });

    // When a second reviewer, the subject of another token, approves
    const second = await decide(workflow, 'approve', 'omar');
    // Then the review completes with both approvers, and the customer is answered with the advice
    expect(second.code, second.stderr).toBe(0);
    expect(recorded(second.stdout)).toMatchObject({
      verdict: 'APPROVE',
      approver: 'omar',
      outcome: 'DELIVERED',
      effect: 'completed',
    });
    const trail = await swarm.decisions.workflow(workflow, (ds) =>
      ds.some(ofType('response.CustomerAnswered')),
    );
    const review = await payloadOf(
      codec,
      trail.find(ofType('compliance.ReviewCompleted'))!,
      'compliance.ReviewCompleted',
    );
    expect(review).toMatchObject({ outcome: 'APPROVED', decidedBy: 'HUMAN', approvers: ['olga', 'omar'] });
    const answer = await payloadOf(
      codec,
      trail.find(ofType('response.CustomerAnswered'))!,
      'response.CustomerAnswered',
    );
    expect(answer).toMatchObject({ complete: true, included: ['analysis', 'advice'] });
    expect(trail.findIndex(ofType('response.CustomerAnswered'))).toBeGreaterThan(
      trail.findIndex(ofType('compliance.ReviewCompleted')),
    );
  }, 300_000); // `swarmgate token` and `swarmgate decide` processes, each connecting afresh

  it('refuses a second approval by the same token subject: dual control needs two reviewers', async () => {
    // Given a dual-control escalation that one reviewer approved
    const { workflow, escalation } = await dualControlEscalation();
    const first = await decide(workflow, 'approve', 'olga');
    expect(first.code, first.stderr).toBe(0);
    expect(recorded(first.stdout)).toMatchObject({ effect: 'awaiting' });

    // When the same reviewer approves again
    const repeat = await decide(workflow, 'approve', 'olga');

    // Then the API refuses it, the command says why and fails, and the review is not completed
    expect(repeat.code).toBe(1);
    expect(repeat.stderr).toContain(
      `the API answered 403 Forbidden: dual control: "olga" has already approved escalation ${escalation.escalationId}`,
    );
    expect(repeat.stdout).toBe('');
    const trail = swarm.decisions.all.filter((d) => d.correlationId === workflow);
    expect(trail.filter(ofType('human.DecisionRecorded'))).toHaveLength(1);
    expect(trail.filter(ofType('compliance.ReviewCompleted'))).toEqual([]);
  });

  it('names the missing escalation when a workflow has none', async () => {
    // Given a workflow nobody escalated: one card payment, projected
    const { fields, payload } = transactionIn();
    await swarm.ingest(fields, payload);
    await desk.workflowProjected(fields.correlationId);

    // When a reviewer tries to decide it
    const { code, stdout, stderr } = await decide(fields.correlationId, 'approve', 'olga');

    // Then the command fails, saying why, and records nothing
    expect(code).toBe(1);
    expect(stderr).toContain(
      `the API answered 409 Conflict: workflow "${fields.correlationId}" has no escalation awaiting a human decision`,
    );
    expect(stdout).toBe('');
  });
});

describe('a decision whose effect the gate denies', () => {
  const bus = new KafkaBus({ brokers: services.brokers });
  const codec = Codec.connect(services.registryUrl);
  const keyDir = initializedKeyDir(['case-desk']);
  let swarm: SwarmHarness;
  let desk: ReviewDesk;

  beforeAll(async () => {
    await codec.registerAll();
    swarm = await startSwarm(bus, codec, {
      agents: bankingWith({ responder: { responseAfterMs: 600_000 } }),
      composite: reviewerCannotActPolicy(),
    });
    await registerCaseDesk(swarm, keyDir);
    desk = await startReviewDesk(swarm, bus, codec, keyDir);
  });
  afterAll(async () => {
    // undefined when the set-up failed
    await (desk as ReviewDesk | undefined)?.stop();
    await (swarm as SwarmHarness | undefined)?.stop();
    await bus.close();
  });

  it("exits non-zero, naming the policy, when compliance's answer to the approval is denied", async () => {
    // Given an escalation for one approval, under a policy where a compliance-reviewer may not act
    const { fields, payload } = customerRequestIn(singleApprovalAdvice);
    const workflow = fields.correlationId;
    await swarm.ingest(fields, payload);
    await swarm.decisions.workflow(workflow, (ds) =>
      ds.some(ofType('compliance.EscalationRequested', 'compliance')),
    );
    await desk.escalationProjected(workflow);

    // When alice approves it
    const run = await desk.decide(workflow, 'approve', 'alice');

    // Then the decision reached compliance, but its review was denied: the command says so and fails
    expect(run.code).toBe(1);
    expect(recorded(run.stdout)).toMatchObject({
      outcome: 'DELIVERED',
      effect: 'denied',
      effectType: 'compliance.ReviewCompleted',
      effectOutcome: 'DENIED',
    });
    expect(run.stderr).toMatch(/the gate denied compliance's compliance.ReviewCompleted .*rbac: /);
  });
});

describe('a review nobody decides on Kafka', () => {
  const bus = new KafkaBus({ brokers: services.brokers });
  const codec = Codec.connect(services.registryUrl);
  const reviewAfterMs = 1_500;
  let swarm: SwarmHarness;

  beforeAll(async () => {
    await codec.registerAll();
    swarm = await startSwarm(bus, codec, {
      agents: bankingWith({ compliance: { reviewAfterMs }, responder: { responseAfterMs: 600_000 } }),
      composite: shippedPolicy(),
    });
  });
  afterAll(async () => {
    await (swarm as SwarmHarness | undefined)?.stop(); // undefined when the set-up failed
    await bus.close();
  });

  it('goes one level up at its deadline and is never approved by time', async () => {
    // Given high-value advice escalated to level 1
    const { fields, payload } = customerRequestIn(highValueAdvice);

    // When no reviewer decides before the review deadline
    await swarm.ingest(fields, payload);

    // Then compliance escalates it to level 2 (compliance-officer or above), keeping both approvals required
    const escalations = (ds: readonly Decided[]) =>
      ds.filter(ofType('compliance.EscalationRequested', 'compliance'));
    const trail = await swarm.decisions.workflow(fields.correlationId, (ds) => escalations(ds).length === 2);
    const [first, raised] = await Promise.all(
      escalations(trail).map((d) => payloadOf(codec, d, 'compliance.EscalationRequested')),
    );
    expect(first).toMatchObject({ level: 1, requiredRole: reviewerRoles[0] });
    expect(raised).toMatchObject({
      escalationId: first!.escalationId,
      level: 2,
      requiredRole: reviewerRoles[1],
      requiredApprovals: 2,
      approvalsSoFar: 0,
    });
    expect(raised!.reasons[0]).toBe('review at level 1 was not completed by its deadline');
    expect(escalations(trail)[1]!.decidedAt - escalations(trail)[0]!.decidedAt).toBeGreaterThanOrEqual(
      reviewAfterMs - 100,
    );
    expect(trail.filter(ofType('compliance.ReviewCompleted'))).toEqual([]);
  });
});
