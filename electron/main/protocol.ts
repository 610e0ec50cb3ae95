// Serves the renderer build from app://counter/ with a path-traversal check, so the renderer
// never runs from file:// (which would let any local file be fetched). The CSP is set here on
// every response: session.webRequest does not fire for custom-scheme responses.
import { protocol, net } from 'electron';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function resolveInside(root: string, urlPath: string): string | null {
  const rel = decodeURIComponent(urlPath).replace(/^\/+/, '') || 'index.html';
  const full = normalize(join(root, rel));
  if (full !== root && !full.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  return full;
}

/** `csp` is read per response: the embedded hall's URL (allowed in connect-src) is known only after it started. */
export function serveRenderer(root: string, csp: () => string): void {
  protocol.handle('app', async (request) => {
    const { pathname } = new URL(request.url);
    const file = resolveInside(root, pathname);
    if (!file) return new Response('forbidden', { status: 403, headers: { 'content-security-policy': csp() } });
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('content-security-policy', csp());
    headers.set('x-content-type-options', 'nosniff');
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  });
}
