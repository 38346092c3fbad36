// The server restarted under the demo page (same port): the page reconnects by itself and says so.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { startServer } from '../helpers/server.js';
import { launch, openPage, send } from './browser.js';

let server;
let browser;
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the page reconnects by itself after a server restart and says the conversation is new', { timeout: 60000 }, async () => {
  // the browser first: were it missing, a server already started would keep the test process alive
  browser = await launch();
  server = await startServer(['--echo-delay', '20ms', '--drain-timeout', '300ms']);
  const { context, page, errors } = await openPage(browser, `${server.http}/`);
  try {
    const conn = page.getByRole('status');
    assert.equal(await conn.textContent(), 'Connected');
    const before = await page.getByRole('link', { name: 'Share link' }).getAttribute('href');
    await send(page, 'a reply cut short by the restart', { repeat: 50, delayMs: 40 });
    await page.waitForFunction(() => (document.querySelector('.turn.assistant .text')?.textContent.length ?? 0) > 10);

    const port = server.port;
    await server.stop(); // graceful: after the drain (300 ms) the reply ends with reason shutdown, then the socket closes
    await page.locator('.turn.assistant[data-reason="shutdown"] .meta', { hasText: 'Ended: the server shut down' }).waitFor();
    await page.locator('#conn[data-state="reconnecting"]').waitFor();
    assert.match(await conn.textContent(), /^Reconnecting…/);
    assert.match(await page.getByRole('alert').textContent(), /connection was lost/);

    server = await startServer(['--echo-delay', '20ms', '--drain-timeout', '300ms'], { port });
    await page.locator('#conn[data-state="connected"]').waitFor({ timeout: 20000 });
    assert.equal(await conn.textContent(), 'Connected');
    assert.match(await page.getByRole('alert').textContent(), /^Reconnected\. The server no longer had this conversation/);
    const now = await page.getByRole('link', { name: 'Share link' }).getAttribute('href');
    assert.notEqual(now, before, 'a new session, so a new share link');

    await send(page, 'still works');
    await page.locator('.turn.assistant[data-reason="stop"]').waitFor();
    assert.equal(await page.locator('.turn.assistant').last().locator('.text').textContent(), 'still works');
    // the connection errors of the retries while the server was down are the browser's own log lines
    assert.deepEqual(errors.filter((e) => !/WebSocket connection to .* failed/.test(e)), []);
  } finally {
    await context.close();
  }
});
