// `npm run bench`: runs every benchmark script in bench/ one after another (they share two
// cores, so never in parallel) and prints their numbers. `npm run bench -- server sync` runs
// only the scripts whose names contain one of the words.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const filters = process.argv.slice(2);
const scripts = readdirSync('bench')
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort();

const results: { script: string; status: number | null; seconds: number }[] = [];
for (const s of scripts) {
  process.stdout.write(`\n=== bench/${s} ===\n`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join('bench', s)], { stdio: 'inherit', env: process.env });
  results.push({ script: s, status: r.status, seconds: (performance.now() - t0) / 1000 });
}
process.stdout.write('\n=== summary ===\n');
for (const r of results) process.stdout.write(`${r.status === 0 ? 'ok  ' : 'FAIL'} ${r.script.padEnd(32)} ${r.seconds.toFixed(1)} s\n`);
process.exit(results.some((r) => r.status !== 0) ? 1 : 0);
