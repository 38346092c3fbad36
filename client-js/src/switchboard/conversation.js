/**
 * The session's conversation as the client knows it: finished turns, plus the turns still queued
 * or streaming (from anyone attached to the session).
 * @module switchboard/conversation
 */

/**
 * @typedef {object} Turn a finished turn, as in `welcome.history` and `history` pages
 * @property {'user'|'assistant'} role
 * @property {string} text
 * @property {string} gen the generation it belongs to: a prompt and its reply share it
 * @property {number} n its index in the session's whole history, from 0; never reused, even after
 *   the server dropped older turns
 * @property {number} at epoch ms: when the prompt was accepted (user turn) or the reply ended
 *   (assistant turn). For a turn the client built from live events it is the client's own clock
 *   when it saw the `queued` / `done`: approximate, until the next redraw brings the server's
 */

/**
 * @typedef {object} LiveTurn a prompt whose reply has not ended yet
 * @property {string} gen the server's generation id
 * @property {string} id the prompt id its sender chose
 * @property {string} prompt the prompt text
 * @property {string} text the reply so far
 * @property {number} position 1 = next to run; 0 once running
 * @property {boolean} running whether its reply has started
 */

/**
 * A turn as the server sent it, with only the fields the client keeps.
 * @param {Turn} turn
 * @returns {Turn}
 */
export function toTurn(turn) {
  return { role: turn.role, text: turn.text, gen: turn.gen, n: turn.n, at: turn.at };
}

/**
 * Applies session events to `history` and `live` as the server does: a prompt's user turn and its
 * assistant turn join the history together, when its reply ends (whatever the reason), numbered
 * `n` and `n + 1` after the last turn known. The server numbers them in the order replies end,
 * which is the order of their `done` events, so the client's numbers are the server's.
 */
export class Conversation {
  /** @type {Map<string, LiveTurn>} */
  #live = new Map();
  /** @type {Map<string, number>} when the client saw each live turn's first `queued` */
  #queuedAt = new Map();
  /** the `n` of the next turn to be made */
  #nextN = 0;
  /** @type {() => number} */
  #now;

  /** @param {() => number} [now] the clock of the turns the client builds (epoch ms) */
  constructor(now = Date.now) {
    this.#now = now;
    /** @type {Turn[]} the finished turns, oldest first */
    this.history = [];
  }

  /**
   * Starts over from a `welcome.history` (no live turns: the replay that follows brings them).
   * @param {Turn[]} history
   */
  reset(history) {
    this.history = history.map(toTurn);
    this.#nextN = nextAfter(this.history);
    this.#live.clear();
    this.#queuedAt.clear();
  }

  /**
   * Adds a page of older turns in front of the history: those numbered below the oldest held
   * (a page never duplicates a turn, however it raced the live events).
   * @param {Turn[]} page oldest first, as the server sends it
   * @returns {Turn[]} the turns added, oldest first
   */
  prepend(page) {
    const oldest = this.oldestN();
    const older = page.map(toTurn).filter((turn) => oldest === null || turn.n < oldest);
    if (oldest === null) this.#nextN = Math.max(this.#nextN, nextAfter(older));
    this.history.unshift(...older);
    return older;
  }

  /** @returns {number|null} the `n` of the oldest turn held, or null when none is */
  oldestN() {
    const n = this.history[0]?.n;
    return typeof n === 'number' ? n : null;
  }

  /** @returns {LiveTurn[]} the queued and running turns, in the order they were accepted */
  get live() {
    return [...this.#live.values()].map((turn) => ({ ...turn }));
  }

  /** @returns {string|null} the running generation's id */
  get generating() {
    for (const turn of this.#live.values()) if (turn.running) return turn.gen;
    return null;
  }

  /**
   * @param {string} gen
   * @returns {boolean} whether that generation is queued or running
   */
  has(gen) {
    return this.#live.has(gen);
  }

  /**
   * Applies one session event.
   *
   * A `queued` for a known generation only moves its position (a live re-sent one may carry no
   * `text`; the prompt text stays what the first one said); a late one after `start` changes
   * nothing. A `queued` without `text` for a generation the client has not seen is ignored: the
   * first `queued` of every generation, live or replayed, carries its text, so the client never
   * makes up a prompt it was not told.
   * @param {{type: string, gen: string, id?: string, text?: string, position?: number}} frame
   */
  apply(frame) {
    const turn = this.#live.get(frame.gen);
    switch (frame.type) {
      case 'queued':
        if (turn) {
          if (!turn.running) turn.position = frame.position;
        } else if (typeof frame.text === 'string') {
          this.#live.set(frame.gen, { gen: frame.gen, id: frame.id, prompt: frame.text, text: '', position: frame.position, running: false });
          this.#queuedAt.set(frame.gen, this.#now());
        }
        break;
      case 'start':
        if (turn) Object.assign(turn, { running: true, position: 0 });
        break;
      case 'token':
        if (turn) turn.text += frame.text;
        break;
      case 'done':
        this.#end(frame, turn);
        break;
      default:
        break;
    }
  }

  /**
   * The server adds a user turn and an assistant turn for every reply that ends; without the
   * prompt (its `queued` was never seen) only the reply can be shown, but both numbers are used.
   * @param {{gen: string, text: string}} done
   * @param {LiveTurn|undefined} turn
   */
  #end(done, turn) {
    const n = this.#nextN;
    const endedAt = this.#now();
    this.#nextN += 2;
    this.#live.delete(done.gen);
    if (turn) this.history.push({ role: 'user', text: turn.prompt, gen: done.gen, n, at: this.#queuedAt.get(done.gen) ?? endedAt });
    this.history.push({ role: 'assistant', text: done.text, gen: done.gen, n: n + 1, at: endedAt });
    this.#queuedAt.delete(done.gen);
  }
}

/**
 * @param {Turn[]} turns oldest first
 * @returns {number} the `n` after the last of them: 0 for none (a session's first turn); the count
 *   of turns when they carry no `n` (a server before version 1.1, which never drops turns)
 */
function nextAfter(turns) {
  const last = turns.at(-1);
  if (!last) return 0;
  return typeof last.n === 'number' ? last.n + 1 : turns.length;
}
