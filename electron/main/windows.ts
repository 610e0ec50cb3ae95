// The counter window on the primary display and, when a second display exists, the citizen's
// pad window full-screen on it. Both sandboxed, context-isolated, without Node.
import { BrowserWindow, screen } from 'electron';
import { APP_ORIGIN, hardenWebContents } from './security';

export function secureWebPreferences(preload: string): Electron.WebPreferences {
  return { preload, contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, spellcheck: false, navigateOnDragDrop: false };
}

export function createCounterWindow(preload: string): BrowserWindow {
  const primary = screen.getPrimaryDisplay();
  const win = new BrowserWindow({
    ...primary.workArea,
    show: false,
    title: '窗口通',
    backgroundColor: '#f5f7fa',
    webPreferences: secureWebPreferences(preload),
  });
  hardenWebContents(win.webContents);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html#/counter`);
  return win;
}

export function createPadWindow(preload: string): BrowserWindow | null {
  const primary = screen.getPrimaryDisplay();
  const second = screen.getAllDisplays().find((d) => d.id !== primary.id);
  if (!second) return null;
  const win = new BrowserWindow({
    ...second.bounds,
    frame: false,
    fullscreen: true,
    kiosk: true,
    title: '服务评价',
    webPreferences: secureWebPreferences(preload),
  });
  hardenWebContents(win.webContents);
  void win.loadURL(`${APP_ORIGIN}/index.html#/pad`);
  return win;
}
