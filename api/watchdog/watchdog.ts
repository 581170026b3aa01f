// The watchdog the API process runs: every interval it weighs each registered agent against the
// thresholds (issue.ts: the automatic KILL, once per trip) and tells the alert webhook what
// changed: a threshold crossed, a kill switch set (by an operator or by itself) or lifted. Its
// state is the shared projection and the followed sg.control, so any number of API instances
// agree; each sends the same alerts with the same fingerprints, which a receiver deduplicates.
// A failing tick (the database away) is logged and the next one tries again.
import { sleepUnless } from '../../bus/retry.ts';
import type { ControlCommand } from '../../schemas/generated/types.ts';
import { alertmanagerPayload, killSwitchAlert, tripAlert, type Alert } from './alerts.ts';
import { watchAgent, type IssueDeps } from './issue.ts';
import type { WatchdogThresholds } from './thresholds.ts';
import type { AlertWebhook } from './webhook.ts';

export interface WatchdogOptions extends Omit<IssueDeps, 'signer' | 'thresholds'> {
  /** Signs the automatic KILLs: an operator key. Without it (or thresholds) the watchdog only alerts. */
  readonly signer?: IssueDeps['signer'];
  readonly thresholds?: WatchdogThresholds;
  readonly webhook?: AlertWebhook;
  /** The receiver named in the notifications. Default "swarmgate". */
  readonly receiver?: string;
  /** Where an alert links to (the API's dashboard). */
  readonly externalUrl?: string;
  /** Between ticks. Default 5000 ms. */
  readonly intervalMs?: number;
  readonly clock?: () => number;
  readonly log?: (event: Record<string, unknown>) => void;
  /** Called after each tick (a test waits for ticks rather than time). */
  readonly onTick?: () => void;
}

export interface Watchdog {
  stop(): Promise<void>;
}

export function startWatchdog(options: WatchdogOptions): Watchdog {
  const { registry, webhook, clock = Date.now, log = () => {} } = options;
  const externalUrl = options.externalUrl ?? '';
  const generatorURL = externalUrl && `${externalUrl.replace(/\/$/, '')}/dashboard#page=agents`;
  const notify = (alerts: readonly Alert[]) => {
    if (alerts.length > 0)
      webhook?.send(alertmanagerPayload(options.receiver ?? 'swarmgate', alerts, externalUrl));
  };
  let held = new Map<string, ControlCommand>();

  async function trips(now: number): Promise<void> {
    const { signer, thresholds } = options;
    if (!signer || !thresholds || registry.fold.allKilled) return;
    for (const { name } of registry.fold.registrations()) {
      const trip = await watchAgent({ ...options, signer, thresholds }, name, now);
      if (!trip) continue;
      log({ event: 'watchdog.killed', agent: name, measure: trip.measure, observed: trip.observed });
      notify([tripAlert(trip, now, generatorURL)]);
    }
  }

  /** Firing for each kill switch newly in force, resolved for each lifted. */
  function killSwitchChanges(now: number): void {
    const current = new Map(registry.fold.killSwitches().map((command) => [command.id, command]));
    for (const [id, command] of current)
      if (!held.has(id)) notify([killSwitchAlert(command, 'firing', generatorURL)]);
    for (const [id, command] of held)
      if (!current.has(id)) notify([killSwitchAlert(command, 'resolved', generatorURL, now)]);
    held = current;
  }

  const stopping = new AbortController();
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      const now = clock();
      try {
        await trips(now);
        killSwitchChanges(now);
      } catch (error) {
        log({ event: 'watchdog.failed', error: error instanceof Error ? error.message : String(error) });
      }
      options.onTick?.();
      await sleepUnless(options.intervalMs ?? 5_000, stopping.signal);
    }
  })();
  return {
    async stop() {
      stopping.abort();
      await loop;
      await webhook?.stop();
    },
  };
}
