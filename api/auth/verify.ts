// Bearer tokens verified with jose: signature by a trusted key, issuer, audience, expiry; then
// the subject, roles and tenants read from the configured claims.
import type { KeyObject } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ApiError, Unauthorized } from '../http/errors.ts';
import type { Caller } from './access.ts';
import type { AuthSettings } from './settings.ts';

export type VerifyToken = (token: string) => Promise<Caller>;

function claimAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const part of path.split('.')) {
    value =
      value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  }
  return value;
}

/** A list claim as strings: a JSON array, or a space-separated string (as `scope` is). */
function listClaim(payload: JWTPayload, path: string): string[] {
  const value = claimAt(payload, path);
  if (value === undefined) return [];
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  throw new Unauthorized(`invalid token: claim "${path}" must be a list of strings`);
}

// The identity provider not answering is an outage (503), not a bad token.
const PROVIDER_DOWN = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JWKS_INVALID']);

function refusal(error: unknown): Error {
  if (error instanceof ApiError) return error;
  if (error instanceof errors.JOSEError && !PROVIDER_DOWN.has(error.code)) {
    return new Unauthorized(`invalid token: ${error.message}`);
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new ApiError(503, `the identity provider's keys are unavailable: ${reason}`);
}

export function tokenVerifier(settings: AuthSettings): VerifyToken {
  const key: KeyObject | JWTVerifyGetKey =
    'jwksUrl' in settings.key ? createRemoteJWKSet(new URL(settings.key.jwksUrl)) : settings.key.publicKey;
  const options = { issuer: settings.issuer, audience: settings.audience, requiredClaims: ['exp', 'sub'] };
  return async (token) => {
    try {
      const { payload } =
        typeof key === 'function'
          ? await jwtVerify(token, key, options)
          : await jwtVerify(token, key, options);
      if (!payload.sub?.trim()) throw new Unauthorized('invalid token: the "sub" claim is empty');
      return {
        subject: payload.sub,
        roles: listClaim(payload, settings.rolesClaim),
        tenants: listClaim(payload, settings.tenantsClaim),
      };
    } catch (error) {
      throw refusal(error);
    }
  };
}
