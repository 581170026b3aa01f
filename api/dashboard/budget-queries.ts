// Spend against budgets, for the overview: the workflows active in the window, their spend
// (median, 95th percentile, most) and, for each budget a workflow may be held to, how many are
// near it (80 % or more) and how many have reached it. The budgets are the gate's budget policy
// (per workflow, by proposed type) and the agents' own per-workflow ceiling, as the API was
// given them; spend is the projected total cost of each workflow. The window is an index range
// (workflows_by_activity).
import { inSchema, type Db } from '../../projector/index.ts';
import { asNumber } from '../../projector/store/values.ts';

/** A per-workflow budget and what it applies to. */
export interface BudgetRule {
  /** An event-type glob of the gate's budget policy, `*` for its default, or `agent runtime`. */
  readonly appliesTo: string;
  readonly budgetMicros: number;
}

export interface BudgetUse extends BudgetRule {
  /** Workflows active in the window at 80 % of this budget or more, and at or above it. */
  readonly near: number;
  readonly reached: number;
}

export interface SpendAgainstBudgets {
  readonly workflows: number;
  readonly p50Micros: number;
  readonly p95Micros: number;
  readonly maxMicros: number;
  readonly budgets: readonly BudgetUse[];
}

const SPEND_SQL = `
SELECT count(*) AS n,
       coalesce(percentile_disc(0.5) WITHIN GROUP (ORDER BY total_cost_micros), 0) AS p50,
       coalesce(percentile_disc(0.95) WITHIN GROUP (ORDER BY total_cost_micros), 0) AS p95,
       coalesce(max(total_cost_micros), 0) AS most
  FROM workflows
 WHERE last_seen_at > $1::timestamptz - make_interval(mins => $2)
   AND last_seen_at < $1::timestamptz + interval '1 minute'`;

// One row per distinct budget; 5·spent ≥ 4·budget is "80 % or more" in integers.
const USE_SQL = `
SELECT b.micros,
       count(w.total_cost_micros) FILTER (WHERE w.total_cost_micros * 5 >= b.micros * 4) AS near,
       count(w.total_cost_micros) FILTER (WHERE w.total_cost_micros >= b.micros) AS reached
  FROM unnest($3::bigint[]) AS b(micros)
  LEFT JOIN workflows w
    ON w.last_seen_at > $1::timestamptz - make_interval(mins => $2)
   AND w.last_seen_at < $1::timestamptz + interval '1 minute'
 GROUP BY b.micros`;

/** Spend of the workflows active in the `minutes` up to `upTo`, against each budget rule. */
export function spendAgainstBudgets(
  db: Db,
  schema: string,
  window: { readonly upTo: string; readonly minutes: number },
  rules: readonly BudgetRule[],
): Promise<SpendAgainstBudgets> {
  const { upTo, minutes } = window;
  return inSchema(db, schema, async (tx) => {
    const spend = (await tx.query(SPEND_SQL, [upTo, minutes])).rows[0] ?? {};
    const distinct = [...new Set(rules.map((rule) => rule.budgetMicros))];
    const use = new Map<number, { near: number; reached: number }>();
    for (const row of (await tx.query(USE_SQL, [upTo, minutes, distinct])).rows)
      use.set(asNumber(row.micros), { near: asNumber(row.near), reached: asNumber(row.reached) });
    return {
      workflows: asNumber(spend.n ?? 0),
      p50Micros: asNumber(spend.p50 ?? 0),
      p95Micros: asNumber(spend.p95 ?? 0),
      maxMicros: asNumber(spend.most ?? 0),
      budgets: rules.map((rule) => ({ ...rule, ...(use.get(rule.budgetMicros) ?? { near: 0, reached: 0 }) })),
    };
  });
}
