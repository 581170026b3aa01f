// The watchdog's configuration as the environment gives it (cli/config.ts validates the values):
// no threshold set means no automatic kill, no webhook URL means no alerts, neither means no watchdog.
import type { WatchdogThresholds } from './thresholds.ts';

export interface WatchdogEnv {
  readonly SWARMGATE_WATCHDOG_WINDOW_SECONDS: number;
  readonly SWARMGATE_WATCHDOG_MAX_INCIDENTS?: number;
  readonly SWARMGATE_WATCHDOG_MAX_SPEND_MICROS?: number;
  readonly SWARMGATE_WATCHDOG_INTERVAL_MS: number;
  readonly SWARMGATE_ALERT_WEBHOOK_URL?: string;
  readonly SWARMGATE_ALERT_RECEIVER: string;
  readonly SWARMGATE_ALERT_MAX_LAG?: number;
}

export interface WatchdogSettings {
  readonly thresholds?: WatchdogThresholds;
  readonly intervalMs: number;
  readonly webhookUrl?: string;
  readonly receiver: string;
  /** Alert when a consumer group is more records behind; off when absent. */
  readonly maxLag?: number;
}

export function watchdogSettings(env: WatchdogEnv): WatchdogSettings | undefined {
  const maxIncidents = env.SWARMGATE_WATCHDOG_MAX_INCIDENTS;
  const maxSpendMicros = env.SWARMGATE_WATCHDOG_MAX_SPEND_MICROS;
  const thresholds =
    maxIncidents === undefined && maxSpendMicros === undefined
      ? undefined
      : { windowMs: env.SWARMGATE_WATCHDOG_WINDOW_SECONDS * 1000, maxIncidents, maxSpendMicros };
  const webhookUrl = env.SWARMGATE_ALERT_WEBHOOK_URL;
  if (!thresholds && !webhookUrl) return undefined;
  return {
    thresholds,
    intervalMs: env.SWARMGATE_WATCHDOG_INTERVAL_MS,
    webhookUrl,
    receiver: env.SWARMGATE_ALERT_RECEIVER,
    maxLag: env.SWARMGATE_ALERT_MAX_LAG,
  };
}
