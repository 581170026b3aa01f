// The overview: workflows by status, and per minute the throughput, latency, denials by policy,
// fallbacks and incidents, spend and finished workflows; spend against budgets; denials by policy
// in all, consumer lag.
import { drawIfChanged, getJson, guarded } from './api.js';
import { barChart, minuteChart } from './charts.js';
import { byId, count, fillTable, h, money, num, when } from './dom.js';

const STATUSES = ['active', 'escalated', 'completed', 'partial', 'denied', 'failed'];
const OUTCOMES = ['DELIVERED', 'NO_RECIPIENT', 'DENIED'];
const MINUTE_MS = 60_000;

/** Every minute from the first with activity to the window's last, so quiet minutes show as gaps. */
function minutesOf({ upTo, minutes: window, activity, finished }) {
  if (!upTo) return [];
  const last = Date.parse(upTo);
  const seen = [...activity, ...finished].map((row) => Date.parse(row.minute));
  const first = Math.max(last - (window - 1) * MINUTE_MS, Math.min(last, ...seen));
  const out = [];
  for (let t = first; t <= last; t += MINUTE_MS) out.push(new Date(t).toISOString());
  return out;
}

/** One series per label of `rows`, valued by `value` per minute. */
function seriesBy(minutes, rows, value, order) {
  const labels = order ?? [...new Set(rows.map((row) => row.label))].sort();
  const index = new Map(minutes.map((minute, i) => [minute, i]));
  return labels.map((label) => {
    const values = minutes.map(() => 0);
    for (const row of rows)
      if (row.label === label && index.has(row.minute)) values[index.get(row.minute)] += value(row);
    return { name: label, values };
  });
}

function latencySeries(minutes, decided, finished) {
  const index = new Map(minutes.map((minute, i) => [minute, i]));
  const averaged = (rows, weight, total) => {
    const sums = minutes.map(() => [0, 0]);
    for (const row of rows) {
      const at = index.get(row.minute);
      if (at === undefined) continue;
      sums[at][0] += total(row);
      sums[at][1] += weight(row);
    }
    return sums.map(([sum, n]) => (n > 0 ? Math.round(sum / n) : 0));
  };
  return [
    {
      name: 'gate (average)',
      values: averaged(
        decided,
        (r) => r.count,
        (r) => r.total,
      ),
    },
    {
      name: 'end to end (average)',
      values: averaged(
        finished,
        (r) => r.workflows,
        (r) => r.avgLatencyMs * r.workflows,
      ),
    },
  ];
}

function drawOverview(data) {
  drawBudgets(data.spend);
  const minutes = minutesOf(data);
  const of = (series) => data.activity.filter((row) => row.series === series);
  const finished = data.finished.map((row) => ({ ...row, label: row.status }));
  byId('overview-window').textContent = data.upTo
    ? `Activity per minute over the ${data.minutes} minutes up to the latest decision (${when(data.upTo).textContent} UTC).`
    : 'No decisions yet.';
  byId('overview-charts').replaceChildren(
    barChart({
      caption: 'Workflows by status',
      rows: STATUSES.map((name) => ({ name, value: data.statuses[name] ?? 0 })),
    }),
    minuteChart({
      caption: 'Throughput',
      unit: 'decisions per minute',
      minutes,
      series: seriesBy(minutes, of('decided'), (r) => r.count, OUTCOMES),
    }),
    minuteChart({
      caption: 'Latency',
      unit: 'ms',
      minutes,
      series: latencySeries(minutes, of('decided'), data.finished),
      stacked: false,
    }),
    minuteChart({
      caption: 'Finished workflows',
      unit: 'per minute',
      minutes,
      series: seriesBy(minutes, finished, (r) => r.workflows),
    }),
    minuteChart({
      caption: 'Denials by policy over time',
      unit: 'DENY verdicts per minute',
      minutes,
      series: seriesBy(minutes, of('denial'), (r) => r.count),
    }),
    minuteChart({
      caption: 'Fallbacks and incidents',
      unit: 'per minute',
      minutes,
      series: seriesBy(minutes, of('incident'), (r) => r.count),
    }),
    minuteChart({
      caption: 'Spend',
      unit: 'per minute, by sender',
      minutes,
      series: seriesBy(minutes, of('spend'), (r) => r.total),
      format: money,
    }),
  );
}

const denialRow = (row) =>
  h(
    'tr',
    {},
    h('th', { scope: 'row' }, row.policy),
    num(count(row.denied)),
    num(count(row.limited)),
    num(count(row.redacted)),
    num(count(row.workflows)),
    h('td', {}, when(row.lastAt)),
  );

const budgetRow = (rule) =>
  h(
    'tr',
    {},
    h('th', { scope: 'row' }, rule.appliesTo),
    num(money(rule.budgetMicros)),
    num(count(rule.near)),
    num(count(rule.reached)),
  );

/** Each budget a workflow may be held to, with how many of the window's workflows near or reach it. */
function drawBudgets(spend) {
  byId('budgets-summary').textContent = spend
    ? `${count(spend.workflows)} workflows active in the window; spend per workflow: median ${money(spend.p50Micros)}, 95th percentile ${money(spend.p95Micros)}, most ${money(spend.maxMicros)}.`
    : 'No decisions yet.';
  fillTable('budgets', (spend?.budgets ?? []).map(budgetRow), 4, 'No budgets were given to this API.');
}

const lagRow = (group) =>
  h(
    'tr',
    {},
    h('th', { scope: 'row' }, group.consumer),
    num(group.lag === null ? 'unknown' : count(group.lag)),
    h('td', {}, group.error ? `${group.group}: ${group.error}` : group.group),
  );

export async function loadOverview() {
  await Promise.all([
    guarded('the overview', async () =>
      drawIfChanged('overview', await getJson('dashboard/overview?minutes=60'), drawOverview),
    ),
    guarded('denials', async () => {
      const { policies } = await getJson('denials');
      drawIfChanged('denials', policies, (rows) =>
        fillTable('denials', rows.map(denialRow), 6, 'No policy has stopped anything yet.'),
      );
    }),
    guarded('consumer lag', async () => {
      const { groups } = await getJson('dashboard/lag');
      drawIfChanged('lag', groups, (rows) => fillTable('lag', rows.map(lagRow), 3, 'No consumer groups.'));
    }),
  ]);
}
