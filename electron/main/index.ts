// Electron main: single instance, hardening, the core in a utilityProcess, the counter window
// and the pad window. Everything else lives in the core or the renderer.
import { app, ipcMain, safeStorage, session, BrowserWindow } from 'electron';
import { join } from 'node:path';
import { registerAppScheme, serveRenderer } from './protocol';
import { cspFor, hardenSession, isTrustedFrame } from './security';
import { loadSealedKeyring, saveSealedKeyring } from './keyStore';
import { startCoreProcess, startEmbeddedHall, type CoreProcess } from './coreProcess';
import { createCounterWindow, createPadWindow } from './windows';
import { readCounterConfig } from './counterConfig';

const here = __dirname;
const preload = join(here, '../preload/index.cjs');

export function main(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  registerAppScheme();
  let counterWin: BrowserWindow | null = null;
  let core: CoreProcess | null = null;
  const pendingConnects: { contents: Electron.WebContents; role: 'counter' | 'pad' }[] = [];

  app.on('second-instance', () => {
    if (counterWin) {
      if (counterWin.isMinimized()) counterWin.restore();
      counterWin.focus();
    }
  });

  app.on('web-contents-created', (_e, contents) => {
    contents.on('render-process-gone', () => {
      if (!contents.isDestroyed()) contents.reload();
    });
  });

  void app.whenReady().then(() => {
    const cfg = readCounterConfig(app.getPath('userData'));
    let hallForCsp = cfg.hallUrl ?? 'http://127.0.0.1:7300';
    hardenSession(session.defaultSession, hallForCsp);
    serveRenderer(join(here, '../renderer'), () => cspFor(hallForCsp));
    const windowNo = cfg.windowNo ?? 1;
    const userData = app.getPath('userData');
    // Data keys stay out of the database: sealed with the OS secret store, handed to the core in memory.
    const keyringJson = loadSealedKeyring(userData, safeStorage);
    const startCore = (hallUrl: string, devices: Record<string, unknown> | null) => {
      hallForCsp = hallUrl;
      core = startCoreProcess(
        join(here, 'core.js'),
        { ...devices, ...cfg, windowNo, hallUrl, dataDir: join(userData, 'data'), port: 0, ...(keyringJson ? { keyringJson } : {}) },
        (m) => console.error(m),
        (json) => saveSealedKeyring(userData, safeStorage, json),
      );
      for (const c of pendingConnects.splice(0)) core.connect(c.contents, c.role);
    };
    if (cfg.hallUrl) startCore(cfg.hallUrl, null);
    else {
      // No hall server configured: run an embedded one with the demo seed and simulators.
      // The demo seed's reusable code for this window binds the counter's device token to it.
      startEmbeddedHall(join(here, 'hall.js'), join(app.getPath('userData'), 'embedded-hall'), join(here, '../renderer'), (r) =>
        startCore(r.hallUrl, { enrollCode: `COUNTER-DEMO-${windowNo}`, ...r.devices }),
      );
    }

    ipcMain.on('core:connect', (event, role: unknown) => {
      if (!isTrustedFrame(event.senderFrame)) return;
      const r = role === 'pad' ? 'pad' : 'counter';
      if (core) core.connect(event.sender, r);
      else pendingConnects.push({ contents: event.sender, role: r });
    });

    counterWin = createCounterWindow(preload);
    createPadWindow(preload);
  });

  app.on('window-all-closed', () => {
    core?.stop();
    app.quit();
  });
}

main();
