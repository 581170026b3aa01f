// What every component starter takes and gives: the bus it runs on (Kafka, or the embedded
// in-process log of `swarmgate up`), and a running component with its ready fields and its stop.
import type { Registry } from 'prom-client';
import type { Bus } from '../../bus/port.ts';
import type { TopicNames } from '../../bus/topics.ts';
import type { OperatorKeys } from '../../registry/operator-keys.ts';
import type { Codec } from '../../schemas/codec.ts';
import type { Config } from '../config.ts';

export interface ComponentContext {
  readonly bus: Bus;
  readonly codec: Codec;
  readonly names: TopicNames;
  readonly config: Config;
  /** Only registrations and control commands these keys signed take effect. */
  readonly operatorKeys: OperatorKeys;
  /** The process's Prometheus registry (what /metrics serves): every component registers on it. */
  readonly metrics?: Registry;
}

export interface Started {
  /** What the component logs once it runs (`event` names it, e.g. gate.ready). */
  readonly ready: Readonly<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** A component stops by itself only on an error it cannot retry: the process goes with it. */
export const exitOnCrash =
  (component: string) =>
  (error: unknown): void => {
    console.error(`${component} stopped:`, error);
    process.exit(1);
  };
