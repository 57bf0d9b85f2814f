import { AUDIENCE_FORMATS, type AudiencePlatform } from './audience-formats';
import { audienceRow, type Contact } from './audience-row';

export interface AudienceCsvCounts {
  rows: number;
  /** Contacts with neither a usable email nor a usable phone: left out, and counted here so nothing goes silently. */
  skipped: number;
}

// Rows are small (two 64-character hashes); sending them one write each would cost more than the hashing.
const CHUNK_CHARS = 64 * 1024;

/**
 * The platform's audience CSV, streamed: the header first, then rows in chunks of about 64 KB,
 * never the whole segment in memory. CRLF line ends (RFC 4180), UTF-8; the cells are hex, so
 * nothing needs quoting. `counts`, if given, is filled in as the stream goes.
 */
export async function* audienceCsv(
  contacts: AsyncIterable<Contact> | Iterable<Contact>,
  platform: AudiencePlatform,
  counts: AudienceCsvCounts = { rows: 0, skipped: 0 },
): AsyncGenerator<string> {
  yield AUDIENCE_FORMATS[platform].columns.join(',') + '\r\n';
  let chunk = '';
  for await (const contact of contacts) {
    const row = audienceRow(contact, platform);
    if (!row.ok) {
      counts.skipped++;
      continue;
    }
    counts.rows++;
    chunk += row.cells.join(',') + '\r\n';
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
