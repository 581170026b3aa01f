// How the API recognises its callers: whose signatures it trusts (a JWKS URL, or one public
// key), which issuer and audience a token must name, and where the roles and tenants are.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

export type TokenKeySource = { readonly jwksUrl: string } | { readonly publicKey: KeyObject };

export interface AuthSettings {
  readonly key: TokenKeySource;
  readonly issuer: string;
  readonly audience: string;
  /** Claim holding the roles; a dotted path reaches into objects (`realm_access.roles`). */
  readonly rolesClaim: string;
  readonly tenantsClaim: string;
  /** Actor roles any ingest token may assert without holding them; `customer` by default. */
  readonly assertableActorRoles?: readonly string[];
}

/** A public key from a PEM file (SPKI, or a private key it derives from) or a JWK (JSON) file. */
export function readPublicKey(path: string): KeyObject {
  const text = readFileSync(path, 'utf8').trim();
  if (!text.startsWith('{')) return createPublicKey(text);
  const jwk = JSON.parse(text) as Record<string, unknown>;
  return createPublicKey({ key: jwk, format: 'jwk' });
}
