import { afterAll, describe, expect, it } from 'vitest';
import { KafkaBus } from '../bus/kafka/index.ts';
import { testOperator } from '../registry/testing.ts';
import { Codec } from '../schemas/codec.ts';
import type { Child } from './support/child.ts';
import { startCli } from './support/cli.ts';
import { initializedKeyDir } from './support/key-dir.ts';
import { uniqueName } from './support/names.ts';
import { services } from './support/services.ts';
import {
  createSwarmTopics,
  prefixOf,
  runCli,
  startSwarm,
  transactionIn,
  type Decided,
  type SwarmHarness,
} from './support/swarm-harness.ts';

const transactions = 600;
const isScore = (d: Decided) => d.sender === 'fraud' && d.eventType === 'fraud.RiskScored';

describe('an agent process under SIGKILL', () => {
  const bus = new KafkaBus({ brokers: services.brokers });
  const codec = Codec.connect(services.registryUrl);
  const children: Child[] = [];
  let swarm: SwarmHarness | undefined;
  afterAll(async () => {
    await Promise.all(children.map((child) => child.kill()));
    await swarm?.stop();
    await bus.close();
  });

  it('answers every input exactly once when killed mid-stream and restarted', async () => {
    // Given `swarmgate agent fraud` as its own process (its key kept in a directory across
    // restarts), a gate, and 600 transactions over 40 workflows
    await codec.registerAll();
    const names = await createSwarmTopics(bus, ['fraud']);
    const env = {
      KAFKA_BROKERS: services.brokers.join(','),
      SCHEMA_REGISTRY_URL: services.registryUrl,
      SWARMGATE_TOPIC_PREFIX: prefixOf(names),
      SWARMGATE_KEY_DIR: initializedKeyDir(['fraud']),
      ...testOperator().env,
    };
    // The ready line names the agent's own pid: the tsx launcher is a separate process.
    const startFraud = async () => {
      const child = startCli(['agent', 'fraud'], env);
      children.push(child);
      const ready = JSON.parse(await child.waitForLine(/"event":"agent\.ready"/)) as { pid: number };
      return { child, pid: ready.pid };
    };
    const first = await startFraud();
    swarm = await startSwarm(bus, codec, { agents: [], names });
    // Its announcement is only a request: the operator approves it with the fingerprint its host prints.
    const printed = await runCli(names, ['keys', 'fingerprint', 'fraud'], env);
    expect(printed.code, printed.stderr).toBe(0);
    const { fingerprint } = JSON.parse(printed.stdout) as { fingerprint: string };
    const approved = await runCli(names, ['agents', 'approve', 'fraud', '--fingerprint', fingerprint], env);
    expect(approved.code, approved.stderr).toBe(0);
    await swarm.gate.registryUntil((fold) => fold.registration('fraud') !== undefined);
    const workflows = uniqueName('wf');
    const inputs = Array.from({ length: transactions }, (_, i) =>
      transactionIn({ accountId: `ACC-${i % 40}` }, `${workflows}-${i % 40}`),
    );
    for (const { fields, payload } of inputs) await swarm.ingest(fields, payload);

    // When it is killed with SIGKILL after answering some of them, and started again
    await swarm.decisions.until((ds) => ds.filter(isScore).length >= 100);
    process.kill(first.pid, 'SIGKILL');
    await first.child.kill();
    const answeredBeforeKill = swarm.decisions.all.filter(isScore).length;
    const second = await startFraud();
    const ids = new Set(inputs.map((input) => input.fields.id));
    const answered = (ds: readonly Decided[]) => new Set(ds.filter(isScore).map((d) => d.causationId)).size;
    const delivered = (ds: readonly Decided[]) =>
      ds.filter((d) => ids.has(d.eventId) && d.outcome === 'DELIVERED');
    const decided = (ds: readonly Decided[]) => ds.filter((d) => ids.has(d.eventId)).length;
    // Waits on what the gate delivered, so an input it denied fails below instead of hanging.
    await swarm.decisions.until((ds) => decided(ds) === ids.size && answered(ds) === delivered(ds).length);

    // Then it was killed mid-stream, and each input was answered exactly once on sg.decisions
    const scores = swarm.decisions.all.filter(isScore);
    expect(answeredBeforeKill).toBeLessThan(transactions);
    expect(delivered(swarm.decisions.all).length).toBe(transactions);
    expect(scores.every((d) => d.causationId !== null && ids.has(d.causationId))).toBe(true);
    expect(scores.length).toBe(transactions);
    expect(new Set(scores.map((d) => d.eventId)).size).toBe(transactions);

    // And SIGTERM stops the restarted process cleanly
    await second.child.kill('SIGTERM');
    expect(second.child.process.exitCode).toBe(0);
  });
});
