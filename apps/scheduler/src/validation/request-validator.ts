import { BadRequestException } from '@nestjs/common';
import { apiRequestNames, apiSchema, type ApiRequestName, type ApiRequests } from '@postroom/contracts';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** Where a value came from; it names each problem's place ("/from", "query parameter `limit`", "line 3: /email"). */
export type Source = 'body' | 'query' | { line: number };

/** Problems listed in one answer; a body can have a million bad recipients. */
const MAX_LISTED = 20;

/** A request that does not fit its contract schema: 400, every problem named with its place. */
export class InvalidRequest extends BadRequestException {
  constructor(readonly problems: readonly string[]) {
    const listed = problems.slice(0, MAX_LISTED).join('; ');
    const more = problems.length - MAX_LISTED;
    super(more > 0 ? `${listed}; and ${more} more` : listed);
  }
}

/**
 * Checks request values against the operator API's contract schemas (libs/contracts/schema/api.json),
 * the same schemas the OpenAPI document shows. Query strings arrive as text and are coerced to the
 * schema's types (`limit=50` is the number 50); bodies are JSON and are taken as they are. Defaults
 * of the schema are filled in.
 */
export class RequestValidator {
  private readonly body = compileAll(false);
  private readonly query = compileAll(true);

  check<N extends ApiRequestName>(request: N, value: unknown, source: Source): ApiRequests[N] {
    const validate = (source === 'query' ? this.query : this.body).get(request)!;
    if (validate(value)) return value as ApiRequests[N];
    // an `if` error only says which branch failed; that branch's own errors name the fields
    const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if');
    throw new InvalidRequest(errors.map((e) => problem(e, source)));
  }
}

/** Compiled once for the process: every pipe and the NDJSON reader share them. */
export const requestValidator = new RequestValidator();

function compileAll(coerce: boolean): Map<ApiRequestName, ValidateFunction> {
  const ajv = new Ajv({
    allErrors: true,
    allowUnionTypes: true,
    useDefaults: true,
    coerceTypes: coerce,
    // each error carries its schema, for the plain-words message
    verbose: true,
  });
  // the formats the broker's MessageValidator checks, so that both edges take the same campaigns
  addFormats(ajv, ['email', 'date-time']);
  ajv.addSchema(apiSchema);
  return new Map(
    apiRequestNames.map((name) => [name, ajv.getSchema(`${apiSchema.$id}#/definitions/${name}`)!]),
  );
}

type Schema = {
  description?: string;
  properties?: Record<string, Schema>;
  not?: unknown;
  minimum?: number;
  maximum?: number;
};

/** One problem in plain words, starting with its place. */
export function problem(e: ErrorObject, source: Source): string {
  const params = e.params as Record<string, unknown>;
  const parent = (e.parentSchema ?? {}) as Schema;
  switch (e.keyword) {
    case 'required':
      return `${place(`${e.instancePath}/${pointerEscape(String(params.missingProperty))}`, source)} is required`;
    case 'additionalProperties': {
      const known = Object.keys(parent.properties ?? {});
      const field = place(`${e.instancePath}/${pointerEscape(String(params.additionalProperty))}`, source);
      return `${field} is not a known field${known.length ? ` (known: ${known.join(', ')})` : ''}`;
    }
    default:
      return `${place(e.instancePath, source)} ${mustBe(e, params, parent)}`;
  }
}

function mustBe(e: ErrorObject, params: Record<string, unknown>, parent: Schema): string {
  switch (e.keyword) {
    case 'type': {
      const types = [e.schema].flat().map(String);
      // "true or false" alone; in a list of types, "a boolean"
      const words = types.map((t) =>
        t === 'boolean' && types.length > 1 ? 'a boolean' : (TYPE_WORDS[t] ?? t),
      );
      return `must be ${alternatives(words)}`;
    }
    case 'format':
      return FORMAT_WORDS[String(params.format)] ?? `must be in the ${String(params.format)} format`;
    case 'minLength':
      return params.limit === 1 ? 'must not be empty' : `must be at least ${params.limit} characters long`;
    case 'maxLength':
      return `must be at most ${params.limit} characters long`;
    case 'minimum':
    case 'maximum':
      return parent.minimum !== undefined && parent.maximum !== undefined
        ? `must be from ${parent.minimum} to ${parent.maximum}`
        : `must be at ${e.keyword === 'minimum' ? 'least' : 'most'} ${params.limit}`;
    case 'exclusiveMinimum':
      return `must be more than ${params.limit}`;
    case 'exclusiveMaximum':
      return `must be less than ${params.limit}`;
    case 'pattern':
      // a named type's description (AccountId's) says in words what its pattern says in symbols
      return `must match the pattern ${params.pattern}${NAMED.has(parent) && parent.description ? ` (${firstSentence(parent.description)})` : ''}`;
    case 'enum':
      return `must be ${alternatives((params.allowedValues as unknown[]).map(shown))}`;
    case 'const':
      return `must be ${shown(params.allowedValue)}`;
    case 'minItems':
      return `must have at least ${params.limit} items`;
    case 'maxItems':
      return `must have at most ${params.limit} items`;
    case 'not':
      // a field the API refuses on purpose (ActorField): its schema's description says why
      return parent.description ? `is not accepted: ${firstSentence(parent.description)}` : 'is not accepted';
    default:
      return e.message ?? 'is not valid';
  }
}

const NAMED = new Set<unknown>(Object.values(apiSchema.definitions));

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  object: 'a JSON object',
  array: 'an array',
  null: 'null',
};

const FORMAT_WORDS: Record<string, string> = {
  email: 'must be an email address',
  'date-time': 'must be a date and time with its offset, as in RFC 3339 (2027-03-01T09:00:00Z)',
};

/** "/recipients/0/email" in a body, "query parameter `limit`", "line 3: /email" in an NDJSON segment. */
function place(pointer: string, source: Source): string {
  if (source === 'body') return pointer || 'body';
  if (source === 'query') {
    if (!pointer) return 'query';
    const [, first, ...rest] = pointer.split('/');
    return `query parameter \`${pointerUnescape(first)}\`${rest.length ? `/${rest.join('/')}` : ''}`;
  }
  return pointer ? `line ${source.line}: ${pointer}` : `line ${source.line}`;
}

function alternatives(words: string[]): string {
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}` : words[0];
}

function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** "The audit trail records …. A request …" → "the audit trail records …". */
function firstSentence(text: string): string {
  const first = text.split(/\.(\s|$)/)[0];
  return first.charAt(0).toLowerCase() + first.slice(1);
}

function pointerEscape(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

function pointerUnescape(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
