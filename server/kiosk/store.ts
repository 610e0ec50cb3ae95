// The kiosk's own table: which printer each kiosk prints to ('*' = every kiosk without its own).
// The table is created by hall migration 6 (server/db/migrations/); queries go through Kysely
// like the rest of the server.
import type { Kysely } from 'kysely';
import type { HallStore } from '../db/connection';

export interface KioskPrinterRow {
  device_id: string;
  address: string;
  width_mm: number;
  updated_at: number;
}
interface KioskDB {
  kiosk_printers: KioskPrinterRow;
}

export class KioskStore {
  private readonly q: Kysely<KioskDB>;
  constructor(private readonly store: HallStore) {
    this.q = store.q as unknown as Kysely<KioskDB>;
  }

  printerFor(deviceId: string): KioskPrinterRow | undefined {
    return (
      this.store.get(this.q.selectFrom('kiosk_printers').selectAll().where('device_id', '=', deviceId)) ??
      this.store.get(this.q.selectFrom('kiosk_printers').selectAll().where('device_id', '=', '*'))
    );
  }

  setPrinter(deviceId: string, address: string | null, widthMm: number): void {
    this.store.run(this.q.deleteFrom('kiosk_printers').where('device_id', '=', deviceId));
    if (address) this.store.run(this.q.insertInto('kiosk_printers').values({ device_id: deviceId, address, width_mm: widthMm, updated_at: Date.now() }));
  }

  list(): KioskPrinterRow[] {
    return this.store.all(this.q.selectFrom('kiosk_printers').selectAll().orderBy('device_id'));
  }
}
