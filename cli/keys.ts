// Every key an installation signs with, created explicitly and idempotently: one per banking
// agent, the case desk's (human decisions) and the audit checkpoint key. `swarmgate keys init`
// runs this; so do test harnesses that start processes, so they take the operator's path.
import { createPublicKey } from 'node:crypto';
import { bankingAgents } from '../agents/banking/index.ts';
import { createIdentity } from '../agents/runtime/index.ts';
import { createSigningKey, PRIVATE_KEY_FILE } from '../projector/signing-key.ts';
import { join } from 'node:path';
import { caseDesk } from './case-desk.ts';

export interface InitializedKey {
  readonly name: string;
  readonly file: string;
  readonly created: boolean;
  readonly publicKeyPem: string;
}

export const keyHolders = (): string[] => [...bankingAgents.map((agent) => agent.name), caseDesk];

export function initKeys(keyDir: string, holders: readonly string[] = keyHolders()): InitializedKey[] {
  const signers = holders.map((name) => {
    const { identity, file, created } = createIdentity(name, keyDir);
    return { name, file, created, publicKeyPem: identity.publicKeyPem };
  });
  const audit = createSigningKey({ keyDir });
  return [
    ...signers,
    {
      name: 'audit-checkpoints',
      file: join(keyDir, PRIVATE_KEY_FILE),
      created: audit.origin === 'generated',
      publicKeyPem: createPublicKey(audit.privateKey).export({ type: 'spki', format: 'pem' }).toString(),
    },
  ];
}
