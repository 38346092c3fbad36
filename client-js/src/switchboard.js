/**
 * Switchboard client: one WebSocket to a Switchboard server, bound to one chat session.
 * Zero dependencies; an ES module for browsers and Node 22+ (or pass `WebSocket` in options).
 *
 * @example
 *   import { Switchboard } from '/switchboard.js';
 *   const client = await Switchboard.connect('ws://localhost:8080/ws');
 *   const reply = client.prompt('hello there');
 *   for await (const token of reply) console.log(token);
 *   console.log((await reply.done).reason);
 *
 * This is the first cut served by the core server; reconnect with resume, storage and
 * TypeScript declarations are the browser-client issue's work.
 * @module switchboard
 */

/** An error frame from the server, or a client-side failure, with the protocol's `code`. */
export class SwitchboardError extends Error {
  /**
   * @param {string} code the protocol error code (e.g. `busy`) or `closed`
   * @param {string} message what went wrong
   */
  constructor(code, message) {
    super(message);
    this.name = 'SwitchboardError';
    this.code = code;
  }
}

/** A reply being streamed: async-iterable over token strings. */
export class Reply extends EventTarget {
  /** @param {Client} client @param {string} id */
  constructor(client, id) {
    super();
    this.client = client;
    this.id = id;
    /** @type {string|null} the server's generation id, once queued */
    this.gen = null;
    this.tokens = [];
    this.waiters = [];
    this.finished = false;
    /** @type {Promise<object>} resolves with the `done` frame, rejects with a SwitchboardError */
    this.done = new Promise((resolve, reject) => { this.resolve = resolve; this.reject = reject; });
    this.done.catch(() => {});
  }

  /** Stops this reply; it ends with reason `cancelled`. */
  cancel() {
    this.client.send(this.gen ? { type: 'cancel', gen: this.gen } : { type: 'cancel' });
  }

  /** @param {object} frame a session event of this reply */
  handle(frame) {
    if (frame.type === 'queued') {
      this.gen = frame.gen;
      this.dispatchEvent(new CustomEvent('queued', { detail: { position: frame.position } }));
    } else if (frame.type === 'start') {
      this.dispatchEvent(new Event('start'));
    } else if (frame.type === 'token') {
      this.push(frame.text);
    } else if (frame.type === 'done') {
      this.finish();
      this.resolve(frame);
    }
  }

  /** @param {SwitchboardError} error */
  fail(error) {
    this.finish();
    this.reject(error);
  }

  push(text) {
    const waiter = this.waiters.shift();
    if (waiter) waiter({ value: text, done: false }); else this.tokens.push(text);
  }

  finish() {
    this.finished = true;
    for (const waiter of this.waiters.splice(0)) waiter({ value: undefined, done: true });
  }

  [Symbol.asyncIterator]() {
    return {
      next: () => {
        if (this.tokens.length) return Promise.resolve({ value: this.tokens.shift(), done: false });
        if (this.finished) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => this.waiters.push(resolve));
      },
    };
  }
}

/** A connection attached to one session. Emits `event` (every session event) and `close`. */
export class Client extends EventTarget {
  /** @param {WebSocket} socket @param {object} welcome */
  constructor(socket, welcome) {
    super();
    this.socket = socket;
    this.session = welcome.session;
    this.history = welcome.history || [];
    this.seq = welcome.seq;
    this.replies = new Map();
    this.nextId = 1;
    socket.addEventListener('message', (e) => this.receive(JSON.parse(e.data)));
    socket.addEventListener('close', (e) => {
      for (const reply of this.replies.values()) reply.fail(new SwitchboardError('closed', `closed ${e.code}`));
      this.replies.clear();
      this.dispatchEvent(new CustomEvent('close', { detail: { code: e.code, reason: e.reason } }));
    });
  }

  /**
   * Sends a prompt.
   * @param {string} text the prompt
   * @param {object} [params] generator params (for echo: repeat, delayMs, ...)
   * @returns {Reply}
   */
  prompt(text, params) {
    if (typeof text !== 'string') throw new TypeError('prompt text must be a string');
    const id = `p${this.nextId++}`;
    const reply = new Reply(this, id);
    this.replies.set(id, reply);
    this.send(params ? { type: 'prompt', id, text, params } : { type: 'prompt', id, text });
    return reply;
  }

  /** @param {object} frame */
  send(frame) {
    this.socket.send(JSON.stringify(frame));
  }

  /** Closes the connection; replies keep running on the server. */
  close() {
    this.socket.close(1000, 'bye');
  }

  receive(frame) {
    if (typeof frame.seq === 'number' && frame.type !== 'welcome') {
      this.seq = Math.max(this.seq, frame.seq);
      this.dispatchEvent(new CustomEvent('event', { detail: frame }));
    }
    if (frame.type === 'error') {
      const reply = frame.id && this.replies.get(frame.id);
      if (reply) {
        this.replies.delete(frame.id);
        reply.fail(new SwitchboardError(frame.code, frame.message));
      }
      this.dispatchEvent(new CustomEvent('error', { detail: frame }));
      return;
    }
    const reply = frame.id ? this.replies.get(frame.id) : [...this.replies.values()].find((r) => r.gen === frame.gen);
    if (reply && frame.gen && (frame.type !== 'queued' || !reply.gen || reply.gen === frame.gen)) {
      reply.handle(frame);
      if (frame.type === 'done') this.replies.delete(reply.id);
    }
  }
}

/** Entry point. */
export const Switchboard = {
  /**
   * Opens a connection and attaches to a session.
   * @param {string} url e.g. `ws://localhost:8080/ws`
   * @param {{session?: string, after?: number, WebSocket?: typeof WebSocket}} [options]
   * @returns {Promise<Client>} resolves after `welcome`
   */
  connect(url, options = {}) {
    const Impl = options.WebSocket || globalThis.WebSocket;
    if (!Impl) throw new SwitchboardError('no_websocket', 'no WebSocket implementation: pass options.WebSocket');
    return new Promise((resolve, reject) => {
      const socket = new Impl(url);
      const onFirst = (e) => {
        const frame = JSON.parse(e.data);
        socket.removeEventListener('message', onFirst);
        if (frame.type === 'welcome') resolve(new Client(socket, frame));
        else reject(new SwitchboardError(frame.code || 'protocol', frame.message || 'expected welcome'));
      };
      socket.addEventListener('message', onFirst);
      socket.addEventListener('open', () => {
        const hello = { type: 'hello' };
        if (options.session) hello.session = options.session;
        if (typeof options.after === 'number') hello.after = options.after;
        socket.send(JSON.stringify(hello));
      });
      socket.addEventListener('error', () => reject(new SwitchboardError('closed', `cannot connect to ${url}`)));
    });
  },
};
