/**
 * The one error class of the client.
 * @module switchboard/errors
 */

/**
 * A failure with a protocol `code` (see {@link module:switchboard/codes.ErrorCode}): an `error`
 * frame from the server, or a failure the client saw itself (`session_lost`, `closed`, ...).
 */
export class SwitchboardError extends Error {
  /**
   * @param {string} code an {@link module:switchboard/codes.ErrorCode} value
   * @param {string} message what went wrong, for people
   * @param {{frame?: object, cause?: unknown}} [extra] the server's `error` frame, if any
   */
  constructor(code, message, extra = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'SwitchboardError';
    /** @type {string} */
    this.code = code;
    /** @type {object|undefined} the `error` frame this came from */
    this.frame = extra.frame;
  }

  /**
   * Makes an error from a server `error` frame.
   * @param {{code: string, message: string}} frame
   * @returns {SwitchboardError}
   */
  static fromFrame(frame) {
    return new SwitchboardError(String(frame.code), String(frame.message ?? frame.code), { frame });
  }
}
