/**
 * Checks `Switchboard.connect`'s arguments and fills in defaults. Misuse throws a TypeError with an
 * exact message (tested), before any socket is opened.
 * @module switchboard/options
 */

import { backoffPolicy } from './backoff.js';

/** The storage key of the session id when `options.storageKey` is not given. */
export const DEFAULT_STORAGE_KEY = 'switchboard.session';

/**
 * @typedef {object} ResolvedOptions
 * @property {string} url the ws: or wss: URL
 * @property {string|undefined} session
 * @property {{getItem(k: string): string|null, setItem(k: string, v: string): void}|undefined} storage
 * @property {string} storageKey
 * @property {new (url: string) => WebSocket} WebSocket
 * @property {undefined|string|(() => string|Promise<string>)} token
 * @property {Readonly<import('./backoff.js').BackoffPolicy>|null} reconnect null: never reconnect
 * @property {number} pingInterval
 * @property {number} pingTimeout
 * @property {number} connectTimeout
 */

/**
 * @param {unknown} url a ws:/wss:/http:/https: URL, or (in a browser) a path such as `/ws`
 * @param {Record<string, unknown>} [options]
 * @returns {ResolvedOptions}
 * @throws {TypeError}
 */
export function resolveOptions(url, options = {}) {
  const href = wsUrl(url);
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  const o = /** @type {Record<string, any>} */ (options);
  if (o.session !== undefined && o.session !== null && (typeof o.session !== 'string' || o.session === '')) {
    throw new TypeError('options.session must be a non-empty string');
  }
  if (o.storage !== undefined && o.storage !== null
      && (typeof o.storage?.getItem !== 'function' || typeof o.storage?.setItem !== 'function')) {
    throw new TypeError('options.storage must have getItem and setItem methods');
  }
  if (o.storageKey !== undefined && (typeof o.storageKey !== 'string' || o.storageKey === '')) {
    throw new TypeError('options.storageKey must be a non-empty string');
  }
  if (o.WebSocket !== undefined && typeof o.WebSocket !== 'function') {
    throw new TypeError('options.WebSocket must be a WebSocket constructor');
  }
  const WebSocketImpl = o.WebSocket ?? globalThis.WebSocket;
  if (typeof WebSocketImpl !== 'function') {
    throw new TypeError('no WebSocket implementation: pass options.WebSocket (Node before 22 has none; the ws package works)');
  }
  if (o.token !== undefined && typeof o.token !== 'string' && typeof o.token !== 'function') {
    throw new TypeError('options.token must be a string or a function');
  }
  if (o.reconnect !== undefined && o.reconnect !== false && (o.reconnect === null || typeof o.reconnect !== 'object')) {
    throw new TypeError('options.reconnect must be an object or false');
  }
  return {
    url: href,
    session: o.session ?? undefined,
    storage: o.storage ?? undefined,
    storageKey: o.storageKey ?? DEFAULT_STORAGE_KEY,
    WebSocket: WebSocketImpl,
    token: o.token,
    reconnect: o.reconnect === false ? null : backoffPolicy(o.reconnect ?? {}),
    pingInterval: ms(o, 'pingInterval', 20000),
    pingTimeout: ms(o, 'pingTimeout', 10000),
    connectTimeout: ms(o, 'connectTimeout', 10000),
  };
}

/**
 * @param {unknown} url
 * @returns {string} the URL with http(s) mapped to ws(s)
 */
function wsUrl(url) {
  if (typeof url !== 'string' && !(url instanceof URL)) throw new TypeError('url must be a string or a URL');
  let parsed;
  try {
    parsed = new URL(String(url), globalThis.location?.href);
  } catch {
    throw new TypeError(`url is not a valid URL: "${url}"`);
  }
  const scheme = { 'ws:': 'ws:', 'wss:': 'wss:', 'http:': 'ws:', 'https:': 'wss:' }[parsed.protocol];
  if (!scheme) throw new TypeError(`url must be a ws: or wss: URL, got "${parsed.protocol}"`);
  parsed.protocol = scheme;
  return parsed.href;
}

/**
 * @param {Record<string, unknown>} o
 * @param {string} key
 * @param {number} fallback
 * @returns {number}
 */
function ms(o, key, fallback) {
  const value = o[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`options.${key} must be a finite number >= 0`);
  }
  return value;
}
