// Switchboard.connect's arguments: misuse throws a TypeError with an exact message, at once.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Switchboard } from '../src/switchboard.js';

describe('misuse throws exact messages', () => {
  const cases = [
    [() => Switchboard.connect(42), 'url must be a string or a URL'],
    [() => Switchboard.connect('ftp://x/ws', { WebSocket: class {} }), 'url must be a ws: or wss: URL, got "ftp:"'],
    [() => Switchboard.connect('not a url', { WebSocket: class {} }), 'url is not a valid URL: "not a url"'],
    [() => Switchboard.connect('ws://x/ws', 'session'), 'options must be an object'],
    [() => Switchboard.connect('ws://x/ws', { session: 5 }), 'options.session must be a non-empty string'],
    [() => Switchboard.connect('ws://x/ws', { storage: {} }), 'options.storage must have getItem and setItem methods'],
    [() => Switchboard.connect('ws://x/ws', { storageKey: '' }), 'options.storageKey must be a non-empty string'],
    [() => Switchboard.connect('ws://x/ws', { WebSocket: 'ws' }), 'options.WebSocket must be a WebSocket constructor'],
    [() => Switchboard.connect('ws://x/ws', { WebSocket: class {}, token: 1 }), 'options.token must be a string or a function'],
    [() => Switchboard.connect('ws://x/ws', { WebSocket: class {}, reconnect: true }), 'options.reconnect must be an object or false'],
    [() => Switchboard.connect('ws://x/ws', { WebSocket: class {}, reconnect: { jitter: 2 } }), 'options.reconnect.jitter must be a number from 0 to 1'],
    [() => Switchboard.connect('ws://x/ws', { WebSocket: class {}, reconnect: { initialDelay: -1 } }), 'options.reconnect.initialDelay must be a finite number >= 0'],
    [() => Switchboard.connect('ws://x/ws', { WebSocket: class {}, reconnect: { maxAttempts: 0 } }), 'options.reconnect.maxAttempts must be a number >= 1'],
    [() => Switchboard.connect('ws://x/ws', { WebSocket: class {}, pingInterval: 'soon' }), 'options.pingInterval must be a finite number >= 0'],
  ];
  for (const [call, message] of cases) {
    test(message, () => assert.throws(call, { name: 'TypeError', message }));
  }

  test('no WebSocket implementation (Node before 22) says what to pass', { skip: typeof globalThis.WebSocket === 'function' }, () => {
    assert.throws(() => Switchboard.connect('ws://x/ws'), {
      name: 'TypeError',
      message: 'no WebSocket implementation: pass options.WebSocket (Node before 22 has none; the ws package works)',
    });
  });
});
