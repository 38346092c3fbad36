/**
 * The browser's own idea of being online (`navigator.onLine` and the `online` / `offline` events).
 * Outside a browser there is none, and the client just retries.
 * @module switchboard/connectivity
 */

/**
 * @param {{offline: () => void, online: () => void}} on called on the window's events
 * @returns {{offline: boolean, stop: () => void}} whether the browser says it is offline now, and
 *   how to stop listening
 */
export function watchConnectivity(on) {
  const target = globalThis.window;
  if (typeof target?.addEventListener !== 'function' || typeof globalThis.navigator?.onLine !== 'boolean') {
    return { offline: false, stop: () => {} };
  }
  target.addEventListener('offline', on.offline);
  target.addEventListener('online', on.online);
  return {
    offline: globalThis.navigator.onLine === false,
    stop: () => {
      target.removeEventListener('offline', on.offline);
      target.removeEventListener('online', on.online);
    },
  };
}
