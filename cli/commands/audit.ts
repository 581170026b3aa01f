import type { KeyObject } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { caseFileJson, exportCaseFile, type CaseFile } from '../../projector/queries/case-file.ts';
import { loadVerifyingKey } from '../../projector/signing-key.ts';
import { verifyAudit } from '../../projector/audit/verify.ts';
import type { Db } from '../../projector/store/db.ts';
import { verifyAuditTrail, type TrailVerification } from '../../projector/verify-trail.ts';
import { ApiRefusal, type ApiClient } from '../api-client.ts';
import { connectKafka } from '../connect.ts';
import { reachedApi, stoppedSwarmLog, withDataDir } from '../embedded.ts';
import { apiOption, dataDirOption, tokenOption, type SwarmReach } from '../options.ts';
import { CASE_FILE_ROUTE, VERIFY_ROUTE } from '../up/operations.ts';
import {
  openProjectorStore,
  projectorConfig,
  reportingErrors,
  UsageError,
  type ProjectorConfig,
} from './projector.ts';

const SHOWN_FAILURES = 10;
const count = (n: number) => n.toLocaleString('en-US');

function printVerification(report: TrailVerification, offline: boolean): void {
  const records = report.recordsChecked ? 'each row against its Kafka record' : 'Kafka records not compared';
  const scope = offline
    ? `${count(report.rows)} rows, ${count(report.checkpoints)} signed checkpoints in the database, Kafka not consulted`
    : `${count(report.rows)} rows, ${count(report.checkpoints)} stored and ${count(report.published)} published checkpoints, ${records}`;
  for (const [topic, reason] of Object.entries(report.unreadableTopics)) {
    console.log(`topic ${topic} could not be read: ${reason}`);
  }
  if (report.ok && report.unpublished > 0) {
    // The chain holds, but the newest signed heads are pinned only in the database so far.
    console.log(
      `audit ok for the database and the published checkpoints; ${count(report.unpublished)} of ${count(report.checkpoints)} signed checkpoints are not yet published to Kafka (the projector retries): rows after the last published one are pinned only by the database: ${scope}`,
    );
    return;
  }
  if (report.ok) {
    console.log(`audit ok: ${scope}`);
    return;
  }
  const first = report.firstFailure!;
  console.log(`audit FAILED: ${scope}`);
  // A decision with no row is in no chain: it has no seq to name.
  const where = (failure: TrailVerification['failures'][number]) =>
    failure.seq > 0 ? `seq ${failure.seq}` : 'no row';
  console.log(
    `first tampered row: ${where(first)}${first.decisionId ? ` (decision ${first.decisionId})` : ''}: ${first.kind}: ${first.reason}`,
  );
  for (const failure of report.failures.slice(1, SHOWN_FAILURES)) {
    console.log(
      `  then ${where(failure)}${failure.decisionId ? ` (${failure.decisionId})` : ''}: ${failure.kind}: ${failure.reason}`,
    );
  }
  const more = report.failures.length - SHOWN_FAILURES;
  if (more > 0) console.log(`  … and ${count(more)} more`);
}

interface VerifyFlags extends SwarmReach {
  readonly publicKey?: string;
  readonly skipRecords?: boolean;
  readonly offline?: boolean;
  readonly checkpointEvery?: number;
  readonly json?: boolean;
}

interface Verification {
  readonly db: Db;
  readonly schema: string;
  readonly publicKey: KeyObject;
  readonly checkpointEvery: number;
}

async function verifyOffline(verification: Verification): Promise<TrailVerification> {
  const { db, schema, ...options } = verification;
  const report = await verifyAudit(db, schema, options);
  return { ...report, published: 0, unpublished: 0, recordsChecked: false, unreadableTopics: {} };
}

/** Against Kafka, or the log of a stopped embedded swarm. */
async function verifyWithLog(
  config: ProjectorConfig,
  verification: Verification & { readonly skipRecords?: boolean },
  dataDir: string | undefined,
): Promise<TrailVerification> {
  const { bus, codec, names } =
    (await stoppedSwarmLog(config, dataDir)) ?? (await connectKafka(config, 'swarmgate-audit'));
  try {
    return await verifyAuditTrail({ ...verification, bus, codec, names });
  } finally {
    await bus.close();
  }
}

function checkpointInterval(flags: VerifyFlags, config: ProjectorConfig): number {
  const checkpointEvery = flags.checkpointEvery ?? config.projector.SWARMGATE_CHECKPOINT_EVERY;
  if (!Number.isSafeInteger(checkpointEvery) || checkpointEvery < 1)
    throw new UsageError('--checkpoint-every: a whole number of rows, at least 1');
  return checkpointEvery;
}

