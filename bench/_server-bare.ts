// (Underscore: bench/run.ts skips it; bench/server-queue.ts spawns it.) The baseline for bench/server-queue.ts: a bare Fastify route answering a call-next-sized
// JSON body, no auth, no database. Prints one JSON line when listening.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
const body = {
  ticket: {
    id: '01900000-0000-7000-8000-000000000000',
    number: 'A023',
    category: 'A',
    status: 'called',
    priority: 'normal',
    channel: 'kiosk',
    issuedAt: new Date().toISOString(),
    calledAt: new Date().toISOString(),
    windowNo: 1,
    recallCount: 0,
  },
  window: { no: 1, name: '1号窗口', status: 'serving', clerk: { workNo: 'C001', name: '李娜', stars: 5 }, categories: [{ category: 'A', weight: 2 }] },
};
app.post('/api/windows/:windowNo/call-next', async () => body);
await app.listen({ port: Number(process.argv[2] ?? 0), host: '127.0.0.1' });
const addr = app.server.address();
console.log(JSON.stringify({ hall: 'listening', url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}` }));
