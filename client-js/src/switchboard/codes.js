/**
 * Every code the client deals in, spelled in one place: the protocol's `error` codes and close
 * codes (PROTOCOL.md v1), the client's own error codes, and its connection states.
 * @module switchboard/codes
 */

/**
 * Error codes. The first nine come from the server's `error` frames (PROTOCOL.md, "Errors"); the
 * rest are the client's own, for failures no frame describes.
 * @readonly
 * @enum {string}
 */
export const ErrorCode = Object.freeze({
  BAD_REQUEST: 'bad_request',
  HELLO_REQUIRED: 'hello_required',
  UNAUTHORIZED: 'unauthorized',
  FORBIDDEN: 'forbidden',
  BUSY: 'busy',
  OVERLOADED: 'overloaded',
  RATE_LIMITED: 'rate_limited',
  NOT_FOUND: 'not_found',
  SHUTTING_DOWN: 'shutting_down',
  /** The first connection could not be opened, or closed before `welcome`. */
  CONNECT_FAILED: 'connect_failed',
  /** `close()` was called while the reply was still pending. */
  CLOSED: 'closed',
  /** The server no longer had the session on reconnect (restarted, or the session expired). */
  SESSION_LOST: 'session_lost',
  /** The reply ended while the client was away and its events are no longer held (see `history`). */
  GAP: 'gap',
  /** The server closed the connection with 1009 while this prompt was unanswered. */
  TOO_LARGE: 'too_large',
  /** The reply was cancelled before its prompt ever reached the server. */
  CANCELLED: 'cancelled',
  /** The server sent something that is not protocol v1. */
  PROTOCOL: 'protocol',
});

/**
 * WebSocket close codes of PROTOCOL.md, and the one the client uses itself.
 * @readonly
 * @enum {number}
 */
export const CloseCode = Object.freeze({
  NORMAL: 1000,
  GOING_AWAY: 1001,
  ABNORMAL: 1006,
  POLICY: 1008,
  TOO_BIG: 1009,
  INTERNAL: 1011,
  TRY_AGAIN_LATER: 1013,
  /** Sent by the client when the server stopped answering (no frame after a ping). */
  NO_ANSWER: 4000,
});

/**
 * Connection states; the client emits `state` on every change.
 * @readonly
 * @enum {string}
 */
export const ClientState = Object.freeze({
  /** The first connection is being opened (before `connect()` resolves). */
  CONNECTING: 'connecting',
  /** Attached to the session: prompts and cancels go out at once. */
  CONNECTED: 'connected',
  /** The connection was lost; the client waits (backoff) and tries again by itself. */
  RECONNECTING: 'reconnecting',
  /** Not trying for now: the browser is offline, retries ran out, or the server refused for good. */
  OFFLINE: 'offline',
  /** `close()` was called; nothing more happens. */
  CLOSED: 'closed',
});

/** Error codes after which reconnecting cannot help: the client goes `offline` instead. */
export const FATAL_CODES = Object.freeze(new Set([ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN]));
