// A throwaway PostgreSQL cluster for integration tests and the central benchmark: initdb in a
// temp dir (trust auth, superuser `pg`), a free port, the socket in the same dir, stopped and
// removed at the end. When running as root the cluster runs as user `postgres` (PostgreSQL
// refuses to run as root), so the dir is handed to that user. No Docker.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';

export interface PgCluster {
  port: number;
  dir: string;
  /** postgres://pg@127.0.0.1:PORT/DB */
  url(db?: string): string;
  createDatabase(name: string): Promise<string>;
  /** Fast stop (-m fast) and start again on the same port: a PostgreSQL restart. */
  restart(): void;
  stop(): void;
  start(): void;
  destroy(): void;
}

/** initdb/pg_ctl of the newest PostgreSQL under /usr/lib/postgresql/<v>/bin, or null. */
export function findPgBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0]!, 'bin') : null;
}

function postgresUid(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error('running as root but there is no `postgres` user to run PostgreSQL as');
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

export async function startPgCluster(opts: { fsync?: boolean } = {}): Promise<PgCluster> {
  const bin = findPgBin();
  if (!bin) throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install postgresql (.ci/run does)');
  const dir = mkdtempSync(join(tmpdir(), 'hc-pg-'));
  const data = join(dir, 'data');
  const owner = postgresUid();
  if (owner) {
    chmodSync(dir, 0o700);
    chownSync(dir, owner.uid, owner.gid);
  }
  const run = (exe: string, args: string[]) =>
    execFileSync(join(bin, exe), args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir, ...(owner ? { uid: owner.uid, gid: owner.gid } : {}) });
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'pg', '-E', 'UTF8', '--no-locale']);
  const port = await freePort();
  // fsync stays on by default: the fault tests kill processes and restart the server; turning it
  // off would only be honest for a benchmark of the ingest path (and is labelled there).
  const o = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200${opts.fsync === false ? ' -c fsync=off -c synchronous_commit=off' : ''}`;
  const start = () => run('pg_ctl', ['-D', data, '-o', o, '-l', join(dir, 'log'), '-w', 'start']);
  const stop = () => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    } catch {
      /* already stopped */
    }
  };
  start();
  const url = (db = 'postgres') => `postgres://pg@127.0.0.1:${port}/${db}`;
  return {
    port,
    dir,
    url,
    async createDatabase(name: string) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'pg', name]);
      return url(name);
    },
    restart() {
      stop();
      start();
    },
    stop,
    start,
    destroy() {
      stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
