// Electron main with the electron module faked: single-instance lock, hardening, core in a
// utilityProcess, IPC sender validation, path traversal in the app:// protocol.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';

const USER_DATA = '/tmp/hall-counter-test-userdata';

const state = vi.hoisted(() => ({
  lock: true,
  quit: 0,
  ipc: {} as Record<string, (e: unknown, ...a: unknown[]) => void>,
  forks: [] as { entry: string; posted: unknown[]; onMessage?: (m: unknown) => void }[],
  windows: [] as {
    opts: Record<string, unknown>;
    url: string;
    handlers: Record<string, (...a: unknown[]) => void>;
    openHandler?: () => unknown;
    posted: unknown[];
  }[],
  displays: [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 }, bounds: { x: 0, y: 0, width: 1920, height: 1080 } }],
  ready: null as null | (() => void),
  appHandler: null as null | ((r: Request) => Promise<Response>),
  safeAvailable: true,
}));
// A stand-in for the OS secret store: reversible, but not the plain text.
const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));

vi.mock('electron', () => {
  const makeContents = (w: (typeof state.windows)[number]) => ({
    on: (ev: string, fn: (...a: unknown[]) => void) => void (w.handlers[ev] = fn),
    once: (ev: string, fn: (...a: unknown[]) => void) => void (w.handlers[ev] = fn),
    setWindowOpenHandler: (fn: () => unknown) => void (w.openHandler = fn),
    postMessage: (...a: unknown[]) => void w.posted.push(a),
    isDestroyed: () => false,
  });
  class BrowserWindow {
    webContents: ReturnType<typeof makeContents>;
    constructor(opts: Record<string, unknown>) {
      const w = { opts, url: '', handlers: {}, posted: [] };
      state.windows.push(w);
      this.webContents = makeContents(w);
      (this as unknown as { rec: typeof w }).rec = w;
    }
    once() {}
    loadURL(u: string) {
      (this as unknown as { rec: { url: string } }).rec.url = u;
      return Promise.resolve();
    }
  }
  return {
    app: {
      requestSingleInstanceLock: () => state.lock,
      quit: () => void state.quit++,
      on: () => undefined,
      whenReady: () => new Promise<void>((r) => (state.ready = r)),
      getPath: () => USER_DATA,
    },
    ipcMain: { on: (ch: string, fn: (e: unknown, ...a: unknown[]) => void) => void (state.ipc[ch] = fn) },
    session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), webRequest: { onHeadersReceived: vi.fn() } } },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: (_s: string, fn: (r: Request) => Promise<Response>) => void (state.appHandler = fn) },
    net: { fetch: async () => new Response('<!doctype html><title>x</title>', { headers: { 'content-type': 'text/html' } }) },
    safeStorage: {
      isEncryptionAvailable: () => state.safeAvailable,
      encryptString: (s: string) => xor(Buffer.from(s, 'utf8')),
      decryptString: (b: Buffer) => xor(b).toString('utf8'),
    },
    screen: { getPrimaryDisplay: () => state.displays[0], getAllDisplays: () => state.displays },
    BrowserWindow,
    MessageChannelMain: class {
      port1 = { name: 'p1' };
      port2 = { name: 'p2' };
    },
    utilityProcess: {
      fork: (entry: string) => {
        const rec: { entry: string; posted: unknown[]; onMessage?: (m: unknown) => void } = { entry, posted: [] };
        state.forks.push(rec);
        return {
          postMessage: (...a: unknown[]) => void rec.posted.push(a),
          on: (ev: string, fn: (m: unknown) => void) => void (ev === 'message' && (rec.onMessage = fn)),
          kill: () => undefined,
        };
      },
    },
  };
});

beforeEach(() => {
  vi.resetModules();
  process.env.HALL_URL = 'http://127.0.0.1:7300';
  Object.assign(state, { lock: true, quit: 0, ipc: {}, forks: [], windows: [], ready: null, appHandler: null, safeAvailable: true });
  fs.rmSync(USER_DATA, { recursive: true, force: true });
  state.displays = [state.displays[0]!];
});

async function boot() {
  await import('../../electron/main/index');
  state.ready?.();
  await new Promise((r) => setTimeout(r, 0));
}

describe('electron main', () => {
  it('quits when another instance holds the lock', async () => {
    state.lock = false;
    await import('../../electron/main/index');
    expect(state.quit).toBe(1);
    expect(state.forks).toHaveLength(0);
  });

  it('starts the core in a utilityProcess and opens a sandboxed counter window', async () => {
    await boot();
    expect(state.forks).toHaveLength(1);
    expect(state.forks[0]!.entry).toMatch(/core\.js$/);
    expect(state.forks[0]!.posted[0]).toMatchObject([{ type: 'config', config: { windowNo: 1, hallUrl: 'http://127.0.0.1:7300' } }]);
    expect(state.windows).toHaveLength(1);
    const prefs = state.windows[0]!.opts.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
    expect(state.windows[0]!.url).toBe('app://counter/index.html#/counter');
  });

  it('opens the pad window on a second display', async () => {
    state.displays = [
      state.displays[0]!,
      { id: 2, workArea: { x: 1920, y: 0, width: 1280, height: 800 }, bounds: { x: 1920, y: 0, width: 1280, height: 800 } },
    ];
    await boot();
    expect(state.windows.map((w) => w.url)).toEqual(['app://counter/index.html#/counter', 'app://counter/index.html#/pad']);
    expect(state.windows[1]!.opts).toMatchObject({ x: 1920, fullscreen: true, kiosk: true });
  });

  it('denies navigation away from the app and every new window', async () => {
    await boot();
    const w = state.windows[0]!;
    const ev = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    w.handlers['will-navigate']!(ev, 'https://evil.example/');
    expect(ev.prevented).toBe(true);
    const ok = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    w.handlers['will-navigate']!(ok, 'app://counter/index.html#/pad');
    expect(ok.prevented).toBe(false);
    expect(w.openHandler!()).toEqual({ action: 'deny' });
  });

  it('hands a core port only to senders from the app origin', async () => {
    await boot();
    const sender = { postMessage: vi.fn(), once: vi.fn(), isDestroyed: () => false };
    state.ipc['core:connect']!({ senderFrame: { url: 'https://evil.example/' }, sender }, 'counter');
    expect(sender.postMessage).not.toHaveBeenCalled();
    state.ipc['core:connect']!({ senderFrame: { url: 'app://counter/index.html#/counter' }, sender }, 'counter');
    expect(sender.postMessage).toHaveBeenCalledWith('core:port', { role: 'counter' }, [{ name: 'p2' }]);
    expect(state.forks[0]!.posted.at(-1)).toEqual([{ type: 'port', role: 'counter' }, [{ name: 'p1' }]]);
  });
});

