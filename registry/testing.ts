// A test operator: one Ed25519 key per test process, also written to files so child processes
// (`swarmgate gate`, `swarmgate kill`, …) trust and sign with the same key through their config.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bus } from '../bus/port.ts';
import type { TopicNames } from '../bus/topics.ts';
import type { Codec } from '../schemas/codec.ts';
import type { Signer } from '../schemas/signing.ts';
import { replayRegistry } from './follow.ts';
import { operatorKeysOf, operatorSigner, type OperatorKeys } from './operator-keys.ts';
import { approvalOf, registrationRecord } from './publish.ts';

export interface TestOperator {
  readonly signer: Signer;
  readonly keys: OperatorKeys;
  /** SWARMGATE_OPERATOR_KEYS and SWARMGATE_OPERATOR_KEY_FILE for a child process. */
  readonly env: Readonly<Record<string, string>>;
}

let operator: TestOperator | undefined;

export function testOperator(): TestOperator {
  if (operator) return operator;
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const dir = mkdtempSync(join(tmpdir(), 'swarmgate-operator-'));
  const publicFile = join(dir, 'operator.pub');
  const privateFile = join(dir, 'operator.pem');
  writeFileSync(publicFile, publicKey.export({ type: 'spki', format: 'pem' }));
  writeFileSync(privateFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  operator = {
    signer: operatorSigner(privateKey),
    keys: operatorKeysOf([publicKey]),
    env: { SWARMGATE_OPERATOR_KEYS: publicFile, SWARMGATE_OPERATOR_KEY_FILE: privateFile },
  };
  return operator;
}

/** Another operator's key pair that no installation trusts: what a forger would sign with. */
export function untrustedOperator(): Signer {
  return operatorSigner(generateKeyPairSync('ed25519').privateKey);
}

/**
 * The test operator signs what each named agent requested. Unlike `swarmgate agents approve` it pins
 * no fingerprint and keeps the request's grants: the harness started those agents itself.
 */
export async function approveRequests(
  bus: Bus,
  codec: Codec,
  names: TopicNames,
  agents: readonly string[],
): Promise<void> {
  const fold = await replayRegistry(bus, codec, names, testOperator().keys);
  const approvals = agents.map((agent) => {
    const request = fold.request(agent);
    if (!request) throw new Error(`${agent} did not request a registration`);
    return registrationRecord(codec, names, approvalOf(request), testOperator().signer);
  });
  await bus.send(await Promise.all(approvals));
}
