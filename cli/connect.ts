import { KafkaBus } from '../bus/kafka/index.ts';
import { topicNames, type TopicNames } from '../bus/topics.ts';
import { Codec } from '../schemas/codec.ts';
import { kafkaSettings, type Config } from './config.ts';

export interface Connected {
  readonly bus: KafkaBus;
  readonly codec: Codec;
  readonly names: TopicNames;
}

/** The Kafka bus and the registry codec for a process, with every schema registered. */
export async function connectKafka(config: Config, clientId: string): Promise<Connected> {
  const { brokers, registryUrl } = kafkaSettings(config);
  const codec = Codec.connect(registryUrl);
  await codec.registerAll();
  return {
    bus: new KafkaBus({ brokers, clientId }),
    codec,
    names: topicNames(config.SWARMGATE_TOPIC_PREFIX),
  };
}

/** Stops `stop` on SIGINT/SIGTERM, letting the transaction in flight finish first. */
export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`${signal}: finishing the transaction in flight, then stopping`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => handler('SIGINT'));
  process.once('SIGTERM', () => handler('SIGTERM'));
}
