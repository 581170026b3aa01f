// No impersonation. Every record on sg.proposed is signed (Ed25519) by its sender's registered
// key, and the signer must be the claimed source. On sg.ingress, generic Kafka producers cannot
// sign and are trusted by broker ACLs: a signature there is verified when present, and required
// for the sources the YAML lists.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { z } from 'zod';
import { matchesAnyGlob } from './glob.ts';
import { allow, deny } from './results.ts';
import { nameList, policySettings } from './settings.ts';
import type { Policy } from './types.ts';

export const signatureSettings = policySettings({
  /** Upstream sources (globs) whose records on sg.ingress must be signed. */
  ingressRequiredFor: nameList.default([]),
});

const ED25519_SIGNATURE_BYTES = 64;

/** Parsed keys by PEM: parsing costs more than verifying, and agents re-announce rarely. */
function keyCache(capacity = 1024): (pem: string) => KeyObject {
  const keys = new Map<string, KeyObject>();
  return (pem) => {
    const cached = keys.get(pem);
    if (cached) return cached;
    if (keys.size >= capacity) keys.clear();
    const key = createPublicKey(pem);
    keys.set(pem, key);
    return key;
  };
}

export function signaturePolicy(input: z.input<typeof signatureSettings> = {}): Policy {
  const { ingressRequiredFor } = signatureSettings.parse(input);
  const keyOf = keyCache();
  return {
    id: 'signature',
    evaluate({ origin, envelope, signedBytes }, view) {
      const signature = envelope.signature;
      if (!signature) {
        if (origin === 'proposed') return deny('unsigned record on sg.proposed');
        return matchesAnyGlob(ingressRequiredFor, envelope.source)
          ? deny(`source ${envelope.source} must sign its records`)
          : allow(`unsigned upstream record from ${envelope.source}, trusted by broker ACLs`);
      }
      if (signature.keyId !== envelope.source)
        return deny(`signed by ${signature.keyId} but claims to come from ${envelope.source}`);
      const algorithm = signature.algorithm ?? 'ed25519';
      if (algorithm.toLowerCase() !== 'ed25519') return deny(`algorithm ${algorithm} is not accepted`);
      const pem = view.publicKeyOf(signature.keyId);
      if (pem === undefined) return deny(`no registered key for ${signature.keyId}`);
      if (signature.value?.length !== ED25519_SIGNATURE_BYTES)
        return deny('signature is not an Ed25519 signature');
      let valid: boolean;
      try {
        valid = verify(null, signedBytes, keyOf(pem), signature.value);
      } catch (error) {
        return deny(`registered key for ${signature.keyId} is unusable: ${(error as Error).message}`);
      }
      return valid
        ? allow(`signed by ${signature.keyId}`)
        : deny(`signature does not verify with the key of ${signature.keyId}`);
    },
  };
}
