// The session's conversation: history and live turns, turn ids, pages put in front.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Conversation } from '../src/switchboard/conversation.js';

/** A clock the test moves by hand. */
function clock(start = 1000) {
  const c = () => c.t;
  c.t = start;
  return c;
}

const welcomeTurns = [
  { role: 'user', text: 'hi', gen: 'g1', n: 40, at: 100 },
  { role: 'assistant', text: 'hi', gen: 'g1', n: 41, at: 110 },
];

test('the conversation adds a turn pair when a reply ends, whatever the reason', () => {
  const c = new Conversation();
  c.reset(welcomeTurns);
  c.apply({ type: 'queued', seq: 5, gen: 'g2', id: 'x', text: 'stop me', position: 1 });
  c.apply({ type: 'start', seq: 6, gen: 'g2' });
  c.apply({ type: 'token', seq: 7, gen: 'g2', text: 'stop ' });
  assert.deepEqual(c.live, [{ gen: 'g2', id: 'x', prompt: 'stop me', text: 'stop ', position: 0, running: true }]);
  assert.equal(c.generating, 'g2');
  c.apply({ type: 'done', seq: 8, gen: 'g2', id: 'x', text: 'stop ', reason: 'cancelled', tokens: 1 });
  assert.deepEqual(c.live, []);
  assert.deepEqual(c.history.slice(2).map(({ role, text }) => ({ role, text })), [{ role: 'user', text: 'stop me' }, { role: 'assistant', text: 'stop ' }]);
});

test('turns from the welcome keep gen, n and at; nothing else the server sent', () => {
  const c = new Conversation();
  c.reset([{ ...welcomeTurns[0], by: { name: 'ann' } }, welcomeTurns[1]]);
  assert.deepEqual(c.history, welcomeTurns);
  assert.equal(c.oldestN(), 40);
});

test('turns the client builds are numbered on from the last known, in the order replies end, at the client clock', () => {
  const now = clock();
  const c = new Conversation(now);
  c.reset(welcomeTurns);
  c.apply({ type: 'queued', seq: 1, gen: 'g2', id: 'a', text: 'first', position: 1 });
  now.t = 1005;
  c.apply({ type: 'queued', seq: 2, gen: 'g3', id: 'b', text: 'second', position: 2 });
  now.t = 1020;
  // g3 ends first (cancelled while queued): the server numbers its pair first
  c.apply({ type: 'done', seq: 3, gen: 'g3', id: 'b', text: '', reason: 'cancelled', tokens: 0 });
  now.t = 1030;
  c.apply({ type: 'done', seq: 4, gen: 'g2', id: 'a', text: 'first', reason: 'stop', tokens: 1 });
  assert.deepEqual(c.history.slice(2), [
    { role: 'user', text: 'second', gen: 'g3', n: 42, at: 1005 },
    { role: 'assistant', text: '', gen: 'g3', n: 43, at: 1020 },
    { role: 'user', text: 'first', gen: 'g2', n: 44, at: 1000 },
    { role: 'assistant', text: 'first', gen: 'g2', n: 45, at: 1030 },
  ]);
});

test('a session with no turns yet numbers its first turn 0', () => {
  const c = new Conversation(clock());
  c.reset([]);
  assert.equal(c.oldestN(), null);
  c.apply({ type: 'queued', seq: 1, gen: 'g1', id: 'a', text: 'x', position: 1 });
  c.apply({ type: 'done', seq: 2, gen: 'g1', id: 'a', text: 'x', reason: 'stop', tokens: 1 });
  assert.deepEqual(c.history.map((t) => t.n), [0, 1]);
});

test('a reply whose queued was never seen still uses both numbers: the server made a user turn too', () => {
  const c = new Conversation(clock());
  c.reset(welcomeTurns);
  c.apply({ type: 'done', seq: 9, gen: 'g7', id: 'a', text: 'orphan', reason: 'stop', tokens: 1 });
  assert.deepEqual(c.history.slice(2).map((t) => [t.role, t.n]), [['assistant', 43]]);
});

test('a re-sent queued without text moves the position and keeps the prompt text', () => {
  const c = new Conversation();
  c.reset([]);
  c.apply({ type: 'queued', seq: 1, gen: 'g1', id: 'a', text: 'keep me', position: 3 });
  c.apply({ type: 'queued', seq: 2, gen: 'g1', id: 'a', position: 2 });
  assert.deepEqual(c.live, [{ gen: 'g1', id: 'a', prompt: 'keep me', text: '', position: 2, running: false }]);
  c.apply({ type: 'done', seq: 3, gen: 'g1', id: 'a', text: '', reason: 'cancelled', tokens: 0 });
  assert.equal(c.history[0].text, 'keep me');
});

test('a queued without text for an unknown generation makes no turn, and what follows it does not throw', () => {
  const c = new Conversation();
  c.reset([]);
  c.apply({ type: 'queued', seq: 1, gen: 'g9', id: 'z', position: 2 });
  assert.deepEqual(c.live, []);
  assert.equal(c.has('g9'), false);
  c.apply({ type: 'start', seq: 2, gen: 'g9', id: 'z' });
  c.apply({ type: 'token', seq: 3, gen: 'g9', text: 'a' });
  c.apply({ type: 'done', seq: 4, gen: 'g9', id: 'z', text: 'a', reason: 'stop', tokens: 1 });
  assert.deepEqual(c.history.map((t) => [t.role, t.text, t.n]), [['assistant', 'a', 1]]);
  assert.ok(c.history.every((t) => typeof t.text === 'string'));
});

test('a position update that comes after start does not put the turn back in the queue', () => {
  const c = new Conversation();
  c.reset([]);
  c.apply({ type: 'queued', seq: 1, gen: 'g1', id: 'a', text: 'x', position: 2 });
  c.apply({ type: 'start', seq: 2, gen: 'g1', id: 'a' });
  c.apply({ type: 'queued', seq: 3, gen: 'g1', id: 'a', position: 1 });
  assert.deepEqual(c.live.map((t) => [t.position, t.running]), [[0, true]]);
});

test('a page goes in front of the history, without the turns already held', () => {
  const c = new Conversation();
  c.reset(welcomeTurns);
  const page = [38, 39, 40, 41].map((n) => ({ role: n % 2 ? 'assistant' : 'user', text: `t${n}`, gen: `g${n >> 1}`, n, at: n }));
  const added = c.prepend(page);
  assert.deepEqual(added.map((t) => t.n), [38, 39]);
  assert.deepEqual(c.history.map((t) => t.n), [38, 39, 40, 41]);
  assert.equal(c.oldestN(), 38);
});

test('a page into an empty history also tells the number of the next turn', () => {
  const c = new Conversation(clock());
  c.reset([]); // a server whose welcome carries no turns (--welcome-history-turns 0)
  c.prepend([{ role: 'user', text: 'a', gen: 'g5', n: 10, at: 1 }, { role: 'assistant', text: 'a', gen: 'g5', n: 11, at: 2 }]);
  c.apply({ type: 'queued', seq: 1, gen: 'g6', id: 'a', text: 'b', position: 1 });
  c.apply({ type: 'done', seq: 2, gen: 'g6', id: 'a', text: 'b', reason: 'stop', tokens: 1 });
  assert.deepEqual(c.history.map((t) => t.n), [10, 11, 12, 13]);
});
