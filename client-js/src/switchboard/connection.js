/**
 * The client's socket, one at a time: opening it, the deadline for its welcome, frames out and in
 * as JSON, the liveness ping once the client is synced, and closing it. It knows nothing of
 * sessions: it tells the client that the socket opened, what came in, and that the socket is gone.
 * @module switchboard/connection
 */

import { CloseCode, ErrorCode } from './codes.js';
import { SwitchboardError } from './errors.js';
import { watchLiveness } from './liveness.js';

const OPEN = 1;
const NEVER = 2 ** 31 - 1;

/**
 * @typedef {object} ConnectionEvents what the client is told, only ever about the current socket
 * @property {(socket: WebSocket) => void} open the socket opened: time for the hello
 * @property {(frame: {type: string}|null) => void} frame a frame came; null when it is not a JSON
 *   object with a string `type`
 * @property {(code: number, reason: string) => void} lost the socket closed, was dropped, or could
 *   not be made; it is no longer the current one
 */

/**
 * Holds the current WebSocket, if any. Events of a socket that is no longer the current one are
 * ignored, so a late close event or timer of an old socket never touches the next one.
 */
export class Connection {
  /** @type {import('./options.js').ResolvedOptions} */
  #o;
  /** @type {ConnectionEvents} */
  #on;
  /** @type {WebSocket|null} */
  #socket = null;
  #connectTimer = undefined;
  #stopLiveness = () => {};
  #lastFrameAt = 0;
  #pings = 0; // pings sent on the current socket
  #pongs = 0; // pongs received on it

  /**
   * @param {import('./options.js').ResolvedOptions} options `url`, `WebSocket`, `connectTimeout`,
   *   `pingInterval` and `pingTimeout` are used
   * @param {ConnectionEvents} on
   */
  constructor(options, on) {
    this.#o = options;
    this.#on = on;
  }

  /** @returns {WebSocket|null} the current socket (open or opening), if any */
  get socket() {
    return this.#socket;
  }

  /**
   * Opens a socket, which becomes the current one. Unless `synced()` comes within `connectTimeout`
   * it is dropped (close code 4000, `no welcome in time`).
   * @returns {SwitchboardError|null} code `connect_failed` when the WebSocket constructor threw
   *   (then `lost` follows in a microtask, and there is no current socket); else null
   */
  open() {
    let socket;
    try {
      socket = new this.#o.WebSocket(this.#o.url);
    } catch (e) {
      queueMicrotask(() => this.#lost(CloseCode.ABNORMAL, 'the WebSocket constructor threw'));
      return new SwitchboardError(ErrorCode.CONNECT_FAILED, `cannot connect to ${this.#o.url}: ${e?.message ?? e}`, { cause: e });
    }
    this.#socket = socket;
    this.#pings = 0;
    this.#pongs = 0;
    this.#connectTimer = setTimeout(() => this.drop(socket, CloseCode.NO_ANSWER, 'no welcome in time'), this.#o.connectTimeout || NEVER);
    socket.addEventListener('open', () => {
      if (socket === this.#socket) this.#on.open(socket);
    });
    socket.addEventListener('message', (event) => {
      if (socket === this.#socket) this.#receive(event.data);
    });
    socket.addEventListener('close', (event) => {
      if (socket === this.#socket) this.#lost(event.code, event.reason);
    });
    socket.addEventListener('error', () => {}); // a close event always follows
    return null;
  }

  /**
   * Sends a frame on the current socket, if it is open; otherwise the frame is dropped.
   * @param {object} frame
   * @returns {boolean} whether it was written
   */
  send(frame) {
    const socket = this.#socket;
    if (!socket || socket.readyState !== OPEN) return false;
    try {
      socket.send(JSON.stringify(frame));
      return true;
    } catch {
      return false; // the close event follows
    }
  }

  /**
   * Sends a `ping` on the current socket. The server answers frames in order, so once `pongs`
   * reaches the number returned, the server has answered every frame sent before this ping (a
   * ping the server drops, e.g. `rate_limited`, only makes that later, never sooner).
   * @returns {number} how many pings this socket has sent, this one included; 0 when it could
   *   not be written (no open socket)
   */
  ping() {
    if (!this.send({ type: 'ping' })) return 0;
    this.#pings += 1;
    return this.#pings;
  }

  /** @returns {number} how many `pong` frames the current socket has received */
  get pongs() {
    return this.#pongs;
  }

  /**
   * The client is synced on the current socket: the welcome deadline is off, and from now on a
   * silent server is pinged and, if it stays silent, dropped (close code 4000).
   */
  synced() {
    clearTimeout(this.#connectTimer);
    const socket = this.#socket;
    this.#stopLiveness = watchLiveness({
      interval: this.#o.pingInterval,
      timeout: this.#o.pingTimeout,
      lastFrameAt: () => this.#lastFrameAt,
      ping: () => this.ping(),
      dead: () => this.drop(socket, CloseCode.NO_ANSWER, 'no answer to ping'),
    });
  }

  /**
   * Closes `socket`, if it is still the current one, and carries on as if the server had closed
   * it: `lost` follows at once.
   * @param {WebSocket} socket
   * @param {number} code
   * @param {string} reason
   */
  drop(socket, code, reason) {
    if (socket !== this.#socket) return;
    try {
      socket.close(code, reason);
    } catch {
      // not open yet: nothing to close politely
    }
    this.#lost(code, reason);
  }

  /**
   * Closes the current socket, if any, for good: nothing more is reported about it.
   * @param {number} code
   * @param {string} reason
   */
  close(code, reason) {
    const socket = this.#socket;
    this.#socket = null;
    this.#stopTimers();
    try {
      socket?.close(code, reason);
    } catch {
      // still connecting, or already closed
    }
  }

  #receive(data) {
    this.#lastFrameAt = Date.now();
    let frame;
    try {
      frame = typeof data === 'string' ? JSON.parse(data) : null;
    } catch {
      frame = null;
    }
    const valid = frame !== null && typeof frame === 'object' && typeof frame.type === 'string';
    if (valid && frame.type === 'pong') this.#pongs += 1;
    this.#on.frame(valid ? frame : null);
  }

  /** The current socket is gone (or never opened). */
  #lost(code, reason) {
    this.#socket = null;
    this.#stopTimers();
    this.#on.lost(code, reason);
  }

  #stopTimers() {
    clearTimeout(this.#connectTimer);
    this.#stopLiveness();
    this.#stopLiveness = () => {};
  }
}
