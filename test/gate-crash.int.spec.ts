import { afterAll, describe, expect, it } from 'vitest';
import { KafkaBus } from '../bus/kafka/index.ts';
import { testOperator } from '../registry/testing.ts';
import { Codec } from '../schemas/codec.ts';
import type { Decision } from '../schemas/generated/types.ts';
import type { Child } from './support/child.ts';
import { startCli } from './support/cli.ts';
import { envelopeFields, transactionPosted } from './support/envelopes.ts';
import { setUpInstallation } from './support/gate-harness.ts';
import { services } from './support/services.ts';

const system = { userId: 'svc-core-ledger', roles: ['system'], tenantId: 'retail-eu', region: 'EU' };

describe('the gate process under SIGKILL', () => {
  const bus = new KafkaBus({ brokers: services.brokers });
  const codec = Codec.connect(services.registryUrl);
  const children: Child[] = [];
  afterAll(async () => {
    await Promise.all(children.map((child) => child.kill()));
    await bus.close();
  });

  it('decides every proposal exactly once when killed mid-stream and restarted', async () => {
    // Given 600 proposals over 40 workflows and a gate process deciding them
    await codec.registerAll();
    const installation = await setUpInstallation(bus, codec);
    const env = {
      KAFKA_BROKERS: services.brokers.join(','),
      SCHEMA_REGISTRY_URL: services.registryUrl,
      SWARMGATE_TOPIC_PREFIX: installation.names.ingress.replace(/sg\.ingress$/, ''),
      ...testOperator().env,
    };
    const proposals = Array.from({ length: 600 }, (_, i) =>
      envelopeFields({ actor: system, correlationId: `wf-${i % 40}` }),
    );
    const startGate = () => {
      const child = startCli(['gate'], env);
      children.push(child);
      return child;
    };
    const first = startGate();
    await first.waitForLine(/gate\.ready/);
    for (const fields of proposals) await installation.propose(fields, transactionPosted());

    // When it is killed with SIGKILL after deciding some of them, and started again
    await installation.decisions.until((records) => records.length >= 100);
    await first.kill('SIGKILL');
    const decidedBeforeKill = installation.decisions.records.length;
    await startGate().waitForLine(/gate\.ready/);
    await installation.decisionFor(proposals.at(-1)!.id);
    await Promise.all(proposals.map((p) => installation.decisionFor(p.id)));

    // Then it was killed mid-stream, and every proposal has exactly one decision and every delivery exactly one inbox record
    const decisions = await Promise.all(
      installation.decisions.records.map((r) => codec.decodeAs('swarmgate.v1.Decision', r.value)),
    );
    const perEvent = new Map<string, Decision[]>();
    for (const decision of decisions)
      perEvent.set(decision.eventId, [...(perEvent.get(decision.eventId) ?? []), decision]);
    expect(decidedBeforeKill).toBeLessThan(600);
    expect(perEvent.size).toBe(600);
    const decidedTwice = [...perEvent.values()].filter((list) => list.length > 1);
    expect(
      decidedTwice.map((list) =>
        list.map(({ decisionId, origin, outcome, gateInstance }) => ({
          decisionId,
          origin,
          outcome,
          gateInstance,
        })),
      ),
    ).toEqual([]);
    const fraudInbox = await installation.inboxDecisionIds('fraud');
    expect(new Set(fraudInbox).size).toBe(fraudInbox.length);
    expect(fraudInbox.length).toBe(decisions.filter((d) => d.routedTo.includes('fraud')).length);
    await installation.stop();
  });
});
