import { describe, expect, it } from 'vitest';
import type { Classification } from '../../schemas/generated/types.ts';
import { piiPolicy } from './pii.ts';
import { aProposal, aTransaction, aView } from './test-support.ts';

const card = '4111 1111 1111 1111'; // passes Luhn
const request = (text: string) => ({
  requestId: 'req-1',
  customerId: 'cust-1',
  channel: 'chat',
  text,
  receivedAt: 0,
});

describe('pii policy', () => {
  const policy = piiPolicy({
    permitted: { INTERNAL: ['SWIFT'] },
    actionByType: { 'banking.CustomerRequestReceived': 'redact' },
  });
  const transaction = (memo: string, classification: Classification = 'INTERNAL') =>
    aProposal({ envelope: { classification }, payload: { ...aTransaction(), memo } });

  it('denies a card number in an INTERNAL record, naming the kind and field but never the number', () => {
    // given a card number typed into a transaction memo of an INTERNAL event
    const result = policy.evaluate(transaction(`refund to card ${card}`), aView(), []);
    // then the record is denied
    expect(result).toEqual({ verdict: 'DENY', reason: 'CARD in memo not permitted in INTERNAL' });
    expect(result.reason).not.toContain('4111');
  });

  it('redacts where the YAML says so, leaving the rest of the payload as it was', () => {
    const proposal = aProposal({
      envelope: { type: 'banking.CustomerRequestReceived', classification: 'INTERNAL' },
      payload: request(`my card ${card} was charged twice, mail me at jan.devries@example.nl`),
    });
    const result = policy.evaluate(proposal, aView(), []);
    expect(result.verdict).toBe('REDACT');
    expect(result.verdict === 'REDACT' && result.payload).toEqual(
      request('my card [REDACTED:CARD] was charged twice, mail me at [REDACTED:EMAIL]'),
    );
  });

  it('allows the same card number in a record classified PII', () => {
    expect(policy.evaluate(transaction(`refund to card ${card}`, 'PII'), aView(), []).verdict).toBe('ALLOW');
  });

  it('allows what the classification permits, and numbers that fail their checksum', () => {
    expect(policy.evaluate(transaction('SEPA transfer via DEUTDEFF'), aView(), []).verdict).toBe('ALLOW');
    expect(policy.evaluate(transaction('order 4111 1111 1111 1112'), aView(), []).verdict).toBe('ALLOW');
  });

  it('scans strings at any depth', () => {
    const proposal = aProposal({
      payload: { lines: [{ note: 'fine' }, { note: `contact jan.devries@example.nl` }] },
    });
    expect(policy.evaluate(proposal, aView(), [])).toEqual({
      verdict: 'DENY',
      reason: 'EMAIL in lines[1].note not permitted in INTERNAL',
    });
  });

  it('denies everything in a PUBLIC record by default and has nothing to scan without a payload', () => {
    expect(piiPolicy().evaluate(transaction(`card ${card}`, 'PUBLIC'), aView(), []).verdict).toBe('DENY');
    expect(policy.evaluate(aProposal({ payload: null }), aView(), []).verdict).toBe('ALLOW');
  });

  it('denies a card number split across two fields, and redacts both where the type is redacted', () => {
    const split = { ...aTransaction(), memo: 'card 4539 1488', counterparty: '0343 6467' };
    expect(policy.evaluate(aProposal({ payload: split }), aView(), [])).toEqual({
      verdict: 'DENY',
      reason: 'CARD split across memo, counterparty not permitted in INTERNAL',
    });
    const redacting = piiPolicy({ action: 'redact' });
    const result = redacting.evaluate(aProposal({ payload: split }), aView(), []);
    expect(result.verdict === 'REDACT' && [result.payload.memo, result.payload.counterparty]).toEqual([
      '[REDACTED:CARD]',
      '[REDACTED:CARD]',
    ]);
  });
});
