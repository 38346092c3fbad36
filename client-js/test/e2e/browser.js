/** Debian's Chromium driven by playwright-core: never a downloaded browser. */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/**
 * Async, so that a missing browser is a rejected promise like any other failure to start.
 * @returns {Promise<import('playwright-core').Browser>}
 */
export async function launch() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no browser at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * Opens the demo page in a fresh context (its own storage, like another browser) and collects the
 * page's console errors, which a test can assert are none.
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 */
export async function openPage(browser, url, contextOptions = {}) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(url);
  await page.locator('#conn[data-state="connected"]').waitFor();
  return { context, page, errors };
}

/** Types `text` in the composer and presses Enter; `params` (or nothing) goes in the params field first. */
export async function send(page, text, params) {
  await page.locator('details').evaluate((details) => { details.open = true; });
  await page.getByLabel('Params as JSON, sent with each prompt').fill(params ? JSON.stringify(params) : '');
  await page.getByLabel('Message', { exact: true }).fill(text);
  await page.getByLabel('Message', { exact: true }).press('Enter');
}
