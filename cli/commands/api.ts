import type { Command } from 'commander';
import { openProjectorDb } from '../../projector/open-projector-db.ts';
import { keyFingerprintOf } from '../../schemas/signing.ts';
import { caseDeskIdentity, requestCaseDesk } from '../case-desk.ts';
import { keyDirectory, requiredAuthSettings, type Config } from '../config.ts';
import { connectKafka, requireKafka, runsInUp, stopOnSignals } from '../connect.ts';
import { operatorKeys, operatorKeySigner } from '../operator.ts';
import { apiHostOption, apiPortOption, policyOption } from '../options.ts';
import { startApiComponent, type ApiAddressOptions } from '../start/api.ts';
import type { BudgetSources } from '../start/budgets.ts';
import { projectorConfig } from './projector.ts';
import { KeyError, loadVerifyingKey } from '../../projector/signing-key.ts';

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
    .addOption(apiPortOption())
    .addOption(apiHostOption())
    .addOption(policyOption())
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
    .action(async (options: ApiAddressOptions & BudgetSources) => {
      const config = projectorConfig();
      requireKafka(config, runsInUp('API'));
      const auth = requiredAuthSettings(config);
      const keys = operatorKeys(config);
      const identity = caseDeskIdentity();
      const { bus, codec, names } = await connectKafka(config, 'swarmgate-api');
      const caseDesk = await requestCaseDesk(bus, codec, names, keys, identity);
      if (caseDesk === 'requested')
        console.error(
          `the case desk key is not registered yet; human decisions are denied until an operator runs \`swarmgate agents approve case-desk --fingerprint ${keyFingerprintOf(identity.publicKeyPem)}\``,
        );
      const store = await openProjectorDb({
        url: config.DATABASE_URL,
        schema: config.projector.SWARMGATE_PROJECTOR_SCHEMA,
      }).catch(async (error: unknown) => {
        await bus.close();
        throw error;
      });
      const context = { bus, codec, names, config, operatorKeys: keys };
      const api = await startApiComponent(
        context,
        {
          ...store,
          auth,
          humanSigner: identity,
          operatorSigner: operatorSignerIfAny(config),
          auditKey: auditKeyIfAny(),
          logger: true,
        },
        options,
      ).catch(async (error: unknown) => {
        await bus.close();
        await store.db.close();
        throw error;
      });
      console.log(JSON.stringify(api.ready));
      stopOnSignals(async () => {
        await api.stop();
        await bus.close();
        await store.db.close();
      });
    });
}
