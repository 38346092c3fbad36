// The client against a real server: streaming, queue positions, cancel, errors, misuse.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Switchboard, SwitchboardError } from '../src/switchboard.js';
import { collect, connect, words } from './helpers/client.js';
import { startServer } from './helpers/server.js';

const T = { timeout: 15000 };
let server;

before(async () => {
  server = await startServer(['--echo-delay', '5ms']);
});
after(() => server?.stop());

describe('streaming', () => {
  test('a reply streams its tokens in order and done carries the whole text', T, async () => {
    const client = await connect(server.ws);
    try {
      assert.equal(client.state, 'connected');
      assert.match(client.session, /^[A-Za-z0-9_-]{22,}$/);
      const reply = client.prompt('hello there, streaming world', { delayMs: 30 });
      const arrivals = [];
      const tokens = [];
      for await (const token of reply) {
        tokens.push(token);
        arrivals.push(Date.now());
      }
      const done = await reply.done;
      assert.deepEqual(tokens, ['hello ', 'there, ', 'streaming ', 'world']);
      assert.equal(done.text, tokens.join(''));
      assert.equal(done.reason, 'stop');
      assert.equal(done.tokens, 4);
      assert.ok(arrivals.at(-1) - arrivals[0] >= 60, 'tokens arrived over time, not at once');
      assert.equal(reply.status, 'done');
      assert.equal(reply.text, done.text);
    } finally {
      client.close();
    }
  });

  test('a reply can be iterated late, and twice, from its first token', T, async () => {
    const client = await connect(server.ws);
    try {
      const reply = client.prompt('one two three');
      await reply.done;
      const first = [];
      for await (const token of reply) first.push(token);
      const second = [];
      for await (const token of reply) second.push(token);
      assert.deepEqual(first, ['one ', 'two ', 'three']);
      assert.deepEqual(second, first);
    } finally {
      client.close();
    }
  });

  test('queued tells the position and is sent again when it changes', T, async () => {
    const client = await connect(server.ws);
    try {
      const first = client.prompt('first', { firstTokenDelayMs: 300 });
      // long enough for third's position update, which the server sends within 500 ms of the change
      const second = client.prompt('second', { firstTokenDelayMs: 1500 });
      const third = client.prompt('third');
      const positions = collect(third, 'queued');
      const starts = collect(third, 'start');
      await Promise.all([first.done, second.done, third.done]);
      assert.deepEqual(positions.map((p) => p.position), [2, 1]);
      assert.equal(starts.length, 1);
      assert.equal(third.position, 0);
      assert.deepEqual(client.history.map((t) => t.text), ['first', 'first', 'second', 'second', 'third', 'third']);
      assert.deepEqual(client.live, []);
    } finally {
      client.close();
    }
  });

  test('a failing generator ends the reply with reason error, not a rejection', T, async () => {
    const client = await connect(server.ws);
    try {
      const reply = client.prompt('a b c d e', { failAfter: 2 });
      const tokens = [];
      for await (const token of reply) tokens.push(token);
      const done = await reply.done;
      assert.equal(done.reason, 'error');
      assert.equal(typeof done.error, 'string');
      assert.deepEqual(tokens, ['a ', 'b ']);
    } finally {
      client.close();
    }
  });
});

describe('cancel', () => {
  test('reply.cancel() stops a running reply, which keeps its partial text', T, async () => {
    const client = await connect(server.ws);
    try {
      const reply = client.prompt(words(200), { delayMs: 20 });
      const tokens = [];
      for await (const token of reply) {
        tokens.push(token);
        if (tokens.length === 3) reply.cancel();
      }
      const done = await reply.done;
      assert.equal(done.reason, 'cancelled');
      assert.ok(done.tokens < 200);
      assert.equal(done.text, tokens.join(''));
      assert.ok(done.text.startsWith('w1 w2 w3 '));
    } finally {
      client.close();
    }
  });

  test('cancel right after prompt() waits for the server to take the prompt, then stops it', T, async () => {
    const client = await connect(server.ws);
    try {
      const reply = client.prompt(words(100), { delayMs: 20 });
      reply.cancel();
      reply.cancel(); // twice is harmless
      const done = await reply.done;
      assert.equal(done.reason, 'cancelled');
      assert.ok(done.tokens < 100);
    } finally {
      client.close();
    }
  });

  test('a queued prompt can be cancelled before it starts: start then done cancelled, empty text', T, async () => {
    const client = await connect(server.ws);
    try {
      const running = client.prompt('slow', { firstTokenDelayMs: 400 });
      const waiting = client.prompt('never runs');
      await new Promise((resolve) => waiting.on('queued', resolve));
      waiting.cancel();
      const done = await waiting.done;
      assert.equal(done.reason, 'cancelled');
      assert.equal(done.text, '');
      assert.equal((await running.done).reason, 'stop');
      const errors = collect(client, 'error');
      waiting.cancel(); // after the end: nothing happens
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(errors, []);
    } finally {
      client.close();
    }
  });

  test('client.cancel() stops the running reply whoever sent it', T, async () => {
    const client = await connect(server.ws);
    try {
      const reply = client.prompt(words(100), { delayMs: 20 });
      await new Promise((resolve) => reply.on('token', resolve));
      assert.equal(client.generating, reply.gen);
      client.cancel();
      assert.equal((await reply.done).reason, 'cancelled');
    } finally {
      client.close();
    }
  });
});

