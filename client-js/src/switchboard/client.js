/**
 * The client: bound to one session, reconnecting and resuming by itself, over one WebSocket at a
 * time (connection.js holds it: open, send, drop, timeouts). This module is what the frames mean.
 *
 * Resume: every `hello` after the first carries `after` = the last seq seen, so the server replays
 * exactly the missed events. Right after `hello` the client sends a `ping`; the server answers in
 * order, so its `pong` marks the end of the replay ("synced"). Only then is the client
 * `connected`, and only then do held prompts and cancels go out.
 * @module switchboard/client
 */

import { backoffDelay } from './backoff.js';
import { ClientState, CloseCode, ErrorCode, FATAL_CODES } from './codes.js';
import { Connection } from './connection.js';
import { watchConnectivity } from './connectivity.js';
import { Conversation } from './conversation.js';
import { Emitter } from './emitter.js';
import { SwitchboardError } from './errors.js';
import { LATEST, Pages, pageOptions } from './pages.js';
import { Replies } from './replies.js';
import { readSession, writeSession } from './storage.js';

const RECENTLY_ENDED = 64;

/**
 * A connection to one session. Made by `Switchboard.connect()`.
 *
 * Events (`client.on(type, fn)`; `fn` gets the detail):
 * - `state` {state, previous, attempt, delay?, reason?, error?}: on every change of `state`, and
 *   on every new reconnect attempt;
 * - `welcome` {session, previousSession, created, resumed, gap, redraw, history, seq}: after each
 *   (re)connection; when `redraw` is true, `history` replaced the conversation and the events of
 *   the queued and running replies follow as `event`s;
 * - `event`: every session event frame (`queued`, `start`, `token`, `done`) from anyone on the session;
 * - `older` {turns, more}: `loadOlder()` put `turns` (oldest first) in front of `history`;
 * - `error`: a SwitchboardError that no reply took (e.g. `not_found` for a cancel, `rate_limited`).
 */
