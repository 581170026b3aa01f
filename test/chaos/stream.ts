// The chaos run's input, in the order it is published: customer requests, with the structuring
// deposits spread over the whole stream and the teller's burst a third of the way in, sent in
// one batch; published at a steady rate.
import type { Bus } from '../../bus/port.ts';
import { retrying } from '../../bus/retry.ts';
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
  /** What is sent together, in order: batches of 50, the teller's burst in one. */
  readonly batches: readonly (readonly Item[])[];
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

/** Batches of up to 50 items; a run of `together` items is one batch of its own. */
function batchesOf(items: readonly Item[], together: ReadonlySet<Item>): Item[][] {
  const batches: Item[][] = [];
  for (const item of items) {
    const last = batches.at(-1);
    const joins =
      last && together.has(item) === together.has(last[0]!) && (together.has(item) || last.length < 50);
    if (joins) last.push(item);
    else batches.push([item]);
  }
  return batches;
}

export function streamOf(requests: number, burst: number, accounts: number): Stream {
  const customer = Array.from({ length: requests }, (_, i) => workflowProposal(i));
  const teller = tellerBurst(burst);
  const accountIds = Array.from({ length: accounts }, () => uniqueName('ACC'));
  // Round-robin over the accounts, so each account's three deposits are far apart in the stream.
  const byRound = [0, 1, 2].flatMap((round) => accountIds.map((accountId) => ({ accountId, round })));
  const deposits = new Map(accountIds.map((accountId) => [accountId, structuringDeposits(accountId)]));
  const spread = byRound.map(({ accountId, round }) => deposits.get(accountId)![round]!);
  const withDeposits = interleave(customer, spread, (i) =>
    Math.floor(((i + 1) * requests) / (spread.length + 1)),
  );
  const items = interleave(withDeposits, teller, () => Math.floor(withDeposits.length / 3));
  const workflowsOf = (list: readonly Item[]) => new Set(list.map(({ fields }) => fields.correlationId));
  return {
    batches: batchesOf(items, new Set(teller)),
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

/** Publishes `batches` to `topic`, each in one send, `rate` items a second; a failed send is retried. */
export function publishOnSchedule(
  bus: Bus,
  codec: Codec,
  topic: string,
  batches: readonly (readonly Item[])[],
  rate: number,
): Publishing {
  let sent = 0;
  let done = false;
  const began = Date.now();
  const finished = (async () => {
    for (const batch of batches) {
      const due = began + (sent / rate) * 1000;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      const records = await Promise.all(
        batch.map(async ({ fields, payload }) => ({
          topic,
          key: fields.correlationId,
          value: await encodeEnvelope(codec, await sealEnvelope(codec, fields, payload)),
        })),
      );
      // As an upstream system would: a send the cluster refuses while brokers are down is sent
      // again, the same records with the same ids (the gate's duplicate policy denies a repeat).
      await retrying(() => bus.send(records));
      sent += records.length;
    }
    done = true;
  })();
  return { finished, sent: () => sent, done: () => done };
}
