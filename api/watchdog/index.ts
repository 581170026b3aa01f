export {
  alertmanagerPayload,
  incidentAlert,
  killSwitchAlert,
  lagAlert,
  tripAlert,
  type Alert,
  type AlertmanagerPayload,
} from './alerts.ts';
export { automaticKill, watchAgent } from './issue.ts';
export { watchdogSettings, type WatchdogSettings } from './settings.ts';
export {
  automaticReason,
  tripOf,
  WATCHDOG_ISSUER,
  windowStart,
  type Trip,
  type WatchdogThresholds,
} from './thresholds.ts';
export { alertWebhook, type AlertWebhook } from './webhook.ts';
export { startWatchdog, type Watchdog, type WatchdogOptions } from './watchdog.ts';
export { FiringSet, resolvedAlert } from './firing.ts';
