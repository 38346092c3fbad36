// The demo page in real Chromium: streaming as text, Stop, queue position, reload, shared link,
// phone width in dark mode.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startServer } from '../helpers/server.js';
import { launch, openPage, send } from './browser.js';

const T = { timeout: 30000 };
let server;
let browser;

before(async () => {
  // the browser first: were it missing, a server already started would keep the test process alive
  browser = await launch();
  server = await startServer(['--echo-delay', '20ms']);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const lastReply = (page) => page.locator('.turn.assistant').last();

test('a typed prompt streams back as text, never as HTML; Shift+Enter adds a line', T, async () => {
  const { context, page, errors } = await openPage(browser, `${server.http}/`);
  try {
    const prompt = 'Hello <b>bold</b> <img src=x onerror="window.pwned=1"> one two three four five';
    await send(page, prompt, { delayMs: 60 });
    await page.locator('.turn.user').filter({ hasText: 'Hello <b>bold</b>' }).waitFor();
    // streaming: some of the reply is there before all of it
    await page.waitForFunction((full) => {
      const t = document.querySelector('.turn.assistant:last-child .text')?.textContent ?? '';
      return t.length > 0 && t.length < full.length;
    }, prompt);
    await page.locator('.turn.assistant[data-reason="stop"]').waitFor();
    assert.equal(await lastReply(page).locator('.text').textContent(), prompt);
    assert.equal(await page.locator('#log b, #log img').count(), 0, 'no element made from prompt or model text');
    assert.equal(await page.evaluate(() => window.pwned), undefined);

    const box = page.getByLabel('Message', { exact: true });
    await box.fill('first line');
    await box.press('Shift+Enter');
    await box.pressSequentially('second line');
    assert.equal(await box.inputValue(), 'first line\nsecond line');
    assert.equal(await page.locator('.turn.user').count(), 1, 'Shift+Enter did not send');
    await box.press('Enter');
    await page.locator('.turn.assistant[data-reason="stop"]').nth(1).waitFor();
    assert.equal(await lastReply(page).locator('.text').textContent(), 'first line\nsecond line');
    assert.equal(await box.inputValue(), '');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('Stop ends a long reply, and a waiting prompt shows its queue position', T, async () => {
  const { context, page, errors } = await openPage(browser, `${server.http}/`);
  try {
    const stop = page.getByRole('button', { name: 'Stop' });
    assert.equal(await stop.isVisible(), false);
    await send(page, 'a long reply that goes on', { repeat: 100, delayMs: 30 });
    await send(page, 'waits its turn');
    await page.locator('.turn.assistant .meta', { hasText: 'Queued: next to run' }).waitFor();
    await page.waitForFunction(() => (document.querySelector('.turn.assistant .text')?.textContent.length ?? 0) > 20);
    await stop.click();
    const first = page.locator('.turn.assistant').first();
    await page.locator('.turn.assistant[data-reason="cancelled"]').waitFor();
    assert.equal(await first.locator('.meta').textContent(), 'Stopped');
    assert.ok((await first.locator('.text').textContent()).length < 100 * 26, 'the reply was cut short');
    // the waiting prompt then runs
    await page.locator('.turn.assistant[data-reason="stop"]').waitFor();
    assert.equal(await lastReply(page).locator('.text').textContent(), 'waits its turn');
    await page.waitForFunction(() => document.getElementById('stop').hidden);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a reload redraws the conversation, and a reply in progress goes on streaming', T, async () => {
  const { context, page, errors } = await openPage(browser, `${server.http}/`);
  try {
    await send(page, 'remember this');
    await page.locator('.turn.assistant[data-reason="stop"]').waitFor();
    const words = Array.from({ length: 30 }, (_, i) => `w${i + 1}`).join(' ');
    await send(page, words, { delayMs: 40 });
    await page.waitForFunction(() => document.querySelectorAll('.turn.assistant')[1]?.querySelector('.text').textContent.length > 6);
    await page.reload();
    await page.locator('#conn[data-state="connected"]').waitFor();
    assert.deepEqual(await page.locator('.turn .text').allTextContents().then((t) => t.slice(0, 3)),
      ['remember this', 'remember this', words]);
    await page.locator('.turn.assistant[data-reason="stop"]').waitFor();
    assert.equal(await lastReply(page).locator('.text').textContent(), words, 'no duplicate, no hole');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('two browsers on a shared link see one conversation as it streams', T, async () => {
  const a = await openPage(browser, `${server.http}/`);
  let b;
  try {
    const link = await a.page.getByRole('link', { name: 'Share link' }).getAttribute('href');
    assert.match(link, /#session=[A-Za-z0-9_-]{22,}$/);
    b = await openPage(browser, link); // another context: its own storage, like another browser
    assert.equal(new URL(b.page.url()).hash, '', 'the secret link leaves the address bar');
    assert.equal(await b.page.getByRole('link', { name: 'Share link' }).getAttribute('href'), link);

    const words = Array.from({ length: 25 }, (_, i) => `shared${i + 1}`).join(' ');
    await send(a.page, words, { delayMs: 40 });
    await b.page.locator('.turn.user').filter({ hasText: 'shared1 ' }).waitFor();
    await b.page.waitForFunction((full) => {
      const t = document.querySelector('.turn.assistant .text')?.textContent ?? '';
      return t.length > 0 && t.length < full.length;
    }, words);
    await Promise.all([a.page, b.page].map((p) => p.locator('.turn.assistant[data-reason="stop"]').waitFor()));
    assert.equal(await lastReply(b.page).locator('.text').textContent(), words);
    assert.equal(await lastReply(a.page).locator('.text').textContent(), words);

    await send(b.page, 'and back');
    await a.page.locator('.turn.assistant[data-reason="stop"]').nth(1).waitFor();
    assert.equal(await lastReply(a.page).locator('.text').textContent(), 'and back');
    assert.deepEqual([...a.errors, ...b.errors], []);
  } finally {
    await a.context.close();
    await b?.context.close();
  }
});

test('at phone width in dark mode nothing overflows and the controls are labelled', T, async () => {
  const { context, page, errors } = await openPage(browser, `${server.http}/`, {
    viewport: { width: 360, height: 720 }, colorScheme: 'dark', isMobile: true, hasTouch: true,
  });
  try {
    await send(page, 'a fairly long message to see how bubbles wrap on a narrow phone screen, with averyveryverylongwordthatmustwrapsomehow');
    await page.locator('.turn.assistant[data-reason="stop"]').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scroll (${overflow}px)`);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(18, 18, 22)', 'dark colours');
    for (const name of ['Send', 'Copy link', 'New chat']) await page.getByRole('button', { name }).waitFor();
    await page.getByRole('textbox', { name: 'Message' }).waitFor();
    await page.getByRole('status').waitFor();
    await page.getByRole('log', { name: 'Conversation' }).waitFor();
    await page.screenshot({ path: new URL('../../../server/target/demo-phone-dark.png', import.meta.url).pathname }).catch(() => {});
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
