/**
 * Pages of older history asked of the server (PROTOCOL.md 1.1, "Turn ids and history pages"): the
 * `history` frames of this client, their answers, and what becomes of them across a drop.
 *
 * An answer names no request, so requests are matched first in, first out, and only one is on the
 * wire at a time: the server may drop any frame (`rate_limited`, with an `error` that names no
 * frame), and with two on the wire the answer to the second would be taken for the first. Each
 * `history` frame is followed by a `ping`; the server answers in order, so once that ping is
 * answered and no `history` frame came, the request got an error instead: it rejects with the
 * last `error` that came meanwhile. Pings are told apart by counting (the server answers them in
 * order), and a ping the server dropped leaves the count behind for good, so "answered" can come
 * late but never early. So once an `error` came while a request was on the wire, the client pings
 * once a second until the count shows it settled: it does not wait for the liveness ping, which a
 * streaming reply may hold off for as long as it streams.
 *
 * Across a drop: a request that was on the lost socket, or made while the client was not
 * connected, goes out once the client is connected again (a page is a read: asking twice is
 * harmless). It rejects only when the client is closed (`closed`) or the session is lost
 * (`session_lost`: its turns were another session's).
 * @module switchboard/pages
 */

import { ErrorCode } from './codes.js';
import { toTurn } from './conversation.js';
import { SwitchboardError } from './errors.js';

/** The most turns one page may ask for (PROTOCOL.md). */
export const MAX_PAGE_TURNS = 200;

/** ms between the pings that settle a request an `error` may have answered. */
export const PROBE_DELAY = 1000;

/** `before` when the client holds no turn: the most recent turns the server holds. */
export const LATEST = Number.MAX_SAFE_INTEGER;

/**
 * @typedef {object} HistoryPage
 * @property {import('./conversation.js').Turn[]} turns oldest first
 * @property {boolean} more whether the server still holds turns older than these
 */

/**
 * @typedef {object} PageRequest
 * @property {number|(() => number)} before a turn index, or a function asked each time the
 *   request goes out (`loadOlder`: the oldest turn held then)
 * @property {number|undefined} limit undefined: the server's default (50)
 * @property {(page: HistoryPage) => void} resolve
 * @property {(error: Error) => void} reject
 */

/**
 * Checks the options of `historyPage()` / `loadOlder()`.
 * @param {unknown} options
 * @param {string} method the method's name, for the message
 * @returns {{before?: number, limit?: number}}
 * @throws {TypeError} `METHOD options must be an object`, `before must be a non-negative
 *   integer`, `limit must be an integer from 1 to 200`
 */
