import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { eventBody, type EventBody } from '../../api/ingest/event-body.ts';
import { ingestRecord } from '../../api/ingest/seal.ts';
import type { IngestIds } from '../../api/ingest/idempotency.ts';
import type { OutgoingRecord } from '../../bus/port.ts';
import { retrying } from '../../bus/retry.ts';
import { derivedId } from '../../schemas/derived-id.ts';
import { topicNames } from '../../bus/topics.ts';
import { STARTERS } from '../../schemas/vocabulary.ts';
import { ConfigError, loadConfig } from '../config.ts';
import type { ApiClient } from '../api-client.ts';
import { connectLog, runningSwarm, swarmClient } from '../embedded.ts';
import { tokenOption } from '../options.ts';

/** Records per producer request; the idempotent producer keeps their order per workflow. */
const chunk = 500;
const maxReported = 20;
/** POST /events requests in flight at once beside a running swarm. */
const inFlight = 16;

function bodyOf(text: string, line: number): EventBody | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return `line ${line}: not JSON (${(error as Error).message})`;
  }
  const parsed = eventBody.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || '(line)'}: ${issue.message}`,
  );
  return `line ${line}: ${problems.join('; ')}`;
}

export interface LineEvent {
  readonly body: EventBody;
  /** Stable across runs: a publish retried after a partial write repeats the same ids. */
  readonly ids: IngestIds;
}

/**
 * The event id of a line: its own `id`, or one derived from its position and exact text, so
 * publishing the same file again is recognised by the gate's duplicate policy as the same
 * events. A line without a workflow id gets one derived from its event id, as the API does.
 */
export function lineIds(body: EventBody, line: number, text: string): IngestIds {
  const id = body.id ?? derivedId('publish-line', String(line), text.trim());
  return { id, correlationId: body.correlationId ?? derivedId('workflow', id) };
}

/** Every event of the file, or every problem: nothing is published from a file with a bad line. */
export function readEvents(text: string): { events: LineEvent[]; problems: string[] } {
  const events: LineEvent[] = [];
  const problems: string[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    const body = bodyOf(line, index + 1);
    if (typeof body === 'string') problems.push(body);
    else events.push({ body, ids: lineIds(body, index + 1, line) });
  }
  return { events, problems };
}

interface Tally {
  readonly byType: Record<string, number>;
  readonly workflows: Set<string>;
}

const newTally = (): Tally => ({ byType: {}, workflows: new Set() });

function count(tally: Tally, type: string, workflow: string): void {
  tally.byType[type] = (tally.byType[type] ?? 0) + 1;
  tally.workflows.add(workflow);
}

function printDone(topic: string, published: number, tally: Tally, via?: string): void {
  const { byType, workflows } = tally;
  const where = via === undefined ? {} : { via };
  console.log(
    JSON.stringify({ event: 'publish.done', topic, published, workflows: workflows.size, byType, ...where }),
  );
}

/**
 * Beside a running `swarmgate up`: each event through its POST /events (role ingest), with the
 * line's ids, so a publish repeated after a partial failure repeats them as on Kafka.
 */
async function publishThroughApi(client: ApiClient, events: readonly LineEvent[]): Promise<Tally> {
  const tally = newTally();
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < events.length; index = next++) {
      const { body, ids } = events[index]!;
      await client.post('events', { ...body, id: ids.id, correlationId: ids.correlationId }, 202);
      count(tally, body.type, ids.correlationId);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, events.length) }, worker));
  return tally;
}

async function publishToLog(events: readonly LineEvent[]): Promise<{ topic: string; tally: Tally }> {
  const { bus, codec, names } = await connectLog(loadConfig(), 'swarmgate-publish', 'publish');
  const tally = newTally();
  for (let start = 0; start < events.length; start += chunk) {
    const records: OutgoingRecord[] = [];
    for (const { body, ids } of events.slice(start, start + chunk)) {
      const { envelope, record } = await ingestRecord(codec, names.ingress, body, Date.now(), undefined, ids);
      records.push(record);
      count(tally, body.type, envelope.correlationId);
    }
    // While the cluster is failing (no leader, brokers down) wait for it, as long as it takes:
    // a chunk written twice repeats its event ids, and the gate decides each id once.
    await retrying(() => bus.send(records), {
      onRetry: (error, attempt, delayMs) =>
        console.error(
          JSON.stringify({
            event: 'publish.retry',
            attempt,
            delayMs,
            reason: error instanceof Error ? error.message : String(error),
          }),
        ),
    });
  }
  await bus.close();
  return { topic: names.ingress, tally };
}

export function publishCommand(program: Command): void {
  program
    .command('publish')
    .description('seal each line of an NDJSON file into an envelope and produce it to sg.ingress')
    .argument('<file>', 'NDJSON, one event a line; - reads standard input')
    .addHelpText(
      'after',
      [
        '',
        'Each line: { "type", "correlationId"?, "source", "actor": { userId, roles, tenantId, region },',
        '             "consent"?, "classification"?, "payload" }',
        `type is ${STARTERS.join(' or ')}; instants are ISO 8601 or epoch ms.`,
        'Each line\'s event id is its "id", or one derived from its line number and text: publishing the same',
        'file again (after a partial failure) repeats the ids, and the gate denies the repeats as duplicates.',
        'Retriable Kafka failures (no leader, brokers down) are retried with backoff until the cluster is back.',
        '',
        'Example:',
        `  echo '{"type":"banking.TransactionPosted","source":"core-banking","actor":{"userId":"svc-core-ledger","roles":["system"],"tenantId":"retail-eu","region":"EU"},"payload":{"transactionId":"t-1","accountId":"ACC-1","amountMinor":950000,"currency":"EUR","direction":"CREDIT","channel":"CASH","postedAt":"2026-01-15T09:00:00Z"}}' | swarmgate publish -`,
      ].join('\n'),
    )
    .addOption(tokenOption('beside a running swarmgate up: a bearer token with role ingest'))
    .action(async (file: string, options: { token?: string }) => {
      const config = loadConfig();
      const { events, problems } = readEvents(readFileSync(file === '-' ? 0 : file, 'utf8'));
      if (problems.length > 0) {
        const more = problems.length > maxReported ? [`... and ${problems.length - maxReported} more`] : [];
        throw new ConfigError(
          [
            `${file}: ${problems.length} bad line(s), nothing published`,
            ...problems.slice(0, maxReported),
            ...more,
          ].join('\n'),
        );
      }
      const swarm = runningSwarm(config);
      if (swarm) {
        const tally = await publishThroughApi(swarmClient(swarm, options.token, 'ingest'), events);
        return printDone(
          topicNames(config.SWARMGATE_TOPIC_PREFIX).ingress,
          events.length,
          tally,
          swarm.url.href,
        );
      }
      const { topic, tally } = await publishToLog(events);
      printDone(topic, events.length, tally);
    });
}
