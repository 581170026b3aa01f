// Issues a bearer token the API's verifier accepts: for the embedded default's local key, the
// `swarmgate token` command and tests. A real deployment's tokens come from the bank's IdP.
import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';

export interface TokenRequest {
  readonly subject: string;
  readonly roles: readonly string[];
  readonly tenants: readonly string[];
  /** A jose time span such as `8h` or `15m`, or seconds. Default 8h. */
  readonly ttl?: string | number;
}

export interface TokenAuthority {
  readonly privateKey: KeyObject;
  readonly issuer: string;
  readonly audience: string;
  readonly rolesClaim?: string;
  readonly tenantsClaim?: string;
}

function algorithmOf(key: KeyObject): string {
  const type = key.asymmetricKeyType;
  if (type === 'ed25519') return 'EdDSA';
  if (type === 'ec') return 'ES256';
  if (type === 'rsa') return 'RS256';
  throw new Error(`cannot sign tokens with a ${type ?? 'symmetric'} key; use Ed25519, P-256 or RSA`);
}

export function issueToken(
  authority: TokenAuthority,
  request: TokenRequest,
  now = Date.now(),
): Promise<string> {
  const ttl = request.ttl ?? '8h';
  const issuedAt = Math.floor(now / 1000);
  return new SignJWT({
    [authority.rolesClaim ?? 'roles']: [...request.roles],
    [authority.tenantsClaim ?? 'tenants']: [...request.tenants],
  })
    .setProtectedHeader({ alg: algorithmOf(authority.privateKey), typ: 'JWT' })
    .setSubject(request.subject)
    .setIssuer(authority.issuer)
    .setAudience(authority.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(typeof ttl === 'number' ? issuedAt + ttl : ttl)
    .sign(authority.privateKey);
}
