// The operator's dashboard in a real headless Chromium, over the API on real PostgreSQL.
// Locators wait for what they look for; nothing here sleeps.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { denialsByPolicy } from '../api/dashboard/index.ts';
import { launchChromium, openPage } from '../api/dashboard/testing/browser.ts';
import { serveDashboard } from '../api/dashboard/testing/dashboard.ts';
import {
  HOSTILE_REASON,
  HOSTILE_SENDER,
  HOSTILE_WORKFLOW,
  SEEDED_WORKFLOWS,
  lateWorkflow,
  seededDecisions,
  seededInventory,
} from '../api/dashboard/testing/seed.ts';
import { tokenFor } from '../api/testing/tokens.ts';
import { applyBatch, migrate, openDb, type Db } from '../projector/index.ts';
import { openTestDb } from '../projector/testing/database.ts';

let browser: Browser | undefined;
let db: Db | undefined;

beforeAll(async () => {
  browser = await launchChromium();
  db = openTestDb();
});
afterAll(async () => {
  await browser?.close();
  await db?.close();
});

/** The dashboard's user: reads workflows and audit, and the cross-tenant operator views. */
const operatorToken = () => tokenFor({ subject: 'ops-oscar', roles: ['read', 'operate'], tenants: ['*'] });

/** The seeded API, and a page open at the link `swarmgate up` prints, with `fragment` after its token. */
async function givenDashboard(fragment = '', token: string | null = null) {
  if (!browser || !db) throw new Error('the browser and the database open in beforeAll');
  const served = await serveDashboard(db, seededDecisions(), seededInventory());
  const link = `#token=${token ?? (await operatorToken())}${fragment.replace(/^#/, '&')}`;
  const { page, errors } = await openPage(browser, `${served.baseUrl}/dashboard${link}`);
  return { ...served, page, errors };
}

const table = (page: Page, name: string) => page.getByRole('table', { name, exact: true });

/** The cells of a body row, as the reader sees them. */
const cellsOf = (row: Locator) => row.locator('th, td').allInnerTexts();

/** Waits for the body row whose row header reads exactly `key`, then reads its cells. */
async function rowCells(where: Locator, key: string): Promise<string[]> {
  const header = where.page().getByRole('rowheader', { name: key, exact: true });
  const row = where.locator('tbody tr').filter({ has: header });
  await row.waitFor();
  return cellsOf(row);
}

describe('the workflows table', () => {
  it('lists the seeded workflows with their status, and shows a new one without a reload', async () => {
    const { page, errors, project } = await givenDashboard();
    const workflows = table(page, 'Workflows');
    await workflows.getByRole('button', { name: 'workflow-0', exact: true }).waitFor();
    const ids = await workflows.locator('tbody th').allInnerTexts();
    expect([...ids].sort()).toEqual([...SEEDED_WORKFLOWS].sort());
    expect(await rowCells(workflows, 'workflow-2')).toEqual([
      'workflow-2',
      'denied',
      'advice.RecommendationMade',
      '2',
      '1',
      '0.0000',
      '2025-01-15 09:02:01',
    ]);

    await project(lateWorkflow());

    await workflows.getByRole('button', { name: 'workflow-late', exact: true }).waitFor();
    expect(await workflows.locator('tbody th').first().innerText()).toBe('workflow-late');
    expect(errors).toEqual([]);
  });
});

describe("a workflow's timeline", () => {
  it('shows every decision of a denied workflow, with the policy that denied it', async () => {
    const { page, errors } = await givenDashboard();

    await page.getByRole('button', { name: 'workflow-2', exact: true }).click();

    const timeline = table(page, 'Timeline of workflow-2');
    await timeline.locator('tbody tr').nth(1).waitFor();
    const rows = timeline.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await cellsOf(rows.nth(0))).toEqual([
      '1',
      '2025-01-15 09:02:00',
      'banking.TransactionPosted',
      'core-banking',
      'DELIVERED',
      'none',
      'fraud, aml-monitor',
      '0.0000',
      '',
    ]);
    const denied = await cellsOf(rows.nth(1));
    expect(denied.slice(2, 7)).toEqual([
      'advice.RecommendationMade',
      'advisor',
      'DENIED',
      'prompt-injection DENY override attempt',
      'nobody',
    ]);
    expect(page.url()).toContain('#workflow=workflow-2');
    expect(errors).toEqual([]);
  });

  it('marks fallbacks and human steps, and sums up the workflow', async () => {
    const { page, errors } = await givenDashboard();

    await page.getByRole('button', { name: 'workflow-0', exact: true }).click();

    const timeline = table(page, 'Timeline of workflow-0');
    expect(await rowCells(timeline, '3')).toEqual([
      '3',
      '2025-01-15 09:00:02',
      'incident.FallbackUsed',
      'aml-monitor',
      'DELIVERED',
      'none',
      'responder',
      '0.0000',
      'fallback',
    ]);
    const human = await rowCells(timeline, '6');
    expect([human[2], human[3], human[8]]).toEqual(['human.DecisionRecorded', 'advisor-jane', 'human step']);
    expect(await page.locator('#timeline-summary').innerText()).toBe(
      '8 decisions · 1 fallback · 1 human step · 0 verdicts other than ALLOW · cost 0.0062',
    );
    expect(errors).toEqual([]);
  });
});

