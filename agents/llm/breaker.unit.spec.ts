import { describe, expect, it } from 'vitest';
import {
  CircuitBreaker,
  CircuitOpenError,
  IllegalBreakerTransitionError,
  nextBreakerState,
  type BreakerState,
} from './breaker.ts';
import { LlmError } from './errors.ts';

const serverDown = () => Promise.reject(new LlmError('HTTP_STATUS', '503', true, 503));
const badRequest = () => Promise.reject(new LlmError('HTTP_STATUS', '400', false, 400));
const ok = () => Promise.resolve('ok');

function breakerWithClock(failureThreshold = 2, coolDownMs = 1_000) {
  const clock = { now: 0 };
  const seen: string[] = [];
  const breaker = new CircuitBreaker('test', {
    failureThreshold,
    coolDownMs,
    now: () => clock.now,
    onTransition: (from, to) => seen.push(`${from}->${to}`),
  });
  return { breaker, clock, seen };
}

describe('breaker transition table', () => {
  it.each<[BreakerState, Parameters<typeof nextBreakerState>[1], BreakerState]>([
    ['closed', 'trip', 'open'],
    ['open', 'cool-down-elapsed', 'half-open'],
    ['half-open', 'probe-succeeded', 'closed'],
    ['half-open', 'probe-failed', 'open'],
  ])('%s --%s--> %s', (from, event, to) => {
    expect(nextBreakerState(from, event)).toBe(to);
  });

  it.each<[BreakerState, Parameters<typeof nextBreakerState>[1]]>([
    ['closed', 'probe-succeeded'],
    ['closed', 'cool-down-elapsed'],
    ['open', 'trip'],
    ['open', 'probe-failed'],
    ['half-open', 'trip'],
  ])('refuses %s --%s-->', (from, event) => {
    expect(() => nextBreakerState(from, event)).toThrow(IllegalBreakerTransitionError);
  });
});

describe('CircuitBreaker', () => {
  it('given consecutive retriable failures, when the threshold is reached, then it opens and refuses fast', async () => {
    const { breaker, seen } = breakerWithClock(2);
    await expect(breaker.run(serverDown)).rejects.toThrow(LlmError);
    await expect(breaker.run(serverDown)).rejects.toThrow(LlmError);
    let called = false;
    await expect(breaker.run(() => ((called = true), ok()))).rejects.toThrow(CircuitOpenError);
    expect(called).toBe(false);
    expect(seen).toEqual(['closed->open']);
  });

  it('given refused requests (not retriable), then it stays closed: the server is alive', async () => {
    const { breaker } = breakerWithClock(2);
    for (let i = 0; i < 5; i += 1) await expect(breaker.run(badRequest)).rejects.toThrow(LlmError);
    expect(breaker.state).toBe('closed');
  });

  it('given a success between failures, then the failure count starts again', async () => {
    const { breaker } = breakerWithClock(2);
    await expect(breaker.run(serverDown)).rejects.toThrow();
    await breaker.run(ok);
    await expect(breaker.run(serverDown)).rejects.toThrow();
    expect(breaker.state).toBe('closed');
  });

  it('given an open circuit, when the cool-down passes, then one probe decides: success closes it', async () => {
    const { breaker, clock, seen } = breakerWithClock(1, 1_000);
    await expect(breaker.run(serverDown)).rejects.toThrow();
    clock.now = 999;
    await expect(breaker.run(ok)).rejects.toThrow(CircuitOpenError);
    clock.now = 1_000;
    await expect(breaker.run(ok)).resolves.toBe('ok');
    expect(seen).toEqual(['closed->open', 'open->half-open', 'half-open->closed']);
  });

  it('given a half-open circuit, when the probe fails, then it opens again for a new cool-down', async () => {
    const { breaker, clock, seen } = breakerWithClock(1, 1_000);
    await expect(breaker.run(serverDown)).rejects.toThrow();
    clock.now = 1_000;
    await expect(breaker.run(serverDown)).rejects.toThrow(LlmError);
    clock.now = 1_500;
    await expect(breaker.run(ok)).rejects.toThrow(CircuitOpenError);
    expect(seen).toEqual(['closed->open', 'open->half-open', 'half-open->open']);
  });

  it('given a probe in flight, then other calls are refused until it settles', async () => {
    const { breaker, clock } = breakerWithClock(1, 1_000);
    await expect(breaker.run(serverDown)).rejects.toThrow();
    clock.now = 1_000;
    let release: (value: string) => void = () => undefined;
    const probe = breaker.run(() => new Promise<string>((resolve) => (release = resolve)));
    await expect(breaker.run(ok)).rejects.toThrow(CircuitOpenError);
    release('done');
    await expect(probe).resolves.toBe('done');
    expect(breaker.state).toBe('closed');
  });
});
