import type { Command } from 'commander';
import type { WorkflowState } from '../../projector/projections/workflow-state.ts';
import { getWorkflow, workflowHistory, type WorkflowSnapshot } from '../../projector/queries/workflows.ts';
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

export function statusCommand(program: Command): void {
  program
    .command('status')
    .description('where a workflow is: status, step, cost, participants and its last snapshot')
    .argument('<workflow>', 'the workflow (correlation) id')
    .option('--json', 'print { workflow, lastSnapshot } as JSON')
    .addHelpText('after', '\nExample:\n  swarmgate status wf-42 --json')
    .action(async (id: string, flags: { json?: boolean }) => {
      await reportingErrors(async () => {
        const config = projectorConfig();
        const { db, schema } = await openProjectorStore(config);
        try {
          const workflow = await getWorkflow(db, schema, id);
          if (!workflow) throw new UsageError(`no workflow ${id} in schema ${schema}`);
          const lastSnapshot = (await workflowHistory(db, schema, id)).at(-1);
          if (flags.json) console.log(JSON.stringify({ workflow, lastSnapshot: lastSnapshot ?? null }));
          else printStatus(workflow, lastSnapshot);
        } finally {
          await db.close();
        }
      });
    });
}
