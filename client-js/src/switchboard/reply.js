/**
 * One prompt's reply as the client that sent it sees it.
 * @module switchboard/reply
 */

import { Emitter } from './emitter.js';

/**
 * A reply being streamed. Async-iterable over its token strings (each iteration starts from the
 * first token, so it can be iterated late, or twice); `done` resolves with the `done` frame.
 *
 * Events (`reply.on(type, fn)` or `addEventListener`): `queued` ({position}: sent again when the
 * position changes, at most once per 500 ms), `start`, `token` ({text}), `done` (the frame),
 * `fail` (a SwitchboardError).
 *
 * A prompt the server refuses (busy, bad_request, ...) rejects `done` and makes iteration throw;
 * a reply that ends early (reason `cancelled`, `error`, `timeout`, `shutdown`) resolves `done`
 * normally: read `done.reason`.
 */
export class Reply extends Emitter {
  /** @type {(reply: Reply) => void} */
  #onCancel;
  /** @type {Array<() => void>} */
  #waiters = [];
  /** @type {(frame: object) => void} */
  #resolve;
  /** @type {(error: Error) => void} */
  #reject;

  /**
   * Made by `Client.prompt()`, not by hand.
   * @param {string} id the client's prompt id
   * @param {string} prompt the prompt text
   * @param {object|undefined} params generator params
   * @param {(reply: Reply) => void} onCancel asks the client to cancel this reply
   */
  constructor(id, prompt, params, onCancel) {
    super();
    /** @type {string} the prompt id the client chose (unique per client) */
    this.id = id;
    /** @type {string} */
    this.prompt = prompt;
    /** @type {object|undefined} */
    this.params = params;
    /** @type {string|null} the server's generation id, from `queued` on */
    this.gen = null;
    /** @type {number|null} 1 = next to run; null before `queued`, 0 once started */
    this.position = null;
    /** @type {'pending'|'queued'|'running'|'done'|'failed'} */
    this.status = 'pending';
    /** @type {string} the reply so far */
    this.text = '';
    /** @type {string[]} the tokens so far */
    this.tokens = [];
    /** @type {Error|null} why it failed, once `status` is `failed` */
    this.error = null;
    /** @type {boolean} whether `cancel()` was called */
    this.cancelRequested = false;
    /** @type {number} the last seq applied: events at or below it are duplicates */
    this.lastSeq = 0;
    this.#onCancel = onCancel;
    /** @type {Promise<object>} resolves with the `done` frame; rejects with a SwitchboardError */
    this.done = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.done.catch(() => {}); // a caller that only iterates must not see an unhandled rejection
  }

  /** Whether the reply has ended (done or failed). */
  get settled() {
    return this.status === 'done' || this.status === 'failed';
  }

  /**
   * Stops this reply: it ends with `done.reason` `cancelled` (keeping its partial text). Safe to call
   * at any time: before the server has the prompt the cancel waits for it, and after the end it
   * does nothing.
   */
  cancel() {
    if (this.settled || this.cancelRequested) return;
    this.cancelRequested = true;
    this.#onCancel(this);
  }

  /**
   * Applies one session event of this reply. Events at or below `lastSeq` are dropped, so a
   * replay after reconnect never duplicates a token.
   * @param {{type: string, seq: number, gen: string, text?: string, position?: number}} frame
   * @returns {boolean} whether it was new
   * @internal
   */
  _apply(frame) {
    if (this.settled || frame.seq <= this.lastSeq) return false;
    this.lastSeq = frame.seq;
    switch (frame.type) {
      case 'queued': // a re-sent one may carry no `text`; only the position matters here
        if (this.status === 'running') return false; // a position update that lost the race with start
        this.gen = frame.gen;
        this.position = frame.position;
        if (this.status === 'pending') this.status = 'queued';
        this.emit('queued', { position: frame.position });
        break;
      case 'start':
        this.status = 'running';
        this.position = 0;
        this.emit('start', { gen: frame.gen });
        break;
      case 'token':
        this.tokens.push(frame.text);
        this.text += frame.text;
        this.#wake();
        this.emit('token', { text: frame.text });
        break;
      case 'done':
        this.status = 'done';
        this.#resolve(frame);
        this.#wake();
        this.emit('done', frame);
        break;
      default:
        return false;
    }
    return true;
  }

  /**
   * Ends the reply with an error: `done` rejects, iteration throws after the tokens so far.
   * @param {Error} error
   * @internal
   */
  _fail(error) {
    if (this.settled) return;
    this.status = 'failed';
    this.error = error;
    this.#reject(error);
    this.#wake();
    this.emit('fail', error);
  }

  #wake() {
    for (const waiter of this.#waiters.splice(0)) waiter();
  }

  /**
   * Iterates the token strings: the ones so far, then live ones, until the reply ends.
   * Breaking out of the loop stops the iteration only; call `cancel()` to stop the reply.
   * @returns {AsyncIterableIterator<string>}
   */
  [Symbol.asyncIterator]() {
    let index = 0;
    let finished = false;
    const iterator = {
      next: () => {
        if (finished) return Promise.resolve({ value: undefined, done: true });
        if (index < this.tokens.length) return Promise.resolve({ value: this.tokens[index++], done: false });
        if (this.status === 'failed') {
          finished = true;
          return Promise.reject(this.error);
        }
        if (this.status === 'done') {
          finished = true;
          return Promise.resolve({ value: undefined, done: true });
        }
        return new Promise((resolve) => this.#waiters.push(() => resolve(iterator.next())));
      },
      return: () => {
        finished = true;
        return Promise.resolve({ value: undefined, done: true });
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }
}
