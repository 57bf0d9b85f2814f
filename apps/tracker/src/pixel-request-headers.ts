import { PURPOSE_HEADERS } from './machine-detection';

const PURPOSE_NAME_LENGTHS = new Set(PURPOSE_HEADERS.map((h) => h.length));

/** The headers the pixel route needs: a prefetch purpose and the user agent. */
export interface PixelRequestHeaders {
  /** `Purpose`, else `Sec-Purpose`, else `X-Moz`, else `X-Purpose` (first value of each). */
  readonly purpose?: string;
  readonly userAgent?: string;
}

/**
 * Reads them from Node's raw header list (`[name, value, name, value, …]`): asking for
 * `request.headers` makes Node build an object of every header, which cost the pixel route
 * more than its own work.
 */
export function pixelRequestHeaders(raw: readonly string[]): PixelRequestHeaders {
  let userAgent: string | undefined;
  let purposes: (string | undefined)[] | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i];
    // cheap length check first: most headers are neither
    if (name.length === 10 && userAgent === undefined && name.toLowerCase() === 'user-agent') {
      userAgent = raw[i + 1];
      continue;
    }
    if (!PURPOSE_NAME_LENGTHS.has(name.length)) continue;
    const rank = PURPOSE_HEADERS.indexOf(name.toLowerCase());
    if (rank < 0) continue;
    purposes ??= [];
    purposes[rank] ??= raw[i + 1];
  }
  return { purpose: purposes?.find((p) => p !== undefined), userAgent };
}
