// The audit chain. Each row commits to its position and content through an entry digest, and
// to every row before it through the previous hash:
//
//   entry_digest = SHA-256("<seq>\n<topic>\n<partition>\n<offset>\n" || canonical)
//   hash         = SHA-256(prev_hash || entry_digest)          (hashes as raw 32 bytes)
//
// Hashing the digest rather than the content lets a case file prove that one workflow's rows
// lead to a signed checkpoint by listing the other rows' digests, without disclosing them.
import { createHash } from 'node:crypto';
import type { KafkaCoordinates } from '../types.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainLink {
  readonly seq: number;
  readonly coordinates: KafkaCoordinates;
  readonly canonical: string;
}

const sha256 = (...parts: readonly (string | Buffer)[]): string => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
};

export function entryDigest({ seq, coordinates, canonical }: ChainLink): string {
  const { topic, partition, offset } = coordinates;
  return sha256(`${seq}\n${topic}\n${partition}\n${offset}\n`, canonical);
}

/** The next chain hash from the previous one and an entry digest (both hex). */
export function chainHash(prevHash: string, digest: string): string {
  return sha256(Buffer.from(prevHash, 'hex'), Buffer.from(digest, 'hex'));
}

export function linkHash(prevHash: string, link: ChainLink): string {
  return chainHash(prevHash, entryDigest(link));
}
