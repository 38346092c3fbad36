// Two clients on one session see one conversation; a session id kept in storage survives a restart
// of the page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { collect, connect, ids, next, said, until, words } from './helpers/client.js';
import { startServer } from './helpers/server.js';

const T = { timeout: 15000 };
let server;

before(async () => {
  server = await startServer(['--echo-delay', '5ms']);
});
after(() => server?.stop());

/** An in-memory stand-in for localStorage. */
function memoryStorage() {
  const map = new Map();
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => map.set(k, String(v)), map };
}

test('two clients on one session see the same events in the same order', T, async () => {
  const a = await connect(server.ws);
  const b = await connect(server.ws, { session: a.session });
  try {
    const seenByA = collect(a, 'event');
    const seenByB = collect(b, 'event');
    const reply = a.prompt(words(10), { delayMs: 10 });
    await reply.done;
    await until(() => seenByB.at(-1)?.type === 'done', 2000, 'b to see done');
    assert.deepEqual(seenByB, seenByA);
    assert.equal(seenByB[0].type, 'queued');
    assert.equal(seenByB[0].text, words(10), 'queued carries the prompt text to everyone');
    assert.deepEqual(ids(b.history), ids(a.history));
  } finally {
    a.close();
    b.close();
  }
});

test('a client that joins mid-reply gets the prompt and the tokens so far, then the rest live', T, async () => {
  const a = await connect(server.ws);
  let b;
  try {
    const reply = a.prompt(words(40), { delayMs: 15 });
    await until(() => reply.tokens.length >= 5, 3000, 'five tokens');
    b = await connect(server.ws, { session: a.session });
    assert.equal(b.live.length, 1);
    assert.equal(b.live[0].prompt, words(40));
    assert.equal(b.live[0].running, true);
    assert.equal(b.generating, reply.gen);
    assert.ok(b.live[0].text.length > 0);
    const rest = collect(b, 'event');
    await reply.done;
    await until(() => b.history.length === 2, 2000, 'b to finish');
    const streamed = b.history[1].text;
    assert.equal(streamed, words(40));
    assert.ok(rest.every((e) => e.gen === reply.gen));
  } finally {
    a.close();
    b?.close();
  }
});

test('one client can stop the reply another started', T, async () => {
  const a = await connect(server.ws);
  const b = await connect(server.ws, { session: a.session });
  try {
    const reply = a.prompt(words(100), { delayMs: 20 });
    await next(b, 'event', (e) => e.type === 'token');
    b.cancel(b.generating);
    assert.equal((await reply.done).reason, 'cancelled');
  } finally {
    a.close();
    b.close();
  }
});

test('the session id kept in storage brings the conversation back', T, async () => {
  const storage = memoryStorage();
  const first = await connect(server.ws, { storage });
  await first.prompt('keep me').done;
  first.close();
  assert.equal(storage.map.get('switchboard.session'), first.session);

  const second = await connect(server.ws, { storage });
  try {
    assert.equal(second.session, first.session);
    assert.deepEqual(said(second.history), [{ role: 'user', text: 'keep me' }, { role: 'assistant', text: 'keep me' }]);
  } finally {
    second.close();
  }

  const gone = memoryStorage();
  gone.setItem('chat', 'not-a-session-the-server-has');
  const third = await connect(server.ws, { storage: gone, storageKey: 'chat' });
  try {
    assert.notEqual(third.session, 'not-a-session-the-server-has');
    assert.equal(gone.map.get('chat'), third.session, 'a new session replaces the unknown one');
    assert.deepEqual(third.history, []);
  } finally {
    third.close();
  }
});
