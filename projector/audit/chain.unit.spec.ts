import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aDecision } from '../testing/decisions.ts';
import { ed25519Keys } from '../testing/keys.ts';
import { canonicalDecision, parseCanonicalDecision } from './canonical-decision.ts';
import { chainHash, entryDigest, GENESIS_HASH, linkHash } from './chain.ts';
import { checkpointSignatureValid, keyIdOf, signCheckpoint } from './checkpoint.ts';

const coordinates = { topic: 'sg.decisions', partition: 2, offset: '41' };
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest();

describe('canonical decisions', () => {
  it('fill in Avro defaults, so a decision encodes the same before and after a Kafka round trip', () => {
    const sparse = aDecision({
      decisionId: 'd1',
      correlationId: 'w1',
      costMicros: undefined,
      hops: undefined,
      traceparent: undefined,
    });
    const decoded = { ...sparse, costMicros: 0, hops: 0, traceparent: null, rateKeys: [] };

    expect(canonicalDecision(sparse)).toBe(canonicalDecision(decoded));
  });

  it('leave out properties the schema does not have', () => {
    const decision = {
      ...aDecision({ decisionId: 'd1', correlationId: 'w1' }),
      debugNote: 'not in decision.avsc',
    };

    expect(canonicalDecision(decision)).not.toContain('debugNote');
  });

  it('read back to the same decision', () => {
    const decision = aDecision({ decisionId: 'd1', correlationId: 'w1' });

    expect(canonicalDecision(parseCanonicalDecision(canonicalDecision(decision)))).toBe(
      canonicalDecision(decision),
    );
  });
});

describe('the hash chain', () => {
  it('digests seq, coordinates and content, then chains the digest onto the previous hash', () => {
    const link = { seq: 3, coordinates, canonical: '{"decisionId":"d3"}' };
    const expectedDigest = sha256('3\nsg.decisions\n2\n41\n{"decisionId":"d3"}');
    const expectedHash = sha256(Buffer.concat([Buffer.alloc(32), expectedDigest])).toString('hex');

    expect(entryDigest(link)).toBe(expectedDigest.toString('hex'));
    expect(linkHash(GENESIS_HASH, link)).toBe(expectedHash);
  });

  it('changes the hash when the content, the position or anything before it changes', () => {
    const link = { seq: 1, coordinates, canonical: '{"a":1}' };
    const original = linkHash(GENESIS_HASH, link);

    const variants = [
      linkHash(GENESIS_HASH, { ...link, canonical: '{"a":2}' }),
      linkHash(GENESIS_HASH, { ...link, seq: 2 }),
      linkHash(GENESIS_HASH, { ...link, coordinates: { ...coordinates, offset: '42' } }),
      linkHash(chainHash(GENESIS_HASH, entryDigest(link)), link),
    ];

    expect(new Set([original, ...variants]).size).toBe(5);
  });
});

describe('checkpoints', () => {
  const keys = ed25519Keys();
  const head = { seq: 1000, hash: 'ab'.repeat(32) };

  it("verify with the signer's public key and name it", () => {
    const checkpoint = signCheckpoint(head, new Date(Date.UTC(2025, 0, 1)), keys.privateKey);

    expect(checkpoint).toMatchObject({
      seq: 1000,
      at: '2025-01-01T00:00:00.000Z',
      keyId: keyIdOf(keys.publicKey),
    });
    expect(checkpointSignatureValid(checkpoint, keys.publicKey)).toBe(true);
  });

  it('fail when the head, the time or the key differ', () => {
    const checkpoint = signCheckpoint(head, new Date(0), keys.privateKey);

    expect(checkpointSignatureValid({ ...checkpoint, hash: 'cd'.repeat(32) }, keys.publicKey)).toBe(false);
    expect(checkpointSignatureValid({ ...checkpoint, at: new Date(1).toISOString() }, keys.publicKey)).toBe(
      false,
    );
    expect(checkpointSignatureValid(checkpoint, ed25519Keys().publicKey)).toBe(false);
  });
});