describe('the agents table', () => {
  it('shows risk class, clearance, status with the kill switch, and spend', async () => {
    const { page, errors } = await givenDashboard();

    const agents = table(page, 'Agents');

    expect(await rowCells(agents, 'compliance')).toEqual([
      'compliance',
      '1.0.0',
      'HIGH',
      'PII',
      'killed incident INC-7 (ops-oscar, this agent)',
      '0.0000',
      '2',
      '0',
      '0',
      '0',
    ]);
    expect(await rowCells(agents, 'fraud')).toEqual([
      'fraud',
      '1.0.0',
      'LOW',
      'INTERNAL',
      'active',
      '0.0024',
      '4',
      '0',
      '0',
      '0',
    ]);
    expect(await rowCells(table(page, 'Other senders'), 'core-banking')).toEqual([
      'core-banking',
      '5',
      '0',
      '0.0000',
    ]);
    expect(errors).toEqual([]);
  });
});

describe('denials by policy', () => {
  it('counts the verdicts other than ALLOW per policy from the audit log', async () => {
    const { page, errors } = await givenDashboard();

    const denials = table(page, 'Denials by policy');
    const counts = async (policy: string) => (await rowCells(denials, policy)).slice(1, 5);

    expect(await counts('prompt-injection')).toEqual(['2', '0', '0', '2']);
    expect(await counts('pii-detection')).toEqual(['1', '0', '0', '1']);
    expect(await counts('classification-ceiling')).toEqual(['0', '1', '0', '1']);
    expect(await denials.locator('tbody th').allInnerTexts()).toEqual([
      'prompt-injection',
      'pii-detection',
      'classification-ceiling',
    ]);
    expect(errors).toEqual([]);
  });

  it('are counted by the same SQL on the embedded PGlite', async () => {
    const pglite = await openDb({ embedded: true });
    try {
      await migrate(pglite, 'swarmgate');
      await applyBatch(pglite, 'swarmgate', seededDecisions(), { group: 'projector' });

      const counts = await denialsByPolicy(pglite, 'swarmgate');

      expect(
        counts.map(({ policy, denied, limited, workflows }) => [policy, denied, limited, workflows]),
      ).toEqual([
        ['prompt-injection', 2, 0, 2],
        ['pii-detection', 1, 0, 1],
        ['classification-ceiling', 0, 1, 1],
      ]);
      expect(counts[0]?.lastAt).toBe('2025-01-15T09:03:01.000Z');
    } finally {
      await pglite.close();
    }
  });
});

describe('hostile text', () => {
  it('renders as text wherever it appears, and none of it runs', async () => {
    const { page, errors } = await givenDashboard();
    const hostile = page.getByRole('button', { name: HOSTILE_WORKFLOW, exact: true });
    await hostile.waitFor();

    await hostile.click();

    const timeline = table(page, `Timeline of ${HOSTILE_WORKFLOW}`);
    const first = await rowCells(timeline, '1');
    expect(first[3]).toBe(HOSTILE_SENDER);
    expect(first[5]).toBe(`pii-detection DENY ${HOSTILE_REASON}`);
    expect(await hostile.innerText()).toBe(HOSTILE_WORKFLOW);
    expect(await page.locator('main script, main img, main b').count()).toBe(0);
    expect(await page.evaluate("'pwned' in window")).toBe(false);
    expect(errors).toEqual([]);
  });
});

describe('the bearer token', () => {
  it("moves from the link into the tab's session storage and out of the address bar", async () => {
    const token = await operatorToken();
    const { page, baseUrl, errors } = await givenDashboard('#workflow=workflow-3', token);

    await table(page, 'Timeline of workflow-3').locator('tbody tr').first().waitFor();

    expect(page.url()).toBe(`${baseUrl}/dashboard#workflow=workflow-3`);
    expect(await page.evaluate("sessionStorage.getItem('swarmgate.token')")).toBe(token);
    expect(errors).toEqual([]);
  });

  it('without one, the page says the API needs it; a token typed in loads the data', async () => {
    if (!browser || !db) throw new Error('the browser and the database open in beforeAll');
    const served = await serveDashboard(db, seededDecisions(), seededInventory());
    const { page, errors } = await openPage(browser, `${served.baseUrl}/dashboard`);
    const alert = page.getByRole('alert');
    await alert.getByText('Could not load workflows: this route needs a bearer token').waitFor();

    await page.getByLabel('API token').fill(await operatorToken());
    await page.getByRole('button', { name: 'Use' }).click();

    await table(page, 'Workflows').getByRole('button', { name: 'workflow-0', exact: true }).waitFor();
    await alert.waitFor({ state: 'hidden' });
    expect(errors.filter((error) => !error.includes('status of 401'))).toEqual([]);
  });
});

describe('the way in', () => {
  it('takes a browser from / to the dashboard', async () => {
    const { page, baseUrl, errors } = await givenDashboard();

    await page.goto(`${baseUrl}/`);

    expect(page.url()).toBe(`${baseUrl}/dashboard`);
    await page.getByRole('heading', { name: 'Workflows' }).waitFor();
    expect(await page.title()).toBe('swarmgate dashboard');
    expect(errors).toEqual([]);
  });

  it('opens the workflow a shared link names', async () => {
    const { page, errors } = await givenDashboard('#workflow=workflow-3');

    const timeline = table(page, 'Timeline of workflow-3');

    expect(await rowCells(timeline, '2')).toContain('DENIED');
    expect(errors).toEqual([]);
  });

  it('says what failed when the API refuses, in an alert', async () => {
    const { page, errors } = await givenDashboard('#workflow=no-such');

    const alert = page.getByRole('alert');
    await alert.getByText('Could not load the timeline').waitFor();

    expect(await alert.innerText()).toBe('Could not load the timeline: no workflow "no-such"');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.filter((error) => !error.includes('status of 404'))).toEqual([]);
  });
});
