// Turn ids and history pages against a real server whose welcome carries only the 4 most recent
// turns: ids the client builds match the server's, paging back, drops, misuse, and a request the
// server drops for going too fast.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SwitchboardError } from '../src/switchboard.js';
import { collect, connect, ids, next, trackedWebSocket, until } from './helpers/client.js';
import { startServer } from './helpers/server.js';

const T = { timeout: 15000 };
const WELCOME_TURNS = 4;
let server;

before(async () => {
  server = await startServer(['--echo-delay', '2ms', '--welcome-history-turns', String(WELCOME_TURNS)]);
});
after(() => server?.stop());

/** A session with `count` finished prompts `p0` ... made by `client`, one after the other. */
async function converse(client, count, from = 0) {
  for (let i = from; i < from + count; i++) await client.prompt(`p${i}`).done;
}

describe('turn ids', () => {
  test('the ids of the turns a client builds are those a fresh connection\'s welcome says', T, async () => {
    const a = await connect(server.ws);
    let b;
    let c;
    try {
      assert.deepEqual(a.history, []);
      // replies end out of the order they were asked: a queued prompt cancelled ends first
      const head = a.prompt('head', { firstTokenDelayMs: 300 });
      const skipped = a.prompt('skipped');
      const last = a.prompt('last');
      await next(skipped, 'queued');
      skipped.cancel();
      await Promise.all([head.done, skipped.done, last.done]);
      assert.deepEqual(a.history.map((t) => [t.role, t.text, t.n]), [
        ['user', 'skipped', 0], ['assistant', '', 1],
        ['user', 'head', 2], ['assistant', 'head', 3],
        ['user', 'last', 4], ['assistant', 'last', 5],
      ]);
      assert.deepEqual(a.history.map((t) => t.gen), [skipped.gen, skipped.gen, head.gen, head.gen, last.gen, last.gen]);

      b = await connect(server.ws, { session: a.session });
      assert.equal(b.history.length, WELCOME_TURNS);
      assert.deepEqual(ids(b.history), ids(a.history.slice(-WELCOME_TURNS)));
      for (const [mine, theirs] of a.history.slice(-WELCOME_TURNS).map((t, i) => [t, b.history[i]])) {
        assert.ok(Math.abs(mine.at - theirs.at) < 2000, `at ${mine.at} is about the server's ${theirs.at}`);
      }
      assert.ok(b.history.every((t) => Number.isInteger(t.at) && t.at > 0));

      // both build the next turns from live events, and agree with the next fresh welcome
      await converse(b, 2, 10);
      await until(() => a.history.length === 10, 2000, 'a to see both replies');
      assert.deepEqual(ids(a.history.slice(-WELCOME_TURNS)), ids(b.history.slice(-WELCOME_TURNS)));
      c = await connect(server.ws, { session: a.session });
      assert.deepEqual(ids(c.history), ids(b.history.slice(-WELCOME_TURNS)));
      assert.deepEqual(c.history.map((t) => t.n), [6, 7, 8, 9]);
    } finally {
      a.close();
      b?.close();
      c?.close();
    }
  });
});

