// An agent's Ed25519 identity. The private key comes from SWARMGATE_AGENT_KEY_<NAME> (PEM), or from
// <keyDir>/<name>.pem; for development a missing key file is generated (0600) and kept there.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface AgentIdentity {
  readonly keyId: string;
  readonly privateKey: KeyObject;
  readonly publicKeyPem: string;
}

function envName(agent: string): string {
  return `SWARMGATE_AGENT_KEY_${agent.toUpperCase().replaceAll(/[^A-Z0-9]/g, '_')}`;
}

function identityOf(agent: string, privateKey: KeyObject): AgentIdentity {
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  return { keyId: agent, privateKey, publicKeyPem };
}

export function loadIdentity(
  agent: string,
  keyDir: string,
  env: NodeJS.ProcessEnv = process.env,
): AgentIdentity {
  const fromEnv = env[envName(agent)];
  if (fromEnv) return identityOf(agent, createPrivateKey(fromEnv));
  const file = join(keyDir, `${agent}.pem`);
  if (existsSync(file)) return identityOf(agent, createPrivateKey(readFileSync(file)));
  const { privateKey } = generateKeyPairSync('ed25519');
  mkdirSync(keyDir, { recursive: true, mode: 0o700 });
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return identityOf(agent, privateKey);
}
