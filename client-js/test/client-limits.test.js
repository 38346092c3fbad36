// A prompt over the server's frame limit: the server closes with 1009; the client must not send it
// again on reconnect (that would loop), and carries on with the next prompt.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { collect, connect } from './helpers/client.js';
import { startServer } from './helpers/server.js';

let server;

before(async () => {
  server = await startServer(['--echo-delay', '1ms', '--max-frame-bytes', '1024']);
});
after(() => server?.stop());

test('a prompt too large for the server fails with too_large and is not sent again', { timeout: 15000 }, async () => {
  const client = await connect(server.ws);
  try {
    const states = collect(client, 'state');
    const big = client.prompt('x'.repeat(2000));
    await assert.rejects(big.done, (e) => e.code === 'too_large' && /1009/.test(e.message));
    const next = client.prompt('small enough');
    assert.equal((await next.done).text, 'small enough');
    assert.deepEqual(states.map((s) => s.state), ['reconnecting', 'connected']);
    assert.deepEqual(client.history.map((t) => t.text), ['small enough', 'small enough']);
  } finally {
    client.close();
  }
});
