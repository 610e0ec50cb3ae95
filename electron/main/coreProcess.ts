// Runs the counter core in a utilityProcess (off the main thread, restartable) and hands
// each renderer its own MessagePort to it. The core is restarted if it dies.
import { utilityProcess, MessageChannelMain, type UtilityProcess, type WebContents } from 'electron';

export interface CoreProcess {
  connect(contents: WebContents, role: 'counter' | 'pad'): void;
  stop(): void;
}

export function startCoreProcess(
  entry: string,
  config: Record<string, unknown>,
  onLog: (msg: string) => void,
  onKeyring?: (json: string) => void,
): CoreProcess {
  let child: UtilityProcess | null = null;
  let stopping = false;
  const clients: { contents: WebContents; role: 'counter' | 'pad' }[] = [];

  const wire = (contents: WebContents, role: 'counter' | 'pad') => {
    if (!child || contents.isDestroyed()) return;
    const { port1, port2 } = new MessageChannelMain();
    child.postMessage({ type: 'port', role }, [port1]);
    contents.postMessage('core:port', { role }, [port2]);
  };

  const spawn = () => {
    child = utilityProcess.fork(entry, [], { serviceName: 'counter-core', stdio: 'pipe' });
    child.postMessage({ type: 'config', config });
    child.on('message', (m: { type?: string; json?: string }) => {
      if (m?.type === 'ready') for (const c of clients) wire(c.contents, c.role);
      // The core rotated a key or moved a secret into its keyring: seal and store it again.
      if (m?.type === 'keyring' && typeof m.json === 'string') onKeyring?.(m.json);
    });
    child.on('exit', (code) => {
      onLog(`counter core exited with ${code}`);
      child = null;
      if (!stopping) setTimeout(spawn, 1000);
    });
  };
  spawn();

  return {
    connect(contents, role) {
      const i = clients.findIndex((c) => c.contents === contents);
      if (i >= 0) clients.splice(i, 1);
      clients.push({ contents, role });
      contents.once('destroyed', () => {
        const j = clients.findIndex((c) => c.contents === contents);
        if (j >= 0) clients.splice(j, 1);
      });
      wire(contents, role);
    },
    stop() {
      stopping = true;
      child?.kill();
    },
  };
}

/** The embedded hall server (trial installs): started once, reports its URL and devices. */
export function startEmbeddedHall(
  entry: string,
  dataDir: string,
  rendererDir: string,
  onReady: (r: { hallUrl: string; devices: Record<string, unknown> | null }) => void,
): UtilityProcess {
  const child = utilityProcess.fork(entry, [], { serviceName: 'embedded-hall', stdio: 'pipe' });
  child.on('message', (m: { type?: string; hallUrl?: string; devices?: Record<string, unknown> | null }) => {
    if (m?.type === 'ready' && m.hallUrl) onReady({ hallUrl: m.hallUrl, devices: m.devices ?? null });
  });
  child.postMessage({ type: 'start', dataDir, rendererDir });
  return child;
}
