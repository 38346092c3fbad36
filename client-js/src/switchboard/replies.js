/**
 * The replies of this client's own prompts: which are in flight, sending them (again, after a
 * drop), cancelling them, and routing session events to them.
 * @module switchboard/replies
 */

import { ErrorCode } from './codes.js';
import { SwitchboardError } from './errors.js';
import { Reply } from './reply.js';

/**
 * Prompt ids are a random prefix per client plus a counter, so two tabs on one session never take
 * each other's `queued` for their own.
 */
export class Replies {
  /** @type {Map<string, Reply>} unsettled, by prompt id */
  #byId = new Map();
  /** @type {Map<string, Reply>} unsettled and taken by the server, by gen */
  #byGen = new Map();
  /** @type {Set<Reply>} sent on the current socket */
  #sentHere = new Set();
  /** @type {WeakSet<Reply>} ever sent */
  #everSent = new WeakSet();
  #prefix = Math.random().toString(36).slice(2, 10) + '-';
  #next = 1;
  #send;
  #canSend;

  /**
   * @param {(frame: object) => void} send writes a frame on the current socket
   * @param {() => boolean} canSend whether the client is synced (frames may go out now)
   */
  constructor(send, canSend) {
    this.#send = send;
    this.#canSend = canSend;
  }

  /**
   * Makes a reply and sends its prompt now, or later when the client is synced.
   * @param {string} text
   * @param {object|undefined} params
   * @returns {Reply}
   */
  create(text, params) {
    const reply = new Reply(this.#prefix + this.#next++, text, params, (r) => this.#cancel(r));
    this.#byId.set(reply.id, reply);
    if (this.#canSend()) this.#sendPrompt(reply);
    return reply;
  }

  /** A new socket: nothing has been sent on it yet. */
  newSocket() {
    this.#sentHere = new Set();
  }

  /**
   * Routes a session event to the reply it belongs to, if it is one of ours.
   * @param {{type: string, seq: number, gen: string, id?: string}} frame
   */
  route(frame) {
    let reply = this.#byGen.get(frame.gen);
    if (!reply && frame.type === 'queued' && typeof frame.id === 'string') {
      reply = this.#byId.get(frame.id);
      if (reply?.gen && reply.gen !== frame.gen) {
        // the prompt was taken twice (its first queued was lost with a socket): stop the copy
        this.#send({ type: 'cancel', gen: frame.gen });
        return;
      }
      if (reply) this.#byGen.set(frame.gen, reply);
    }
    if (!reply) return;
    reply._apply(frame);
    if (reply.settled) this.#forget(reply);
    else if (frame.type === 'queued' && reply.cancelRequested && this.#canSend()) this.#send({ type: 'cancel', gen: frame.gen });
  }

  /**
   * An `error` frame naming one of our prompts that the server has not taken: it fails.
   * @param {{id?: string}} frame
   * @param {SwitchboardError} error
   * @returns {boolean} whether a reply took the error
   */
  refuse(frame, error) {
    const reply = typeof frame.id === 'string' ? this.#byId.get(frame.id) : undefined;
    if (!reply || reply.status !== 'pending') return false;
    this.#fail(reply, error);
    return true;
  }

  /**
   * The replay after a (re)connection is complete: settle what it showed ended, send what the
   * server has not taken, and repeat the cancels it may have missed.
   * @param {boolean} cleanResume the welcome was a resume with no gap
   * @param {(gen: string) => boolean} isLive whether a generation is still queued or running
   */
  resume(cleanResume, isLive) {
    if (!cleanResume) {
      const error = new SwitchboardError(ErrorCode.GAP, 'the reply ended while the client was away; its end is in history');
      for (const reply of [...this.#byGen.values()]) if (!isLive(reply.gen)) this.#fail(reply, error);
    }
    for (const reply of [...this.#byId.values()]) {
      if (reply.status !== 'pending') continue;
      if (reply.cancelRequested) this.#fail(reply, new SwitchboardError(ErrorCode.CANCELLED, 'the prompt was cancelled before the server took it'));
      else this.#sendPrompt(reply);
    }
    for (const reply of this.#byId.values()) {
      if (reply.cancelRequested && reply.gen) this.#send({ type: 'cancel', gen: reply.gen });
    }
  }

  /** @param {SwitchboardError} error fails every reply the server had taken (the session is gone) */
  failTaken(error) {
    for (const reply of [...this.#byGen.values()]) this.#fail(reply, error);
  }

  /** @param {SwitchboardError} error fails the prompts sent on the lost socket and not yet taken */
  failSentHere(error) {
    for (const reply of this.#sentHere) if (reply.status === 'pending') this.#fail(reply, error);
  }

  /** @param {SwitchboardError} error fails every unsettled reply */
  failAll(error) {
    for (const reply of [...this.#byId.values()]) this.#fail(reply, error);
  }

  #sendPrompt(reply) {
    const frame = { type: 'prompt', id: reply.id, text: reply.prompt };
    if (reply.params !== undefined) frame.params = reply.params;
    this.#sentHere.add(reply);
    this.#everSent.add(reply);
    this.#send(frame);
  }

  #cancel(reply) {
    if (reply.status === 'pending') {
      if (!this.#everSent.has(reply)) {
        this.#fail(reply, new SwitchboardError(ErrorCode.CANCELLED, 'the prompt was cancelled before it was sent'));
      }
      return; // sent: the cancel goes out when its queued comes back, or it is not sent again
    }
    if (this.#canSend()) this.#send({ type: 'cancel', gen: reply.gen });
  }

  #fail(reply, error) {
    reply._fail(error);
    this.#forget(reply);
  }

  #forget(reply) {
    this.#byId.delete(reply.id);
    if (reply.gen) this.#byGen.delete(reply.gen);
  }
}
