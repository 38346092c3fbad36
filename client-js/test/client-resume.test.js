// Reconnect and resume: a dropped connection comes back by itself and a reply in progress
// continues with no duplicate and no hole.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { collect, connect, next, said, trackedWebSocket, until, words } from './helpers/client.js';
import { startServer } from './helpers/server.js';

const T = { timeout: 15000 };
let server;

before(async () => {
  server = await startServer(['--echo-delay', '5ms']);
});
after(() => server?.stop());

test('a connection dropped mid-reply resumes with after: the reply continues, no duplicate, no hole', T, async () => {
  const net = trackedWebSocket();
  const client = await connect(server.ws, { WebSocket: net.WebSocket });
  try {
    const states = collect(client, 'state');
    const welcomes = collect(client, 'welcome');
    const events = collect(client, 'event');
    const reply = client.prompt(words(30), { delayMs: 15 });
    const tokens = [];
    for await (const token of reply) {
      tokens.push(token);
      if (tokens.length === 5) net.last().terminate(); // no close frame: like a lost network
    }
    const done = await reply.done;
    assert.equal(done.reason, 'stop');
    assert.equal(tokens.join(''), words(30));
    assert.equal(done.text, words(30));
    assert.equal(net.sockets.length, 2);
    assert.deepEqual(states.map((s) => s.state), ['reconnecting', 'connected']);
    assert.equal(states[0].attempt, 1);
    assert.equal(welcomes.length, 1);
    assert.equal(welcomes[0].resumed, true);
    assert.equal(welcomes[0].redraw, false);
    const seqs = events.map((e) => e.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'events in seq order');
    assert.equal(new Set(seqs).size, seqs.length, 'no event twice');
    assert.equal(client.seq, done.seq);
  } finally {
    client.close();
  }
});

test('while the server is unreachable the client backs off with jitter up to the cap', T, async () => {
  const net = trackedWebSocket();
  const client = await connect(server.ws, {
    WebSocket: net.WebSocket,
    reconnect: { initialDelay: 10, factor: 2, maxDelay: 80, jitter: 0.5 },
  });
  try {
    const states = collect(client, 'state');
    net.refuse = true;
    net.last().terminate();
    await until(() => states.length >= 6, 5000, 'six attempts');
    net.refuse = false;
    await next(client, 'state', (s) => s.state === 'connected');
    const retries = states.filter((s) => s.state === 'reconnecting');
    assert.deepEqual(retries.slice(0, 6).map((s) => s.attempt), [1, 2, 3, 4, 5, 6]);
    for (const { attempt, delay } of retries) {
      const base = Math.min(80, 10 * 2 ** (attempt - 1));
      assert.ok(delay >= base / 2 && delay <= base, `attempt ${attempt}: ${delay} ms within [${base / 2}, ${base}]`);
    }
    // a success resets the count
    const after = collect(client, 'state');
    net.last().terminate();
    await next(client, 'state', (s) => s.state === 'connected');
    assert.equal(after[0].attempt, 1);
  } finally {
    client.close();
  }
});

test('maxAttempts makes the client go offline; reconnect() tries again', T, async () => {
  const net = trackedWebSocket();
  const client = await connect(server.ws, { WebSocket: net.WebSocket, reconnect: { initialDelay: 5, maxAttempts: 2 } });
  try {
    net.refuse = true;
    net.last().terminate();
    const offline = await next(client, 'state', (s) => s.state === 'offline');
    assert.equal(offline.reason, 'gave up after 2 attempts');
    net.refuse = false;
    client.reconnect();
    await next(client, 'state', (s) => s.state === 'connected');
  } finally {
    client.close();
  }
});

test('a prompt made while reconnecting goes out once the client is back', T, async () => {
  const net = trackedWebSocket();
  const client = await connect(server.ws, { WebSocket: net.WebSocket });
  try {
    net.refuse = true;
    net.last().terminate();
    await next(client, 'state', (s) => s.state === 'reconnecting');
    const reply = client.prompt('sent later');
    const cancelled = client.prompt('never sent');
    cancelled.cancel();
    await assert.rejects(cancelled.done, { code: 'cancelled', message: 'the prompt was cancelled before it was sent' });
    assert.equal(reply.status, 'pending');
    net.refuse = false;
    assert.equal((await reply.done).text, 'sent later');
    assert.deepEqual(client.history.map((t) => t.text), ['sent later', 'sent later']);
  } finally {
    client.close();
  }
});

test('a prompt whose queued was lost with its socket is not sent twice', T, async () => {
  const net = trackedWebSocket();
  const client = await connect(server.ws, { WebSocket: net.WebSocket });
  try {
    net.mute = true; // the server takes the prompt, but its answer never arrives on this socket
    const reply = client.prompt('only once', { firstTokenDelayMs: 200 });
    await new Promise((r) => setTimeout(r, 100));
    net.mute = false;
    net.last().terminate();
    const done = await reply.done;
    assert.equal(done.text, 'only once');
    assert.deepEqual(said(client.history), [{ role: 'user', text: 'only once' }, { role: 'assistant', text: 'only once' }]);
  } finally {
    client.close();
  }
});

test('a server that stops answering is noticed by ping, and the client reconnects', T, async () => {
  const net = trackedWebSocket();
  const client = await connect(server.ws, { WebSocket: net.WebSocket, pingInterval: 100, pingTimeout: 150 });
  try {
    const reply = client.prompt(words(40), { delayMs: 20 });
    await next(reply, 'token');
    net.mute = true; // a half-open connection: no close event ever comes
    const lost = await next(client, 'state', (s) => s.state === 'reconnecting');
    net.mute = false;
    assert.equal(lost.previous, 'connected');
    assert.equal((await reply.done).text, words(40));
    assert.equal(reply.text, words(40));
  } finally {
    client.close();
  }
});
