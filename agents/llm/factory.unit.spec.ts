import { describe, expect, it } from 'vitest';
import { CircuitOpenError } from './breaker.ts';
import { createLlmProvider } from './factory.ts';
import { ScriptedModel } from './scripted.ts';

const prices = { m: { promptPer1k: 1, completionPer1k: 1 } };
const request = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }], maxTokens: 5 };

describe('createLlmProvider', () => {
  it('given no LLM_BASE_URL, then agents get the offline scripted model', () => {
    expect(createLlmProvider({ prices, env: {} })).toBeInstanceOf(ScriptedModel);
  });

  it('given LLM_BASE_URL, then calls go over HTTP behind a circuit breaker', async () => {
    // Port 9 (discard) on loopback refuses the connection at once: one failure opens a breaker of threshold 1.
    const provider = createLlmProvider({
      prices,
      env: { LLM_BASE_URL: 'http://127.0.0.1:9/v1' },
      breaker: { failureThreshold: 1 },
    });
    await expect(provider.complete(request)).rejects.toMatchObject({ code: 'NETWORK', retriable: true });
    await expect(provider.complete(request)).rejects.toBeInstanceOf(CircuitOpenError);
  });
});
