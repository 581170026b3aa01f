// The watchdog the API process runs: every interval it weighs each registered agent against the
// thresholds (issue.ts: the automatic KILL, once per trip) and tells the alert webhook what
// changed: a threshold crossed, a kill switch set (by an operator or by itself) or lifted, an
// incident projected, a consumer group lagging. Its state is the shared projection and the
// followed sg.control, so any number of API instances agree; each sends the same alerts with
// the same fingerprints, which a receiver deduplicates (as Alertmanager does for its replicas).
// A failing tick (the database away) is logged and the next one tries again.
import { sleepUnless } from '../../bus/retry.ts';
import { alertmanagerPayload, tripAlert, type Alert } from './alerts.ts';
import { watchAgent, type IssueDeps } from './issue.ts';
import { incidentSignal, killSwitchSignal, lagSignal } from './signals.ts';
import type { Trip, WatchdogThresholds } from './thresholds.ts';
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
  /** Alert when a consumer group is more records behind than this; off when absent. */
  readonly maxLag?: number;
  /** The projector's group, whose positions the database stores. Default "projector". */
  readonly projectorGroup?: string;
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

/** How far back incident alerts look for incidents a lagging partition projects late. */
const INCIDENT_LOOK_BACK_MS = 10 * 60_000;

export function startWatchdog(options: WatchdogOptions): Watchdog {
  const { registry, webhook, clock = Date.now, log = () => {} } = options;
  const externalUrl = options.externalUrl ?? '';
  const generatorURL = externalUrl && `${externalUrl.replace(/\/$/, '')}/dashboard#page=agents`;
  const { db, schema, bus, names, maxLag } = options;
  const projectorGroup = options.projectorGroup ?? 'projector';
  const signals = [
    async (now: number) => (await trips(now)).map((trip) => tripAlert(trip, now, generatorURL)),
    killSwitchSignal(registry.fold, generatorURL),
    ...(webhook ? [incidentSignal(db, schema, clock(), INCIDENT_LOOK_BACK_MS, generatorURL)] : []),
    ...(webhook && maxLag !== undefined
      ? [lagSignal({ bus, db, schema, names, projectorGroup }, registry.fold, maxLag, generatorURL)]
      : []),
  ];

  async function trips(now: number): Promise<Trip[]> {
    const { signer, thresholds } = options;
    if (!signer || !thresholds || registry.fold.allKilled) return [];
    const tripped: Trip[] = [];
    for (const { name } of registry.fold.registrations()) {
      const trip = await watchAgent({ ...options, signer, thresholds }, name, now);
      if (!trip) continue;
      log({ event: 'watchdog.killed', agent: name, measure: trip.measure, observed: trip.observed });
      tripped.push(trip);
    }
    return tripped;
  }

  /** One notification per alertname, as Alertmanager groups them. */
  function notify(alerts: readonly Alert[]): void {
    const byName = new Map<string, Alert[]>();
    for (const alert of alerts) {
      const name = alert.labels.alertname ?? '';
      byName.set(name, [...(byName.get(name) ?? []), alert]);
    }
    for (const group of byName.values())
      webhook?.send(alertmanagerPayload(options.receiver ?? 'swarmgate', group, externalUrl));
  }

  const stopping = new AbortController();
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      const now = clock();
      for (const signal of signals) {
        try {
          notify(await signal(now));
        } catch (error) {
          log({ event: 'watchdog.failed', error: error instanceof Error ? error.message : String(error) });
        }
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
