// WLT photo → BMP through an installed vendor library (koffi). No open decoder exists, so without a
// configured library the photo is reported unavailable. Raw bytes stay in memory; never log them.
import { CodedError } from '../../domain/api/errors';

export interface PhotoResult {
  status: 'decoded' | 'unavailable' | 'error';
  /** 102×126 BMP when decoded. */
  bmp: Buffer | null;
  message: string;
  code?: string;
}

export interface PhotoDecoderConfig {
  /** Path to libwlt2bmp.so / WltRS.dll. */
  libraryPath?: string | null;
  /** Exported function: `int unpack(char* wlt, char* bmp, int save)` (libwlt2bmp). */
  symbol?: string;
}

export const PHOTO_UNAVAILABLE = '照片不可用';
/** 102×126 24-bit BMP with 4-byte row padding plus the 54-byte header. */
const BMP_SIZE = 38862;

type Unpack = (src: Buffer, dst: Buffer, save: number) => number;

export class PhotoDecoder {
  private fn: Unpack | null = null;
  private loadError: CodedError | null = null;

  constructor(private readonly config: PhotoDecoderConfig = {}) {}

  get configured(): boolean {
    return !!this.config.libraryPath;
  }

  private async load(): Promise<Unpack> {
    if (this.fn) return this.fn;
    if (this.loadError) throw this.loadError;
    try {
      const koffi = (await import('koffi')).default;
      const lib = koffi.load(this.config.libraryPath!);
      const name = this.config.symbol ?? 'unpack';
      this.fn = lib.func(`int ${name}(uint8_t *src, _Out_ uint8_t *dst, int save)`) as Unpack;
      return this.fn;
    } catch (e) {
      this.loadError = new CodedError('PHOTO_LIBRARY_LOAD_FAILED', `无法加载照片解码库：${(e as Error).message}`);
      throw this.loadError;
    }
  }

  async decode(wlt: Buffer | null): Promise<PhotoResult> {
    if (!wlt || wlt.length === 0) return { status: 'unavailable', bmp: null, message: PHOTO_UNAVAILABLE, code: 'PHOTO_MISSING' };
    if (!this.configured) return { status: 'unavailable', bmp: null, message: PHOTO_UNAVAILABLE, code: 'PHOTO_NO_DECODER' };
    try {
      const unpack = await this.load();
      const dst = Buffer.alloc(BMP_SIZE);
      const rc = unpack(wlt, dst, 0);
      if (rc !== 1) return { status: 'error', bmp: null, message: `${PHOTO_UNAVAILABLE}（解码库返回 ${rc}）`, code: 'PHOTO_DECODE_FAILED' };
      return { status: 'decoded', bmp: dst, message: '照片已解码' };
    } catch (e) {
      const err = e instanceof CodedError ? e : new CodedError('PHOTO_DECODE_FAILED', (e as Error).message);
      return { status: 'error', bmp: null, message: `${PHOTO_UNAVAILABLE}（${err.message}）`, code: err.code };
    }
  }
}
