import { randomUUID } from 'node:crypto';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { readyTokens } from '../local-tokens.ts';
import { stopOnSignals } from '../connect.ts';
import { sampleRecords, samplePath } from '../up/sample.ts';
import { startSwarm, type Swarm } from '../up/swarm.ts';
import { Tally } from '../up/tally.ts';

async function workflowStatuses(swarm: Swarm): Promise<Map<string, number>> {
  const { rows } = await swarm.db.query(
    `SELECT status, count(*)::int AS n FROM "${swarm.schema}".workflows GROUP BY status`,
  );
  return new Map(rows.map((row) => [String(row.status), Number(row.n)]));
}

/** Counts every decision as it commits; resolves `done` once `expected` upstream events are decided. */
function follow(swarm: Swarm, tally: Tally, expected: number, bar: SingleBar) {
  let done: () => void = () => {};
  const decided = new Promise<void>((resolve) => (done = resolve));
  const subscription = swarm.bus.consume({
    groupId: `swarmgate-up-${randomUUID()}`,
    topics: [swarm.names.decisions],
    commit: 'after-handle',
    handle: async (batch) => {
      for (const record of batch.records)
        tally.add(await swarm.codec.decodeAs('swarmgate.v1.Decision', record.value), swarm.names.ingress);
      bar.update(Math.min(tally.upstreamDecided, expected), { answers: tally.answered.size });
      if (tally.upstreamDecided >= expected) done();
    },
  });
  return { decided, stop: () => subscription.stop() };
}

async function audited(swarm: Swarm): Promise<number> {
  const { rows } = await swarm.db.query(`SELECT count(*)::int AS n FROM "${swarm.schema}".audit_log`);
  return Number(rows[0]?.n ?? 0);
}

/**
 * Waits, up to a minute, for the workflows to settle: every delivered customer request answered
 * (answers come at the latest at the responder's deadline) and the projector caught up.
 */
async function settle(swarm: Swarm, tally: Tally): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    const answeredAll = tally.answered.size >= tally.requestsDelivered;
    if (answeredAll && (await audited(swarm)) >= tally.decisions) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * How a reviewer decides an escalation with `token`. On Kafka, `swarmgate decide` (it follows the
 * outcome on Kafka, with this shell's settings); the embedded log lives in this process, so there
 * the API's decision route itself.
 */
function decideHelp(swarm: Swarm, token: string): string {
  if (swarm.mode === 'kafka')
    return `Decide an escalation: SWARMGATE_TOKEN=${token} swarmgate decide <workflow> approve --api ${swarm.url}`;
  return `Decide an escalation: curl -X POST -H "Authorization: Bearer ${token}" -H 'content-type: application/json' -d '{"decision":"approve"}' ${swarm.url}/workflows/<workflow>/decision`;
}

/** How to call the API: ready tokens from the local key, or a word about the configured IdP. */
async function accessHelp(swarm: Swarm): Promise<string> {
  if (!swarm.tokenAuthority)
    return [
      'The API takes bearer tokens from the identity provider set in SWARMGATE_AUTH_*.',
      decideHelp(swarm, "<a reviewer's token>"),
    ].join('\n');
  const tokens = await readyTokens(swarm.tokenAuthority);
  return [
    'API tokens (valid 8h; more with `swarmgate token --sub <who> --roles <roles> --tenants <tenants>`):',
    `  operator  read, operate (all tenants)`,
    `    ${tokens.operator}`,
    `  reviewer  read, review, compliance-reviewer (all tenants)`,
    `    ${tokens.reviewer}`,
    `  ingest    ingest, may publish as system or advisor (all tenants)`,
    `    ${tokens.ingest}`,
    `Dashboard: ${swarm.url}/dashboard#token=${tokens.operator}`,
    `Try: curl -H "Authorization: Bearer $TOKEN" ${swarm.url}/workflows?limit=5`,
    decideHelp(swarm, tokens.reviewer),
  ].join('\n');
}

export function upCommand(program: Command): void {
  program
    .command('up')
    .description(
      'run the whole swarm in one process, feed it the sample banking stream, then keep serving the API',
    )
    .option('--events <file.ndjson>', 'upstream events to publish', samplePath)
    .option('--no-events', 'publish nothing; just run')
    .option('--port <port>', 'HTTP port of the API and dashboard', '8080')
    .addHelpText(
      'after',
      '\nExamples:\n  npm start                                  # embedded: no servers needed\n  KAFKA_BROKERS=127.0.0.1:9092 SCHEMA_REGISTRY_URL=http://127.0.0.1:8081/apis/ccompat/v7 \\\n  DATABASE_URL=postgres://postgres@127.0.0.1:5432/test swarmgate up --port 8080',
    )
    .action(async (options: { events: string | false; port: string }) => {
      const config = loadConfig();
      const swarm = await startSwarm(config, Number(options.port));
      console.log(`swarmgate up (${swarm.mode}) — API on ${swarm.url}`);
      stopOnSignals(() => swarm.stop());
      if (options.events === false) {
        console.log(await accessHelp(swarm));
        return;
      }
      const records = await sampleRecords(swarm.codec, swarm.names.ingress, options.events);
      const tally = new Tally();
      const bar = new SingleBar(
        { format: 'upstream events decided {bar} {value}/{total} | customer answers {answers}' },
        Presets.shades_classic,
      );
      bar.start(records.length, 0, { answers: 0 });
      const followed = follow(swarm, tally, records.length, bar);
      for (let i = 0; i < records.length; i += 100) await swarm.bus.send(records.slice(i, i + 100));
      await followed.decided;
      await settle(swarm, tally);
      bar.stop();
      console.log(`\n${tally.summary(await workflowStatuses(swarm))}\n`);
      console.log(`${await accessHelp(swarm)}\nServing ${swarm.url}. Ctrl-C to stop.`);
    });
}
