import { MemoryBus } from '../bus/memory/index.ts';
import { describeBusConformance } from './bus.conformance.ts';

describeBusConformance('in-process log', () => new MemoryBus());
