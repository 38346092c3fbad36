// Turn ids against a real server whose welcome carries only the 4 most recent turns: the ids a
// client builds match the server's.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connect, ids, next, until } from './helpers/client.js';
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
