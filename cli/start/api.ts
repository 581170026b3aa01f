// The HTTP API as `swarmgate api` runs it and `swarmgate up` composes it: the inventory follower
// and the routes over the projector's database, listening where --port/--host say.
import type { KeyObject } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AuthSettings } from '../../api/auth/index.ts';
import { followInventory } from '../../api/inventory.ts';
import { buildApi, type ApiOptions } from '../../api/server.ts';
import { alertWebhook, startWatchdog, watchdogSettings, type Watchdog } from '../../api/watchdog/index.ts';
import { lagThresholds } from '../../projector/lag.ts';
import type { ProjectorDb } from '../../projector/open-projector-db.ts';
import type { Signer } from '../../schemas/signing.ts';
import { cardOf } from '../cards.ts';
import type { Config } from '../config.ts';
import { budgetRules, type BudgetSources } from './budgets.ts';
import type { ComponentContext, Started } from './component.ts';

export interface ApiAddressOptions {
  readonly port?: number;
  readonly host?: string;
}

/** --port and --host, else SWARMGATE_HTTP_PORT and SWARMGATE_HTTP_HOST. */
export const apiAddress = (config: Config, options: ApiAddressOptions) => ({
  port: options.port ?? config.SWARMGATE_HTTP_PORT,
  host: options.host ?? config.SWARMGATE_HTTP_HOST,
});

export interface ApiStart extends ProjectorDb {
  readonly auth: AuthSettings;
  /** Signs human decisions (the case desk). */
  readonly humanSigner: Signer;
  /** Signs the dashboard's kill switches and the registry routes' registrations; without it they answer 503. */
  readonly operatorSigner?: Signer;
  /** The audit checkpoints' public key, for the dashboard's verification. */
  readonly auditKey?: KeyObject;
  readonly logger?: ApiOptions['logger'];
  /** Routes of the process that serves the API beside its own (`up`'s operations). */
  readonly routes?: (app: FastifyInstance) => void;
}

export interface StartedApi extends Started {
  readonly url: string;
}

export async function startApiComponent(
  context: ComponentContext,
  start: ApiStart,
  options: ApiAddressOptions & BudgetSources,
): Promise<StartedApi> {
  const { bus, codec, names, config, operatorKeys, metrics: registry } = context;
  const inventory = await followInventory(bus, codec, names, operatorKeys);
  const { db, schema, auth, humanSigner, operatorSigner, auditKey, logger } = start;
  const deps = { db, schema, bus, codec, names, inventory, auth, humanSigner, operatorSigner, auditKey };
  const registrar = { registry: inventory.registry, cards: cardOf };
  const budgets = budgetRules(options.policy ?? config.SWARMGATE_POLICY, options.budgetMicros);
  const app = buildApi({ ...deps, registrar, budgets, logger, registry });
  start.routes?.(app);
  const url = await app.listen(apiAddress(config, options)).catch(async (error: unknown) => {
    await inventory.stop();
    throw error;
  });
  const watchdog = watchdogOf({ ...deps, registry: inventory.registry, config, url });
  return {
    url,
    ready: { event: 'api.ready', url, watchdog: watchdog !== undefined },
    stop: async () => {
      await watchdog?.stop();
      await app.close();
      await inventory.stop();
    },
  };
}

// On stdout beside the API's `ready` line, as the other components log.
const logLine = (event: Record<string, unknown>) => console.log(JSON.stringify(event));

type WatchdogStart = Omit<Parameters<typeof startWatchdog>[0], 'thresholds' | 'webhook' | 'signer'> & {
  readonly config: Config;
  readonly url: string;
  readonly operatorSigner?: Signer;
};

/** The watchdog when SWARMGATE_WATCHDOG_MAX_* or SWARMGATE_ALERT_WEBHOOK_URL say so (api/watchdog/). */
function watchdogOf(start: WatchdogStart): Watchdog | undefined {
  const settings = watchdogSettings(start.config);
  if (!settings) return undefined;
  const { webhookUrl, thresholds, intervalMs, receiver, maxLag } = settings;
  if (thresholds && !start.operatorSigner)
    logLine({
      event: 'watchdog.unsigned',
      reason: 'no operator signing key: the thresholds cannot kill, only kill switch alerts are sent',
    });
  const webhook = webhookUrl ? alertWebhook({ url: webhookUrl, log: logLine }) : undefined;
  return startWatchdog({
    ...start,
    signer: start.operatorSigner,
    thresholds,
    webhook,
    receiver,
    intervalMs,
    maxLag,
    projectorGroup: lagThresholds().group,
    externalUrl: start.url,
    log: logLine,
  });
}
