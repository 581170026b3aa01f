// Sliding windows per account and the two patterns the AML monitor looks for:
// structuring (repeated cash deposits just under the reporting threshold) and velocity (many
// movements in a short time). One step function gives both the next windows and the alerts,
// so evolve and decide cannot disagree.
import type { AmlPattern, TransactionPosted } from '../../schemas/generated/types.ts';
import { formatMinor } from './amounts.ts';
import type { AmlConfig } from './config.ts';

export interface Movement {
  readonly transactionId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly at: number;
}

export interface AccountWindows {
  readonly nearThresholdCash: readonly Movement[];
  readonly movements: readonly Movement[];
  /** When each pattern last alerted; no repeat alert until its window has moved on. */
  readonly lastAlertAt: Readonly<Partial<Record<AmlPattern, number>>>;
}

export interface Detection {
  readonly pattern: AmlPattern;
  readonly movements: readonly Movement[];
  readonly description: string;
}

const hour = 3_600_000;
const duration = (ms: number) =>
  ms % (24 * hour) === 0 ? `${ms / (24 * hour)} day(s)` : `${Math.round((ms / hour) * 10) / 10} hour(s)`;

const empty: AccountWindows = { nearThresholdCash: [], movements: [], lastAlertAt: {} };

export function isNearThresholdCash(txn: TransactionPosted, config: AmlConfig): boolean {
  const floor = config.reportingThresholdMinor * config.nearThresholdRatio;
  return (
    txn.channel === 'CASH' &&
    txn.direction === 'CREDIT' &&
    txn.amountMinor >= floor &&
    txn.amountMinor < config.reportingThresholdMinor
  );
}

export function step(
  before: AccountWindows | undefined,
  txn: TransactionPosted,
  config: AmlConfig,
): { windows: AccountWindows; detections: Detection[] } {
  const windows = before ?? empty;
  const movement: Movement = {
    transactionId: txn.transactionId,
    amountMinor: txn.amountMinor,
    currency: txn.currency,
    at: txn.postedAt,
  };
  const within = (ms: number) => (m: Movement) => m.at > txn.postedAt - ms;
  const nearThresholdCash = [
    ...windows.nearThresholdCash,
    ...(isNearThresholdCash(txn, config) ? [movement] : []),
  ].filter(within(config.structuringWindowMs));
  const movements = [...windows.movements, movement].filter(within(config.velocityWindowMs));
  const quiet = (pattern: AmlPattern, ms: number) =>
    (windows.lastAlertAt[pattern] ?? -Infinity) <= txn.postedAt - ms;
  const threshold = formatMinor(config.reportingThresholdMinor, null);
  const candidates: Detection[] = [
    ...(nearThresholdCash.length >= config.structuringMinCount &&
    quiet('STRUCTURING', config.structuringWindowMs)
      ? [
          {
            pattern: 'STRUCTURING' as const,
            movements: nearThresholdCash,
            description: `${nearThresholdCash.length} cash deposits just under the ${threshold} reporting threshold within ${duration(config.structuringWindowMs)}`,
          },
        ]
      : []),
    ...(movements.length >= config.velocityMaxCount && quiet('VELOCITY', config.velocityWindowMs)
      ? [
          {
            pattern: 'VELOCITY' as const,
            movements,
            description: `${movements.length} transactions within ${duration(config.velocityWindowMs)}`,
          },
        ]
      : []),
  ];
  const lastAlertAt = candidates.reduce(
    (acc, detection) => ({ ...acc, [detection.pattern]: txn.postedAt }),
    windows.lastAlertAt,
  );
  return { windows: { nearThresholdCash, movements, lastAlertAt }, detections: candidates };
}
