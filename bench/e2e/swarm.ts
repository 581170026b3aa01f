// The swarm as separate processes, started as an operator starts them (`swarmgate gate`,
// `swarmgate agent <name>`, `swarmgate projector`), on their own topics and schema.
import { readFileSync } from 'node:fs';
import { bankingAgents } from '../../agents/banking/index.ts';
import type { KafkaBus } from '../../bus/kafka/index.ts';
import { topicNames, topicSpecs, type TopicNames } from '../../bus/topics.ts';
import { approveRequests, testOperator } from '../../registry/testing.ts';
import type { Codec } from '../../schemas/codec.ts';
import type { Child } from '../../test/support/child.ts';
import { startCli } from '../../test/support/cli.ts';
import { initializedKeyDir } from '../../test/support/key-dir.ts';
import { uniqueName } from '../../test/support/names.ts';
import { brokers, registryUrl } from '../support.ts';

export const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface SwarmProcesses {
  readonly names: TopicNames;
  readonly prefix: string;
  readonly schema: string;
  readonly env: Readonly<Record<string, string>>;
  /** Resident set size in MB of each process, by name. */
  rss(): Record<string, number>;
  stop(): Promise<void>;
}

const rssMbOf = (pid: number | undefined): number => {
  if (pid === undefined) return 0;
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
    return line ? Math.round(Number(line[1]) / 1024) : 0;
  } catch {
    return 0;
  }
};

export async function startSwarmProcesses(
  bus: KafkaBus,
  codec: Codec,
  extraEnv: Readonly<Record<string, string>>,
): Promise<SwarmProcesses> {
  const agents = bankingAgents.map((agent) => agent.name);
  const prefix = `${uniqueName('bench-e2e')}.`;
  const schema = uniqueName('bench_e2e').replaceAll('-', '_');
  const env = {
    KAFKA_BROKERS: brokers.join(','),
    SCHEMA_REGISTRY_URL: registryUrl,
    DATABASE_URL: databaseUrl,
    SWARMGATE_TOPIC_PREFIX: prefix,
    SWARMGATE_PROJECTOR_SCHEMA: schema,
    SWARMGATE_KEY_DIR: initializedKeyDir(agents),
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
    ...testOperator().env,
    ...extraEnv,
  };
  const names = topicNames(prefix);
  await bus.createTopics(topicSpecs(names, { partitions: 3, agents }));
  const processes: [string, Child][] = [];
  const start = async (name: string, args: string[], ready: RegExp) => {
    const child = startCli(args, { ...env, OTEL_SERVICE_NAME: name });
    processes.push([name, child]);
    await child.waitForLine(ready);
  };
  await start('gate', ['gate'], /gate\.ready/);
  await start('projector', ['projector'], /projector\.ready/);
  for (const agent of agents) await start(agent, ['agent', agent], /agent\.ready/);
  await approveRequests(bus, codec, names, agents);
  return {
    names,
    prefix,
    schema,
    env,
    rss: () => Object.fromEntries(processes.map(([name, child]) => [name, rssMbOf(child.process.pid)])),
    stop: async () => {
      await Promise.all(processes.map(([, child]) => child.kill('SIGTERM')));
    },
  };
}
