/**
 * The reconnect policy: exponential backoff with jitter and a cap.
 * @module switchboard/backoff
 */

/**
 * @typedef {object} BackoffPolicy
 * @property {number} initialDelay ms before the first retry, before jitter (default 500)
 * @property {number} maxDelay the cap, ms (default 15000)
 * @property {number} factor growth per attempt (default 2)
 * @property {number} jitter fraction of the delay taken off at random, 0 to 1 (default 0.5: each
 *   delay is drawn from [d/2, d])
 * @property {number} maxAttempts failed attempts in a row before the client goes `offline`
 *   (default Infinity: it never gives up)
 */

/** @type {Readonly<BackoffPolicy>} */
export const DEFAULT_BACKOFF = Object.freeze({
  initialDelay: 500,
  maxDelay: 15000,
  factor: 2,
  jitter: 0.5,
  maxAttempts: Infinity,
});

/**
 * Fills in the defaults and checks the values.
 * @param {Partial<BackoffPolicy>} [options]
 * @returns {Readonly<BackoffPolicy>}
 * @throws {TypeError} with an exact message naming the bad field
 */
export function backoffPolicy(options = {}) {
  if (options === null || typeof options !== 'object') throw new TypeError('options.reconnect must be an object');
  const policy = { ...DEFAULT_BACKOFF, ...options };
  for (const key of ['initialDelay', 'maxDelay', 'factor']) {
    if (typeof policy[key] !== 'number' || !(policy[key] >= 0) || !Number.isFinite(policy[key])) {
      throw new TypeError(`options.reconnect.${key} must be a finite number >= 0`);
    }
  }
  if (typeof policy.jitter !== 'number' || !(policy.jitter >= 0 && policy.jitter <= 1)) {
    throw new TypeError('options.reconnect.jitter must be a number from 0 to 1');
  }
  if (typeof policy.maxAttempts !== 'number' || !(policy.maxAttempts >= 1)) {
    throw new TypeError('options.reconnect.maxAttempts must be a number >= 1');
  }
  return Object.freeze(policy);
}

/**
 * The wait before retry number `attempt`: `min(maxDelay, initialDelay * factor^(attempt-1))`, less
 * a random part of up to `jitter` of it, so that many clients cut off at once do not all come back
 * in the same millisecond.
 * @param {number} attempt 1 for the first retry
 * @param {Readonly<BackoffPolicy>} policy
 * @param {() => number} [random] a source in [0, 1), for tests
 * @returns {number} ms, rounded
 */
export function backoffDelay(attempt, policy, random = Math.random) {
  const base = Math.min(policy.maxDelay, policy.initialDelay * policy.factor ** Math.max(0, attempt - 1));
  return Math.round(base * (1 - policy.jitter * random()));
}
