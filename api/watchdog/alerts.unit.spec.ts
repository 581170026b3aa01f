import { describe, expect, it } from 'vitest';
import type { ControlCommand } from '../../schemas/generated/types.ts';
import { alertmanagerPayload, killSwitchAlert, lagAlert, tripAlert, ZERO_TIME } from './alerts.ts';
import { FiringSet } from './firing.ts';
import { WATCHDOG_ISSUER } from './thresholds.ts';

const issuedAt = Date.parse('2026-12-04T10:00:00Z');
const kill = (issuedBy: string): ControlCommand => ({
  id: 'c-1',
  kind: 'KILL',
  target: 'advisor',
  reason: 'model returns unreviewed advice',
  issuedBy,
  issuedAt,
  policyVersion: null,
  signedBy: 'op-key',
  signature: null,
});
const url = 'http://api.bank.example/dashboard#page=agents';

describe('alerts in the Alertmanager webhook format', () => {
  it('a firing kill switch says whether an operator or the watchdog set it, and has not ended', () => {
    const manual = killSwitchAlert(kill('ops-oscar'), url);
    expect(manual).toMatchObject({
      status: 'firing',
      labels: { alertname: 'SwarmgateKillSwitch', agent: 'advisor', trigger: 'manual', service: 'swarmgate' },
      annotations: {
        description: 'model returns unreviewed advice',
        issuedBy: 'ops-oscar',
        signedBy: 'op-key',
      },
      startsAt: '2026-12-04T10:00:00.000Z',
      endsAt: ZERO_TIME,
      generatorURL: url,
    });
    expect(killSwitchAlert(kill(WATCHDOG_ISSUER), url).labels.trigger).toBe('automatic');
  });

  it('sends a condition once when it appears, and resolves the same alert once it is gone', () => {
    const conditions = new FiringSet();
    const firing = killSwitchAlert(kill('ops-oscar'), url);
    expect(conditions.update([firing], issuedAt)).toEqual([firing]);
    expect(conditions.update([firing], issuedAt + 1_000)).toEqual([]);
    const [resolved] = conditions.update([], issuedAt + 60_000);
    expect(resolved).toMatchObject({
      status: 'resolved',
      fingerprint: firing.fingerprint,
      endsAt: '2026-12-04T10:01:00.000Z',
    });
    expect(conditions.update([], issuedAt + 61_000)).toEqual([]);
  });

  it('a lagging consumer group keeps its fingerprint while its lag changes', () => {
    const at = (lag: number) => lagAlert({ group: 'g', consumer: 'fraud', lag }, 100, issuedAt, url);
    expect(at(150).fingerprint).toBe(at(900).fingerprint);
    expect(at(150)).toMatchObject({
      labels: { alertname: 'SwarmgateConsumerLag', consumer: 'fraud' },
      annotations: { threshold: '100', observed: '150' },
    });
  });

  it('a crossed threshold carries the threshold, the observed value and the window', () => {
    const trip = {
      agent: 'fraud',
      measure: 'spendMicros' as const,
      threshold: 1000,
      observed: 1200,
      windowMs: 60_000,
      since: issuedAt,
    };
    expect(tripAlert(trip, issuedAt, url)).toMatchObject({
      labels: { alertname: 'SwarmgateAgentOverspend', agent: 'fraud' },
      annotations: { threshold: '1000', observed: '1200', windowSeconds: '60' },
    });
  });

  it('wraps alerts in a version 4 notification with the group and common labels', () => {
    const alert = killSwitchAlert(kill('ops-oscar'), url);
    const payload = alertmanagerPayload('bank-oncall', [alert], 'http://api.bank.example');
    expect(payload).toEqual({
      version: '4',
      groupKey: '{}:{alertname="SwarmgateKillSwitch"}',
      truncatedAlerts: 0,
      status: 'firing',
      receiver: 'bank-oncall',
      groupLabels: { alertname: 'SwarmgateKillSwitch' },
      commonLabels: alert.labels,
      commonAnnotations: alert.annotations,
      externalURL: 'http://api.bank.example',
      alerts: [alert],
    });
  });
});
