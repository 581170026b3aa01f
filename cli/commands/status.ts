import type { Command } from 'commander';
import type { WorkflowState } from '../../projector/projections/workflow-state.ts';
import { getWorkflow, workflowHistory, type WorkflowSnapshot } from '../../projector/queries/workflows.ts';
import { ApiRefusal, type ApiClient } from '../api-client.ts';
import { reachedApi, withDataDir } from '../embedded.ts';
import { apiOption, dataDirOption, tokenOption, type SwarmReach } from '../options.ts';
import { openProjectorStore, projectorConfig, reportingErrors, UsageError } from './projector.ts';

const at = ({ topic, partition, offset }: { topic: string; partition: number; offset: string }) =>
  `${topic}/${partition}@${offset}`;

function printStatus(workflow: WorkflowState, last: WorkflowSnapshot | undefined): void {
  const lacking = workflow.missing.length > 0 ? ` (answer lacked ${workflow.missing.join(', ')})` : '';
  const lines: [string, string][] = [
    ['workflow', workflow.correlationId],
    ['status', `${workflow.status}${lacking} · step ${workflow.currentStep}`],
    ['version', `${workflow.version} (${workflow.decisions} decisions, ${workflow.denials} denied)`],
    ['cost', `${workflow.totalCostMicros.toLocaleString('en-US')} micros`],
    ['participants', workflow.participants.join(', ')],
    ['first seen', workflow.firstSeenAt],
    ['last seen', workflow.lastSeenAt],
    ['policy', workflow.policyVersion],
  ];
  if (last) {
    lines.push(
      ['last snapshot', `v${last.version} · decision ${last.decisionId} · decided ${last.decidedAt}`],
      ['', `record ${at(last.coordinates)} · about ${at(last.origin)}`],
    );
    if (last.traceparent) lines.push(['', `traceparent ${last.traceparent}`]);
  }
  for (const [label, value] of lines) console.log(`${label.padEnd(14)}${value}`);
}

interface StatusFlags extends SwarmReach {
  readonly json?: boolean;
}

interface Found {
  readonly workflow: WorkflowState;
  readonly lastSnapshot: WorkflowSnapshot | undefined;
}

/** Through the API: the workflow and the last page of its history. */
async function throughApi(client: ApiClient, id: string): Promise<Found> {
  const path = `workflows/${encodeURIComponent(id)}`;
  const workflow = (await client.get(path).catch((error: unknown) => {
    if (error instanceof ApiRefusal && error.status === 404) throw new UsageError(`no workflow ${id}`);
    throw error;
  })) as WorkflowState;
  let lastSnapshot: WorkflowSnapshot | undefined;
  for (let after: number | null = null; ;) {
    const page = (await client.get(`${path}/history${after === null ? '' : `?after=${after}`}`)) as {
      history: WorkflowSnapshot[];
      next: number | null;
    };
    lastSnapshot = page.history.at(-1) ?? lastSnapshot;
    if (page.next === null) return { workflow, lastSnapshot };
    after = page.next;
  }
}

/** From the projector's database: PostgreSQL, or the PGlite of a stopped embedded swarm. */
async function fromStore(id: string, dataDir: string | undefined): Promise<Found> {
  const config = projectorConfig(withDataDir(dataDir));
  const { db, schema } = await openProjectorStore(config);
  try {
    const workflow = await getWorkflow(db, schema, id);
    if (!workflow) throw new UsageError(`no workflow ${id} in schema ${schema}`);
    return { workflow, lastSnapshot: (await workflowHistory(db, schema, id)).at(-1) };
  } finally {
    await db.close();
  }
}

export function statusCommand(program: Command): void {
  program
    .command('status')
    .description('where a workflow is: status, step, cost, participants and its last snapshot')
    .argument('<workflow>', 'the workflow (correlation) id')
    .option('--json', 'print { workflow, lastSnapshot } as JSON')
    .addOption(dataDirOption())
    .addOption(apiOption())
    .addOption(tokenOption())
    .addHelpText(
      'after',
      `
Reads DATABASE_URL, or the embedded swarm's data directory; while \`swarmgate up\` runs there, its
API (with a token of role read).

Example:
  swarmgate status wf-42 --json`,
    )
    .action(async (id: string, flags: StatusFlags) => {
      await reportingErrors(async () => {
        const client = reachedApi(flags, 'read');
        const { workflow, lastSnapshot } = client
          ? await throughApi(client, id)
          : await fromStore(id, flags.dataDir);
        if (flags.json) console.log(JSON.stringify({ workflow, lastSnapshot: lastSnapshot ?? null }));
        else printStatus(workflow, lastSnapshot);
      });
    });
}
