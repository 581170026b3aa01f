// The embedded default's own token authority, so the first five minutes need no identity
// provider: an Ed25519 key in the key directory (private 0600, public next to it) that signs the
// tokens `swarmgate up` prints and `swarmgate token` issues. A deployment points the API at the
// bank's identity provider instead (SWARMGATE_AUTH_*); the public key file works there too.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueToken, type AuthSettings, type TokenAuthority, type TokenRequest } from '../api/auth/index.ts';

export const LOCAL_ISSUER = 'swarmgate-local';
export const LOCAL_AUDIENCE = 'swarmgate-api';
const PRIVATE_FILE = 'api-tokens.pem';
export const LOCAL_PUBLIC_FILE = 'api-tokens.pub.pem';

export interface LocalAuthority {
  readonly authority: TokenAuthority;
  readonly settings: AuthSettings;
  /** True when this call created the key. */
  readonly created: boolean;
  readonly publicKeyPath: string;
}

function loadOrCreate(keyDir: string): { privateKey: KeyObject; created: boolean } {
  const path = join(keyDir, PRIVATE_FILE);
  if (existsSync(path)) return { privateKey: createPrivateKey(readFileSync(path)), created: false };
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  mkdirSync(keyDir, { recursive: true, mode: 0o700 });
  writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  writeFileSync(join(keyDir, LOCAL_PUBLIC_FILE), publicKey.export({ type: 'spki', format: 'pem' }));
  return { privateKey, created: true };
}

export function localAuthority(keyDir: string): LocalAuthority {
  const { privateKey, created } = loadOrCreate(keyDir);
  const authority = { privateKey, issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE };
  const settings: AuthSettings = {
    key: { publicKey: createPublicKey(privateKey) },
    issuer: LOCAL_ISSUER,
    audience: LOCAL_AUDIENCE,
    rolesClaim: 'roles',
    tenantsClaim: 'tenants',
  };
  return { authority, settings, created, publicKeyPath: join(keyDir, LOCAL_PUBLIC_FILE) };
}

/** The callers of a local installation, one per job. */
export const READY_CALLERS = {
  operator: { subject: 'operator', roles: ['read', 'operate'], tenants: ['*'] },
  reviewer: { subject: 'reviewer', roles: ['read', 'review', 'compliance-reviewer'], tenants: ['*'] },
  ingest: { subject: 'upstream', roles: ['ingest', 'system', 'advisor'], tenants: ['*'] },
} as const satisfies Record<string, TokenRequest>;

export async function readyTokens(
  authority: TokenAuthority,
): Promise<Record<keyof typeof READY_CALLERS, string>> {
  const [operator, reviewer, ingest] = await Promise.all(
    Object.values(READY_CALLERS).map((caller) => issueToken(authority, caller)),
  );
  return { operator: operator ?? '', reviewer: reviewer ?? '', ingest: ingest ?? '' };
}
