// The card slot: the UI view never carries the full ID number; the data is usable once for the
// case and then gone; expired or invalid cards are refused with a clear message.
import { describe, expect, it } from 'vitest';
import { CardSlot } from '../../electron/core/devices/cardSlot';
import { parseTextBlock, buildTextBlock } from '../../native/idcard/card';
import { cardFixtures } from '../../native/idcard/fixtures';
import type { CardRead } from '../../native/idcard/reader';

function read(name: keyof typeof cardFixtures): CardRead {
  const card = parseTextBlock(buildTextBlock(cardFixtures[name]), { today: '2026-11-24' });
  return {
    card,
    photoWlt: Buffer.alloc(1024, 7),
    photo: { status: 'unavailable', bmp: null, message: '照片不可用' },
    fingerprint: null,
    readAt: '2026-11-24T01:00:00.000Z',
  };
}

describe('card slot', () => {
  it('shows the name and a masked number only, and hands the data over by cardId', () => {
    const slot = new CardSlot();
    const r = read('resident');
    const view = slot.put(r);
    expect(view.name).toBe('张三丰');
    expect(view.idMasked).toMatch(/^110101\*{8}\d{3}[\dX]$/);
    expect(JSON.stringify(view)).not.toContain(r.card.idNumber);
    expect(slot.person(view.cardId)).toEqual({ name: '张三丰', idType: 'residentId', idNumber: r.card.idNumber });
  });

  it('forgets everything on clear (photo bytes zeroed)', () => {
    const slot = new CardSlot();
    const r = read('resident');
    const view = slot.put(r);
    expect(slot.clear()).toBe(true);
    expect(slot.current()).toBeNull();
    expect(r.photoWlt!.every((b) => b === 0)).toBe(true);
    expect(() => slot.person(view.cardId)).toThrow(/重新刷证件/);
  });

  it('keeps the applicant and an agent card, drops older ones', () => {
    const slot = new CardSlot();
    const a = slot.put(read('resident'));
    const b = slot.put(read('rareName'));
    const c = slot.put(read('hmtPermit'));
    expect(() => slot.person(a.cardId)).toThrow();
    expect(slot.person(b.cardId).name).toBe('𠮷丽娜');
    expect(slot.person(c.cardId).idType).toBe('hkmtPermit');
  });

  it('refuses an expired card or one whose number fails the check digit', () => {
    const slot = new CardSlot();
    const expired = slot.put(read('expired'));
    expect(expired.expired).toBe(true);
    expect(() => slot.person(expired.cardId)).toThrow(/过有效期/);
    const bad = slot.put(read('badCheckDigit'));
    expect(() => slot.person(bad.cardId)).toThrow(/校验失败/);
  });
});