export function pageOptions(options, method) {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${method} options must be an object`);
  }
  const { before, limit } = /** @type {Record<string, unknown>} */ (options);
  if (before !== undefined && !(Number.isSafeInteger(before) && /** @type {number} */ (before) >= 0)) {
    throw new TypeError('before must be a non-negative integer');
  }
  if (limit !== undefined && !(Number.isInteger(limit) && /** @type {number} */ (limit) >= 1 && /** @type {number} */ (limit) <= MAX_PAGE_TURNS)) {
    throw new TypeError(`limit must be an integer from 1 to ${MAX_PAGE_TURNS}`);
  }
  return { before: /** @type {number|undefined} */ (before), limit: /** @type {number|undefined} */ (limit) };
}

/** The history requests of one client, in the order asked. */
export class Pages {
  /** @type {PageRequest[]} asked and not settled; the first may be on the wire */
  #queue = [];
  /**
   * @type {{request: PageRequest, ping: number, error: SwitchboardError|null, probe?: ReturnType<typeof setTimeout>}|null}
   *   the request on the current socket, the number of the ping after it, the last error since
   */
  #sent = null;
  /** @type {Promise<HistoryPage>|null} the `loadOlder()` under way */
  #older = null;
  #send;
  #ping;
  #canSend;
  #pongs;

  /**
   * @param {object} io
   * @param {(frame: object) => number} io.send writes the frame and a `ping` after it on the
   *   current socket; returns the ping's number on that socket (see `Connection.ping`), 0 when
   *   the frame could not be written
   * @param {() => void} io.ping sends one more `ping` on the current socket
   * @param {() => boolean} io.canSend whether the client is synced (frames may go out now)
   * @param {() => number} io.pongs how many `pong`s the current socket has received
   */
  constructor({ send, ping, canSend, pongs }) {
    this.#send = send;
    this.#ping = ping;
    this.#canSend = canSend;
    this.#pongs = pongs;
  }

  /**
   * Asks for a page: now when the client is synced and no other request is on the wire, else when
   * its turn comes.
   * @param {number|(() => number)} before
   * @param {number|undefined} limit
   * @returns {Promise<HistoryPage>}
   */
  request(before, limit) {
    return new Promise((resolve, reject) => {
      this.#queue.push({ before, limit, resolve, reject });
      this.next();
    });
  }

  /**
   * Asks for the page before the oldest turn `conversation` holds (when the request goes out, so
   * after a redraw it is the new oldest), and puts it in front. One at a time: a call while one
   * is under way returns it. After turn 0 there is nothing to ask for.
   * @param {import('./conversation.js').Conversation} conversation
   * @param {number|undefined} limit
   * @param {(added: HistoryPage) => void} added told the turns put in front, when there are any
   * @returns {Promise<HistoryPage>} the turns put in front, and `more`
   */
  loadOlder(conversation, limit, added) {
    if (this.#older) return this.#older;
    if (conversation.oldestN() === 0) return Promise.resolve({ turns: [], more: false });
    const older = this.request(() => conversation.oldestN() ?? LATEST, limit).then((page) => {
      const turns = conversation.prepend(page.turns);
      if (turns.length) added({ turns, more: page.more });
      return { turns, more: page.more };
    });
    this.#older = older;
    const done = () => {
      if (this.#older === older) this.#older = null;
    };
    older.then(done, done);
    return older;
  }

  /**
   * Sends the first request waiting, unless one is on the wire already or the client is not
   * synced. Called again once the client is synced after a (re)connection.
   */
  next() {
    if (this.#sent || !this.#queue.length || !this.#canSend()) return;
    const request = this.#queue[0];
    const frame = { type: 'history', before: typeof request.before === 'function' ? request.before() : request.before };
    if (request.limit !== undefined) frame.limit = request.limit;
    const ping = this.#send(frame);
    if (ping) this.#sent = { request, ping, error: null };
  }

  /**
   * A `history` frame: the answer to the request on the wire.
   * @param {{turns?: unknown, more?: unknown}} frame
   */
  answer(frame) {
    const sent = this.#sent;
    if (!sent) return; // nothing asked on this socket: not ours to take
    const turns = Array.isArray(frame.turns) ? frame.turns.map(toTurn) : [];
    this.#settle(() => sent.request.resolve({ turns, more: frame.more === true }));
  }

  /**
   * An `error` frame that no reply took came. It may be the server's answer to the request on the
   * wire (e.g. `rate_limited`): the `pong`s after it will tell, and in case the ping after the
   * request was dropped too, one more goes out every {@link PROBE_DELAY} ms until it is settled.
   * @param {SwitchboardError} error
   */
  error(error) {
    const sent = this.#sent;
    if (!sent) return;
    sent.error = error;
    if (sent.probe !== undefined) return;
    const probe = () => {
      if (this.#sent !== sent) return;
      this.#ping();
      sent.probe = setTimeout(probe, PROBE_DELAY);
    };
    sent.probe = setTimeout(probe, PROBE_DELAY);
  }

  /** A `pong` came: if it answers the ping sent after the request on the wire, no page is coming. */
  pong() {
    const sent = this.#sent;
    if (!sent || this.#pongs() < sent.ping) return;
    const error = sent.error ?? new SwitchboardError(ErrorCode.PROTOCOL, 'the server did not answer the history request');
    this.#settle(() => sent.request.reject(error));
  }

  /** The socket is gone: a request on it is not answered there, and goes out again after the resume. */
  newSocket() {
    this.#unsend();
  }

  /** @param {SwitchboardError} error rejects every request not settled */
  failAll(error) {
    this.#unsend();
    for (const request of this.#queue.splice(0)) request.reject(error);
  }

  /** @param {() => void} settle resolves or rejects the request on the wire, then sends the next */
  #settle(settle) {
    this.#queue.shift();
    this.#unsend();
    settle();
    this.next();
  }

  /** Nothing is on the wire any more (on this socket). */
  #unsend() {
    clearTimeout(this.#sent?.probe);
    this.#sent = null;
  }
}
