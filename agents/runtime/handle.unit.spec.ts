import { describe, expect, it } from 'vitest';
import type { AnyAgent, IncomingEvent } from '../decider.ts';
import { LlmError } from '../llm/errors.ts';
import type { LlmProvider } from '../llm/provider.ts';
import { handleEvent } from './handle.ts';

// Only what handleEvent reads: decide, and the fallback with its description.
function agentFailing(errors: readonly Error[]) {
  const calls = { decide: 0 };
  const agent = {
    name: 'flaky',
    version: '1',
    fallbackDescription: 'answers nothing',
    decide: () => {
      const error = errors[calls.decide];
      calls.decide += 1;
      return error === undefined ? Promise.resolve([]) : Promise.reject(error);
    },
    fallback: () => [],
  } as unknown as AnyAgent;
  return { agent, calls };
}

const event = { id: 'e-1', type: 'banking.CustomerRequestReceived' } as unknown as IncomingEvent;
const overloaded = () => new LlmError('HTTP_STATUS', 'status 503', true, 503);
const refused = () => new LlmError('HTTP_STATUS', 'status 400', false, 400);

function context(waited: number[]) {
  return {
    llm: {} as LlmProvider,
    now: 0,
    deadlineMs: 60_000,
    budgetLeftMicros: 1_000,
    decideAttempts: 3,
    decideBackoff: { initialMs: 100, maxMs: 1_000 },
    sleep: (ms: number) => {
      waited.push(ms);
      return Promise.resolve();
    },
  };
}

describe('decide retries before the fallback', () => {
  it('retries a retriable failure with backoff and answers from decide once it passes', async () => {
    const waited: number[] = [];
    const { agent, calls } = agentFailing([overloaded(), overloaded()]);
    const handled = await handleEvent(agent, event, {}, context(waited));
    expect([handled.failure, calls.decide, waited.length]).toEqual([null, 3, 2]);
    expect(waited[0]).toBeGreaterThanOrEqual(50);
    expect(waited[1]).toBeGreaterThanOrEqual(100);
  });

  it('falls back once the retries run out', async () => {
    const waited: number[] = [];
    const { agent, calls } = agentFailing([overloaded(), overloaded(), overloaded()]);
    const handled = await handleEvent(agent, event, {}, context(waited));
    expect([handled.failure, calls.decide, waited.length]).toEqual(['error: HTTP_STATUS: status 503', 3, 2]);
    expect(handled.outputs.map((output) => output.type)).toEqual(['incident.FallbackUsed']);
  });

  it('falls back at once on a failure that is not retriable', async () => {
    const waited: number[] = [];
    const { agent, calls } = agentFailing([refused()]);
    const handled = await handleEvent(agent, event, {}, context(waited));
    expect([handled.failure, calls.decide, waited]).toEqual(['error: HTTP_STATUS: status 400', 1, []]);
  });
});
