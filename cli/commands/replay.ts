import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { quoteSchema } from '../../projector/store/schema-scope.ts';
import type { Divergence } from '../../projector/divergence.ts';
import { defaultShadowSchema, replayAndCompare, type ReplayReport } from '../../projector/replay.ts';
import { describeStart, parseReplayStart } from '../../projector/replay-start.ts';
import type { Bus, ReplayStart } from '../../bus/port.ts';
import { ApiRefusal, type ApiClient } from '../api-client.ts';
import { connectKafka, type Connected } from '../connect.ts';
import { reachedApi, stoppedSwarmLog, withDataDir } from '../embedded.ts';
import { apiOption, dataDirOption, tokenOption, type SwarmReach } from '../options.ts';
import { REPLAY_ROUTE } from '../up/operations.ts';
import {
  openProjectorStore,
  projectorConfig,
  reportingErrors,
  UsageError,
  type ProjectorConfig,
} from './projector.ts';

interface ReplayFlags extends SwarmReach {
  readonly from: string;
  readonly workflow?: string;
  readonly schema?: string;
  readonly drop?: boolean;
  readonly json?: boolean;
}

const cell = (value: unknown) => (value === undefined ? '(missing)' : JSON.stringify(value));

/** The columns that differ, side by side; a missing row shows as a whole. */
function divergenceTable({ live, shadow }: Divergence): string[] {
  if (!live || !shadow) {
    const [present, side] = live ? [live, 'shadow'] : [shadow, 'live'];
    return [`  the row is missing in ${side}; the other side has:`, `  ${JSON.stringify(present)}`];
  }
  const columns = [...new Set([...Object.keys(live), ...Object.keys(shadow)])].filter(
    (column) => JSON.stringify(live[column]) !== JSON.stringify(shadow[column]),
  );
  const width = Math.max(6, ...columns.map((column) => column.length));
  return [
    `  ${'column'.padEnd(width)}  live → shadow`,
    ...columns.map((column) => `  ${column.padEnd(width)}  ${cell(live[column])} → ${cell(shadow[column])}`),
  ];
}

function printReport(report: ReplayReport, topic: string, from: string, startedAtBeginning: boolean): void {
  const seconds = report.elapsedMs / 1000;
  console.log(
    `replayed ${report.read.toLocaleString('en-US')} records of ${topic} from ${from} into ${report.shadowSchema} ` +
      `in ${seconds.toFixed(1)} s (${Math.round(report.read / Math.max(seconds, 0.001)).toLocaleString('en-US')}/s); ` +
      `${report.applied.toLocaleString('en-US')} decisions applied${report.undecodable ? `, ${report.undecodable} undecodable` : ''}`,
  );
  const scope = report.scope === 'all' ? 'state hash' : `workflow ${report.scope.workflow}`;
  const { comparison } = report;
  if (comparison.identical) {
    console.log(`identical: ${scope} ${comparison.live} (live) = ${comparison.shadow} (shadow)`);
    return;
  }
  const { table, key } = comparison.divergence;
  const keyText = Object.entries(key)
    .map(([column, value]) => `${column}=${String(value)}`)
    .join(', ');
  console.log(`DIVERGENT: ${scope} ${comparison.live} (live) ≠ ${comparison.shadow} (shadow)`);
  console.log(`first divergence: table ${table}, key ${keyText}`);
  for (const line of divergenceTable(comparison.divergence)) console.log(line);
  if (report.scope === 'all' && !startedAtBeginning) {
    console.log('note: the replay did not start at offset 0, so decisions before it are in live state only');
  }
}

