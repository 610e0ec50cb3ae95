// Electron utilityProcess entry used when a counter has no hall server configured (a trial
// install, a training room): starts the hall server with the demo seed and simulated devices
// on this machine, then tells main where they are. No electron import.
import { startHallServer } from '../../server/app';
import { startDeviceSet } from '../../native/simulators';

interface ParentPortLike {
  on(event: 'message', fn: (e: { data: unknown }) => void): void;
  postMessage(data: unknown): void;
}
const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
if (!parentPort) throw new Error('embeddedHall.ts must run inside an Electron utilityProcess');

parentPort.on('message', async (e) => {
  const msg = e.data as { type?: string; dataDir?: string; port?: number; rendererDir?: string };
  if (msg.type !== 'start') return;
  const hall = await startHallServer({ port: msg.port ?? 7300, host: '127.0.0.1', dataDir: msg.dataDir, seed: 'demo', rendererDir: msg.rendererDir });
  // Simulated devices need socat; without it the counter runs with no devices (and says so).
  const devices = await startDeviceSet(1).catch(() => null);
  parentPort.postMessage({ type: 'ready', hallUrl: hall.url, devices: devices ? { ...devices.perWindow[0], licenceService: devices.licenceService } : null });
});
