// TypeScript declarations for the public API of switchboard.js (PROTOCOL.md v1).
// Types only: the code is plain JavaScript with JSDoc.

/** Error codes: the server's (from `error` frames) and the client's own. */
export declare const ErrorCode: Readonly<{
  BAD_REQUEST: 'bad_request';
  HELLO_REQUIRED: 'hello_required';
  UNAUTHORIZED: 'unauthorized';
  FORBIDDEN: 'forbidden';
  BUSY: 'busy';
  OVERLOADED: 'overloaded';
  RATE_LIMITED: 'rate_limited';
  NOT_FOUND: 'not_found';
  SHUTTING_DOWN: 'shutting_down';
  CONNECT_FAILED: 'connect_failed';
  CLOSED: 'closed';
  SESSION_LOST: 'session_lost';
  GAP: 'gap';
  TOO_LARGE: 'too_large';
  CANCELLED: 'cancelled';
  PROTOCOL: 'protocol';
}>;
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

/** WebSocket close codes of the protocol, and 4000 (the client's "no answer to ping"). */
export declare const CloseCode: Readonly<{
  NORMAL: 1000;
  GOING_AWAY: 1001;
  ABNORMAL: 1006;
  POLICY: 1008;
  TOO_BIG: 1009;
  INTERNAL: 1011;
  TRY_AGAIN_LATER: 1013;
  NO_ANSWER: 4000;
}>;

/** Connection states. */
export declare const ClientState: Readonly<{
  CONNECTING: 'connecting';
  CONNECTED: 'connected';
  RECONNECTING: 'reconnecting';
  OFFLINE: 'offline';
  CLOSED: 'closed';
}>;
export type ClientStateValue = (typeof ClientState)[keyof typeof ClientState];

export declare const PROTOCOL_VERSION: 1;
export declare const DEFAULT_STORAGE_KEY: 'switchboard.session';

/** A failure with the protocol's `code`. */
export declare class SwitchboardError extends Error {
  constructor(code: string, message: string, extra?: { frame?: ErrorFrame; cause?: unknown });
  readonly name: 'SwitchboardError';
  /** An {@link ErrorCode} value (a newer server may send codes this list lacks). */
  readonly code: ErrorCodeValue | (string & {});
  /** The server's `error` frame, when the error came from one. */
  readonly frame?: ErrorFrame;
  static fromFrame(frame: ErrorFrame): SwitchboardError;
}

export interface BackoffPolicy {
  /** ms before the first retry, before jitter. Default 500. */
  initialDelay: number;
  /** The cap, ms. Default 15000. */
  maxDelay: number;
  /** Growth per attempt. Default 2. */
  factor: number;
  /** Fraction taken off each delay at random, 0 to 1. Default 0.5. */
  jitter: number;
  /** Failed attempts in a row before going `offline`. Default Infinity. */
  maxAttempts: number;
}
export declare const DEFAULT_BACKOFF: Readonly<BackoffPolicy>;
/** The wait before retry number `attempt` (1-based), in ms. */
export declare function backoffDelay(attempt: number, policy: Readonly<BackoffPolicy>, random?: () => number): number;

/** The part of the Web Storage API the client uses (localStorage, sessionStorage, or your own). */
export interface SessionStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface ConnectOptions {
  /** The session to attach to; by default the one in `storage`, else a new one. */
  session?: string | null;
  /** Where the session id is kept across reloads (e.g. `localStorage`). */
  storage?: SessionStorageLike | null;
  /** The storage key. Default `'switchboard.session'`. */
  storageKey?: string;
  /** A WebSocket constructor; default `globalThis.WebSocket` (Node before 22: pass the `ws` package). */
  WebSocket?: new (url: string) => WebSocket;
  /** Sent as `hello.token` (a function is called on every connection, e.g. to refresh it). */
  token?: string | (() => string | Promise<string>);
  /** Reconnect policy, or `false` to go `offline` on the first loss. */
  reconnect?: Partial<BackoffPolicy> | false;
  /** ms of silence from the server before the client pings it; 0: never. Default 20000. */
  pingInterval?: number;
  /** ms to wait for any frame after that ping before dropping the connection. Default 10000. */
  pingTimeout?: number;
  /** ms for a connection to open, get its `welcome` and finish its replay; 0: no deadline. Default 10000. */
  connectTimeout?: number;
}

/** A finished turn, as in `welcome.history` and history pages. */
export interface Turn {
  role: 'user' | 'assistant';
  text: string;
  /** The generation it belongs to: a prompt and its reply share it. */
  gen: string;
  /** Its index in the session's whole history, from 0; never reused after older turns are dropped. */
  n: number;
  /**
   * Epoch ms: when the prompt was accepted (user turn) or the reply ended (assistant turn). For a
   * turn the client built from live events, the client's clock when it saw them (approximate,
   * until the next redraw).
   */
  at: number;
}

/** A page of history: turns oldest first, and whether the server holds older ones still. */
export interface HistoryPage {
  turns: Turn[];
  more: boolean;
}

export interface HistoryPageOptions {
  /** A turn index `n`: the page holds turns numbered below it. Default: the oldest turn in `history` (none: the newest the server holds). */
  before?: number;
  /** 1 to 200 turns. Default: the server's, 50. */
  limit?: number;
}

export interface LoadOlderOptions {
  /** 1 to 200 turns. Default: the server's, 50. */
  limit?: number;
}

