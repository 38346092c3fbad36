// BASELINE ONLY — not Switchboard. A minimal single-process Node server on the `ws` library that
// speaks the echo part of PROTOCOL.md (hello/welcome, prompt -> queued/start/token/done, cancel,
// ping), so loadtest/bench.sh can measure Switchboard and this side by side. No resume log, no
// multiplayer fan-out beyond one socket, no limits; a new session on every hello; no per-session
// queue (each prompt streams at once, with position 1, and cancel stops the latest); of the echo's
// params only an integer delayMs. It is the simplest thing a Node developer would write, which is
// what makes it a fair reference for per-token cost.
//
//   node server.mjs [port]        (default 8090)
import { WebSocketServer } from 'ws';
import { randomBytes } from 'node:crypto';

const port = Number(process.argv[2] || process.env.PORT || 8090);
const wss = new WebSocketServer({ host: '127.0.0.1', port, path: '/ws', maxPayload: 64 * 1024 });
let genCounter = 0;

// Echo tokens: one word and the whitespace after it; the first also carries leading whitespace.
function tokensOf(text) {
  const out = text.match(/\S+\s*/g) || [];
  const lead = /^\s*/.exec(text)[0];
  if (out.length) out[0] = lead + out[0];
  else if (text) out.push(text);
  return out;
}

wss.on('connection', (ws) => {
  const session = { id: randomBytes(16).toString('base64url'), seq: 0, running: null };
  const send = (obj) => ws.send(JSON.stringify(obj));
  const event = (obj) => { obj.seq = ++session.seq; send(obj); };

  ws.on('message', (data, isBinary) => {
    let msg;
    try { msg = JSON.parse(data.toString()); } catch { return send({ type: 'error', code: 'bad_request', message: 'not JSON' }); }
    if (msg.type === 'hello') {
      send({ type: 'welcome', session: session.id, created: true, seq: session.seq, history: [] });
    } else if (msg.type === 'ping') {
      send({ type: 'pong' });
    } else if (msg.type === 'cancel') {
      if (session.running) session.running.cancelled = true;
    } else if (msg.type === 'prompt') {
      const gen = `g${++genCounter}`;
      const delay = Number.isInteger(msg.params?.delayMs) ? msg.params.delayMs : 20;
      const tokens = tokensOf(msg.text);
      const run = { cancelled: false };
      session.running = run;
      event({ type: 'queued', gen, id: msg.id, text: msg.text, position: 1 });
      event({ type: 'start', gen, id: msg.id });
      let i = 0;
      let reply = '';
      const step = () => {
        if (ws.readyState !== ws.OPEN) return;
        if (run.cancelled || i === tokens.length) {
          event({ type: 'done', gen, id: msg.id, text: reply, reason: run.cancelled ? 'cancelled' : 'stop', tokens: i });
          return;
        }
        reply += tokens[i];
        event({ type: 'token', gen, text: tokens[i++] });
        if (delay === 0) setImmediate(step); else setTimeout(step, delay);
      };
      if (delay === 0) setImmediate(step); else setTimeout(step, delay);
    } else {
      send({ type: 'error', code: 'bad_request', message: `unknown type '${msg.type}'` });
    }
  });
});

console.log(`reference server (baseline) listening on ws://127.0.0.1:${port}/ws`);
