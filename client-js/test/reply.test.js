// A reply fed frames by hand: dedupe by seq, iteration.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Reply } from '../src/switchboard.js';

test('a reply drops frames at or below the last seq it applied, so a replay never repeats a token', async () => {
  const reply = new Reply('p1', 'a b', undefined, () => {});
  const frames = [
    { type: 'queued', seq: 1, gen: 'g1', id: 'p1', text: 'a b', position: 1 },
    { type: 'start', seq: 2, gen: 'g1', id: 'p1' },
    { type: 'token', seq: 3, gen: 'g1', text: 'a ' },
  ];
  for (const f of frames) assert.equal(reply._apply(f), true);
  for (const f of frames) assert.equal(reply._apply(f), false, 'replayed');
  reply._apply({ type: 'token', seq: 4, gen: 'g1', text: 'b' });
  reply._apply({ type: 'done', seq: 5, gen: 'g1', id: 'p1', text: 'a b', reason: 'stop', tokens: 2 });
  const tokens = [];
  for await (const t of reply) tokens.push(t);
  assert.deepEqual(tokens, ['a ', 'b']);
  assert.equal((await reply.done).text, 'a b');
});

test('breaking out of a for-await stops the iteration, not the reply', async () => {
  let cancelled = false;
  const reply = new Reply('p1', 'x', undefined, () => { cancelled = true; });
  reply._apply({ type: 'token', seq: 1, gen: 'g', text: 'x ' });
  for await (const _ of reply) break; // eslint-disable-line no-unused-vars
  assert.equal(cancelled, false);
});

test('a re-sent queued without text still tells the reply its new position', () => {
  const reply = new Reply('p1', 'x', undefined, () => {});
  const positions = [];
  reply.on('queued', ({ position }) => positions.push(position));
  reply._apply({ type: 'queued', seq: 1, gen: 'g1', id: 'p1', text: 'x', position: 3 });
  reply._apply({ type: 'queued', seq: 2, gen: 'g1', id: 'p1', position: 1 });
  assert.deepEqual(positions, [3, 1]);
  assert.equal(reply.position, 1);
  assert.equal(reply.prompt, 'x');
});

test('a position update after start is ignored: the reply stays running at position 0', () => {
  const reply = new Reply('p1', 'x', undefined, () => {});
  reply._apply({ type: 'queued', seq: 1, gen: 'g1', id: 'p1', text: 'x', position: 2 });
  reply._apply({ type: 'start', seq: 2, gen: 'g1', id: 'p1' });
  assert.equal(reply._apply({ type: 'queued', seq: 3, gen: 'g1', id: 'p1', position: 1 }), false);
  assert.equal(reply.status, 'running');
  assert.equal(reply.position, 0);
});
