// Checks a case file's hash-chain proofs offline: each of the workflow's rows recomputes to its
// hash, and from there the chain runs, through the digests of other workflows' rows, to a
// checkpoint signed by the given key. Needs nothing but the case file and the public key.
import type { KeyObject } from 'node:crypto';
import type { AuditRow } from './audit-row.ts';
import { chainHash, entryDigest } from './chain.ts';
import { checkpointSignatureValid, type SignedCheckpoint } from './checkpoint.ts';

export interface ChainProof {
  readonly entries: readonly AuditRow[];
  /** Entry digests of the other rows between each entry and its checkpoint. */
  readonly digests: readonly { readonly seq: number; readonly digest: string }[];
  readonly checkpoints: readonly SignedCheckpoint[];
}

export interface ProofCheck {
  readonly ok: boolean;
  readonly problems: readonly string[];
  /** Entries after the newest checkpoint: consistent, but not yet signed. */
  readonly unsigned: readonly number[];
}

function provenToCheckpoint(
  entry: AuditRow,
  proof: ChainProof,
  digestAt: Map<number, string>,
): string | null {
  const checkpoint = proof.checkpoints.find((candidate) => candidate.seq >= entry.seq);
  if (!checkpoint) return null;
  let hash = entry.hash;
  for (let seq = entry.seq + 1; seq <= checkpoint.seq; seq += 1) {
    const digest = digestAt.get(seq);
    if (!digest) return `seq ${entry.seq}: no digest for seq ${seq}`;
    hash = chainHash(hash, digest);
  }
  return hash === checkpoint.hash
    ? ''
    : `seq ${entry.seq}: chain does not reach checkpoint ${checkpoint.seq}`;
}

export function checkChainProof(proof: ChainProof, publicKey: KeyObject): ProofCheck {
  const problems: string[] = [];
  const unsigned: number[] = [];
  for (const checkpoint of proof.checkpoints) {
    if (!checkpointSignatureValid(checkpoint, publicKey))
      problems.push(`checkpoint ${checkpoint.seq}: bad signature`);
  }
  const digestAt = new Map(proof.digests.map(({ seq, digest }) => [seq, digest]));
  for (const entry of proof.entries) digestAt.set(entry.seq, entryDigest(entry));
  for (const entry of proof.entries) {
    if (chainHash(entry.prevHash, entryDigest(entry)) !== entry.hash)
      problems.push(`seq ${entry.seq}: hash mismatch`);
    const reached = provenToCheckpoint(entry, proof, digestAt);
    if (reached === null) unsigned.push(entry.seq);
    else if (reached) problems.push(reached);
  }
  return { ok: problems.length === 0, problems, unsigned };
}
