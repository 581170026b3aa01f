export * from './port.ts';
export * from './topics.ts';
export { KafkaBus, type KafkaBusConfig } from './kafka/index.ts';
export { MemoryBus, ProducerFencedError } from './memory/index.ts';
