// The operator's keys as the CLI configures them: which public keys every process trusts for
// registrations and control commands (SWARMGATE_OPERATOR_KEYS), and the private key the signing
// commands use (SWARMGATE_OPERATOR_KEY_FILE). The embedded default makes a local one instead.
import { loadIdentity } from '../agents/runtime/keys.ts';
import {
  loadOperatorKeys,
  loadOperatorSigner,
  OperatorKeyError,
  operatorKeysOf,
  operatorSigner,
  type OperatorKeys,
} from '../registry/operator-keys.ts';
import type { Signer } from '../schemas/signing.ts';
import { ConfigError, type Config } from './config.ts';

function asConfigError<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof OperatorKeyError) throw new ConfigError(error.message);
    throw error;
  }
}

export function operatorKeys(config: Config): OperatorKeys {
  const paths = config.SWARMGATE_OPERATOR_KEYS;
  if (!paths)
    throw new ConfigError(
      'set SWARMGATE_OPERATOR_KEYS to the operator public key files (or a directory of them): only registrations and control commands they signed take effect',
    );
  return asConfigError(() => loadOperatorKeys(paths));
}

export function operatorKeySigner(config: Config): Signer {
  const file = config.SWARMGATE_OPERATOR_KEY_FILE;
  if (!file)
    throw new ConfigError('set SWARMGATE_OPERATOR_KEY_FILE to the operator private key (PEM) to sign with');
  return asConfigError(() => loadOperatorSigner(file));
}

export interface LocalOperator {
  readonly signer: Signer;
  readonly keys: OperatorKeys;
}

/**
 * `swarmgate up` signs its own demo registrations: with SWARMGATE_OPERATOR_KEY_FILE if set, else
 * with a local key in the key directory (operator.pem: made on first start by the embedded default,
 * by `swarmgate keys init operator` otherwise). The configured operator keys stay trusted next to it.
 */
export function localOperator(config: Config, keyDir: string, options: { create: boolean }): LocalOperator {
  const configured = config.SWARMGATE_OPERATOR_KEYS ? [...operatorKeys(config).values()] : [];
  const signer = config.SWARMGATE_OPERATOR_KEY_FILE
    ? operatorKeySigner(config)
    : operatorSigner(loadIdentity('operator', keyDir, options).privateKey);
  return { signer, keys: operatorKeysOf([...configured, signer.privateKey]) };
}
