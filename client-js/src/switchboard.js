/**
 * Switchboard client: a chat session over one WebSocket that reconnects and resumes by itself.
 * Zero dependencies; ES modules for browsers and Node (Node before 22 passes `options.WebSocket`,
 * e.g. the `ws` package). Served by the server as `/switchboard.js` (this file) and
 * `/switchboard/*.js` (the modules it imports).
 *
 * @example
 *   import { Switchboard } from '/switchboard.js';
 *   const client = await Switchboard.connect('/ws', { storage: localStorage });
 *   const reply = client.prompt('hello there');
 *   reply.on('queued', ({ position }) => console.log('position', position));
 *   for await (const token of reply) console.log(token);
 *   console.log((await reply.done).reason); // 'stop'
 * @module switchboard
 */

import { Client } from './switchboard/client.js';
import { resolveOptions } from './switchboard/options.js';

export { Client } from './switchboard/client.js';
export { Reply } from './switchboard/reply.js';
export { SwitchboardError } from './switchboard/errors.js';
export { ErrorCode, CloseCode, ClientState } from './switchboard/codes.js';
export { DEFAULT_BACKOFF, backoffDelay } from './switchboard/backoff.js';
export { DEFAULT_STORAGE_KEY } from './switchboard/options.js';

/** The protocol version this client speaks (PROTOCOL.md). */
export const PROTOCOL_VERSION = 1;

/** The entry point. */
export const Switchboard = Object.freeze({
  /**
   * Connects and attaches to a session: the one in `options.session`, else the one kept in
   * `options.storage`, else a new one. Resolves once the client holds the session's conversation
   * (`client.history` and `client.live`) and is streaming live events.
   *
   * @param {string|URL} url `ws://host:port/ws` (http(s) URLs are mapped to ws(s); in a browser a
   *   path such as `/ws` is taken relative to the page)
   * @param {import('./switchboard.d.ts').ConnectOptions} [options]
   * @returns {Promise<Client>}
   * @throws {TypeError} at once, with an exact message, for a bad argument
   * Rejects with a SwitchboardError (`connect_failed`, or the server's code such as `overloaded`)
   * when the first connection fails: the client does not retry the first one.
   */
  connect(url, options) {
    const client = new Client(resolveOptions(url, options));
    return client.start().then(() => client);
  },
});

/** The same object as the named export, for `import Switchboard from ...`. */
export default Switchboard;
