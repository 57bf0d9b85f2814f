import { Inject, Injectable } from '@nestjs/common';
import { DeliveryStore, type Ledger, type SegmentRow } from '@postroom/ledger';
import { LEDGER } from '@postroom/runtime';
import { Readable } from 'node:stream';

export type ExportFormat = 'csv' | 'ndjson';

const PAGE = 5000;
export const CSV_COLUMNS = [
  'email',
  'name',
  'status',
  'reason',
  'sent_at',
  'smtp_reply',
  'read_at',
  'read_machine_at',
  'phone', // an SMS campaign's (E.164); last, so that email exports keep their columns
] as const;

/** Streams a campaign's segment with delivery status, page by page (keyset), never whole in memory. */
@Injectable()
export class SegmentExportService {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly deliveries: DeliveryStore,
  ) {}

  stream(campaignId: string, format: ExportFormat): Readable {
    const { ledger, deliveries } = this;
    async function* lines() {
      if (format === 'csv') yield CSV_COLUMNS.join(',') + '\r\n';
      let after = '0';
      for (;;) {
        const rows = await deliveries.segmentPage(ledger, campaignId, after, PAGE);
        if (rows.length === 0) return;
        yield rows.map((r) => (format === 'csv' ? csvLine(r) : ndjsonLine(r))).join('');
        after = rows[rows.length - 1].id;
        if (rows.length < PAGE) return;
      }
    }
    return Readable.from(lines());
  }
}

function exported(r: SegmentRow) {
  return {
    email: r.email,
    name: r.name,
    status: r.status,
    reason: r.reason,
    sent_at: r.sent_at ? new Date(r.sent_at).toISOString() : null,
    smtp_reply: r.smtp_reply,
    read_at: r.read_at ? new Date(r.read_at).toISOString() : null,
    read_machine_at: r.read_machine_at ? new Date(r.read_machine_at).toISOString() : null,
    phone: r.phone,
  };
}

function ndjsonLine(r: SegmentRow): string {
  return JSON.stringify(exported(r)) + '\n';
}

function csvLine(r: SegmentRow): string {
  const row = exported(r);
  // an E.164 number is + and digits only (checked on submit): no formula guard to mangle it
  return CSV_COLUMNS.map((c) => (c === 'phone' ? (row.phone ?? '') : csvField(row[c]))).join(',') + '\r\n';
}

/**
 * RFC 4180 quoting, plus a leading quote for cells a spreadsheet would run as a formula
 * (`=`, `+`, `-`, `@`): a recipient's name must not become code on a marketer's machine.
 */
export function csvField(value: string | null): string {
  if (value === null) return '';
  let v = value;
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n']/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
