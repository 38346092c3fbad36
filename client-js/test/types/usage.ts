// Compiled with `tsc --noEmit` in `npm test`: the declarations describe the API as it is used.
import Switchboard, { ClientState, ErrorCode, SwitchboardError, type DoneFrame, type HistoryPage, type Reply, type Turn } from '../../src/switchboard.js';

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
  client.on('older', ({ turns, more }) => more && turns.map((turn) => turn.n));
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
  const oldest: Turn | undefined = client.history[0];
  const page: HistoryPage = await client.historyPage({ before: oldest?.n ?? 0, limit: 20 });
  page.turns.forEach((turn) => turn.gen + turn.at);
  const older = await client.loadOlder({ limit: 50 });
  if (older.more) await client.loadOlder();
  // @ts-expect-error loadOlder takes no before: it pages back from the oldest turn held
  await client.loadOlder({ before: 3 });
  await client.historyPage();
  client.close();
  return text + done.text + client.history.length;
}
