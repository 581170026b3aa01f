// Conditions that hold for a while (a kill switch, a lagging consumer): the alerts to send are
// the changes, firing for a condition that appeared, resolved (with its end) for one that went.
import type { Alert } from './alerts.ts';

export class FiringSet {
  private firing = new Map<string, Alert>();

  /** The conditions that hold now, as firing alerts; returns what to send. */
  update(current: readonly Alert[], now: number): Alert[] {
    const next = new Map(current.map((alert) => [alert.fingerprint, alert]));
    const changes = current.filter((alert) => !this.firing.has(alert.fingerprint));
    for (const [fingerprint, alert] of this.firing)
      if (!next.has(fingerprint)) changes.push(resolvedAlert(alert, now));
    this.firing = next;
    return changes;
  }
}

/** The same alert (same fingerprint) as Alertmanager sends it once it ended at `at`. */
export function resolvedAlert(alert: Alert, at: number): Alert {
  return { ...alert, status: 'resolved', endsAt: new Date(at).toISOString() };
}
