// Takes docs/demo.png: the demo page mid-conversation, in Debian's Chromium.
//   npm run screenshot        (needs the built jar, like the tests)
import { fileURLToPath } from 'node:url';
import { startServer } from '../test/helpers/server.js';
import { launch, openPage, send } from '../test/e2e/browser.js';

const out = fileURLToPath(new URL('../../docs/demo.png', import.meta.url));
const server = await startServer(['--echo-delay', '20ms']);
const browser = await launch();
try {
  const { page } = await openPage(browser, `${server.http}/`, { viewport: { width: 900, height: 620 }, colorScheme: 'light' });
  await send(page, 'Hi! Can you stream this back to me, word by word?');
  await page.locator('.turn.assistant[data-reason="stop"]').waitFor();
  await send(page, 'This one goes on and on, so I will press Stop', { repeat: 20, delayMs: 30 });
  await page.waitForFunction(() => (document.querySelectorAll('.turn.assistant')[1]?.querySelector('.text').textContent.length ?? 0) > 70);
  await page.getByRole('button', { name: 'Stop' }).click();
  await page.locator('.turn.assistant[data-reason="cancelled"]').waitFor();
  await send(page, 'Tokens arrive as the generator makes them, to every tab on the session.', { delayMs: 150 });
  await send(page, 'And this prompt waits its turn.');
  await page.locator('.meta', { hasText: 'Queued: next to run' }).waitFor();
  await page.waitForFunction(() => (document.querySelectorAll('.turn.assistant')[2]?.querySelector('.text').textContent.length ?? 0) > 25);
  await page.locator('details').evaluate((d) => { d.open = false; });
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await server.stop();
}
