// Workflow statuses as the shipped swarm drives them on Kafka, under the shipped policy: an
// escalated workflow is listed as escalated until a reviewer's decision completes its review,
// and a customer's request whose advice never reached the answer is partial, naming it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBankingAgents, defaultBankingConfig } from '../agents/banking/index.ts';
import { issueToken } from '../api/auth/index.ts';
import { startApi, type RunningApi } from '../api/main.ts';
import { KafkaBus } from '../bus/kafka/index.ts';
import { caseDeskIdentity } from '../cli/case-desk.ts';
import { localAuthority } from '../cli/local-tokens.ts';
import { loadComposite } from '../orchestrator/policy/composite.ts';
import { startProjector, type Projector } from '../projector/consumer.ts';
import { getWorkflow, migrate, quoteSchema, type WorkflowState } from '../projector/index.ts';
import { openTestDb, uniqueSchemaName } from '../projector/testing/database.ts';
import { testOperator } from '../registry/testing.ts';
import { Codec } from '../schemas/codec.ts';
import { defaultPolicyPath } from './support/gate-harness.ts';
import { initializedKeyDir } from './support/key-dir.ts';
import { services } from './support/services.ts';
import {
  customerRequestIn,
  prefixOf,
  startSwarm,
  type SwarmHarness,
  registerCaseDesk,
} from './support/swarm-harness.ts';

const TENANT = 'retail-eu';
const customer = { userId: 'cust-7', roles: ['customer'], tenantId: TENANT, region: 'EU' };

function bankingAnsweringAfter(responseAfterMs: number) {
  const config = {
    ...defaultBankingConfig,
    responder: { ...defaultBankingConfig.responder, responseAfterMs },
  };
  return createBankingAgents({ config });
}

