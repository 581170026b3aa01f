import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBankingAgents, defaultBankingConfig, type BankingConfig } from '../agents/banking/index.ts';
import { KafkaBus } from '../bus/kafka/index.ts';
import { caseDeskIdentity } from '../cli/case-desk.ts';
import { buildComposite, loadComposite } from '../orchestrator/policy/composite.ts';
import { loadPolicyConfig, policyVersionOf } from '../orchestrator/policy/config.ts';
import { Codec } from '../schemas/codec.ts';
import { defaultPolicyPath } from './support/gate-harness.ts';
import { initializedKeyDir } from './support/key-dir.ts';
import { uniqueName } from './support/names.ts';
import { services } from './support/services.ts';
import {
  customerRequestIn,
  payloadOf,
  runCli,
  startSwarm,
  transactionIn,
  type Decided,
  type SwarmHarness,
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

/** The operator registers the case desk's key before anyone decides (`swarmgate agents register`). */
async function registerCaseDesk(swarm: SwarmHarness, keyDir: string): Promise<void> {
  const caseDesk = caseDeskIdentity({ env: { SWARMGATE_KEY_DIR: keyDir } });
  const publicKeyFile = join(keyDir, 'case-desk.pub.pem');
  writeFileSync(publicKeyFile, caseDesk.publicKeyPem);
  const registered = await runCli(swarm.names, [
    'agents',
    'register',
    'case-desk',
    '--public-key',
    publicKeyFile,
  ]);
  expect(registered.code, registered.stderr).toBe(0);
  await swarm.gate.registryUntil(
    (fold) => fold.registration('case-desk')?.publicKey === caseDesk.publicKeyPem,
  );
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
  // The case desk's key, made as an operator makes it (`swarmgate keys init`).
  const keyDir = initializedKeyDir(['case-desk']);
  let swarm: SwarmHarness;
  // As the README documents it: swarmgate decide <workflow> approve --as alice --roles compliance-reviewer
  const decide = (workflow: string, verdict: 'approve' | 'reject', user: string) =>
    runCli(swarm.names, ['decide', workflow, verdict, '--as', user, '--roles', 'compliance-reviewer'], {
      SWARMGATE_KEY_DIR: keyDir,
    });

  beforeAll(async () => {
    await codec.registerAll();
    // Reviews take longer than the customer is kept waiting by default; the answer waits for them.
    swarm = await startSwarm(bus, codec, {
      agents: bankingWith({ responder: { responseAfterMs: 600_000 } }),
      composite: shippedPolicy(),
    });
    await registerCaseDesk(swarm, keyDir);
  });
  afterAll(async () => {
    await (swarm as SwarmHarness | undefined)?.stop(); // undefined when the set-up failed
    await bus.close();
  });

  async function escalationOf(workflow: string) {
    const [escalated] = (
      await swarm.decisions.workflow(workflow, (ds) =>
        ds.some(ofType('compliance.EscalationRequested', 'compliance')),
      )
    ).filter(ofType('compliance.EscalationRequested'));
    expect(escalated!.routedTo).toContain('compliance');
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

  it('escalates high-value advice; the proposer may not approve, one approval is not enough, two distinct reviewers are', async () => {
    // Given advice on 150,000.00 EUR, above the dual-approval threshold, escalated by compliance
    const { fields, payload } = customerRequestIn(highValueAdvice);
    const workflow = fields.correlationId;
    await swarm.ingest(fields, payload);
    const escalation = await escalationOf(workflow);
    expect(escalation.requiredApprovals).toBe(2);
    expect(escalation.excludedApprovers).toContain('advisor-amy');
    const refusals = (ds: readonly Decided[]) => ds.filter(ofType('compliance.ApprovalRefused'));

    // When the advisor who proposed it tries to approve it
    const byProposer = await decide(workflow, 'approve', 'advisor-amy');
    // Then compliance refuses it under maker-checker, and the command says so and fails
    expect(byProposer.code).toBe(1);
    expect(byProposer.stderr).toMatch(
      /compliance refused the decision: maker-checker: advisor-amy is a party/,
    );
    const [makerRefused] = refusals(
      await swarm.decisions.workflow(workflow, (ds) => refusals(ds).length === 1),
    );
    const makerRefusal = await payloadOf(codec, makerRefused!, 'compliance.ApprovalRefused');
    expect(makerRefusal.approverId).toBe('advisor-amy');

    // When one reviewer approves, then tries to approve again
    const first = await decide(workflow, 'approve', 'olga');
    const repeat = await decide(workflow, 'approve', 'olga');
    // Then the first is held awaiting another approval, the repeat is refused, nothing completed
    expect(first.code, first.stderr).toBe(0);
    expect(recorded(first.stdout)).toMatchObject({ outcome: 'DELIVERED', effect: 'awaiting' });
    expect(repeat.code).toBe(1);
    expect(repeat.stderr).toContain('olga has already approved');
    const afterRepeat = await swarm.decisions.workflow(workflow, (ds) => refusals(ds).length === 2);
    expect(afterRepeat.filter(ofType('compliance.ReviewCompleted'))).toEqual([]);

    // When a second, distinct reviewer approves
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
  }, 300_000); // four `swarmgate decide` processes, each connecting afresh

  it('names the missing escalation when a workflow has none', async () => {
    // Given a workflow nobody escalated
    const workflow = uniqueName('wf-calm');

    // When a reviewer tries to decide it
    const { code, stdout, stderr } = await decide(workflow, 'approve', 'olga');

    // Then the command fails, saying why, and records nothing
    expect(code).toBe(1);
    expect(stderr).toContain(`workflow "${workflow}" has no escalation`);
    expect(stdout).toBe('');
  });
});

describe('a decision whose effect the gate denies', () => {
  const bus = new KafkaBus({ brokers: services.brokers });
  const codec = Codec.connect(services.registryUrl);
  const keyDir = initializedKeyDir(['case-desk']);
  let swarm: SwarmHarness;

  beforeAll(async () => {
    await codec.registerAll();
    swarm = await startSwarm(bus, codec, {
      agents: bankingWith({ responder: { responseAfterMs: 600_000 } }),
      composite: reviewerCannotActPolicy(),
    });
    await registerCaseDesk(swarm, keyDir);
  });
  afterAll(async () => {
    await (swarm as SwarmHarness | undefined)?.stop(); // undefined when the set-up failed
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

    // When alice approves it
    const run = await runCli(
      swarm.names,
      ['decide', workflow, 'approve', '--as', 'alice', '--roles', 'compliance-reviewer'],
      { SWARMGATE_KEY_DIR: keyDir },
    );

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
