import { describe, expect, it, vi } from 'vitest';
import { PhotoDecoder } from '../../native/idcard/photo';
import { exitCodeFor, Exit } from '../../native/cli/exit';
import { CodedError } from '../../domain/api/errors';

vi.mock('serialport', async (orig) => {
  const mod = await orig<typeof import('serialport')>();
  class FakeSerialPort extends mod.SerialPort {
    static override list(): never {
      throw new Error('spawn udevadm ENOENT');
    }
  }
  return { ...mod, SerialPort: FakeSerialPort };
});

describe('photo decoding', () => {
  it('reports 照片不可用 without a vendor library, and a load error with a bad path', async () => {
    const wlt = Buffer.alloc(1024, 1);
    expect(await new PhotoDecoder().decode(wlt)).toMatchObject({ status: 'unavailable', message: '照片不可用', code: 'PHOTO_NO_DECODER', bmp: null });
    const bad = await new PhotoDecoder({ libraryPath: '/nonexistent/libwlt2bmp.so' }).decode(wlt);
    expect(bad).toMatchObject({ status: 'error', code: 'PHOTO_LIBRARY_LOAD_FAILED', bmp: null });
    expect(bad.message).toContain('照片不可用');
    expect(await new PhotoDecoder().decode(null)).toMatchObject({ code: 'PHOTO_MISSING' });
  });
});

describe('serial port listing without udevadm', () => {
  it('falls back to scanning /dev and says so', async () => {
    const { listSerialPorts } = await import('../../native/serial/ports');
    const l = await listSerialPorts();
    expect(l.degraded).toBe(true);
    expect(l.message).toContain('udevadm');
    expect(Array.isArray(l.ports)).toBe(true);
  });
});

describe('CLI exit codes', () => {
  it('map error codes to what a technician does next', () => {
    expect(exitCodeFor(new CodedError('IDCARD_PORT_NOT_FOUND', ''))).toBe(Exit.notFound);
    expect(exitCodeFor(new CodedError('PRINTER_OFFLINE', ''))).toBe(Exit.notFound);
    expect(exitCodeFor(new CodedError('IDCARD_TIMEOUT', ''))).toBe(Exit.timeout);
    expect(exitCodeFor(new CodedError('EVALUATOR_NO_ACK', ''))).toBe(Exit.timeout);
    expect(exitCodeFor(new CodedError('SAM_READ_FAILED', ''))).toBe(Exit.deviceError);
    expect(exitCodeFor(new CodedError('PRINTER_PAPER_OUT', ''))).toBe(Exit.deviceError);
    expect(exitCodeFor(new CodedError('RECEIPT_DATA_INVALID', ''))).toBe(Exit.badData);
    expect(exitCodeFor(new CodedError('USAGE', ''))).toBe(Exit.usage);
    expect(exitCodeFor(new Error('x'))).toBe(Exit.failure);
  });
});
