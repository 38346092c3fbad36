// History requests fed by hand: one on the wire at a time, answers first in first out, a refused
// request, a drop, and the argument checks.
import assert from 'node:assert/strict';
import { describe, mock, test } from 'node:test';
import { SwitchboardError } from '../src/switchboard.js';
import { PROBE_DELAY, Pages, pageOptions } from '../src/switchboard/pages.js';

/** Pages over a fake socket: `sent` holds the frames written, pings count as a server would. */
function fake() {
  const io = { sent: [], synced: true, pings: 0, pongs: 0, open: true, probes: 0 };
  io.pages = new Pages({
    send: (frame) => {
      if (!io.open) return 0;
      io.sent.push(frame);
      io.pings += 1;
      return io.pings;
    },
    ping: () => {
      io.pings += 1;
      io.probes += 1;
    },
    canSend: () => io.synced,
    pongs: () => io.pongs,
  });
  io.pong = () => {
    io.pongs += 1;
    io.pages.pong();
  };
  return io;
}

const turn = (n) => ({ role: n % 2 ? 'assistant' : 'user', text: `t${n}`, gen: `g${n >> 1}`, n, at: n });
/** 'resolved', 'rejected' or 'pending' once the microtasks have run (setImmediate: not mocked). */
const settled = (promise) => Promise.race([promise.then(() => 'resolved', () => 'rejected'), new Promise((r) => setImmediate(() => r('pending')))]);

describe('pages', () => {
  test('one request is on the wire at a time, and answers go to requests in the order asked', async () => {
    const io = fake();
    const first = io.pages.request(10, 2);
    const second = io.pages.request(() => 8, undefined);
    assert.deepEqual(io.sent, [{ type: 'history', before: 10, limit: 2 }]);
    io.pages.answer({ type: 'history', turns: [turn(8), turn(9)], more: true });
    assert.deepEqual(await first, { turns: [turn(8), turn(9)], more: true });
    assert.deepEqual(io.sent.at(-1), { type: 'history', before: 8 }, 'the next goes out once the first is answered');
    io.pong(); // the ping after the first
    io.pages.answer({ type: 'history', turns: [], more: false });
    assert.deepEqual(await second, { turns: [], more: false });
  });

  test('a request the server refused rejects with its error once the ping after it is answered', async () => {
    const io = fake();
    io.pings = 3; // the socket's earlier pings (the sync, liveness)
    const refused = io.pages.request(10, undefined);
    const next = io.pages.request(10, undefined);
    io.pong(); // an earlier ping's pong: the answer may still come
    assert.equal(await settled(refused), 'pending');
    const error = new SwitchboardError('rate_limited', 'more than 50 frames per second');
    io.pages.error(error);
    io.pong();
    io.pong();
    io.pong(); // the ping after the request
    await assert.rejects(refused, (e) => e === error);
    assert.equal(io.sent.length, 2, 'then the next request goes out');
    io.pages.answer({ type: 'history', turns: [turn(9)], more: true });
    assert.deepEqual((await next).turns, [turn(9)]);
  });

  test('after an error, a ping a second later settles a request whose own ping was dropped too', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const io = fake();
    const refused = io.pages.request(10, undefined);
    const error = new SwitchboardError('rate_limited', 'more than 50 frames per second');
    io.pages.error(error); // the history frame
    io.pages.error(error); // and the ping after it
    t.mock.timers.tick(PROBE_DELAY - 1);
    assert.equal(io.probes, 0);
    t.mock.timers.tick(1);
    assert.equal(io.probes, 1, 'one probe, however many errors');
    io.pong(); // the probe's
    await assert.rejects(refused, (e) => e === error);
    io.pages.request(10, undefined);
    io.pages.error(error);
    io.pages.answer({ type: 'history', turns: [], more: false }); // the error was another frame's
    t.mock.timers.tick(PROBE_DELAY * 3);
    assert.equal(io.probes, 1, 'no probe once the request is settled');
  });

  test('pings the server dropped before leave the count behind: probes go on until it catches up', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const io = fake();
    io.pings = 3;
    io.pongs = 1; // two pings of this socket were dropped earlier
    const refused = io.pages.request(10, undefined); // its ping is the 4th
    io.pages.error(new SwitchboardError('rate_limited', 'x'));
    io.pages.error(new SwitchboardError('rate_limited', 'y'));
    for (let i = 1; i <= 2; i++) {
      t.mock.timers.tick(PROBE_DELAY);
      io.pong();
      assert.equal(await settled(refused), 'pending', `after probe ${i} the count (${io.pongs}) is still behind`);
    }
    t.mock.timers.tick(PROBE_DELAY);
    io.pong();
    await assert.rejects(refused, { code: 'rate_limited', message: 'y' });
    assert.equal(io.probes, 3);
  });

  test('a request the server answered with something else rejects with protocol', async () => {
    const io = fake();
    const request = io.pages.request(5, undefined);
    io.pong();
    await assert.rejects(request, { name: 'SwitchboardError', code: 'protocol', message: 'the server did not answer the history request' });
  });

  test('a request waits while the client is not synced, and one on a lost socket goes out again', async () => {
    const io = fake();
    io.synced = false;
    const request = io.pages.request(() => io.sent.length + 20, undefined);
    assert.deepEqual(io.sent, []);
    io.synced = true;
    io.pages.next();
    assert.deepEqual(io.sent, [{ type: 'history', before: 20 }]);
    io.pages.newSocket(); // dropped before the answer
    io.pings = 0;
    io.pongs = 0;
    io.pages.answer({ type: 'history', turns: [turn(1)], more: false }); // a late answer nobody asked for here
    assert.equal(await settled(request), 'pending');
    io.pages.next(); // synced on the new socket
    assert.deepEqual(io.sent.at(-1), { type: 'history', before: 21 }, 'before is asked again when it goes out again');
    io.pages.answer({ type: 'history', turns: [turn(3)], more: false });
    assert.deepEqual((await request).turns, [turn(3)]);
  });

  test('failAll rejects every request, and an answer that comes after is not taken', async () => {
    const io = fake();
    const requests = [io.pages.request(1, undefined), io.pages.request(2, undefined)];
    const closed = new SwitchboardError('closed', 'the client was closed');
    io.pages.failAll(closed);
    for (const r of requests) await assert.rejects(r, (e) => e === closed);
    io.pages.answer({ type: 'history', turns: [], more: false });
  });

  test('turns keep role, text, gen, n and at; a frame without turns is an empty page', async () => {
    const io = fake();
    const page = io.pages.request(3, undefined);
    io.pages.answer({ type: 'history', turns: [{ ...turn(2), extra: 1 }], more: 'yes' });
    assert.deepEqual(await page, { turns: [turn(2)], more: false });
    const empty = io.pages.request(3, undefined);
    io.pages.answer({ type: 'history' });
    assert.deepEqual(await empty, { turns: [], more: false });
  });
});

