// The operator's dashboard in a real headless Chromium, over the API on real PostgreSQL.
// Locators wait for what they look for; nothing here sleeps.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { denialsByPolicy } from '../api/dashboard/index.ts';
import { launchChromium, openPage } from '../api/dashboard/testing/browser.ts';
import { screenshot } from '../api/dashboard/testing/artifacts.ts';
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
    const { page, errors, project } = await givenDashboard('#page=workflows');
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

/** The story's steps, each as the reader sees it. */
const storySteps = (page: Page, workflow: string) =>
  page.getByRole('list', { name: `Story of ${workflow}`, exact: true }).locator(':scope > li');

describe("a workflow's story", () => {
  it('tells every decision of a denied workflow, with the policy that denied it', async () => {
    const { page, errors } = await givenDashboard('#page=workflows');

    await page.getByRole('button', { name: 'workflow-2', exact: true }).click();

    const steps = storySteps(page, 'workflow-2');
    await steps.nth(1).waitFor();
    expect(await steps.count()).toBe(2);
    const first = await steps.nth(0).innerText();
    expect(first).toContain('2025-01-15 09:02:00');
    expect(first).toContain('core-banking proposed banking.TransactionPosted');
    expect(first).toContain('The gate delivered it to fraud, aml-monitor.');
    const denied = steps.nth(1);
    expect(await denied.innerText()).toContain('advisor proposed advice.RecommendationMade');
    expect(await denied.getByRole('list', { name: 'Verdicts other than ALLOW' }).innerText()).toBe(
      'prompt-injection DENY override attempt',
    );
    expect(await denied.innerText()).toContain('The gate denied it; it went nowhere.');
    expect(page.url()).toContain('#workflow=workflow-2');
    expect(errors).toEqual([]);
  });

  it('marks fallbacks and human steps, and sums up the workflow', async () => {
    const { page, errors } = await givenDashboard('#page=workflows');

    await page.getByRole('button', { name: 'workflow-0', exact: true }).click();

    const fallback = page.getByRole('listitem', { name: 'Step 3: incident.FallbackUsed' });
    expect(await fallback.innerText()).toContain('aml-monitor fell back to its deterministic answer');
    expect(await fallback.locator('.badge').allInnerTexts()).toEqual(['DELIVERED', 'fallback']);
    const human = page.getByRole('listitem', { name: 'Step 6: human.DecisionRecorded' });
    expect(await human.innerText()).toContain('advisor-jane recorded a human decision');
    expect(await page.locator('#story-summary').innerText()).toBe(
      '8 decisions · 1 fallback · 1 human step · 0 verdicts other than ALLOW · cost 0.0062',
    );
    expect(errors).toEqual([]);
  });

  it('folds the routing detail away until asked', async () => {
    const { page, errors } = await givenDashboard(`#workflow=${encodeURIComponent(HOSTILE_WORKFLOW)}`);

    const limited = page.getByRole('listitem', { name: 'Step 2: banking.TransactionPosted' });
    const detail = limited.getByText('not advisor (classification-ceiling: PII above INTERNAL)');
    await limited.getByText('Routing detail (1 agent not routed)').waitFor();
    expect(await detail.isVisible()).toBe(false);

    await limited.getByText('Routing detail (1 agent not routed)').click();

    await detail.waitFor();
    expect(errors).toEqual([]);
  });
});

describe('the agents table', () => {
  it('shows risk class, clearance, status with the kill switch, and spend', async () => {
    const { page, errors } = await givenDashboard('#page=agents');

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
      '…',
      'Resume compliance',
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
      '…',
      'Kill fraud',
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
    const { page, errors } = await givenDashboard('#page=workflows');
    const hostile = page.getByRole('button', { name: HOSTILE_WORKFLOW, exact: true });
    await hostile.waitFor();

    await hostile.click();

    const first = page.getByRole('listitem', { name: 'Step 1: banking.TransactionPosted' });
    expect(await first.innerText()).toContain(`${HOSTILE_SENDER} proposed banking.TransactionPosted`);
    expect(await first.getByRole('list', { name: 'Verdicts other than ALLOW' }).innerText()).toBe(
      `pii-detection DENY ${HOSTILE_REASON}`,
    );
    expect(await page.getByRole('heading', { name: `Story of ${HOSTILE_WORKFLOW}` }).count()).toBe(1);
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

    await storySteps(page, 'workflow-3').first().waitFor();

    expect(page.url()).toBe(`${baseUrl}/dashboard#workflow=workflow-3`);
    expect(await page.evaluate("sessionStorage.getItem('swarmgate.token')")).toBe(token);
    expect(errors).toEqual([]);
  });

  it('without one, the page says the API needs it; a token typed in loads the data', async () => {
    if (!browser || !db) throw new Error('the browser and the database open in beforeAll');
    const served = await serveDashboard(db, seededDecisions(), seededInventory());
    const { page, errors } = await openPage(browser, `${served.baseUrl}/dashboard`);
    const alert = page.getByRole('alert');
    await alert.getByText('Could not load the overview: this route needs a bearer token').waitFor();

    await page.getByLabel('API token').fill(await operatorToken());
    await page.getByRole('button', { name: 'Use' }).click();

    await page.getByRole('img', { name: /^Workflows by status: .*completed 2/ }).waitFor();
    await alert.waitFor({ state: 'hidden' });
    expect(errors.filter((error) => !error.includes('status of 401'))).toEqual([]);
  });
});

describe('the way in', () => {
  it('takes a browser from / to the dashboard', async () => {
    const { page, baseUrl, errors } = await givenDashboard();

    await page.goto(`${baseUrl}/`);

    expect(page.url()).toBe(`${baseUrl}/dashboard`);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    expect(await page.title()).toBe('swarmgate dashboard');
    expect(errors).toEqual([]);
  });

  it('opens the workflow a shared link names', async () => {
    const { page, errors } = await givenDashboard('#workflow=workflow-3');

    const denied = page.getByRole('listitem', { name: 'Step 2: advice.RecommendationMade' });

    expect(await denied.locator('.badge').first().innerText()).toBe('DENIED');
    expect(errors).toEqual([]);
  });

  it('says what failed when the API refuses, in an alert', async () => {
    const { page, errors } = await givenDashboard('#workflow=no-such');

    const alert = page.getByRole('alert');
    await alert.getByText('Could not load the story').waitFor();

    expect(await alert.innerText()).toBe('Could not load the story: no workflow "no-such"');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.filter((error) => !error.includes('status of 404'))).toEqual([]);
  });
});

describe('the overview', () => {
  it('charts the seeded workflows by status and their decisions per minute, with the numbers folded beneath', async () => {
    const { page, errors } = await givenDashboard();

    const statuses = page.getByRole('img', { name: /^Workflows by status: / });
    await statuses.waitFor();
    await screenshot(page, 'seeded-overview');
    expect(await statuses.getAttribute('aria-label')).toMatch(
      /completed 2, partial 0, denied 3|completed 2, partial 0, denied 2/,
    );
    const throughput = page.getByRole('img', { name: /^Throughput over \d+ minutes/ });
    // The hour up to the latest decision: the hostile workflow, an hour earlier, is outside it.
    expect(await throughput.getAttribute('aria-label')).toContain('DENIED 2');
    await page.getByText('Numbers of denials by policy over time').click();
    const perMinute = page.getByRole('table', { name: 'Denials by policy over time' });
    expect(await perMinute.locator('thead th').allInnerTexts()).toEqual(['Minute (UTC)', 'prompt-injection']);
    expect(errors).toEqual([]);
  });
});
