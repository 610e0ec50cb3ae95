// 打印跟踪凭条 with the printer offline: what the clerk reads (the renderer's errors table through
// errorText, the core's reason filled in), in Chinese first and in English.
import { beforeAll, describe, expect, it } from 'vitest';

describe('TRACK_SLIP_NOT_PRINTED as the clerk reads it', () => {
  let i18n: typeof import('../../renderer/src/i18n').default;
  let errorText: typeof import('../../renderer/src/i18n/errorText').errorText;
  beforeAll(async () => {
    (globalThis as { localStorage?: unknown }).localStorage ??= { getItem: () => null, setItem: () => undefined };
    i18n = (await import('../../renderer/src/i18n')).default;
    errorText = (await import('../../renderer/src/i18n/errorText')).errorText;
  });

  const err = {
    code: 'TRACK_SLIP_NOT_PRINTED',
    message: '跟踪凭条未能打印（打印机离线（127.0.0.1:9100：ECONNREFUSED），请检查打印机电源和连接线）。凭条已保存，打印机恢复后自动补打',
    details: { reason: '打印机离线（127.0.0.1:9100：ECONNREFUSED），请检查打印机电源和连接线', jobId: 'j1' },
  };

  it('says why, that the slip is kept and will print, and that the screen QR still works', async () => {
    await i18n.changeLanguage('zh-CN');
    const zh = errorText(err);
    expect(zh).toContain('跟踪凭条未能打印（打印机离线（127.0.0.1:9100：ECONNREFUSED），请检查打印机电源和连接线）');
    expect(zh).toContain('凭条已保存，打印机恢复后自动补打');
    expect(zh).toContain('屏幕上的二维码');
    await i18n.changeLanguage('en');
    expect(errorText(err)).toMatch(/^The tracking slip did not print \(打印机离线.*\)\. It is kept and prints when the printer is back/);
    expect(errorText({ code: 'TRACK_NO_URL', message: '该号暂无跟踪地址，无法打印跟踪凭条' })).toBe('This ticket has no tracking link: no slip to print');
    await i18n.changeLanguage('zh-CN');
  });
});
