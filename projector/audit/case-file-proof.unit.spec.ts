import { describe, expect, it } from 'vitest';
import { ed25519Keys } from '../testing/keys.ts';
import type { AuditRow } from './audit-row.ts';
import { checkChainProof } from './case-file-proof.ts';
import { entryDigest, GENESIS_HASH, linkHash } from './chain.ts';
import { signCheckpoint } from './checkpoint.ts';

const keys = ed25519Keys();

/** A chain of `length` rows; rows of workflow w1 are the even seqs. */
function chain(length: number): AuditRow[] {
  const rows: AuditRow[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq += 1) {
    const link = {
      seq,
      coordinates: { topic: 'sg.decisions', partition: 0, offset: String(seq) },
      canonical: `{"n":${seq}}`,
    };
    const hash = linkHash(prevHash, link);
    rows.push({
      ...link,
      decisionId: `d${seq}`,
      correlationId: seq % 2 === 0 ? 'w1' : 'w2',
      decidedAt: '2025-01-01T00:00:00.000Z',
      prevHash,
      hash,
    });
    prevHash = hash;
  }
  return rows;
}

function proofFor(rows: AuditRow[], checkpointSeq: number) {
  const head = rows[checkpointSeq - 1]!;
  return {
    entries: rows.filter((row) => row.correlationId === 'w1'),
    digests: rows
      .filter((row) => row.correlationId !== 'w1')
      .map((row) => ({ seq: row.seq, digest: entryDigest(row) })),
    checkpoints: [signCheckpoint(head, new Date(0), keys.privateKey)],
  };
}

describe('checkChainProof', () => {
  it("proves every entry up to a signed checkpoint from other rows' digests alone", () => {
    const proof = proofFor(chain(6), 6);

    expect(checkChainProof(proof, keys.publicKey)).toEqual({ ok: true, problems: [], unsigned: [] });
  });

  it('lists entries past the newest checkpoint as unsigned', () => {
    const proof = proofFor(chain(6), 3);

    expect(checkChainProof(proof, keys.publicKey)).toMatchObject({ ok: true, unsigned: [4, 6] });
  });

  it("fails when another row's digest was swapped", () => {
    const proof = proofFor(chain(6), 6);
    const swapped = {
      ...proof,
      digests: proof.digests.map((d) => (d.seq === 3 ? { ...d, digest: 'ff'.repeat(32) } : d)),
    };

    expect(checkChainProof(swapped, keys.publicKey).problems).toEqual([
      'seq 2: chain does not reach checkpoint 6',
    ]);
  });
});
