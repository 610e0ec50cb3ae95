// Hardening of every window: no navigation, no new windows, no webviews, no permissions,
// a strict CSP, and IPC accepted only from our own renderer origin.
import type { Session, WebContents, WebFrameMain } from 'electron';

export const APP_ORIGIN = 'app://counter';
/** Strict CSP; the hall server's origin is the only other place the page may connect to
 * (kiosk, display and manager roles talk to it directly). */
export function cspFor(hallUrl?: string): string {
  let hall = '';
  if (hallUrl) {
    const u = new URL(hallUrl);
    hall = ` ${u.origin} ${u.protocol === 'https:' ? 'wss' : 'ws'}://${u.host}`;
  }
  return `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'${hall}; media-src 'self' data: blob:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'`;
}

export function isTrustedFrame(frame: Pick<WebFrameMain, 'url'> | null | undefined): boolean {
  if (!frame) return false;
  try {
    const u = new URL(frame.url);
    return `${u.protocol}//${u.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

export function hardenSession(session: Session, hallUrl?: string): void {
  const csp = cspFor(hallUrl);
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
}

export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(APP_ORIGIN + '/')) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
