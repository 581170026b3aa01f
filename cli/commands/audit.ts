import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { exportCaseFile } from '../../projector/queries/case-file.ts';
import { loadVerifyingKey } from '../../projector/signing-key.ts';
import { verifyAuditTrail, type TrailVerification } from '../../projector/verify-trail.ts';
import { connectKafka } from '../connect.ts';
import { openProjectorStore, projectorConfig, reportingErrors, UsageError } from './projector.ts';

const SHOWN_FAILURES = 10;
const count = (n: number) => n.toLocaleString('en-US');

function printVerification(report: TrailVerification): void {
  const records = report.recordsChecked ? 'each row against its Kafka record' : 'Kafka records not compared';
  const scope = `${count(report.rows)} rows, ${count(report.checkpoints)} stored and ${count(report.published)} published checkpoints, ${records}`;
  for (const [topic, reason] of Object.entries(report.unreadableTopics)) {
    console.log(`topic ${topic} could not be read: ${reason}`);
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

/** Buffers as base64, not as {type:'Buffer',data:[…]}; the canonical JSON in each entry stays the proof. */
const caseFileJson = (value: unknown) =>
  JSON.stringify(
    value,
    (_key, field: unknown) => {
      const buffer = field as { type?: unknown; data?: unknown } | null;
      return buffer?.type === 'Buffer' && Array.isArray(buffer.data)
        ? Buffer.from(buffer.data as number[]).toString('base64')
        : field;
    },
    2,
  );

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
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      '\nExit code: 0 intact, 1 tampered or missing, 2 error.\nExample:\n  swarmgate audit verify --public-key auditor/audit-ed25519.pub.pem',
    )
    .action(async (flags: { publicKey?: string; skipRecords?: boolean; json?: boolean }) => {
      let ok = false;
      const ran = await reportingErrors(async () => {
        const config = projectorConfig();
        const publicKey = loadVerifyingKey({
          pem: config.projector.SWARMGATE_AUDIT_KEY,
          keyDir: config.projector.SWARMGATE_KEY_DIR,
          publicKeyFile: flags.publicKey,
        });
        const { db, schema } = await openProjectorStore(config);
        try {
          const { bus, codec, names } = await connectKafka(config, 'swarmgate-audit');
          try {
            const report = await verifyAuditTrail({
              db,
              schema,
              bus,
              codec,
              names,
              publicKey,
              skipRecords: flags.skipRecords,
            });
            if (flags.json) console.log(JSON.stringify(report));
            else printVerification(report);
            ok = report.ok;
          } finally {
            await bus.close();
          }
        } finally {
          await db.close();
        }
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
    .addHelpText('after', '\nExample:\n  swarmgate audit export wf-42 --out case-wf-42.json')
    .action(async (workflow: string, flags: { out?: string }) => {
      await reportingErrors(async () => {
        const config = projectorConfig();
        const { db, schema } = await openProjectorStore(config);
        try {
          const caseFile = await exportCaseFile(db, schema, workflow);
          if (caseFile.entries.length === 0)
            throw new UsageError(`no decisions of workflow ${workflow} in the audit log`);
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
        } finally {
          await db.close();
        }
      });
    });
}
