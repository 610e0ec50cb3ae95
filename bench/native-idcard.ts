// ID card read end to end through a socat pty (simulator paced at the configured baud rate)
// against the wire time of its frames, plus SAM frame parsing throughput.
// Run: npx tsx bench/native-idcard.ts [reads=20]
import { IdCardReader } from '../native/idcard/reader';
import { startIdCardSimulator } from '../native/idcard/simulator';
import { wireTimeMs } from '../native/serial/paced';
import { FrameParser, toReply } from '../native/idcard/frame';
import { buildReadReply, parseReadReply } from '../native/idcard/replies';
import { buildTextBlock, parseTextBlock } from '../native/idcard/card';
import { cardFixtures } from '../native/idcard/fixtures';
import { fakeWlt } from '../native/idcard/simulator';

const reads = Number(process.argv[2] ?? 20);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function endToEnd(baud: number, n: number, withAddress: boolean) {
  const sim = await startIdCardSimulator({ baud, card: 'resident' });
  const reader = new IdCardReader({ path: sim.path, baudRate: baud, readAppendedAddress: withAddress, timeouts: { readTextPhoto: 5000 } });
  await reader.open();
  await reader.status(); // warm up
  const times: number[] = [];
  const wires: number[] = [];
  for (let i = 0; i < n; i++) {
    sim.insertCard('resident'); // un-halt
    const in0 = sim.bytesIn;
    const out0 = sim.bytesOut;
    const t0 = performance.now();
    if (!(await reader.find()) || !(await reader.select())) throw new Error('no card');
    await reader.read();
    times.push(performance.now() - t0);
    wires.push(wireTimeMs(sim.bytesIn - in0 + sim.bytesOut - out0, baud));
  }
  await reader.close();
  await sim.close();
  const t = median(times);
  const w = median(wires);
  return {
    baud,
    withAddress,
    reads: n,
    medianMs: +t.toFixed(1),
    wireMs: +w.toFixed(1),
    ratio: +(t / w).toFixed(3),
    worstRatio: +(Math.max(...times) / w).toFixed(3),
  };
}

function parsing() {
  const frame = buildReadReply(buildTextBlock(cardFixtures.resident), fakeWlt());
  const parser = new FrameParser();
  const N = 20_000;
  const t0 = performance.now();
  let ok = 0;
  for (let i = 0; i < N; i++) {
    for (const ev of parser.push(frame)) if ('frame' in ev) ok++;
  }
  const frameMs = performance.now() - t0;
  const t1 = performance.now();
  for (let i = 0; i < N; i++) {
    const p = parseReadReply(toReply({ raw: frame, body: frame.subarray(7, frame.length - 1) }));
    parseTextBlock(p.text, { today: '2026-11-24' });
  }
  const cardMs = performance.now() - t1;
  return {
    frames: ok,
    framesPerSec: Math.round((N / frameMs) * 1000),
    mbPerSec: +((N * frame.length) / 1e6 / (frameMs / 1000)).toFixed(1),
    cardsParsedPerSec: Math.round((N / cardMs) * 1000),
  };
}

const results = {
  endToEnd115200: await endToEnd(115200, reads, false),
  endToEnd115200WithAddress: await endToEnd(115200, reads, true),
  endToEnd9600: await endToEnd(9600, 3, false),
  parsing: parsing(),
};
console.log(JSON.stringify(results, null, 2));
const r = results.endToEnd115200.ratio;
console.log(
  `ID card read at 115200: ${results.endToEnd115200.medianMs} ms vs wire ${results.endToEnd115200.wireMs} ms → ${r}× (target ≤ 1.2×) ${r <= 1.2 ? 'OK' : 'MISSED'}`,
);
