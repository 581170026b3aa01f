// The chaos run's input, in the order it is published: customer requests, with the teller's burst
// a third of the way in and the structuring deposits spread over the whole stream; published in
// batches at a steady rate.
import type { Bus } from '../../bus/port.ts';
import type { Codec } from '../../schemas/codec.ts';
import { encodeEnvelope, sealEnvelope, type EnvelopeFields } from '../../schemas/envelope.ts';
import type { RecordName, RecordTypes } from '../../schemas/generated/types.ts';
import { uniqueName } from '../support/names.ts';
import { structuringDeposits, tellerBurst, workflowProposal } from './workflows.ts';

interface Item {
  readonly fields: EnvelopeFields & { readonly type: RecordName };
  readonly payload: RecordTypes[RecordName];
}

export interface Stream {
  readonly items: readonly Item[];
  /** Workflows that must end: every request, the teller's included. */
  readonly workflows: ReadonlySet<string>;
  readonly tellerWorkflows: ReadonlySet<string>;
  readonly depositsByAccount: ReadonlyMap<string, readonly string[]>;
}

/** `extra` placed among `base`: the i-th of them before base item `at(i)`. */
function interleave(base: readonly Item[], extra: readonly Item[], at: (i: number) => number): Item[] {
  const out: Item[] = [];
  let next = 0;
  base.forEach((item, b) => {
    while (next < extra.length && at(next) <= b) out.push(extra[next++]!);
    out.push(item);
  });
  return [...out, ...extra.slice(next)];
}

export function streamOf(requests: number, burst: number, accounts: number): Stream {
  const customer = Array.from({ length: requests }, (_, i) => workflowProposal(i));
  const teller = tellerBurst(burst);
  const accountIds = Array.from({ length: accounts }, () => uniqueName('ACC'));
  // Round-robin over the accounts, so each account's three deposits are far apart in the stream.
  const byRound = [0, 1, 2].flatMap((round) => accountIds.map((accountId) => ({ accountId, round })));
  const deposits = new Map(accountIds.map((accountId) => [accountId, structuringDeposits(accountId)]));
  const spread = byRound.map(({ accountId, round }) => deposits.get(accountId)![round]!);
  const withBurst = interleave(customer, teller, () => Math.floor(requests / 3));
  const items = interleave(withBurst, spread, (i) =>
    Math.floor(((i + 1) * withBurst.length) / (spread.length + 1)),
  );
  const workflowsOf = (list: readonly Item[]) => new Set(list.map(({ fields }) => fields.correlationId));
  return {
    items,
    workflows: workflowsOf([...customer, ...teller]),
    tellerWorkflows: workflowsOf(teller),
    depositsByAccount: new Map(
      [...deposits].map(([accountId, list]) => [accountId, list.map(({ fields }) => fields.correlationId)]),
    ),
  };
}

export interface Publishing {
  readonly finished: Promise<void>;
  sent(): number;
  done(): boolean;
}

/** Publishes `items` to `topic` in batches of 50, `rate` items a second. */
export function publishOnSchedule(
  bus: Bus,
  codec: Codec,
  topic: string,
  items: readonly Item[],
  rate: number,
): Publishing {
  let sent = 0;
  let done = false;
  const began = Date.now();
  const finished = (async () => {
    for (let i = 0; i < items.length; i += 50) {
      const due = began + (i / rate) * 1000;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      const records = await Promise.all(
        items.slice(i, i + 50).map(async ({ fields, payload }) => ({
          topic,
          key: fields.correlationId,
          value: await encodeEnvelope(codec, await sealEnvelope(codec, fields, payload)),
        })),
      );
      await bus.send(records);
      sent += records.length;
    }
    done = true;
  })();
  return { finished, sent: () => sent, done: () => done };
}
