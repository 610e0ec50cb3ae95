// Bearer tokens for staff and devices. Only a SHA-256 of each token is stored; sessions survive
// a server restart. Staff sessions expire (default 12 h); device tokens last until revoked.
import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HallStore } from './db/connection';
import type { SessionRow } from './db/schema';
import { E } from './errors';

export type Role = 'clerk' | 'manager' | 'kiosk' | 'display' | 'pad' | 'counter';
/** Who is calling: a signed-in staff member (work number) or an enrolled device (device id). */
export interface Actor {
  kind: 'staff' | 'device';
  subject: string;
  role: Role;
  windowNo: number | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

export class AuthService {
  private readonly cache = new Map<string, SessionRow>();
  /** token → its SHA-256: a clerk's every call presents the same token (bounded; cleared when full). */
  private readonly hashes = new Map<string, string>();

  /** Told the hashes of tokens just revoked (logout, sign-in elsewhere, device revocation): their WebSockets close. */
  onRevoked: ((tokenHashes: string[]) => void) | null = null;

  hashOf(token: string): string {
    let h = this.hashes.get(token);
    if (!h) {
      if (this.hashes.size >= 10_000) this.hashes.clear();
      this.hashes.set(token, (h = sha256(token)));
    }
    return h;
  }

  constructor(
    private readonly store: HallStore,
    private readonly opts: { sessionTtlMs: number; now?: () => number },
  ) {}

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  issue(kind: 'staff' | 'device', subject: string, role: Role, windowNo: number | null): string {
    const token = crypto.randomBytes(32).toString('base64url');
    const row: SessionRow = {
      token_hash: sha256(token),
      kind,
      subject,
      role,
      window_no: windowNo,
      created_at: this.now(),
      expires_at: kind === 'staff' ? this.now() + this.opts.sessionTtlMs : null,
      revoked_at: null,
    };
    this.store.run(this.store.q.insertInto('sessions').values(row));
    this.cache.set(row.token_hash, row);
    return token;
  }

  resolve(token: string): Actor {
    const h = this.hashOf(token);
    let row = this.cache.get(h);
    if (!row) {
      row = this.store.get(this.store.q.selectFrom('sessions').selectAll().where('token_hash', '=', h));
      if (!row) throw E.unauthorized();
      this.cache.set(h, row);
    }
    if (row.revoked_at != null) throw E.unauthorized();
    if (row.expires_at != null && row.expires_at <= this.now()) throw E.tokenExpired();
    return { kind: row.kind as Actor['kind'], subject: row.subject, role: row.role as Role, windowNo: row.window_no };
  }

  revoke(token: string): void {
    const h = sha256(token);
    this.store.run(this.store.q.updateTable('sessions').set({ revoked_at: this.now() }).where('token_hash', '=', h));
    this.cache.delete(h);
    this.onRevoked?.([h]);
  }

  private liveHashes(kind: 'staff' | 'device', subject: string): string[] {
    const q = this.store.q;
    return this.store
      .all(q.selectFrom('sessions').select('token_hash').where('kind', '=', kind).where('subject', '=', subject).where('revoked_at', 'is', null))
      .map((r) => r.token_hash);
  }

  /** Other sessions of the same clerk are ended when he signs in elsewhere. */
  revokeStaff(workNo: string, except?: string): void {
    const q = this.store.q;
    const ended = this.onRevoked ? this.liveHashes('staff', workNo).filter((h) => !except || h !== sha256(except)) : [];
    let upd = q
      .updateTable('sessions')
      .set({ revoked_at: this.now() })
      .where('kind', '=', 'staff')
      .where('subject', '=', workNo)
      .where('revoked_at', 'is', null);
    if (except) upd = upd.where('token_hash', '!=', sha256(except));
    this.store.run(upd);
    if (ended.length) this.onRevoked?.(ended);
    for (const [h, r] of this.cache) if (r.kind === 'staff' && r.subject === workNo && (!except || h !== sha256(except))) this.cache.delete(h);
  }

  /** A device is revoked: every token it holds stops working at once (cached rows dropped, so the next call reads revoked_at). Returns how many were live. */
  revokeDevice(id: string): number {
    const q = this.store.q;
    const ended = this.onRevoked ? this.liveHashes('device', id) : [];
    const r = this.store.run(
      q.updateTable('sessions').set({ revoked_at: this.now() }).where('kind', '=', 'device').where('subject', '=', id).where('revoked_at', 'is', null),
    );
    for (const [h, row] of this.cache) if (row.kind === 'device' && row.subject === id) this.cache.delete(h);
    if (ended.length) this.onRevoked?.(ended);
    return r.changes;
  }
}

export function tokenOf(req: FastifyRequest, allowQuery: boolean): string | null {
  const h = req.headers.authorization;
  if (h && /^Bearer\s+/i.test(h)) return h.replace(/^Bearer\s+/i, '').trim();
  if (allowQuery) {
    const t = (req.query as Record<string, unknown> | undefined)?.token;
    if (typeof t === 'string' && t) return t;
  }
  return null;
}

/**
 * preHandler: a valid token whose role is one of `roles` (all roles when empty). A callback
 * hook, not an async one: it runs on every call-next, and a promise per request costs.
 */
export function guard(auth: AuthService, roles: Role[], opts: { queryToken?: boolean } = {}) {
  return (req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void): void => {
    try {
      const token = tokenOf(req, !!opts.queryToken);
      if (!token) throw E.unauthorized();
      const actor = auth.resolve(token);
      if (roles.length && !roles.includes(actor.role)) throw E.forbidden();
      req.actor = actor;
    } catch (e) {
      done(e as Error);
      return;
    }
    done();
  };
}

export const STAFF: Role[] = ['clerk', 'manager'];
export const READERS: Role[] = ['clerk', 'manager', 'kiosk', 'display', 'pad', 'counter'];