/** A projector of the swarm's decisions into a schema of its own. */
async function projectorOf(swarm: SwarmHarness, bus: KafkaBus, codec: Codec) {
  const db = openTestDb();
  const schema = uniqueSchemaName();
  await migrate(db, schema);
  const projector: Projector = await startProjector({ bus, codec, names: swarm.names, db, schema });
  return {
    db,
    schema,
    stop: async () => {
      await projector.stop();
      await db.exec(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
      await db.close();
    },
  };
}

describe('an escalated workflow on Kafka, with the shipped policy', () => {
  const bus = new KafkaBus({ brokers: services.brokers });
  const codec = Codec.connect(services.registryUrl);
  const keyDir = initializedKeyDir(['case-desk']);
  const { authority, settings } = localAuthority(keyDir);
  let swarm: SwarmHarness;
  let projected: Awaited<ReturnType<typeof projectorOf>>;
  let api: RunningApi;

  beforeAll(async () => {
    await codec.registerAll();
    // The answer waits for the review: the customer is kept waiting longer than a reviewer takes.
    swarm = await startSwarm(bus, codec, {
      agents: bankingAnsweringAfter(600_000),
      composite: loadComposite(defaultPolicyPath),
    });
    await registerCaseDesk(swarm, keyDir);
    projected = await projectorOf(swarm, bus, codec);
    api = await startApi({
      brokers: services.brokers,
      registryUrl: services.registryUrl,
      databaseUrl: services.databaseUrl,
      schema: projected.schema,
      topicPrefix: prefixOf(swarm.names),
      port: 0,
      logger: false,
      auth: settings,
      humanSigner: caseDeskIdentity({ env: { SWARMGATE_KEY_DIR: keyDir } }),
      operatorKeys: testOperator().keys,
    });
  }, 300_000);
  afterAll(async () => {
    // undefined when the set-up failed
    await (api as RunningApi | undefined)?.stop();
    await (projected as typeof projected | undefined)?.stop();
    await (swarm as SwarmHarness | undefined)?.stop();
    await bus.close();
  });

  const call = async (path: string, roles: string[], init: RequestInit = {}) => {
    const token = await issueToken(authority, { subject: 'alice', roles, tenants: [TENANT] });
    return fetch(`${api.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
  };
  const listed = async (status: string): Promise<WorkflowState[]> =>
    ((await (await call(`/workflows?status=${status}`, ['read'])).json()) as { workflows: WorkflowState[] })
      .workflows;

  it('is listed as escalated until the reviewer approves, then completed with nothing missing', async () => {
    // Given advice on 75,000.00 EUR, which compliance escalates for one approval
    const { fields, payload } = customerRequestIn('I want to invest EUR 75,000 in a portfolio.');
    const workflow = fields.correlationId;
    await swarm.ingest(fields, payload);

    // Then GET /workflows?status=escalated lists it, and not as completed
    await expect
      .poll(async () => (await listed('escalated')).map((w) => w.correlationId), { timeout: 60_000 })
      .toContain(workflow);
    expect((await listed('completed')).map((w) => w.correlationId)).not.toContain(workflow);

    // When a compliance-reviewer approves it through the API
    const decided = await call(`/workflows/${workflow}/decision`, ['review', 'compliance-reviewer'], {
      method: 'POST',
      body: JSON.stringify({ decision: 'approve' }),
    });
    expect(decided.status, await decided.clone().text()).toBeLessThan(300);

    // Then the review completes, the customer is answered with the advice, and it is completed
    await expect
      .poll(async () => (await getWorkflow(projected.db, projected.schema, workflow))?.status, {
        timeout: 60_000,
      })
      .toBe('completed');
    const state = (await (await call(`/workflows/${workflow}`, ['read'])).json()) as WorkflowState;
    expect(state).toMatchObject({
      status: 'completed',
      currentStep: 'response.CustomerAnswered',
      escalationOpen: false,
      answered: true,
      missing: [],
    });
    expect((await listed('escalated')).map((w) => w.correlationId)).not.toContain(workflow);
  });
});

describe("a customer's own request on Kafka, with the shipped policy", () => {
  const bus = new KafkaBus({ brokers: services.brokers });
  const codec = Codec.connect(services.registryUrl);
  let swarm: SwarmHarness;
  let projected: Awaited<ReturnType<typeof projectorOf>>;

  beforeAll(async () => {
    await codec.registerAll();
    swarm = await startSwarm(bus, codec, {
      agents: bankingAnsweringAfter(3_000),
      composite: loadComposite(defaultPolicyPath),
    });
    projected = await projectorOf(swarm, bus, codec);
  }, 300_000);
  afterAll(async () => {
    await (projected as typeof projected | undefined)?.stop();
    await (swarm as SwarmHarness | undefined)?.stop();
    await bus.close();
  });

  it('is partial, lacking the advice: HIGH-risk compliance may not review it for a customer actor', async () => {
    // Given a request by the customer themself, with every consent its path needs
    const { fields, payload } = customerRequestIn('Should I move EUR 2,000 to savings?', { actor: customer });
    const workflow = fields.correlationId;

    // When the swarm handles it
    await swarm.ingest(fields, payload);
    const trail = await swarm.decisions.workflow(workflow, (ds) =>
      ds.some((d) => d.eventType === 'response.CustomerAnswered'),
    );

    // Then the advice reached no one (risk-class keeps compliance from acting for a customer),
    const advice = trail.find((d) => d.eventType === 'advice.RecommendationMade');
    expect(advice).toMatchObject({ outcome: 'NO_RECIPIENT' });
    expect(advice?.notRouted).toContainEqual(
      expect.objectContaining({ agent: 'compliance', policy: 'risk-class' }),
    );
    // and the workflow is partial, naming what its answer lacked, not completed
    await expect
      .poll(async () => (await getWorkflow(projected.db, projected.schema, workflow))?.status, {
        timeout: 60_000,
      })
      .toBe('partial');
    expect(await getWorkflow(projected.db, projected.schema, workflow)).toMatchObject({
      answered: true,
      missing: ['advice.RecommendationMade'],
    });
  });
});
