import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../cli/config.ts';
import { watchdogSettings } from './settings.ts';

describe('the watchdog settings from the environment', () => {
  it('runs no watchdog when neither a threshold nor a webhook is set', () => {
    expect(watchdogSettings(loadConfig({}))).toBeUndefined();
  });

  it('kills on the thresholds set, over the window in seconds, and alerts where the webhook URL says', () => {
    const env = {
      SWARMGATE_WATCHDOG_MAX_INCIDENTS: '5',
      SWARMGATE_WATCHDOG_WINDOW_SECONDS: '120',
      SWARMGATE_ALERT_WEBHOOK_URL: 'https://alerts.bank.example/hook',
      SWARMGATE_ALERT_MAX_LAG: '500',
    };
    expect(watchdogSettings(loadConfig(env))).toEqual({
      thresholds: { windowMs: 120_000, maxIncidents: 5, maxSpendMicros: undefined },
      intervalMs: 5_000,
      webhookUrl: 'https://alerts.bank.example/hook',
      receiver: 'swarmgate',
      maxLag: 500,
    });
  });

  it('alerts without killing when only the webhook is set', () => {
    const settings = watchdogSettings(loadConfig({ SWARMGATE_ALERT_WEBHOOK_URL: 'http://127.0.0.1:9093/' }));
    expect(settings?.thresholds).toBeUndefined();
  });

  it('names a threshold that is not a positive whole number', () => {
    expect(() => loadConfig({ SWARMGATE_WATCHDOG_MAX_SPEND_MICROS: '0' })).toThrow(
      /SWARMGATE_WATCHDOG_MAX_SPEND_MICROS/,
    );
  });
});
