// `npm run central -- --port P --data DIR [--seed demo] [--pg postgres://…] [--personal-retention-days N]`: the city's central
// service. Without --pg it runs on an embedded PostgreSQL (PGlite) in DIR. Prints one JSON line
// {central:'listening', url, port} when it accepts requests (scripts and tests wait for it).
import { parseArgs } from 'node:util';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startCentral } from './app';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '7400' },
    host: { type: 'string', default: '127.0.0.1' },
    data: { type: 'string', default: '.data/central' },
    pg: { type: 'string' },
    seed: { type: 'string' },
    'log-level': { type: 'string', default: 'info' },
    renderer: { type: 'string' },
    'personal-retention-days': { type: 'string' },
  },
});

if (values.seed && values.seed !== 'demo') {
  process.stderr.write(`unknown --seed ${values.seed} (only "demo")\n`);
  process.exit(2);
}
const dataDir = resolve(values.data!);
// Always made: it holds the personal-data key file (central.key) even when the data is in --pg.
mkdirSync(dataDir, { recursive: true });
const central = await startCentral({
  port: Number(values.port),
  host: values.host,
  pg: values.pg,
  dataDir: values.pg ? undefined : `${dataDir}/pg`,
  seed: values.seed as 'demo' | undefined,
  logLevel: values['log-level'],
  rendererDir: values.renderer,
  keyDir: dataDir,
  personalRetentionDays: values['personal-retention-days'] === undefined ? undefined : Number(values['personal-retention-days']),
});
process.stdout.write(JSON.stringify({ central: 'listening', url: central.url, port: central.port, store: central.store.kind }) + '\n');

let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    void central.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