describe('page options throw exact messages', () => {
  const cases = [
    [() => pageOptions('x', 'historyPage'), 'historyPage options must be an object'],
    [() => pageOptions(null, 'loadOlder'), 'loadOlder options must be an object'],
    [() => pageOptions([], 'historyPage'), 'historyPage options must be an object'],
    [() => pageOptions({ before: -1 }, 'historyPage'), 'before must be a non-negative integer'],
    [() => pageOptions({ before: 1.5 }, 'historyPage'), 'before must be a non-negative integer'],
    [() => pageOptions({ before: '3' }, 'historyPage'), 'before must be a non-negative integer'],
    [() => pageOptions({ before: 2 ** 53 }, 'historyPage'), 'before must be a non-negative integer'],
    [() => pageOptions({ limit: 0 }, 'historyPage'), 'limit must be an integer from 1 to 200'],
    [() => pageOptions({ limit: 201 }, 'loadOlder'), 'limit must be an integer from 1 to 200'],
    [() => pageOptions({ limit: 2.5 }, 'loadOlder'), 'limit must be an integer from 1 to 200'],
    [() => pageOptions({ limit: '5' }, 'loadOlder'), 'limit must be an integer from 1 to 200'],
  ];
  for (const [call, message] of cases) {
    test(message, () => assert.throws(call, { name: 'TypeError', message }));
  }

  test('the bounds themselves are allowed', () => {
    assert.deepEqual(pageOptions({ before: 0, limit: 1 }, 'historyPage'), { before: 0, limit: 1 });
    assert.deepEqual(pageOptions({ limit: 200 }, 'loadOlder'), { before: undefined, limit: 200 });
    assert.deepEqual(pageOptions(undefined, 'loadOlder'), {});
  });
});
