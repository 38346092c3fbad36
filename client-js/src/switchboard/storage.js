/**
 * Keeps the session id in a Web Storage–like object, so a reload finds the same session.
 * Storage that throws (private mode, a sandboxed frame, a full quota) is treated as absent.
 * @module switchboard/storage
 */

/**
 * @param {{storage?: {getItem(k: string): string|null}, storageKey: string}} o
 * @returns {string|undefined} the kept session id
 */
export function readSession(o) {
  try {
    return o.storage?.getItem(o.storageKey) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * @param {{storage?: {setItem(k: string, v: string): void}, storageKey: string}} o
 * @param {string} session
 */
export function writeSession(o, session) {
  try {
    o.storage?.setItem(o.storageKey, session);
  } catch {
    // the session still works; it just won't survive a reload
  }
}
