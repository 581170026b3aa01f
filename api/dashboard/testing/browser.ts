// Debian's Chromium, driven by playwright-core, for testing the dashboard in a real browser.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { onTestFinished } from 'vitest';

/** Debian's package path; CHROMIUM_PATH points elsewhere (a laptop's Chrome, say). */
export const chromiumPath = (): string => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Fails loudly, saying how to install it, when there is no Chromium: these tests never skip. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(
      `no Chromium at ${executablePath}: the dashboard tests need a real browser. ` +
        'Install Debian\'s with "apt-get update && apt-get install -y chromium", or set CHROMIUM_PATH.',
    );
  }
  return chromium.launch({ executablePath, args: FLAGS });
}

export interface WatchedPage {
  readonly page: Page;
  /** Uncaught exceptions and console errors (CSP violations and failed loads among them). */
  readonly errors: string[];
}

/** A page in a fresh browser context, closed after the test, at the given URL. */
export async function openPage(browser: Browser, url: string): Promise<WatchedPage> {
  const context = await browser.newContext();
  onTestFinished(() => context.close());
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  await page.goto(url);
  return { page, errors };
}
