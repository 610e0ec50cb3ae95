// Writes bytes no faster than a UART would carry them (8N1 = 10 bits per byte). A pty has no baud
// rate, so simulators pace themselves to make timings (and the benchmark) meaningful.
export interface ByteSink {
  write(data: Buffer, cb?: (err?: Error | null) => void): unknown;
}

export function wireTimeMs(bytes: number, baud: number): number {
  return (bytes * 10 * 1000) / baud;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function pacedWrite(sink: ByteSink, data: Buffer, baud: number | null, isOpen: () => boolean = () => true): Promise<void> {
  if (!baud) {
    sink.write(data);
    return;
  }
  const t0 = performance.now();
  // Chunks of about 2 ms of line time; each is released when its last byte would have arrived.
  const chunk = Math.max(1, Math.floor(baud / 10 / 500));
  let sent = 0;
  while (sent < data.length) {
    if (!isOpen()) return;
    const end = Math.min(data.length, sent + chunk);
    const due = t0 + wireTimeMs(end, baud);
    const wait = due - performance.now();
    if (wait > 0.5) await sleep(Math.floor(wait));
    if (!isOpen()) return;
    sink.write(data.subarray(sent, end));
    sent = end;
  }
}
