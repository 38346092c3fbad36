// Compiled with `tsc --noEmit` in `npm test`: the declarations describe the API as it is used.
import Switchboard, { ClientState, ErrorCode, SwitchboardError, type DoneFrame, type Reply } from '../../src/switchboard.js';

export async function usage(): Promise<string> {
  const client = await Switchboard.connect('ws://localhost:8080/ws', {
    storage: { getItem: () => null, setItem: () => {} },
    WebSocket,
    reconnect: { initialDelay: 250, maxDelay: 10000 },
  });
  const off = client.on('state', ({ state, attempt, delay }) => console.log(state === ClientState.RECONNECTING, attempt, delay));
  client.on('welcome', ({ redraw, history }) => redraw && history.map((turn) => turn.role));
  client.on('event', (frame) => (frame.type === 'token' ? frame.text : frame.seq));
  client.on('event', (frame) => frame.type === 'queued' && (frame.text ?? '(position update)').length);
  client.on('error', (error: SwitchboardError) => error.code === ErrorCode.NOT_FOUND);
  off();
  const reply: Reply = client.prompt('hello there', { delayMs: 10 });
  reply.on('queued', ({ position }) => position + 1);
  let text = '';
  for await (const token of reply) text += token;
  const done: DoneFrame = await reply.done;
  if (done.reason === 'cancelled') reply.cancel();
  client.cancel(client.generating ?? undefined);
  client.live.forEach((turn) => turn.prompt.length);
  client.close();
  return text + done.text + client.history.length;
}
