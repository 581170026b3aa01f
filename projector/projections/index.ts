import { activityProjection } from './activity.ts';
import { agentStatsProjection } from './agent-stats.ts';
import { incidentsProjection } from './incidents.ts';
import { policyVerdictsProjection } from './policy-verdicts.ts';
import { runnable, type RunnableProjection } from './projection.ts';
import { workflowsProjection } from './workflows.ts';

export {
  ACTIVITY_SERIES,
  activityOf,
  activityProjection,
  minuteOf,
  type ActivityCount,
  type ActivitySeries,
} from './activity.ts';
export { agentStatsProjection, agentDeltas } from './agent-stats.ts';
export { incidentsProjection } from './incidents.ts';
export { policyVerdictsProjection } from './policy-verdicts.ts';
export { LATENCY_BOUNDS_MS, OVERFLOW_BUCKET, latencyBucket, latencyMs } from './latency-buckets.ts';
export type { Projection, RunnableProjection, SqlStatement } from './projection.ts';
export { evolveWorkflow, type WorkflowState } from './workflow-state.ts';
export {
  nextProgress,
  WORKFLOW_STATUSES,
  type PayloadFacts,
  type WorkflowProgress,
  type WorkflowStatus,
} from './workflow-status.ts';
export { workflowsProjection } from './workflows.ts';

/** Every projection, applied in this order to each decision. */
export const projections: readonly RunnableProjection[] = [
  runnable(workflowsProjection),
  runnable(agentStatsProjection),
  runnable(incidentsProjection),
  runnable(policyVerdictsProjection),
  runnable(activityProjection),
];
