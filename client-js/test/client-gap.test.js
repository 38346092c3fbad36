// Gap: the server no longer holds the events a returning client missed (--event-log-size 5), so
// welcome carries gap and the full history, and the client redraws from it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { collect, connect, ids, next, trackedWebSocket, until, words } from './helpers/client.js';
import { startServer } from './helpers/server.js';

const T = { timeout: 15000 };
let server;

before(async () => {
  server = await startServer(['--echo-delay', '5ms', '--event-log-size', '5']);
});
after(() => server?.stop());

test('a client away too long gets gap, redraws from history, then follows the running reply', T, async () => {
  const net = trackedWebSocket();
  const away = await connect(server.ws, { WebSocket: net.WebSocket });
  const other = await connect(server.ws, { session: away.session });
  try {
    assert.equal(other.session, away.session);
    await other.prompt('before the gap').done;
    await until(() => away.history.length === 2, 2000, 'the first turn');

    net.refuse = true;
    net.last().terminate();
    await next(away, 'state', (s) => s.state === 'reconnecting');
    await other.prompt('one two three four five six seven').done; // 10 events: more than the log keeps
    const running = other.prompt(words(40), { delayMs: 20 });
    await next(running, 'token');
    const heldBack = away.prompt('asked while away');

    const welcomes = collect(away, 'welcome');
    const events = collect(away, 'event');
    net.refuse = false;
    await next(away, 'state', (s) => s.state === 'connected');
    assert.equal(welcomes.length, 1);
    assert.equal(welcomes[0].gap, true);
    assert.equal(welcomes[0].redraw, true);
    assert.equal(welcomes[0].resumed, false);
    assert.deepEqual(welcomes[0].history.map((t) => t.text),
      ['before the gap', 'before the gap', 'one two three four five six seven', 'one two three four five six seven']);
    // the replay after the redraw brings the running reply from its queued event on
    assert.equal(events[0].type, 'queued');
    assert.equal(events[0].gen, running.gen);
    assert.equal(away.live[0].gen, running.gen);
    assert.ok(running.text.startsWith(away.live[0].text) || away.live[0].text.startsWith(running.text));

    await running.done;
    assert.equal((await heldBack.done).text, 'asked while away');
    await until(() => other.history.length === 8 && away.history.length === 8, 2000, 'both histories');
    assert.deepEqual(ids(away.history), ids(other.history));
  } finally {
    away.close();
    other.close();
  }
});
