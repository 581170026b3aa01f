import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBankingAgents, defaultBankingConfig, type BankingConfig } from '../agents/banking/index.ts';
import { KafkaBus } from '../bus/kafka/index.ts';
import { caseDeskIdentity } from '../cli/case-desk.ts';
import { buildComposite } from '../orchestrator/policy/composite.ts';
import { loadPolicyConfig } from '../orchestrator/policy/config.ts';
import { Codec } from '../schemas/codec.ts';
import { defaultPolicyPath } from './support/gate-harness.ts';
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

/**
 * The default policy, with compliance's reviewers among the roles a HIGH-risk agent may act for:
 * policies.yaml lists only advisor, admin and system, so a reviewer's decision would never reach
 * compliance.
 */
function reviewerPolicy() {
  const { config } = loadPolicyConfig(defaultPolicyPath);
  const riskClass = config.policies['risk-class'];
  return buildComposite({
    ...config,
    policies: {
      ...config.policies,
      'risk-class': { ...riskClass, highRiskRoles: [...riskClass.highRiskRoles, ...reviewerRoles] },
    },
  });
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

const ofType = (type: string, sender?: string) => (d: Decided) =>
  d.eventType === type && (sender === undefined || d.sender === sender);

describe('AML monitoring and the human hand-off on Kafka', () => {
  const bus = new KafkaBus({ brokers: services.brokers });
  const codec = Codec.connect(services.registryUrl);
  const keyDir = mkdtempSync(join(tmpdir(), 'swarmgate-case-desk-'));
  let swarm: SwarmHarness;
  const decide = (
    workflow: string,
    verdict: 'approve' | 'reject',
    user: string,
    roles = 'compliance-officer',
  ) =>
    runCli(swarm.names, ['decide', workflow, verdict, '--as', user, '--roles', roles], {
      SWARMGATE_KEY_DIR: keyDir,
    });

  beforeAll(async () => {
    await codec.registerAll();
    // Reviews take longer than the customer is kept waiting by default; the answer waits for them.
    swarm = await startSwarm(bus, codec, {
      agents: bankingWith({ responder: { responseAfterMs: 600_000 } }),
      composite: reviewerPolicy(),
    });
    // The operator registers the case desk's key before anyone decides (`agents register`).
    const caseDesk = caseDeskIdentity({ SWARMGATE_KEY_DIR: keyDir });
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
  });
  afterAll(async () => {
    await (swarm as SwarmHarness | undefined)?.stop(); // undefined when the set-up failed
    await bus.close();
  });

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

  it('escalates high-value advice; the proposer may not approve, one approval is not enough, two distinct reviewers are', async () => {
    // Given advice on 150,000.00 EUR, above the dual-approval threshold, escalated by compliance
    const { fields, payload } = customerRequestIn(highValueAdvice);
    const workflow = fields.correlationId;
    await swarm.ingest(fields, payload);
    const [escalated] = (
      await swarm.decisions.workflow(workflow, (ds) =>
        ds.some(ofType('compliance.EscalationRequested', 'compliance')),
      )
    ).filter(ofType('compliance.EscalationRequested'));
    expect(escalated!.routedTo).toContain('compliance');
    const escalation = await payloadOf(codec, escalated!, 'compliance.EscalationRequested');
    expect(escalation.requiredApprovals).toBe(2);
    expect(escalation.excludedApprovers).toContain('advisor-amy');
    const refusals = (ds: readonly Decided[]) => ds.filter(ofType('compliance.ApprovalRefused'));

    // When the advisor who proposed it tries to approve it
    const byProposer = await decide(workflow, 'approve', 'advisor-amy');
    // Then the decision reaches compliance, which refuses it under maker-checker
    expect(byProposer.code).toBe(0);
    const [makerRefused] = refusals(
      await swarm.decisions.workflow(workflow, (ds) => refusals(ds).length === 1),
    );
    const makerRefusal = await payloadOf(codec, makerRefused!, 'compliance.ApprovalRefused');
    expect(makerRefusal.approverId).toBe('advisor-amy');
    expect(makerRefusal.reason).toMatch(/^maker-checker: advisor-amy is a party/);

    // When one reviewer approves, then tries to approve again
    expect((await decide(workflow, 'approve', 'officer-olga')).code).toBe(0);
    expect((await decide(workflow, 'approve', 'officer-olga')).code).toBe(0);
    // Then the repeat is refused, and by then the single approval has completed nothing
    const afterRepeat = await swarm.decisions.workflow(workflow, (ds) => refusals(ds).length === 2);
    expect(
      (await payloadOf(codec, refusals(afterRepeat)[1]!, 'compliance.ApprovalRefused')).reason,
    ).toContain('officer-olga has already approved');
    expect(afterRepeat.filter(ofType('compliance.ReviewCompleted'))).toEqual([]);

    // When a second, distinct reviewer approves
    const second = await decide(workflow, 'approve', 'officer-omar');
    // Then the review completes with both approvers, and the customer is answered with the advice
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({
      event: 'decide.recorded',
      verdict: 'APPROVE',
      approver: 'officer-omar',
      outcome: 'DELIVERED',
    });
    const trail = await swarm.decisions.workflow(workflow, (ds) =>
      ds.some(ofType('response.CustomerAnswered')),
    );
    const review = await payloadOf(
      codec,
      trail.find(ofType('compliance.ReviewCompleted'))!,
      'compliance.ReviewCompleted',
    );
    expect(review).toMatchObject({
      outcome: 'APPROVED',
      decidedBy: 'HUMAN',
      approvers: ['officer-olga', 'officer-omar'],
    });
    const answer = await payloadOf(
      codec,
      trail.find(ofType('response.CustomerAnswered'))!,
      'response.CustomerAnswered',
    );
    expect(answer).toMatchObject({ complete: true, included: ['analysis', 'advice'] });
    expect(trail.findIndex(ofType('response.CustomerAnswered'))).toBeGreaterThan(
      trail.findIndex(ofType('compliance.ReviewCompleted')),
    );
  });

  it('names the missing escalation when a workflow has none', async () => {
    // Given a workflow nobody escalated
    const workflow = uniqueName('wf-calm');

    // When a reviewer tries to decide it
    const { code, stdout, stderr } = await decide(workflow, 'approve', 'officer-olga');

    // Then the command fails, saying why, and records nothing
    expect(code).toBe(1);
    expect(stderr).toContain(`workflow "${workflow}" has no escalation`);
    expect(stdout).toBe('');
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
      composite: reviewerPolicy(),
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
