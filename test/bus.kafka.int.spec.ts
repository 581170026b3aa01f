import { KafkaBus } from '../bus/kafka/index.ts';
import { describeBusConformance } from './bus.conformance.ts';
import { services } from './support/services.ts';

describeBusConformance('Kafka', () => new KafkaBus({ brokers: services.brokers }));