/** A prompt whose reply has not ended yet (from anyone on the session). */
export interface LiveTurn {
  gen: string;
  id: string;
  prompt: string;
  /** The reply so far. */
  text: string;
  /** 1 = next to run; 0 once running. */
  position: number;
  running: boolean;
}

/** `text` (the prompt) is always in a generation's first `queued`; a live re-sent one (a position update) may omit it. */
export interface QueuedFrame { type: 'queued'; seq: number; gen: string; id: string; text?: string; position: number }
export interface StartFrame { type: 'start'; seq: number; gen: string; id: string }
export interface TokenFrame { type: 'token'; seq: number; gen: string; text: string }
export interface DoneFrame {
  type: 'done';
  seq: number;
  gen: string;
  id: string;
  /** The whole reply (partial when it ended early). */
  text: string;
  reason: 'stop' | 'cancelled' | 'timeout' | 'error' | 'shutdown';
  tokens: number;
  error?: string;
  state?: Record<string, unknown>;
  details?: Record<string, unknown>;
}
export type SessionEvent = QueuedFrame | StartFrame | TokenFrame | DoneFrame;
export interface ErrorFrame { type: 'error'; code: string; message: string; id?: string; gen?: string }

export interface StateEvent {
  state: ClientStateValue;
  previous: ClientStateValue;
  /** Reconnect attempt number (0 when connected). */
  attempt: number;
  /** ms until this attempt, when `reconnecting`. */
  delay?: number;
  /** Why the client went `offline`. */
  reason?: string;
  /** The refusal that made the client go `offline` (e.g. `unauthorized`). */
  error?: SwitchboardError;
}

export interface WelcomeEvent {
  session: string;
  /** The session the client had before (null on a first connection without one). */
  previousSession: string | null;
  created: boolean;
  /** A resume with no gap: nothing to redraw. */
  resumed: boolean;
  gap: boolean;
  /** When true: draw `history` afresh; the events of queued and running replies follow. */
  redraw: boolean;
  history: Turn[];
  seq: number;
}

interface ClientEvents {
  state: StateEvent;
  welcome: WelcomeEvent;
  event: SessionEvent;
  /** `loadOlder()` put `turns` in front of `history`. */
  older: HistoryPage;
  error: SwitchboardError;
}

interface ReplyEvents {
  queued: { position: number };
  start: { gen: string };
  token: { text: string };
  done: DoneFrame;
  fail: SwitchboardError;
}

/** A reply being streamed: async-iterable over its tokens. */
export declare class Reply extends EventTarget implements AsyncIterable<string> {
  /** The prompt id this client chose. */
  readonly id: string;
  readonly prompt: string;
  readonly params: Record<string, unknown> | undefined;
  /** The server's generation id, from `queued` on. */
  readonly gen: string | null;
  /** 1 = next to run; null before `queued`; 0 once started. */
  readonly position: number | null;
  readonly status: 'pending' | 'queued' | 'running' | 'done' | 'failed';
  /** The reply so far. */
  readonly text: string;
  readonly tokens: readonly string[];
  readonly error: SwitchboardError | null;
  readonly cancelRequested: boolean;
  readonly settled: boolean;
  /** Resolves with the `done` frame; rejects with a SwitchboardError when the prompt was refused or lost. */
  readonly done: Promise<DoneFrame>;
  /** Stops the reply (done.reason `cancelled`). Safe at any time. */
  cancel(): void;
  on<K extends keyof ReplyEvents>(type: K, listener: (detail: ReplyEvents[K]) => void): () => void;
  [Symbol.asyncIterator](): AsyncIterableIterator<string>;
}

/** A connection to one session that reconnects and resumes by itself. */
export declare class Client extends EventTarget {
  /** The session id. */
  readonly session: string | null;
  /** The last seq seen. */
  readonly seq: number;
  readonly state: ClientStateValue;
  /** The finished turns, oldest first: the welcome's most recent ones, those that ended since, and older ones `loadOlder()` added. */
  readonly history: readonly Turn[];
  /** Prompts queued or streaming, from anyone on the session. */
  readonly live: LiveTurn[];
  /** The gen of the running reply, if any. */
  readonly generating: string | null;
  /** Sends a prompt (it waits while the client is not connected). */
  prompt(text: string, params?: Record<string, unknown>): Reply;
  /** Cancels a reply of the session (by default the running one). */
  cancel(gen?: string): void;
  /**
   * Asks the server for a page of history (turns numbered below `before`); `history` is left as
   * it is. Waits while the client is not connected; a request lost with a connection is sent again.
   */
  historyPage(options?: HistoryPageOptions): Promise<HistoryPage>;
  /**
   * Loads the page before the oldest turn in `history`, puts it in front and emits `older`;
   * resolves with the turns added. Calls while one is under way share it.
   */
  loadOlder(options?: LoadOlderOptions): Promise<HistoryPage>;
  /** Tries to connect now, when `reconnecting` or `offline`. */
  reconnect(): void;
  /** Closes for good; pending replies reject with `closed`. */
  close(): void;
  on<K extends keyof ClientEvents>(type: K, listener: (detail: ClientEvents[K]) => void): () => void;
}

export declare const Switchboard: Readonly<{
  /** Connects and attaches to a session; resolves once caught up with it. */
  connect(url: string | URL, options?: ConnectOptions): Promise<Client>;
}>;
export default Switchboard;
