import { describe, expect, it } from 'vitest';
import { BudgetExhaustedError, classifyFailure } from './fallback.ts';
import { CircuitOpenError } from './llm/breaker.ts';
import { DeadlineExceededError } from './llm/deadline.ts';
import { LlmError } from './llm/errors.ts';

describe('classifyFailure', () => {
  it.each([
    [new DeadlineExceededError(5_000), 'timeout'],
    [new LlmError('TIMEOUT', 'slow', true), 'timeout'],
    [new CircuitOpenError('llm', 0), 'circuit-open'],
    [new BudgetExhaustedError(100, 1), 'budget'],
    [new LlmError('HTTP_STATUS', '500', true, 500), 'error'],
    [new TypeError('undefined is not a function'), 'error'],
    ['a string', 'error'],
  ])('%s is a %s', (error, kind) => {
    expect(classifyFailure(error).kind).toBe(kind);
  });

  it('keeps the message, so the incident says what happened', () => {
    expect(classifyFailure(new BudgetExhaustedError(100, 1)).message).toBe(
      'needs 100 micros, the workflow has 1 left',
    );
  });
});
