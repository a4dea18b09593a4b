import { PassThrough } from 'node:stream';
import type { FocusExportOptions, FocusExportStats, FocusReservationInput } from '../../src/seed/focus-export.ts';
import { writeFocusExport } from '../../src/seed/focus-export.ts';

/** A small export that exercises every kind of row: partial hours, flexibility, non-VM, on demand. */
export const WINDOW = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-04T00:00:00Z') };

const base = {
  currency: 'USD' as const, term: 'P1Y' as const, subscriptionId: '0b7c3a52-1d2e-4f60-8a9b-1c2d3e4f5a6b',
  customerId: 'c0000000-0000-4000-8000-000000000001', customerName: 'Test customer',
};

export const RESERVATIONS: FocusReservationInput[] = [
  // Bought 13:20 on the first day: 40 minutes of its first hour are reserved.
  { ...base, id: '11111111-1111-4111-8111-111111111111', orderId: 'a1111111-1111-4111-8111-111111111111', resourceType: 'VirtualMachines',
    skuName: 'Standard_D8s_v5', region: 'koreacentral', quantity: 3, activeFrom: new Date('2026-11-01T13:20:00Z'), activeTo: new Date('2027-11-01T13:20:00Z'),
    termPriceMinor: 2_040_000, instanceFlexibility: true, usage: { level: 0.8, flexSkuName: 'Standard_D2s_v5', flexShare: 0.4 } },
  // A larger size of the group consumes a small reservation.
  { ...base, id: '22222222-2222-4222-8222-222222222222', orderId: 'a2222222-2222-4222-8222-222222222222', resourceType: 'VirtualMachines',
    skuName: 'Standard_D2s_v5', region: 'eastus', quantity: 8, activeFrom: new Date('2026-06-01T00:00:00Z'), activeTo: new Date('2027-06-01T00:00:00Z'),
    termPriceMinor: 52_000, instanceFlexibility: true, usage: { level: 0.9, flexSkuName: 'Standard_D8s_v5', flexShare: 0.7 } },
  // Returned at 10:45 on the second day.
  { ...base, id: '33333333-3333-4333-8333-333333333333', orderId: 'a3333333-3333-4333-8333-333333333333', resourceType: 'SqlDatabases',
    skuName: 'SQLDB_GP_Compute_Gen5', region: 'koreacentral', quantity: 2, activeFrom: new Date('2026-03-01T00:00:00Z'), activeTo: new Date('2026-11-02T10:45:00Z'),
    termPriceMinor: 140_000, instanceFlexibility: false, currency: 'USD' },
  // Flexibility off; idle: only Unused rows.
  { ...base, id: '44444444-4444-4444-8444-444444444444', orderId: 'a4444444-4444-4444-8444-444444444444', resourceType: 'VirtualMachines',
    skuName: 'Standard_E4s_v5', region: 'koreacentral', quantity: 2, activeFrom: new Date('2026-02-01T00:00:00Z'), activeTo: new Date('2027-02-01T00:00:00Z'),
    termPriceMinor: 1_900_000, instanceFlexibility: false, currency: 'KRW', usage: { idle: true } },
  // Drawn profile (no overrides).
  { ...base, id: '55555555-5555-4555-8555-555555555555', orderId: 'a5555555-5555-4555-8555-555555555555', resourceType: 'VirtualMachines',
    skuName: 'Standard_B4ms', region: 'westeurope', quantity: 5, activeFrom: new Date('2026-01-15T08:00:00Z'), activeTo: new Date('2029-01-15T08:00:00Z'),
    termPriceMinor: 330_000, term: 'P3Y', instanceFlexibility: true },
];

export const OPTIONS: FocusExportOptions = {
  ...WINDOW,
  seed: 42,
  reservations: RESERVATIONS,
  onDemand: [
    { name: 'vmss-web', subscriptionId: base.subscriptionId, customerId: base.customerId, skuName: 'Standard_E4s_v5', region: 'koreacentral', currency: 'USD', baseInstances: 2, peakInstances: 5 },
    { name: 'vmss-batch', subscriptionId: base.subscriptionId, customerId: base.customerId, skuName: 'Standard_F4s_v2', region: 'eastus', currency: 'USD', baseInstances: 0, peakInstances: 3 },
  ],
  trackIntended: true,
};

/** The whole export as text, through writeFocusExport. */
export async function exportText(options: FocusExportOptions): Promise<{ text: string; stats: FocusExportStats }> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (c: Buffer) => parts.push(c));
  const stats = await writeFocusExport(out, options);
  out.end();
  return { text: Buffer.concat(parts).toString('utf8'), stats };
}

/** RFC 4180 records (the generator never writes line breaks inside fields). */
export function parseCsv(text: string): string[][] {
  return text.split('\n').filter((l) => l !== '').map((line) => {
    const fields: string[] = [];
    let i = 0;
    while (i <= line.length) {
      if (line[i] === '"') {
        let value = '';
        i++;
        for (;;) {
          const q = line.indexOf('"', i);
          if (q === -1) throw new Error(`unclosed quote in ${line}`);
          value += line.slice(i, q);
          if (line[q + 1] === '"') { value += '"'; i = q + 2; continue; }
          i = q + 1;
          break;
        }
        fields.push(value);
        i++; // the comma
      } else {
        const c = line.indexOf(',', i);
        const end = c === -1 ? line.length : c;
        fields.push(line.slice(i, end));
        i = end + 1;
      }
    }
    return fields;
  });
}
