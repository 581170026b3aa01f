// Screenshots the dashboard tests leave for a person to look at: into SWARMGATE_ARTIFACTS, or
// test-artifacts/ at the repository's root (ignored by git).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

export const artifactsDir = (): string =>
  process.env.SWARMGATE_ARTIFACTS ?? fileURLToPath(new URL('../../../test-artifacts/', import.meta.url));

/** Saves a full-page PNG named `name`.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = artifactsDir();
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