function progressBar(enabled: boolean) {
  if (!enabled) return { update: () => {}, stop: () => {} };
  const bar = new SingleBar(
    {
      format: 'replay |{bar}| {percentage}% | {value}/{total} records | eta {eta_formatted}',
      etaBuffer: 200,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(read: number, total: number) {
      if (!started) bar.start(total, 0);
      started = true;
      bar.setTotal(total);
      bar.update(read);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

interface Replayed {
  readonly topic: string;
  readonly from: string;
  readonly fromStart: boolean;
  readonly report: ReplayReport;
}

/** In the running swarm, which holds the log and the database. */
async function replayThroughApi(client: ApiClient, flags: ReplayFlags, schema: string): Promise<Replayed> {
  const body = { from: flags.from, workflow: flags.workflow, schema, drop: Boolean(flags.drop) };
  return (await client.post(REPLAY_ROUTE, body).catch((error: unknown) => {
    if (error instanceof ApiRefusal && error.status === 404) throw new UsageError(error.message);
    throw error;
  })) as Replayed;
}

/** Kafka, or the log of a stopped embedded swarm, beside the projector's database. */
async function connectLog(config: ProjectorConfig, dataDir: string | undefined): Promise<Connected<Bus>> {
  return (await stoppedSwarmLog(config, dataDir)) ?? connectKafka(config, 'swarmgate-replay');
}

async function replayHere(flags: ReplayFlags, from: ReplayStart, shadowSchema: string): Promise<Replayed> {
  const config = projectorConfig(withDataDir(flags.dataDir));
  const { db, schema: liveSchema } = await openProjectorStore(config);
  const { bus, codec, names } = await connectLog(config, flags.dataDir).catch(async (error: unknown) => {
    await db.close();
    throw error;
  });
  const bar = progressBar(!flags.json && Boolean(process.stderr.isTTY));
  try {
    const report = await replayAndCompare({
      bus,
      codec,
      db,
      liveSchema,
      shadowSchema,
      from,
      topic: names.decisions,
      workflow: flags.workflow,
      onProgress: ({ read, total }) => bar.update(read, total),
    });
    bar.stop();
    const dropShadow = () => db.exec(`DROP SCHEMA ${quoteSchema(shadowSchema)} CASCADE`);
    if (flags.workflow !== undefined && report.applied === 0 && report.comparison.identical) {
      await dropShadow();
      throw new UsageError(
        `workflow ${flags.workflow} has no decisions in ${names.decisions} from ${describeStart(from)} nor in live state`,
      );
    }
    if (flags.drop) await dropShadow();
    const fromStart = 'offset' in from && from.offset === '0';
    return { topic: names.decisions, from: describeStart(from), fromStart, report };
  } finally {
    bar.stop();
    await bus.close();
    await db.close();
  }
}

export function replayCommand(program: Command): void {
  program
    .command('replay')
    .description(
      'rebuild projections from sg.decisions into a shadow schema and compare them with live state',
    )
    .requiredOption('--from <start>', 'an offset on every partition, an ISO 8601 time, or "earliest"')
    .option('--workflow <id>', 'replay and compare only this workflow')
    .option('--schema <shadow>', 'shadow schema to build (default swarmgate_shadow_<timestamp>)')
    .option('--drop', 'drop the shadow schema after comparing')
    .option('--json', 'print the report as JSON')
    .addOption(dataDirOption())
    .addOption(apiOption())
    .addOption(tokenOption())
    .addHelpText(
      'after',
      `
On Kafka: KAFKA_BROKERS, SCHEMA_REGISTRY_URL and DATABASE_URL. On the embedded swarm: its data
directory once \`swarmgate up\` has stopped; while it runs, its API (a token of role operate).
Exit code: 0 identical, 1 divergent, 2 error.
Examples:
  swarmgate replay --from earliest
  swarmgate replay --from 2025-01-15T09:00:00Z --workflow wf-42 --schema case_4711`,
    )
    .action(async (flags: ReplayFlags) => {
      let identical = false;
      const ran = await reportingErrors(async () => {
        const from = parseReplayStart(flags.from);
        const shadowSchema = flags.schema ?? defaultShadowSchema();
        try {
          quoteSchema(shadowSchema);
        } catch {
          throw new UsageError(
            `--schema must be a lower-case PostgreSQL name (a-z, 0-9, _), got ${JSON.stringify(shadowSchema)}`,
          );
        }
        const client = reachedApi(flags, 'operate');
        const replayed = client
          ? await replayThroughApi(client, flags, shadowSchema)
          : await replayHere(flags, from, shadowSchema);
        if (flags.json) console.log(JSON.stringify(replayed.report));
        else printReport(replayed.report, replayed.topic, replayed.from, replayed.fromStart);
        if (!flags.drop && !flags.json)
          console.log(`shadow kept: ${shadowSchema} (drop with: DROP SCHEMA ${shadowSchema} CASCADE)`);
        identical = replayed.report.comparison.identical;
      });
      if (ran) process.exitCode = identical ? 0 : 1;
    });
}
