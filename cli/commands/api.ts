import type { Command } from 'commander';
import { startApi } from '../../api/main.ts';
import { caseDeskIdentity, requestCaseDesk } from '../case-desk.ts';
import { connectKafka, stopOnSignals } from '../connect.ts';
import { keyFingerprintOf } from '../../schemas/signing.ts';
import { KeyError, loadVerifyingKey } from '../../projector/signing-key.ts';
import { kafkaSettings, keyDirectory, loadConfig, requiredAuthSettings, type Config } from '../config.ts';
import { operatorKeys, operatorKeySigner } from '../operator.ts';

/** The checkpoints' public key when this installation has one (SWARMGATE_AUDIT_KEY or the key directory). */
function auditKeyIfAny(): ReturnType<typeof loadVerifyingKey> | undefined {
  try {
    return loadVerifyingKey({ pem: process.env.SWARMGATE_AUDIT_KEY, keyDir: keyDirectory() });
  } catch (error) {
    if (error instanceof KeyError) return undefined;
    throw error;
  }
}

/** The dashboard's kill switches sign with the operator key when one is configured. */
const operatorSignerIfAny = (config: Config) =>
  config.SWARMGATE_OPERATOR_KEY_FILE ? operatorKeySigner(config) : undefined;

export function apiCommand(program: Command): void {
  program
    .command('api')
    .description(
      'serve the HTTP API: projections, audit, agent inventory, ingest (POST /events) and human decisions',
    )
    .option('--port <port>', 'port to listen on (default: SWARMGATE_HTTP_PORT or 8080)')
    .option('--host <address>', 'interface to listen on (default: SWARMGATE_HTTP_HOST or 127.0.0.1)')
    .addHelpText(
      'after',
      [
        '',
        'Needs an identity provider: SWARMGATE_AUTH_JWKS_URL (or SWARMGATE_AUTH_PUBLIC_KEY), SWARMGATE_AUTH_ISSUER,',
        'SWARMGATE_AUTH_AUDIENCE; roles and tenants from the claims SWARMGATE_AUTH_ROLES_CLAIM / _TENANTS_CLAIM.',
        '',
        'Examples:',
        '  SWARMGATE_AUTH_JWKS_URL=https://idp.bank/.well-known/jwks.json SWARMGATE_AUTH_ISSUER=https://idp.bank \\',
        '  SWARMGATE_AUTH_AUDIENCE=swarmgate DATABASE_URL=postgres://app@db/swarmgate swarmgate api --host 0.0.0.0',
        '  curl localhost:8080/openapi.json',
      ].join('\n'),
    )
    .action(async (options: { port?: string; host?: string }) => {
      const config = loadConfig();
      const { brokers, registryUrl } = kafkaSettings(config);
      const auth = requiredAuthSettings(config);
      const keys = operatorKeys(config);
      const identity = caseDeskIdentity();
      const { bus, codec, names } = await connectKafka(config, 'swarmgate-case-desk');
      const caseDesk = await requestCaseDesk(bus, codec, names, keys, identity);
      await bus.close();
      if (caseDesk === 'requested')
        console.error(
          `the case desk key is not registered yet; human decisions are denied until an operator runs \`swarmgate agents approve case-desk --fingerprint ${keyFingerprintOf(identity.publicKeyPem)}\``,
        );
      const api = await startApi({
        brokers,
        registryUrl,
        databaseUrl: config.DATABASE_URL,
        topicPrefix: config.SWARMGATE_TOPIC_PREFIX,
        port: options.port ? Number(options.port) : config.SWARMGATE_HTTP_PORT,
        host: options.host ?? config.SWARMGATE_HTTP_HOST,
        auth,
        humanSigner: identity,
        operatorSigner: operatorSignerIfAny(config),
        auditKey: auditKeyIfAny(),
        operatorKeys: keys,
      });
      console.log(JSON.stringify({ event: 'api.ready', url: api.url }));
      stopOnSignals(() => api.stop());
    });
}
