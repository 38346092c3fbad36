// A server that requires a token (SWITCHBOARD_JWT_SECRET): the client sends options.token in each
// hello, and a refusal is final (no retry loop) with the protocol's code.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, test } from 'node:test';
import { SwitchboardError } from '../src/switchboard.js';
import { connect, next, trackedWebSocket } from './helpers/client.js';
import { startServer } from './helpers/server.js';

const SECRET = 'a-test-secret-of-at-least-32-characters!';
const T = { timeout: 15000 };
let server;

/** An HS256 JWT for `sub`, valid for a minute. */
function token(sub, secret = SECRET) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub, exp: Math.floor(Date.now() / 1000) + 60 })}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

before(async () => {
  server = await startServer(['--echo-delay', '1ms'], { env: { SWITCHBOARD_JWT_SECRET: SECRET } });
});
after(() => server?.stop());

test('with a token the client connects and prompts', T, async () => {
  const client = await connect(server.ws, { token: token('alice') });
  try {
    assert.equal((await client.prompt('hi').done).text, 'hi');
  } finally {
    client.close();
  }
});

test('without a token, or with a bad one, connect rejects with unauthorized', T, async () => {
  await assert.rejects(connect(server.ws), (e) => e instanceof SwitchboardError && e.code === 'unauthorized');
  await assert.rejects(connect(server.ws, { token: token('alice', 'x'.repeat(40)) }), { code: 'unauthorized' });
});

test('a token function is asked again on every reconnection', T, async () => {
  const net = trackedWebSocket();
  let asked = 0;
  const client = await connect(server.ws, { WebSocket: net.WebSocket, token: async () => { asked += 1; return token('bob'); } });
  try {
    net.last().terminate();
    await next(client, 'state', (s) => s.state === 'connected');
    assert.equal(asked, 2);
  } finally {
    client.close();
  }
});

test('another subject cannot attach to the session: forbidden', T, async () => {
  const alice = await connect(server.ws, { token: token('alice') });
  try {
    await assert.rejects(connect(server.ws, { session: alice.session, token: token('mallory') }), { code: 'forbidden' });
  } finally {
    alice.close();
  }
});

test('a refusal on reconnect is final: the client goes offline instead of retrying', T, async () => {
  const net = trackedWebSocket();
  let good = true;
  const client = await connect(server.ws, { WebSocket: net.WebSocket, token: () => (good ? token('carol') : 'expired') });
  try {
    good = false;
    net.last().terminate();
    const offline = await next(client, 'state', (s) => s.state === 'offline');
    assert.equal(offline.error.code, 'unauthorized');
    const attempts = net.sockets.length;
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(net.sockets.length, attempts, 'no retry loop');
    good = true;
    client.reconnect();
    await next(client, 'state', (s) => s.state === 'connected');
  } finally {
    client.close();
  }
});