describe('history pages', () => {
  test('loadOlder pages back through a history longer than the welcome\'s, to its first turn', T, async () => {
    const a = await connect(server.ws);
    let b;
    try {
      await converse(a, 7); // 14 turns, n 0 to 13
      b = await connect(server.ws, { session: a.session });
      assert.deepEqual(b.history.map((t) => t.n), [10, 11, 12, 13]);
      const older = collect(b, 'older');

      const first = b.loadOlder({ limit: 3 });
      assert.equal(b.loadOlder(), first, 'a second call while one is under way shares it');
      const page = await first;
      assert.deepEqual(page.turns.map((t) => t.n), [7, 8, 9]);
      assert.equal(page.more, true);
      assert.deepEqual(b.history.map((t) => t.n), [7, 8, 9, 10, 11, 12, 13]);
      assert.deepEqual(older, [page]);

      while ((await b.loadOlder({ limit: 4 })).more);
      assert.deepEqual(ids(b.history), ids(a.history));
      assert.deepEqual(older.map((o) => o.turns.map((t) => t.n)), [[7, 8, 9], [3, 4, 5, 6], [0, 1, 2]]);
      assert.equal(older.at(-1).more, false);

      assert.deepEqual(await b.loadOlder(), { turns: [], more: false }, 'nothing before n 0: no request');
      assert.equal(older.length, 3, 'and no older event');
    } finally {
      a.close();
      b?.close();
    }
  });

  test('historyPage answers any page and leaves history alone; by default it pages before the oldest held', T, async () => {
    const a = await connect(server.ws);
    let b;
    try {
      assert.deepEqual(await a.historyPage(), { turns: [], more: false }, 'a new session has none');
      await converse(a, 4); // n 0 to 7
      b = await connect(server.ws, { session: a.session });
      const held = b.history.slice();
      const [mid, before, tail] = await Promise.all([
        b.historyPage({ before: 5, limit: 2 }),
        b.historyPage({ limit: 1 }),
        b.historyPage({ before: 1000 }),
      ]);
      assert.deepEqual(mid.turns.map((t) => [t.n, t.role, t.text]), [[3, 'assistant', 'p1'], [4, 'user', 'p2']]);
      assert.equal(mid.more, true);
      assert.deepEqual(before.turns.map((t) => t.n), [3], 'the oldest held is n 4');
      assert.deepEqual(tail.turns.map((t) => t.n), [0, 1, 2, 3, 4, 5, 6, 7]);
      assert.equal(tail.more, false);
      assert.deepEqual(ids(tail.turns), ids(a.history));
      assert.deepEqual(b.history, held);
    } finally {
      a.close();
      b?.close();
    }
  });

  test('a request made while reconnecting, or lost with the connection, goes out after the resume', T, async () => {
    const a = await connect(server.ws);
    const control = trackedWebSocket();
    let b;
    try {
      await converse(a, 4);
      b = await connect(server.ws, { session: a.session, WebSocket: control.WebSocket });
      const onTheWire = b.loadOlder({ limit: 2 });
      control.last().terminate(); // before its answer came
      await next(b, 'state', ({ state }) => state === 'reconnecting');
      const whileAway = b.historyPage({ before: 2 });
      assert.deepEqual((await onTheWire).turns.map((t) => t.n), [2, 3]);
      assert.deepEqual((await whileAway).turns.map((t) => t.n), [0, 1]);
      assert.equal(b.state, 'connected');
      assert.deepEqual(b.history.map((t) => t.n), [2, 3, 4, 5, 6, 7]);
    } finally {
      a.close();
      b?.close();
    }
  });

  test('close() rejects the requests still pending with closed; a request after it throws', T, async () => {
    const client = await connect(server.ws);
    const pending = client.historyPage({ before: 3 });
    client.close();
    await assert.rejects(pending, { name: 'SwitchboardError', code: 'closed' });
    assert.throws(() => client.historyPage(), { name: 'SwitchboardError', code: 'closed', message: 'the client is closed' });
    assert.throws(() => client.loadOlder(), { name: 'SwitchboardError', code: 'closed', message: 'the client is closed' });
  });

  test('historyPage and loadOlder check their arguments before sending anything', T, async () => {
    const client = await connect(server.ws);
    try {
      const errors = collect(client, 'error');
      assert.throws(() => client.historyPage(5), { name: 'TypeError', message: 'historyPage options must be an object' });
      assert.throws(() => client.historyPage({ before: -1 }), { name: 'TypeError', message: 'before must be a non-negative integer' });
      assert.throws(() => client.historyPage({ before: 2.5 }), { name: 'TypeError', message: 'before must be a non-negative integer' });
      assert.throws(() => client.historyPage({ limit: 0 }), { name: 'TypeError', message: 'limit must be an integer from 1 to 200' });
      assert.throws(() => client.loadOlder({ limit: 201 }), { name: 'TypeError', message: 'limit must be an integer from 1 to 200' });
      assert.throws(() => client.loadOlder('all'), { name: 'TypeError', message: 'loadOlder options must be an object' });
      assert.deepEqual(await client.historyPage({ before: 0, limit: 200 }), { turns: [], more: false });
      assert.deepEqual(errors, []);
    } finally {
      client.close();
    }
  });
});

describe('a server that drops frames', () => {
  let strict;
  before(async () => {
    strict = await startServer(['--echo-delay', '1ms', '--frame-burst', '6', '--rate-frames', '1']);
  });
  after(() => strict?.stop());

  test('a history request the server drops (rate_limited) rejects with that code, and the next page goes to its own request', T, async () => {
    const a = await connect(strict.ws);
    let b;
    try {
      await converse(a, 2); // n 0 to 3
      // hello and its ping, then two history frames each with its ping, use up the burst of 6;
      // the third and its ping are dropped
      b = await connect(strict.ws, { session: a.session });
      const errors = collect(b, 'error');
      const asked = [4, 3, 2].map((before) => b.historyPage({ before, limit: 1 }));
      const results = await Promise.allSettled(asked);
      assert.deepEqual(results.slice(0, 2).map((r) => r.value?.turns.map((t) => t.n)), [[3], [2]]);
      assert.equal(results[2].status, 'rejected');
      assert.ok(results[2].reason instanceof SwitchboardError);
      assert.equal(results[2].reason.code, 'rate_limited');
      assert.ok(errors.some((e) => e.code === 'rate_limited'), 'the error is an error event too');
      await new Promise((r) => setTimeout(r, 2500)); // the bucket fills again (1 frame a second)
      assert.deepEqual((await b.historyPage({ before: 2, limit: 1 })).turns.map((t) => t.n), [1]);
    } finally {
      a.close();
      b?.close();
    }
  });
});
