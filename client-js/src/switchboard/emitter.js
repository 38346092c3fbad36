/**
 * An EventTarget whose events carry a `detail`, plus `on()` for plain callbacks.
 * @module switchboard/emitter
 */

/** An event with a `detail` (CustomEvent is not global before Node 19). */
export class DetailEvent extends Event {
  /**
   * @param {string} type
   * @param {unknown} detail
   */
  constructor(type, detail) {
    super(type);
    /** @type {unknown} */
    this.detail = detail;
  }
}

/** Base class of Client and Reply: `addEventListener` works, `on()` is shorter. */
export class Emitter extends EventTarget {
  /**
   * Calls `listener(detail)` on every `type` event.
   * @param {string} type
   * @param {(detail: any) => void} listener
   * @returns {() => void} removes the listener
   */
  on(type, listener) {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const wrapped = (event) => listener(event.detail);
    this.addEventListener(type, wrapped);
    return () => this.removeEventListener(type, wrapped);
  }

  /**
   * Dispatches a {@link DetailEvent}. A listener that throws does not stop the others (nor the client).
   * @param {string} type
   * @param {unknown} [detail]
   */
  emit(type, detail) {
    this.dispatchEvent(new DetailEvent(type, detail));
  }
}
