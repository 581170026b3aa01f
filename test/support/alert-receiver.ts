// A local HTTP receiver of the watchdog's Alertmanager-format notifications: keeps every body it
// is POSTed and lets a test wait for one that satisfies a predicate.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Alert, AlertmanagerPayload } from '../../api/watchdog/index.ts';

export interface AlertReceiver {
  readonly url: string;
  readonly notifications: readonly AlertmanagerPayload[];
  /** Resolves with the first alert received (or already received) that matches. */
  alert(matches: (alert: Alert, notification: AlertmanagerPayload) => boolean): Promise<Alert>;
  close(): Promise<void>;
}

export async function startAlertReceiver(): Promise<AlertReceiver> {
  const notifications: AlertmanagerPayload[] = [];
  const waiters = new Set<() => void>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      notifications.push(JSON.parse(Buffer.concat(chunks).toString()) as AlertmanagerPayload);
      response.writeHead(200).end();
      for (const check of waiters) check();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const find = (matches: (alert: Alert, notification: AlertmanagerPayload) => boolean) => {
    for (const notification of notifications)
      for (const alert of notification.alerts) if (matches(alert, notification)) return alert;
    return undefined;
  };
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`,
    notifications,
    alert: (matches) =>
      new Promise((resolve) => {
        const check = () => {
          const found = find(matches);
          if (!found) return;
          waiters.delete(check);
          resolve(found);
        };
        waiters.add(check);
        check();
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
