import { describe, expect, it, onTestFinished } from 'vitest';
import { topicNames, topicSpecs } from '../bus/topics.ts';
import type { AgentStats, AuditRow } from '../projector/index.ts';
import { decisionStream } from '../projector/testing/decisions.ts';
import type { Decision } from '../schemas/generated/types.ts';
import { testOperator } from '../registry/testing.ts';
import { uniqueName } from '../test/support/names.ts';
import { followInventory, type InventoryAgent } from './inventory.ts';
import { apiWith, asCaller, errorOf } from './testing/api.ts';
import { announcement, command, control, register } from './testing/registry.ts';
import { realServices } from './testing/services.ts';
import { CALLERS } from './testing/tokens.ts';

const services = realServices();

interface AgentsBody {
  agents: (InventoryAgent & { stats: AgentStats | null })[];
  unregistered: AgentStats[];
}

/** Registry and control topics of the test's own, with what the operators put on them. */
async function givenRegistry(
  setUp: (own: {
    bus: typeof services.bus;
    codec: typeof services.codec;
    names: ReturnType<typeof topicNames>;
  }) => Promise<void>,
) {
  const own = { bus: services.bus, codec: services.codec, names: topicNames(`${uniqueName('api-agents')}.`) };
  await services.bus.createTopics(topicSpecs(own.names, { partitions: 1, agents: [] }));
  await setUp(own);
  const inventory = await followInventory(own.bus, own.codec, own.names, testOperator().keys);
  onTestFinished(() => inventory.stop());
  await inventory.caughtUp;
  return inventory;
}

describe('GET /agents', () => {
  it('lists the registered agents with risk, clearance, kill status and statistics; other senders apart', async () => {
    const inventory = await givenRegistry(async (own) => {
      await register(
        own,
        announcement('fraud'),
        announcement('compliance', { riskClass: 'HIGH', clearance: 'PII' }),
      );
      await control(own, command('KILL', 'compliance'));
    });
    const { app } = await apiWith(services, decisionStream(2), { inventory });
    const response = await (await asCaller(app, CALLERS.operator))('/agents');
    const { agents, unregistered } = response.json<AgentsBody>();
    expect(response.statusCode).toBe(200);
    expect(agents).toMatchObject([
      {
        name: 'compliance',
        risk: 'HIGH',
        clearance: 'PII',
        status: 'killed',
        killSwitch: { reason: 'incident INC-7' },
      },
      {
        name: 'fraud',
        risk: 'LOW',
        consumes: ['banking.TransactionPosted'],
        status: 'active',
        killSwitch: null,
        stats: { sent: 2 },
      },
    ]);
    expect(agents[0]?.stats).toMatchObject({ handled: 2 });
    expect(unregistered.map((s) => s.agent)).toContain('core-banking');
  });
});

describe('the inventory', () => {
  it('follows kill switches for one agent or all, resumes, and retires on a signed retirement', async () => {
    const { inventory } = services;
    const name = uniqueName('analyst');
    const statusOf = (agents: readonly { name: string; status: string }[]) =>
      agents.find((a) => a.name === name)?.status;
    await register(services, announcement(name));
    await inventory.until((agents) => statusOf(agents) === 'active');
    await control(services, command('KILL', '*'));
    await inventory.until((agents) => agents.every((a) => a.status === 'killed'));
    await control(services, command('RESUME', '*'));
    await inventory.until((agents) => statusOf(agents) === 'active');
    await register(services, announcement(name, { retired: true }));
    await inventory.until((agents) => statusOf(agents) === undefined);
    expect(inventory.health()).toMatchObject({ ok: true, caughtUp: true, skipped: 0 });
  });
});

describe('GET /audit', () => {
  it("returns a workflow's audit rows in chain order, each with its decision", async () => {
    const { app } = await apiWith(services, decisionStream(2));
    const response = await (await asCaller(app, CALLERS.reader))('/audit?workflow=workflow-1');
    const { entries } = response.json<{ entries: (AuditRow & { decision: Decision })[] }>();
    expect(response.statusCode).toBe(200);
    expect(entries).toHaveLength(8);
    expect(entries[0]).toMatchObject({
      decisionId: 'decision-1-0',
      decision: { sender: 'core-banking', outcome: 'DELIVERED' },
    });
    const seqs = entries.map((entry) => entry.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it("pages the rows after a seq, with the next page's key while there may be more", async () => {
    const { app } = await apiWith(services, decisionStream(2));
    const reader = await asCaller(app, CALLERS.reader);
    type Page = { entries: AuditRow[]; next: number | null };

    const first = (await reader('/audit?workflow=workflow-1&limit=5')).json<Page>();
    const rest = (await reader(`/audit?workflow=workflow-1&limit=5&after=${first.next}`)).json<Page>();

    expect(first.entries).toHaveLength(5);
    expect(first.next).toBe(first.entries.at(-1)?.seq);
    expect([rest.entries.length, rest.next]).toEqual([3, null]);
    expect(rest.entries[0]!.seq).toBeGreaterThan(first.next!);
  });

  it('answers 400 naming the missing workflow parameter', async () => {
    const { app } = await apiWith(services);
    const response = await (await asCaller(app, CALLERS.reader))('/audit');
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).message).toBe('invalid query: workflow: required');
  });
});
