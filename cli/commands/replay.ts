import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { quoteSchema } from '../../projector/store/schema-scope.ts';
import type { Divergence } from '../../projector/divergence.ts';
import { defaultShadowSchema, replayAndCompare, type ReplayReport } from '../../projector/replay.ts';
import { describeStart, parseReplayStart } from '../../projector/replay-start.ts';
import { connectKafka } from '../connect.ts';
import { openProjectorStore, projectorConfig, reportingErrors, UsageError } from './projector.ts';

interface ReplayFlags {
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
    .addHelpText(
      'after',
      `
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
        const config = projectorConfig();
        const { db, schema: liveSchema } = await openProjectorStore(config);
        const { bus, codec, names } = await connectKafka(config, 'swarmgate-replay').catch(
          async (error: unknown) => {
            await db.close();
            throw error;
          },
        );
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
          if (flags.workflow !== undefined && report.applied === 0 && report.comparison.identical) {
            await db.exec(`DROP SCHEMA ${quoteSchema(shadowSchema)} CASCADE`);
            throw new UsageError(
              `workflow ${flags.workflow} has no decisions in ${names.decisions} from ${describeStart(from)} nor in live state`,
            );
          }
          if (flags.json) console.log(JSON.stringify(report));
          else
            printReport(
              report,
              names.decisions,
              describeStart(from),
              'offset' in from && from.offset === '0',
            );
          if (flags.drop) await db.exec(`DROP SCHEMA ${quoteSchema(shadowSchema)} CASCADE`);
          else if (!flags.json)
            console.log(`shadow kept: ${shadowSchema} (drop with: DROP SCHEMA ${shadowSchema} CASCADE)`);
          identical = report.comparison.identical;
        } finally {
          bar.stop();
          await bus.close();
          await db.close();
        }
      });
      if (ran) process.exitCode = identical ? 0 : 1;
    });
}