describe('errors', () => {
  test('a refused prompt rejects done and makes iteration throw, with the protocol code', T, async () => {
    const client = await connect(server.ws);
    try {
      const reply = client.prompt('x', { repeat: -1 });
      await assert.rejects(reply.done, (e) => e instanceof SwitchboardError && e.code === 'bad_request' && /repeat/.test(e.message));
      await assert.rejects(async () => {
        for await (const _ of reply); // eslint-disable-line no-unused-vars
      }, { code: 'bad_request' });
      assert.equal(reply.status, 'failed');
      const typo = client.prompt('x', { delayms: 5 });
      await assert.rejects(typo.done, { code: 'bad_request' });
    } finally {
      client.close();
    }
  });

  test('a full session queue gives busy to the prompt beyond it', T, async () => {
    const client = await connect(server.ws);
    try {
      const replies = [client.prompt('head', { firstTokenDelayMs: 500 })];
      for (let i = 0; i < 9; i++) replies.push(client.prompt(`p${i}`, { delayMs: 0 }));
      const results = await Promise.allSettled(replies.map((r) => r.done));
      const refused = results.filter((r) => r.status === 'rejected');
      assert.equal(refused.length, 1, 'the default session queue holds 8 behind the running one');
      assert.equal(refused[0].reason.code, 'busy');
      assert.equal(results.at(-1).status, 'rejected');
    } finally {
      client.close();
    }
  });

  test('an error no reply takes is an error event with its code', T, async () => {
    const client = await connect(server.ws);
    try {
      const error = new Promise((resolve) => client.on('error', resolve));
      client.cancel('no-such-gen');
      const e = await error;
      assert.ok(e instanceof SwitchboardError);
      assert.equal(e.code, 'not_found');
      assert.equal(e.frame.gen, 'no-such-gen');
    } finally {
      client.close();
    }
  });

  test('the first connection failing rejects connect with connect_failed', T, async () => {
    await assert.rejects(connect('ws://127.0.0.1:1/ws'), (e) => e.code === 'connect_failed' && e instanceof SwitchboardError);
  });

  test('close() rejects the replies still pending with closed, and is safe twice', T, async () => {
    const client = await connect(server.ws);
    const reply = client.prompt(words(50), { delayMs: 20 });
    const states = collect(client, 'state');
    client.close();
    client.close();
    await assert.rejects(reply.done, { code: 'closed', message: 'the client was closed' });
    assert.equal(client.state, 'closed');
    assert.deepEqual(states.map((s) => s.state), ['closed']);
    assert.throws(() => client.prompt('late'), { name: 'SwitchboardError', code: 'closed', message: 'the client is closed' });
  });
});

describe('misuse', () => {
  test('prompt, cancel and on check their arguments', T, async () => {
    const client = await connect(server.ws);
    try {
      assert.throws(() => client.prompt(), { name: 'TypeError', message: 'prompt text must be a string' });
      assert.throws(() => client.prompt('x', []), { name: 'TypeError', message: 'prompt params must be an object' });
      assert.throws(() => client.prompt('x', null), { name: 'TypeError', message: 'prompt params must be an object' });
      assert.throws(() => client.cancel(7), { name: 'TypeError', message: 'gen must be a string' });
      assert.throws(() => client.on('event'), { name: 'TypeError', message: 'listener must be a function' });
    } finally {
      client.close();
    }
  });
});