describe('electron main: CSP on app:// and the keyring in safeStorage', () => {
  it('sets the CSP on every app:// response itself (webRequest does not fire for custom schemes)', async () => {
    await boot();
    const res = await state.appHandler!(new Request('app://counter/index.html'));
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("connect-src 'self' http://127.0.0.1:7300 ws://127.0.0.1:7300");
    expect(res.headers.get('content-type')).toBe('text/html');
    const denied = await state.appHandler!(new Request('app://counter/..%2f..%2fetc%2fpasswd'));
    expect(denied.status).toBe(403);
    expect(denied.headers.get('content-security-policy')).toBe(csp);
  });

  it('hands the core a keyring sealed with safeStorage (0600, outside the data directory) and stores what the core reports back', async () => {
    await boot();
    const config = (state.forks[0]!.posted[0] as [{ config: { keyringJson?: string } }])[0].config;
    const ring = JSON.parse(config.keyringJson!) as { current: string; keys: { key: string }[] };
    const file = path.join(USER_DATA, 'keyring.sealed');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const stored = fs.readFileSync(file);
    expect(stored.includes(Buffer.from(ring.keys[0]!.key))).toBe(false);
    expect(JSON.parse(xor(stored).toString('utf8'))).toEqual(ring);
    // The core moved a secret into its keyring: main seals and stores the new version.
    const next = JSON.stringify({ ...ring, secrets: { searchKey: 'c2VhcmNo' } });
    state.forks[0]!.onMessage!({ type: 'keyring', json: next });
    expect(JSON.parse(xor(fs.readFileSync(file)).toString('utf8')).secrets).toEqual({ searchKey: 'c2VhcmNo' });
  });

  it('without a secret store the core keeps its own 0600 key file (no keyring passed)', async () => {
    state.safeAvailable = false;
    await boot();
    const config = (state.forks[0]!.posted[0] as [{ config: Record<string, unknown> }])[0].config;
    expect(config.keyringJson).toBeUndefined();
    expect(fs.existsSync(path.join(USER_DATA, 'keyring.sealed'))).toBe(false);
  });
});

describe('electron main without a configured hall server', () => {
  it('starts the embedded hall first, then the core pointed at it with the simulated devices', async () => {
    delete process.env.HALL_URL;
    await boot();
    expect(state.forks.map((f) => f.entry.split('/').pop())).toEqual(['hall.js']);
    expect(state.forks[0]!.posted[0]).toMatchObject([{ type: 'start' }]);
    const sender = { postMessage: vi.fn(), once: vi.fn(), isDestroyed: () => false };
    state.ipc['core:connect']!({ senderFrame: { url: 'app://counter/index.html#/counter' }, sender }, 'counter');
    state.forks[0]!.onMessage!({ type: 'ready', hallUrl: 'http://127.0.0.1:7300', devices: { idCardPort: '/dev/pts/9' } });
    expect(state.forks.map((f) => f.entry.split('/').pop())).toEqual(['hall.js', 'core.js']);
    expect(state.forks[1]!.posted[0]).toMatchObject([{ type: 'config', config: { hallUrl: 'http://127.0.0.1:7300', idCardPort: '/dev/pts/9' } }]);
    // The window that asked before the core existed gets its port once the core is up.
    expect(sender.postMessage).toHaveBeenCalledWith('core:port', { role: 'counter' }, [{ name: 'p2' }]);
  });
});

describe('app:// protocol path check', () => {
  it('keeps every path inside the renderer folder', async () => {
    const { resolveInside } = await import('../../electron/main/protocol');
    expect(resolveInside('/app/renderer', '/index.html')).toBe('/app/renderer/index.html');
    expect(resolveInside('/app/renderer', '/')).toBe('/app/renderer/index.html');
    expect(resolveInside('/app/renderer', '/../../etc/passwd')).toBeNull();
    expect(resolveInside('/app/renderer', '/%2e%2e/secret')).toBeNull();
  });
});

describe('content security policy', () => {
  it('allows scripts from the app only and connections to the app and the hall server only', async () => {
    const { cspFor } = await import('../../electron/main/security');
    const csp = cspFor('http://hall.local:7300');
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self' http://hall.local:7300 ws://hall.local:7300;");
    expect(csp).not.toMatch(/unsafe-eval|\*/);
    expect(cspFor()).toContain("connect-src 'self';");
  });
});
