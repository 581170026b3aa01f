// Building, signing and opening envelopes. The signature covers the envelope's Avro encoding
// with `signature` set to null, computed locally (no registry round trip), so any party with
// the schema and the sender's public key can verify it years later.
import type { Codec } from './codec.ts';
import { DecodeError } from './errors.ts';
import type { Envelope, RecordName, RecordTypes } from './generated/types.ts';
import { signBytes, unsignedBytes, verifyBytes, type Signer } from './signing.ts';

export type { Signer } from './signing.ts';

export type EnvelopeFields = Omit<Envelope, 'payload' | 'signature'>;

export interface OpenedEnvelope {
  readonly envelope: Envelope;
  /** The decoded payload, or null with payloadError when it did not decode. */
  readonly payload: Readonly<Record<string, unknown>> | null;
  readonly payloadError: string | null;
}

/** The bytes a signature covers. */
export function signedBytes(codec: Codec, envelope: Envelope): Buffer {
  return unsignedBytes(codec, 'swarmgate.v1.Envelope', envelope);
}

export function signEnvelope(codec: Codec, envelope: Envelope, signer: Signer): Envelope {
  const value = signBytes(signedBytes(codec, envelope), signer.privateKey);
  return { ...envelope, signature: { keyId: signer.keyId, algorithm: 'ed25519', value } };
}

export function verifyEnvelope(codec: Codec, envelope: Envelope, publicKeyPem: string): boolean {
  if (!envelope.signature) return false;
  return verifyBytes(signedBytes(codec, envelope), publicKeyPem, envelope.signature.value);
}

/** Encodes the payload under its type's subject, wraps it in an envelope, signs it when asked. */
export async function sealEnvelope<N extends RecordName>(
  codec: Codec,
  fields: EnvelopeFields & { readonly type: N },
  payload: RecordTypes[N],
  signer?: Signer,
): Promise<Envelope> {
  const envelope: Envelope = {
    ...fields,
    payload: await codec.encode(fields.type, payload),
    signature: null,
  };
  return signer ? signEnvelope(codec, envelope, signer) : envelope;
}

export async function encodeEnvelope(codec: Codec, envelope: Envelope): Promise<Buffer> {
  return codec.encode('swarmgate.v1.Envelope', envelope);
}

/** Decodes an envelope; a payload that does not decode as its declared type is reported, not thrown. */
export async function openEnvelope(codec: Codec, value: Buffer | null): Promise<OpenedEnvelope> {
  const envelope = await codec.decodeAs('swarmgate.v1.Envelope', value);
  try {
    const decoded = await codec.decode(envelope.payload);
    if (decoded.name !== envelope.type) {
      throw new DecodeError(
        'WRONG_SCHEMA',
        `payload is ${decoded.name} but the envelope says ${envelope.type}`,
      );
    }
    return { envelope, payload: decoded.value as Record<string, unknown>, payloadError: null };
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    return { envelope, payload: null, payloadError: error.message };
  }
}
