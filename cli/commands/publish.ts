import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { eventBody, type EventBody } from '../../api/ingest/event-body.ts';
import { ingestRecord } from '../../api/ingest/seal.ts';
import type { OutgoingRecord } from '../../bus/port.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { connectKafka } from '../connect.ts';

/** Records per producer request; the idempotent producer keeps their order per workflow. */
const chunk = 500;
const maxReported = 20;

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

/** Every event of the file, or every problem: nothing is published from a file with a bad line. */
export function readEvents(text: string): { events: EventBody[]; problems: string[] } {
  const events: EventBody[] = [];
  const problems: string[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    const body = bodyOf(line, index + 1);
    if (typeof body === 'string') problems.push(body);
    else events.push(body);
  }
  return { events, problems };
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
        'type is banking.TransactionPosted or banking.CustomerRequestReceived; instants are ISO 8601 or epoch ms.',
        '',
        'Example:',
        `  echo '{"type":"banking.TransactionPosted","source":"core-banking","actor":{"userId":"svc-core-ledger","roles":["system"],"tenantId":"retail-eu","region":"EU"},"payload":{"transactionId":"t-1","accountId":"ACC-1","amountMinor":950000,"currency":"EUR","direction":"CREDIT","channel":"CASH","postedAt":"2026-01-15T09:00:00Z"}}' | swarmgate publish -`,
      ].join('\n'),
    )
    .action(async (file: string) => {
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
      const { bus, codec, names } = await connectKafka(config, 'swarmgate-publish');
      const byType: Record<string, number> = {};
      const workflows = new Set<string>();
      for (let start = 0; start < events.length; start += chunk) {
        const records: OutgoingRecord[] = [];
        for (const body of events.slice(start, start + chunk)) {
          const { envelope, record } = await ingestRecord(codec, names.ingress, body, Date.now());
          records.push(record);
          byType[body.type] = (byType[body.type] ?? 0) + 1;
          workflows.add(envelope.correlationId);
        }
        await bus.send(records);
      }
      console.log(
        JSON.stringify({
          event: 'publish.done',
          topic: names.ingress,
          published: events.length,
          workflows: workflows.size,
          byType,
        }),
      );
      await bus.close();
    });
}
