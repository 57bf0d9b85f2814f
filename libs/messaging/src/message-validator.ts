import { messageSchemas, type MessageName, type PayloadOf, type Recipient } from '@postroom/contracts';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export type Decoded<N extends MessageName> =
  { ok: true; payload: PayloadOf<N> } | { ok: false; reason: string };

/** Validates payloads against the published JSON Schemas, at the edge of every consumer and API. */
export class MessageValidator {
  private readonly validators = new Map<MessageName, ValidateFunction>();
  private readonly recipient: ValidateFunction;

  constructor() {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv, ['email', 'date-time']);
    for (const [name, schema] of Object.entries(messageSchemas) as [MessageName, object][]) {
      this.validators.set(name, ajv.compile(schema));
    }
    const submit = messageSchemas['campaign.submit'] as { definitions: Record<string, object> };
    this.recipient = ajv.compile({ ...submit, $id: undefined, $ref: '#/definitions/Recipient' });
  }

  /** One recipient of a streamed segment (NDJSON submission), checked line by line. */
  validateRecipient(value: unknown): { ok: true; payload: Recipient } | { ok: false; reason: string } {
    if (this.recipient(value)) return { ok: true, payload: value as Recipient };
    return { ok: false, reason: formatErrors(this.recipient) };
  }

  validate<N extends MessageName>(name: N, value: unknown): Decoded<N> {
    const validate = this.validators.get(name);
    if (!validate) return { ok: false, reason: `unknown message ${name}` };
    if (validate(value)) return { ok: true, payload: value as PayloadOf<N> };
    return { ok: false, reason: formatErrors(validate) };
  }

  decode<N extends MessageName>(name: N, content: Buffer): Decoded<N> {
    let value: unknown;
    try {
      value = JSON.parse(content.toString('utf8'));
    } catch (err) {
      return { ok: false, reason: `not JSON: ${(err as Error).message}` };
    }
    return this.validate(name, value);
  }
}

function formatErrors(validate: ValidateFunction): string {
  const errors = (validate.errors ?? [])
    .filter((e) => e.keyword !== 'if') // the failing branch's own errors name the fields
    .slice(0, 10)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`)
    .join('; ');
  return `schema: ${errors}`;
}
