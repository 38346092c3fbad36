/**
 * The session's conversation as the client knows it: finished turns, plus the turns still queued
 * or streaming (from anyone attached to the session).
 * @module switchboard/conversation
 */

/**
 * @typedef {object} Turn a finished turn, as in `welcome.history`
 * @property {'user'|'assistant'} role
 * @property {string} text
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
 * Applies session events to `history` and `live` as the server does: a prompt's user turn and its
 * assistant turn join the history together, when its reply ends (whatever the reason).
 */
export class Conversation {
  /** @type {Map<string, LiveTurn>} */
  #live = new Map();

  constructor() {
    /** @type {Turn[]} the finished turns, oldest first */
    this.history = [];
  }

  /**
   * Starts over from a `welcome.history` (no live turns: the replay that follows brings them).
   * @param {Turn[]} history
   */
  reset(history) {
    this.history = history.map((turn) => ({ role: turn.role, text: turn.text }));
    this.#live.clear();
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
   * @param {{type: string, gen: string, id?: string, text?: string, position?: number}} frame
   */
  apply(frame) {
    const turn = this.#live.get(frame.gen);
    switch (frame.type) {
      case 'queued':
        if (turn) turn.position = frame.position;
        else this.#live.set(frame.gen, { gen: frame.gen, id: frame.id, prompt: frame.text, text: '', position: frame.position, running: false });
        break;
      case 'start':
        if (turn) Object.assign(turn, { running: true, position: 0 });
        break;
      case 'token':
        if (turn) turn.text += frame.text;
        break;
      case 'done':
        this.#live.delete(frame.gen);
        if (turn) this.history.push({ role: 'user', text: turn.prompt });
        this.history.push({ role: 'assistant', text: frame.text });
        break;
      default:
        break;
    }
  }
}
