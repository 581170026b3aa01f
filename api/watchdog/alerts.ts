// Alerts in the Alertmanager webhook format (version 4), so whatever already receives
// Alertmanager's notifications (PagerDuty bridges, chat relays, an Alertmanager receiver) takes
// swarmgate's too. Pure: the caller brings the time. A fingerprint is derived from the alert's
// identity (name and labels), so every API instance sends the same alert with the same
// fingerprint and a receiver deduplicates them.
import { createHash } from 'node:crypto';
import type { ControlCommand } from '../../schemas/generated/types.ts';
import { automaticReason, WATCHDOG_ISSUER, type Trip } from './thresholds.ts';

export type AlertStatus = 'firing' | 'resolved';

export interface Alert {
  readonly status: AlertStatus;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly startsAt: string;
  /** Alertmanager's zero time while firing. */
  readonly endsAt: string;
  readonly generatorURL: string;
  readonly fingerprint: string;
}

export interface AlertmanagerPayload {
  readonly version: '4';
  readonly groupKey: string;
  readonly truncatedAlerts: number;
  readonly status: AlertStatus;
  readonly receiver: string;
  readonly groupLabels: Readonly<Record<string, string>>;
  readonly commonLabels: Readonly<Record<string, string>>;
  readonly commonAnnotations: Readonly<Record<string, string>>;
  readonly externalURL: string;
  readonly alerts: readonly Alert[];
}

/** What Alertmanager writes for "not ended yet". */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

export function fingerprintOf(labels: Readonly<Record<string, string>>): string {
  const canonical = Object.keys(labels)
    .sort()
    .map((name) => `${name}=${labels[name]}`)
    .join('\u0000');
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

interface AlertFields {
  readonly status: AlertStatus;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly startsAt: number;
  /** When it resolved; firing alerts have none. */
  readonly endsAt?: number;
  readonly generatorURL: string;
}

export function alertOf(fields: AlertFields): Alert {
  const labels = { service: 'swarmgate', ...fields.labels };
  return {
    status: fields.status,
    labels,
    annotations: fields.annotations,
    startsAt: new Date(fields.startsAt).toISOString(),
    endsAt: fields.endsAt === undefined ? ZERO_TIME : new Date(fields.endsAt).toISOString(),
    generatorURL: fields.generatorURL,
    fingerprint: fingerprintOf(labels),
  };
}

/** Labels every alert of the group shares. */
function commonOf(maps: readonly Readonly<Record<string, string>>[]): Record<string, string> {
  const [first, ...rest] = maps;
  if (!first) return {};
  return Object.fromEntries(Object.entries(first).filter(([k, v]) => rest.every((m) => m[k] === v)));
}

/** One notification: alerts grouped by alertname, firing while any of them fires. */
export function alertmanagerPayload(
  receiver: string,
  alerts: readonly Alert[],
  externalURL: string,
): AlertmanagerPayload {
  const alertname = alerts[0]?.labels.alertname ?? '';
  const groupLabels = { alertname };
  return {
    version: '4',
    groupKey: `{}:{alertname="${alertname}"}`,
    truncatedAlerts: 0,
    status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
    receiver,
    groupLabels,
    commonLabels: commonOf(alerts.map((a) => a.labels)),
    commonAnnotations: commonOf(alerts.map((a) => a.annotations)),
    externalURL,
    alerts,
  };
}

const isAutomatic = (command: ControlCommand) => command.issuedBy === WATCHDOG_ISSUER;

/** A kill switch in force, manual or automatic; FiringSet resolves it once lifted. */
export function killSwitchAlert(command: ControlCommand, generatorURL: string): Alert {
  return alertOf({
    status: 'firing',
    labels: {
      alertname: 'SwarmgateKillSwitch',
      agent: command.target,
      severity: 'critical',
      trigger: isAutomatic(command) ? 'automatic' : 'manual',
      command: command.id,
    },
    annotations: {
      summary: `kill switch on ${command.target === '*' ? 'every agent' : command.target}`,
      description: command.reason,
      issuedBy: command.issuedBy,
      signedBy: command.signedBy ?? '',
    },
    startsAt: command.issuedAt,
    generatorURL,
  });
}

/** An incident the projection recorded (a fallback, a timeout, a crash): one alert each. */
export interface IncidentRow {
  readonly decisionId: string;
  readonly sender: string;
  readonly eventType: string;
  readonly correlationId: string;
  readonly decidedAt: number;
}

export function incidentAlert(incident: IncidentRow, generatorURL: string): Alert {
  return alertOf({
    status: 'firing',
    labels: {
      alertname: 'SwarmgateIncident',
      agent: incident.sender,
      severity: 'warning',
      eventType: incident.eventType,
      decision: incident.decisionId,
    },
    annotations: {
      summary: `${incident.sender}: ${incident.eventType}`,
      workflow: incident.correlationId,
    },
    startsAt: incident.decidedAt,
    generatorURL,
  });
}

/** A consumer group further behind than the threshold. */
export function lagAlert(
  lag: { readonly group: string; readonly consumer: string; readonly lag: number },
  threshold: number,
  at: number,
  generatorURL: string,
): Alert {
  return alertOf({
    status: 'firing',
    labels: {
      alertname: 'SwarmgateConsumerLag',
      group: lag.group,
      consumer: lag.consumer,
      severity: 'warning',
    },
    annotations: {
      summary: `${lag.consumer} is ${lag.lag} records behind`,
      threshold: String(threshold),
      observed: String(lag.lag),
    },
    startsAt: at,
    generatorURL,
  });
}

/** The threshold an agent crossed (too many incidents, or overspend), with what was observed. */
export function tripAlert(trip: Trip, at: number, generatorURL: string): Alert {
  const incidents = trip.measure === 'incidents';
  return alertOf({
    status: 'firing',
    labels: {
      alertname: incidents ? 'SwarmgateAgentIncidents' : 'SwarmgateAgentOverspend',
      agent: trip.agent,
      severity: 'critical',
      since: new Date(trip.since).toISOString(),
    },
    annotations: {
      summary: `${trip.agent} crossed its ${incidents ? 'incident' : 'spend'} threshold`,
      description: automaticReason(trip),
      threshold: String(trip.threshold),
      observed: String(trip.observed),
      windowSeconds: String(trip.windowMs / 1000),
    },
    startsAt: at,
    generatorURL,
  });
}
