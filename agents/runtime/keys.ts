// An agent's Ed25519 identity. The private key comes from SWARMGATE_AGENT_KEY_<NAME> (PEM), or from
// <keyDir>/<name>.pem, made by `swarmgate keys init` (createIdentity). A missing key is an error
// naming that command: only the embedded default creates keys as it starts.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { createKeyFile, MissingKeyError, readKeyFile } from '../../schemas/key-files.ts';

export interface AgentIdentity {
  readonly keyId: string;
  readonly privateKey: KeyObject;
  readonly publicKeyPem: string;
}

export function agentKeyEnvName(agent: string): string {
  return `SWARMGATE_AGENT_KEY_${agent.toUpperCase().replaceAll(/[^A-Z0-9]/g, '_')}`;
}

export const agentKeyFile = (agent: string, keyDir: string): string => join(keyDir, `${agent}.pem`);

function identityOf(agent: string, privateKey: KeyObject): AgentIdentity {
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  return { keyId: agent, privateKey, publicKeyPem };
}

export interface IdentityOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Create the key file when it is missing: the embedded default only. */
  readonly create?: boolean;
}

export function loadIdentity(agent: string, keyDir: string, options: IdentityOptions = {}): AgentIdentity {
  const fromEnv = (options.env ?? process.env)[agentKeyEnvName(agent)];
  if (fromEnv) return identityOf(agent, createPrivateKey(fromEnv));
  if (options.create) return createIdentity(agent, keyDir).identity;
  const file = agentKeyFile(agent, keyDir);
  const pem = readKeyFile(file);
  if (!pem) throw new MissingKeyError(`key for ${agent}`, file, agentKeyEnvName(agent));
  return identityOf(agent, createPrivateKey(pem));
}

/** The agent's key file, created (0600) unless it exists; idempotent. */
export function createIdentity(
  agent: string,
  keyDir: string,
): { readonly identity: AgentIdentity; readonly file: string; readonly created: boolean } {
  const file = agentKeyFile(agent, keyDir);
  const { pem, created } = createKeyFile(keyDir, file);
  return { identity: identityOf(agent, createPrivateKey(pem)), file, created };
}
