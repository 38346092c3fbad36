// The session's conversation: history and live turns.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Conversation } from '../src/switchboard/conversation.js';

test('the conversation adds a turn pair when a reply ends, whatever the reason', () => {
  const c = new Conversation();
  c.reset([{ role: 'user', text: 'hi' }, { role: 'assistant', text: 'hi' }]);
  c.apply({ type: 'queued', seq: 5, gen: 'g2', id: 'x', text: 'stop me', position: 1 });
  c.apply({ type: 'start', seq: 6, gen: 'g2' });
  c.apply({ type: 'token', seq: 7, gen: 'g2', text: 'stop ' });
  assert.deepEqual(c.live, [{ gen: 'g2', id: 'x', prompt: 'stop me', text: 'stop ', position: 0, running: true }]);
  assert.equal(c.generating, 'g2');
  c.apply({ type: 'done', seq: 8, gen: 'g2', id: 'x', text: 'stop ', reason: 'cancelled', tokens: 1 });
  assert.deepEqual(c.live, []);
  assert.deepEqual(c.history.slice(2), [{ role: 'user', text: 'stop me' }, { role: 'assistant', text: 'stop ' }]);
});
