/** Connects the library under test from Node 20, which has no global WebSocket: `ws` stands in. */
import WebSocket from 'ws';
import { Switchboard } from '../../src/switchboard.js';

/**
 * A `ws` WebSocket that the tests can cut off (`terminate()`: no close frame, like a dropped
 * network), mute (frames from the server are swallowed, like a half-open connection), or refuse
 * to open (like a server that is down).
 */
export function trackedWebSocket() {
  const sockets = [];
  const control = { refuse: false, mute: false, sockets, last: () => sockets.at(-1) };
  class Tracked extends WebSocket {
    constructor(url, ...rest) {
      super(control.refuse ? 'ws://127.0.0.1:1/ws' : url, ...rest);
      sockets.push(this);
    }

    addEventListener(type, listener, options) {
      if (type !== 'message') return super.addEventListener(type, listener, options);
      return super.addEventListener(type, (event) => {
        if (!control.mute) listener(event);
      }, options);
    }
  }
  control.WebSocket = Tracked;
  return control;
}

/** Fast reconnects for tests. */
export const FAST = { initialDelay: 20, maxDelay: 200, factor: 2, jitter: 0.5 };

/**
 * @param {string} url
 * @param {object} [options] passed on; `WebSocket` defaults to `ws`
 */
export function connect(url, options = {}) {
  return Switchboard.connect(url, { WebSocket, reconnect: FAST, ...options });
}

/** Collects `type` events of `target` (Client or Reply) into an array. */
export function collect(target, type) {
  const seen = [];
  target.on(type, (detail) => seen.push(detail));
  return seen;
}

/** Resolves with the first `type` event of `target` for which `test(detail)` holds. */
export function next(target, type, test = () => true) {
  return new Promise((resolve) => {
    const off = target.on(type, (detail) => {
      if (test(detail)) {
        off();
        resolve(detail);
      }
    });
  });
}

/** Waits until `test()` holds (polling every 10 ms), or throws after `ms`. */
export async function until(test, ms = 5000, what = 'condition') {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * What two clients agree on about turns: all but `at`, which for a turn a client built itself is
 * that client's clock (the server's comes with the next redraw).
 */
export function ids(turns) {
  return turns.map(({ role, text, gen, n }) => ({ role, text, gen, n }));
}

/** Turns as who said what. */
export function said(turns) {
  return turns.map(({ role, text }) => ({ role, text }));
}

/** Words w1 .. wn: a prompt whose echo shows any duplicate or missing token. */
export function words(n, prefix = 'w') {
  return Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`).join(' ');
}