/** The projector's database (and Kafka or the stopped swarm's log), opened by this command. */
async function verifyHere(flags: VerifyFlags): Promise<TrailVerification> {
  const config = projectorConfig(withDataDir(flags.dataDir));
  const publicKey = loadVerifyingKey({
    pem: config.projector.SWARMGATE_AUDIT_KEY,
    keyDir: config.projector.SWARMGATE_KEY_DIR,
    publicKeyFile: flags.publicKey,
  });
  const checkpointEvery = checkpointInterval(flags, config);
  const { db, schema } = await openProjectorStore(config);
  try {
    const verification = { db, schema, publicKey, checkpointEvery };
    return flags.offline
      ? await verifyOffline(verification)
      : await verifyWithLog(config, { ...verification, skipRecords: flags.skipRecords }, flags.dataDir);
  } finally {
    await db.close();
  }
}

/** In the running swarm, with the public key named here (else the installation's own). */
async function verifyThroughApi(client: ApiClient, flags: VerifyFlags): Promise<TrailVerification> {
  const config = projectorConfig();
  const body = {
    offline: Boolean(flags.offline),
    skipRecords: Boolean(flags.skipRecords),
    checkpointEvery: checkpointInterval(flags, config),
    publicKeyPem: flags.publicKey === undefined ? undefined : await readFile(flags.publicKey, 'utf8'),
  };
  return (await client.post(VERIFY_ROUTE, body)) as TrailVerification;
}

/** The case file from the running swarm, or from the projector's database. */
async function caseFileOf(workflow: string, flags: SwarmReach): Promise<CaseFile> {
  const client = reachedApi(flags, 'operate');
  if (client)
    return (await client
      .get(`${CASE_FILE_ROUTE.slice(1)}?workflow=${encodeURIComponent(workflow)}`)
      .catch((error: unknown) => {
        if (error instanceof ApiRefusal && error.status === 404) throw new UsageError(error.message);
        throw error;
      })) as CaseFile;
  const { db, schema } = await openProjectorStore(projectorConfig(withDataDir(flags.dataDir)));
  try {
    const caseFile = await exportCaseFile(db, schema, workflow);
    if (caseFile.entries.length === 0)
      throw new UsageError(`no decisions of workflow ${workflow} in the audit log`);
    return caseFile;
  } finally {
    await db.close();
  }
}

export function auditCommand(program: Command): void {
  const audit = program
    .command('audit')
    .description('prove the audit log was not altered; export case files');

  audit
    .command('verify')
    .description('walk the hash chain, check checkpoint signatures, compare every row with its Kafka record')
    .option(
      '--public-key <file>',
      'Ed25519 public key (PEM) of the checkpoints (default: SWARMGATE_AUDIT_KEY or SWARMGATE_KEY_DIR)',
    )
    .option(
      '--skip-records',
      'do not read the Kafka record of each row (faster; the chain and checkpoints are still checked)',
    )
    .option(
      '--offline',
      'the database alone: the chain and its signed checkpoints, no Kafka (a re-hashed chain still fails)',
    )
    .option(
      '--checkpoint-every <n>',
      'the signing interval the chain is held to (default SWARMGATE_CHECKPOINT_EVERY)',
      (value) => Number.parseInt(value, 10),
    )
    .option('--json', 'print the report as JSON')
    .addOption(dataDirOption())
    .addOption(apiOption())
    .addOption(tokenOption())
    .addHelpText(
      'after',
      `
On the embedded swarm: its data directory once \`swarmgate up\` has stopped; while it runs, its
API (a token of role operate), which verifies with --public-key when given.
Exit code: 0 intact, 1 tampered or missing, 2 error.
Example:
  swarmgate audit verify --public-key auditor/audit-ed25519.pub.pem
  swarmgate audit verify --offline`,
    )
    .action(async (flags: VerifyFlags) => {
      let ok = false;
      const ran = await reportingErrors(async () => {
        const client = reachedApi(flags, 'operate');
        const report = client ? await verifyThroughApi(client, flags) : await verifyHere(flags);
        if (flags.json) console.log(JSON.stringify(report));
        else printVerification(report, Boolean(flags.offline));
        ok = report.ok;
      });
      if (ran) process.exitCode = ok ? 0 : 1;
    });

  audit
    .command('export')
    .description(
      'a case file: every decision of the workflow with its audit rows and proofs to a signed checkpoint',
    )
    .argument('<workflow>', 'the workflow (correlation) id')
    .option('--out <file>', 'write to this file instead of stdout')
    .addOption(dataDirOption())
    .addOption(apiOption())
    .addOption(tokenOption())
    .addHelpText('after', '\nExample:\n  swarmgate audit export wf-42 --out case-wf-42.json')
    .action(async (workflow: string, flags: SwarmReach & { out?: string }) => {
      await reportingErrors(async () => {
        const caseFile = await caseFileOf(workflow, flags);
        const json = caseFileJson(caseFile);
        if (!flags.out) {
          console.log(json);
          return;
        }
        await writeFile(flags.out, `${json}\n`);
        const proven = caseFile.entries.filter((entry) => entry.checkpointSeq !== null).length;
        console.error(
          `wrote ${flags.out}: ${caseFile.entries.length} decisions of ${workflow}, ${proven} proven to a signed checkpoint`,
        );
      });
    });
}
