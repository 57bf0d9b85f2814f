import type { ApiRequestName, ApiRequests } from '@postroom/contracts';
import type { Readable } from 'node:stream';
import { LineTooLong, ndjsonLines } from '../campaigns/ndjson-lines';
import { InvalidRequest, requestValidator } from './request-validator';

/** The contract schemas of a streamed body: its first line's, and every further line's. */
export interface NdjsonSchemas<H extends ApiRequestName, L extends ApiRequestName> {
  readonly header: H;
  readonly line: L;
  /** When the header decides the lines' schema (an SMS campaign's lines are SmsRecipients). */
  readonly lineFor?: (header: ApiRequests[H]) => ApiRequestName;
}

/**
 * A streamed NDJSON body (Content-Type application/x-ndjson): a header line, then one item per
 * line, each checked against its contract schema as it is read, so the body is never held whole.
 * A bad line throws InvalidRequest naming its line number; whatever consumes the items stops there.
 */
export class NdjsonBody<
  H extends ApiRequestName = ApiRequestName,
  L extends ApiRequestName = ApiRequestName,
> {
  private readonly lines: AsyncGenerator<{ line: string; number: number }>;
  private lineSchema: ApiRequestName;
  /** The line number of the item last read, to name it in a later error. */
  lineNumber = 0;

  constructor(
    stream: Readable,
    private readonly schemas: NdjsonSchemas<H, L>,
  ) {
    this.lines = ndjsonLines(stream);
    this.lineSchema = schemas.line;
  }

  /** The first line; read it before the items. */
  async header(): Promise<ApiRequests[H]> {
    const first = await readLine(this.lines.next());
    if (first.done) throw new InvalidRequest([`empty body: the first line must be a ${this.schemas.header}`]);
    const header = check(this.schemas.header, first.value.line, first.value.number);
    if (this.schemas.lineFor) this.lineSchema = this.schemas.lineFor(header);
    return header;
  }

  /** Every further line, checked as it is read. */
  async *items(): AsyncGenerator<ApiRequests[L]> {
    for (;;) {
      const next = await readLine(this.lines.next());
      if (next.done) return;
      this.lineNumber = next.value.number;
      yield check(this.lineSchema, next.value.line, next.value.number) as ApiRequests[L];
    }
  }
}

async function readLine<T>(next: Promise<T>): Promise<T> {
  try {
    return await next;
  } catch (err) {
    if (err instanceof LineTooLong) throw new InvalidRequest([err.message]);
    throw err;
  }
}

function check<N extends ApiRequestName>(request: N, line: string, number: number): ApiRequests[N] {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new InvalidRequest([`line ${number}: not JSON`]);
  }
  return requestValidator.check(request, value, { line: number });
}