export class Client extends Emitter {
  /** @type {import('./options.js').ResolvedOptions} */
  #o;
  /** @type {Connection} the socket */
  #connection;
  #conversation = new Conversation();
  #replies = new Replies((frame) => this.#connection.send(frame), () => this.#synced);
  #pages = new Pages({
    send: (frame) => (this.#connection.send(frame) ? this.#connection.ping() : 0), // a ping after each
    ping: () => this.#connection.ping(),
    canSend: () => this.#synced,
    pongs: () => this.#connection.pongs,
  });
  /** @type {Set<string|null>} cancels asked for while not synced (null: the head reply) */
  #pendingCancels = new Set();
  /** @type {string[]} gens whose `done` was seen lately, to ignore `not_found` for late cancels */
  #ended = [];
  /** @type {{session?: string, after?: number}} the hello sent on the current socket */
  #asked = {};
  #welcomed = false; // the current socket got its welcome
  #synced = false; // ... and the pong after the replay
  #resumable = false; // `seq` is a complete view of `session`: the next hello may send `after`
  #everSynced = false;
  #cleanResume = false; // the current socket's welcome was a resume with no gap
  /** @type {SwitchboardError|null} an error that came before welcome */
  #attemptError = null;
  #attempt = 0;
  /** @type {{resolve: () => void, reject: (e: Error) => void}|null} */
  #ready = null;
  #retryTimer = undefined;
  #unlistenBrowser = () => {};
  #browserOffline = false;

  /**
   * @param {import('./options.js').ResolvedOptions} options already checked
   * @internal use `Switchboard.connect()`
   */
  constructor(options) {
    super();
    this.#o = options;
    this.#connection = new Connection(options, {
      open: (socket) => this.#hello(socket),
      frame: (frame) => this.#receive(frame),
      lost: (code, reason) => this.#lost(code, reason),
    });
    /** @type {string|null} the session id (kept in `storage` after every welcome) */
    this.session = options.session ?? readSession(options) ?? null;
    /** @type {number} the last seq seen */
    this.seq = 0;
    /** @type {string} a {@link ClientState} value */
    this.state = ClientState.CONNECTING;
    // in a browser: go `offline` while it says so, and retry at once when it is back
    const browser = watchConnectivity({
      offline: () => {
        this.#browserOffline = true;
        if (this.state === ClientState.RECONNECTING && !this.#connection.socket) {
          clearTimeout(this.#retryTimer);
          this.#setState(ClientState.OFFLINE, { reason: 'the browser is offline' });
        }
      },
      online: () => {
        this.#browserOffline = false;
        this.reconnect();
      },
    });
    this.#browserOffline = browser.offline;
    this.#unlistenBrowser = browser.stop;
  }

  /** @returns {import('./conversation.js').Turn[]} the finished turns, oldest first (`loadOlder()` adds older ones) */
  get history() {
    return this.#conversation.history;
  }

  /** @returns {import('./conversation.js').LiveTurn[]} prompts queued or streaming, from anyone */
  get live() {
    return this.#conversation.live;
  }

  /** @returns {string|null} the gen of the reply running now, if any */
  get generating() {
    return this.#conversation.generating;
  }

  /**
   * Opens the first connection.
   * @returns {Promise<void>} resolves once attached and caught up; rejects with a SwitchboardError
   * @internal
   */
  start() {
    return new Promise((resolve, reject) => {
      this.#ready = { resolve, reject };
      this.#open();
    });
  }

  /**
   * Sends a prompt to the session's generator. While the client is not connected the prompt waits
   * and goes out on reconnect.
   * @param {string} text
   * @param {object} [params] generator params (for `echo`: repeat, delayMs, firstTokenDelayMs, blocking, failAfter)
   * @returns {import('./reply.js').Reply}
   * @throws {TypeError} `prompt text must be a string`, `prompt params must be an object`
   * @throws {SwitchboardError} code `closed`: `the client is closed`
   */
  prompt(text, params) {
    if (typeof text !== 'string') throw new TypeError('prompt text must be a string');
    if (params !== undefined && (params === null || typeof params !== 'object' || Array.isArray(params))) {
      throw new TypeError('prompt params must be an object');
    }
    if (this.state === ClientState.CLOSED) throw new SwitchboardError(ErrorCode.CLOSED, 'the client is closed');
    return this.#replies.create(text, params);
  }

  /**
   * Cancels a reply of the session, whoever asked for it (the Stop button of a shared view).
   * @param {string} [gen] the generation; by default the running one (or the first in line)
   * @throws {TypeError} `gen must be a string`
   * @throws {SwitchboardError} code `closed`: `the client is closed`
   */
  cancel(gen) {
    if (gen !== undefined && typeof gen !== 'string') throw new TypeError('gen must be a string');
    if (this.state === ClientState.CLOSED) throw new SwitchboardError(ErrorCode.CLOSED, 'the client is closed');
    const target = gen ?? this.generating ?? this.live[0]?.gen ?? null;
    if (this.#synced) this.#connection.send(target ? { type: 'cancel', gen: target } : { type: 'cancel' });
    else this.#pendingCancels.add(target);
  }

  /**
   * Asks the server for a page of history: the turns numbered below `before` that it still
   * holds, oldest first; `history` is left as it is. While the client is not connected the
   * request waits; one lost with a connection is sent again after the resume.
   * @param {{before?: number, limit?: number}} [options] `before`: a turn's `n` (default: the
   *   oldest in `history`; none: the newest the server holds); `limit`: 1 to 200 (default 50)
   * @returns {Promise<import('./pages.js').HistoryPage>} `{turns, more}` (`more`: older turns are
   *   still held); rejects with code `closed`, `session_lost`, or the server's (`rate_limited`)
   * @throws {TypeError} `historyPage options must be an object`, `before must be a non-negative integer`, `limit must be an integer from 1 to 200`
   * @throws {SwitchboardError} code `closed`: `the client is closed`
   */
  historyPage(options) {
    const { before, limit } = pageOptions(options, 'historyPage');
    if (this.state === ClientState.CLOSED) throw new SwitchboardError(ErrorCode.CLOSED, 'the client is closed');
    return this.#pages.request(before ?? this.#conversation.oldestN() ?? LATEST, limit);
  }

  /**
   * Loads the page before the oldest turn in `history`, puts it in front, and emits `older` {turns,
   * more} when it added any. Calls while one is under way share it; after turn `n` 0 it resolves at
   * once with none. Across a drop it is asked for again, before the oldest turn held then.
   * @param {{limit?: number}} [options] `limit`: 1 to 200 turns (default 50)
   * @returns {Promise<import('./pages.js').HistoryPage>} the turns added, and `more`; rejects as `historyPage()` does
   * @throws {TypeError} `loadOlder options must be an object`, `limit must be an integer from 1 to 200`
   * @throws {SwitchboardError} code `closed`: `the client is closed`
   */
  loadOlder(options) {
    const { limit } = pageOptions(options, 'loadOlder');
    if (this.state === ClientState.CLOSED) throw new SwitchboardError(ErrorCode.CLOSED, 'the client is closed');
    return this.#pages.loadOlder(this.#conversation, limit, (added) => this.emit('older', added));
  }

  /** Tries to connect now, when `reconnecting` or `offline` (e.g. a "retry" button). */
  reconnect() {
    if (this.state !== ClientState.RECONNECTING && this.state !== ClientState.OFFLINE) return;
    if (this.#connection.socket) return; // an attempt is under way
    clearTimeout(this.#retryTimer);
    this.#attempt = 0;
    if (this.state === ClientState.OFFLINE) this.#setState(ClientState.RECONNECTING, { delay: 0 });
    this.#open();
  }

  /**
   * Closes the connection for good. Replies keep running on the server; here they reject with
   * code `closed`. Safe to call twice.
   */
  close() {
    if (this.state === ClientState.CLOSED) return;
    this.#synced = false;
    clearTimeout(this.#retryTimer);
    this.#unlistenBrowser();
    this.#setState(ClientState.CLOSED);
    this.#connection.close(CloseCode.NORMAL, 'bye');
    this.#replies.failAll(new SwitchboardError(ErrorCode.CLOSED, 'the client was closed'));
    this.#pages.failAll(new SwitchboardError(ErrorCode.CLOSED, 'the client was closed'));
    this.#settleReady(new SwitchboardError(ErrorCode.CONNECT_FAILED, 'the client was closed before it connected'));
  }

  // ---- connecting ----

  #open() {
    this.#welcomed = false;
    this.#synced = false;
    this.#cleanResume = false;
    this.#replies.newSocket();
    this.#pages.newSocket();
    this.#attemptError = this.#connection.open(); // null unless the socket could not even be made
  }

  async #hello(socket) {
    const hello = { type: 'hello' };
    if (this.session) hello.session = this.session;
    if (this.session && this.#resumable) hello.after = this.seq;
    if (this.#o.token !== undefined) {
      try {
        hello.token = typeof this.#o.token === 'function' ? await this.#o.token() : this.#o.token;
      } catch (e) {
        this.#attemptError = new SwitchboardError(ErrorCode.UNAUTHORIZED, `options.token failed: ${e?.message ?? e}`, { cause: e });
        this.#connection.drop(socket, CloseCode.NORMAL, 'no token');
        return;
      }
      if (socket !== this.#connection.socket) return;
    }
    this.#asked = hello;
    this.#connection.send(hello);
    this.#connection.ping(); // its pong marks the end of the replay
  }

  /** The current socket is gone (or never opened). */
  #lost(code, reason) {
    this.#welcomed = false;
    this.#synced = false;
    if (this.state === ClientState.CLOSED) return;
    if (code === CloseCode.TOO_BIG) {
      // one of the prompts in flight was over the server's frame limit: sending it again would loop
      this.#replies.failSentHere(new SwitchboardError(ErrorCode.TOO_LARGE, `the server closed the connection: ${reason || 'frame too large'} (1009)`));
    }
    const error = this.#attemptError;
    if (!this.#everSynced) {
      this.#settleReady(error ?? new SwitchboardError(ErrorCode.CONNECT_FAILED,
        `cannot connect to ${this.#o.url} (close ${code}${reason ? `: ${reason}` : ''})`));
      this.close();
    } else if (error && FATAL_CODES.has(error.code)) {
      this.#setState(ClientState.OFFLINE, { error });
    } else {
      this.#scheduleRetry();
    }
  }

  #scheduleRetry() {
    const policy = this.#o.reconnect;
    if (this.#browserOffline) {
      this.#setState(ClientState.OFFLINE, { reason: 'the browser is offline' });
      return;
    }
    this.#attempt += 1;
    if (!policy || this.#attempt > policy.maxAttempts) {
      this.#setState(ClientState.OFFLINE, { reason: policy ? `gave up after ${policy.maxAttempts} attempts` : 'reconnect is off' });
      return;
    }
    const delay = backoffDelay(this.#attempt, policy);
    this.#setState(ClientState.RECONNECTING, { attempt: this.#attempt, delay });
    this.#retryTimer = setTimeout(() => this.#open(), delay);
  }

  // ---- frames in ----

  #receive(frame) {
    if (frame === null) {
      this.emit('error', new SwitchboardError(ErrorCode.PROTOCOL, 'the server sent a frame that is not a JSON object with a type'));
      return;
    }
    switch (frame.type) {
      case 'welcome':
        if (!this.#welcomed) this.#onWelcome(frame);
        return;
      case 'pong':
        if (this.#welcomed && !this.#synced) this.#onSynced();
        else this.#pages.pong();
        return;
      case 'history':
        if (this.#synced) this.#pages.answer(frame);
        return;
      case 'error':
        this.#onError(frame);
        return;
      default: // a session event (unknown frames of a newer server are ignored)
        if (typeof frame.seq === 'number' && typeof frame.gen === 'string' && this.#welcomed) this.#onEvent(frame);
    }
  }

  #onWelcome(welcome) {
    const previousSession = this.session;
    const asked = this.#asked;
    const resumed = asked.after !== undefined && welcome.session === asked.session && !welcome.gap;
    const lost = this.#everSynced && welcome.session !== previousSession;
    this.#welcomed = true;
    this.#cleanResume = resumed;
    if (!resumed) {
      this.#conversation.reset(Array.isArray(welcome.history) ? welcome.history : []);
      this.seq = welcome.seq;
      this.#resumable = false; // until the replay that follows is complete
    }
    this.session = welcome.session;
    writeSession(this.#o, welcome.session);
    if (lost) {
      this.#replies.failTaken(new SwitchboardError(ErrorCode.SESSION_LOST, 'the server no longer has the session this reply belonged to'));
      this.#pages.failAll(new SwitchboardError(ErrorCode.SESSION_LOST, 'the server no longer has the session whose history was asked for'));
    }
    this.emit('welcome', {
      session: welcome.session,
      previousSession,
      created: welcome.created === true,
      resumed,
      gap: welcome.gap === true,
      redraw: !resumed,
      history: this.history.slice(),
      seq: welcome.seq,
    });
  }

  #onSynced() {
    this.#synced = true;
    this.#resumable = true;
    this.#everSynced = true;
    this.#attempt = 0;
    this.#replies.resume(this.#cleanResume, (gen) => this.#conversation.has(gen));
    for (const gen of this.#pendingCancels) this.#connection.send(gen ? { type: 'cancel', gen } : { type: 'cancel' });
    this.#pendingCancels.clear();
    this.#setState(ClientState.CONNECTED);
    this.#connection.synced();
    this.#pages.next();
    this.#settleReady(null);
  }

  #onEvent(frame) {
    if (frame.seq > this.seq) this.seq = frame.seq;
    this.#conversation.apply(frame);
    this.#replies.route(frame);
    if (frame.type === 'done') {
      this.#ended.push(frame.gen);
      if (this.#ended.length > RECENTLY_ENDED) this.#ended.shift();
    }
    this.emit('event', frame);
  }

  #onError(frame) {
    const error = SwitchboardError.fromFrame(frame);
    if (!this.#welcomed) {
      // the hello was refused (or the marker ping after it): this attempt has failed
      this.#attemptError ??= error;
      if (this.#connection.socket) this.#connection.drop(this.#connection.socket, CloseCode.NORMAL, 'hello refused');
      return;
    }
    if (this.#replies.refuse(frame, error)) return;
    if (frame.id === undefined && frame.gen === undefined) this.#pages.error(error); // maybe a history request's answer
    if (frame.code === ErrorCode.NOT_FOUND && this.#ended.includes(frame.gen)) return; // a cancel that came too late
    this.emit('error', error);
  }

  // ---- the rest ----

  #settleReady(error) {
    const ready = this.#ready;
    this.#ready = null;
    if (ready && error) ready.reject(error);
    else if (ready) ready.resolve();
  }

  #setState(state, extra = {}) {
    const previous = this.state;
    this.state = state;
    this.emit('state', { state, previous, attempt: this.#attempt, ...extra });
  }
}
