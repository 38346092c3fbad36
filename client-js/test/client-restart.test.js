// The server restarted under the client: the client comes back by itself, to a new session (the
// old one died with the process), and says so.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { collect, connect, next, words } from './helpers/client.js';
import { startServer } from './helpers/server.js';

const T = { timeout: 40000 };
let server;
after(() => server?.stop());

test('a killed server: the reply in progress fails with session_lost and the client starts over', T, async () => {
  server = await startServer(['--echo-delay', '5ms', '--drain-timeout', '300ms']);
  const client = await connect(server.ws, { reconnect: { initialDelay: 100, maxDelay: 500 } });
  try {
    const old = client.session;
    await client.prompt('remembered?').done;
    const reply = client.prompt(words(100), { delayMs: 20 });
    await next(reply, 'token');
    const states = collect(client, 'state');
    const welcomes = collect(client, 'welcome');
    const port = server.port;
    await server.stop('SIGKILL');
    await next(client, 'state', (s) => s.state === 'reconnecting');
    // listen before the restart: welcome and pong can land in one read, and `connected` be emitted
    // in the same tick as the reply's rejection
    const connected = next(client, 'state', (s) => s.state === 'connected');
    server = await startServer(['--echo-delay', '5ms', '--drain-timeout', '300ms'], { port });
    await assert.rejects(reply.done, { code: 'session_lost' });
    await connected;
    assert.ok(states.some((s) => s.state === 'reconnecting'));
    assert.equal(welcomes.length, 1);
    assert.equal(welcomes[0].previousSession, old);
    assert.notEqual(welcomes[0].session, old);
    assert.equal(welcomes[0].created, true);
    assert.equal(welcomes[0].redraw, true);
    assert.deepEqual(client.history, []);
    assert.equal((await client.prompt('new start').done).text, 'new start');
  } finally {
    client.close();
  }
});

test('a server stopped gracefully ends a reply still running after its drain with reason shutdown', T, async () => {
  const client = await connect(server.ws, { reconnect: { initialDelay: 100, maxDelay: 500 } });
  try {
    const reply = client.prompt(words(100), { delayMs: 20 });
    await next(reply, 'token');
    const port = server.port;
    await server.stop();
    const done = await reply.done;
    assert.equal(done.reason, 'shutdown');
    const connected = next(client, 'state', (s) => s.state === 'connected');
    server = await startServer(['--echo-delay', '5ms', '--drain-timeout', '300ms'], { port });
    await connected;
    assert.equal((await client.prompt('back').done).text, 'back');
  } finally {
    client.close();
  }
});
