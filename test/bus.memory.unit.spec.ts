import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { MemoryBus } from '../bus/memory/index.ts';
import { describeBusConformance } from './bus.conformance.ts';

describeBusConformance('in-process log', () => new MemoryBus());

// One directory for every case: each bus opens it again, so each case also runs on a log that was
// closed and reloaded with the earlier cases' topics, records and group offsets in it.
const dataDir = mkdtempSync(join(tmpdir(), 'swarmgate-bus-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
describeBusConformance('in-process log on disk', () => new MemoryBus({ dataDir, segmentBytes: 4096 }));
