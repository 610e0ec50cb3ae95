// Builds the app (electron-vite: main, preload, renderer) when out/ is missing or older than
// the sources, so `npm run demo` and the e2e tests always serve the current UI.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const SOURCES = ['renderer', 'domain', 'electron', 'electron.vite.config.ts'];
const OUTPUT = 'out/renderer/index.html';

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of readdirSync(path)) m = Math.max(m, newest(join(path, e)));
  return m;
}

export function ensureBuilt(force = false): void {
  const stale = force || !existsSync(OUTPUT) || SOURCES.some((s) => existsSync(s) && newest(s) > statSync(OUTPUT).mtimeMs);
  if (!stale) return;
  process.stdout.write('正在构建界面（electron-vite build）…\n');
  const r = spawnSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('electron-vite build failed');
}

if (import.meta.url === `file://${process.argv[1]}`) ensureBuilt(process.argv.includes('--force'));
