import * as path from 'node:path';
import { MessageName, schemaTypeOf } from '../../libs/contracts/src/messages';
import { messageSchemas } from '../../libs/contracts/src/schemas';

const root = path.resolve(__dirname, '..', '..');
export const asyncApiFile = path.join(root, 'libs', 'contracts', 'asyncapi.json');

/** Who publishes each message and who consumes it: the operations of the document. */
const FLOWS: Record<MessageName, { from: string; to: string; summary: string }> = {
  'campaign.submit': {
    from: 'upstream systems (a CRM, a shop)',
    to: 'scheduler',
    summary: 'A campaign and its segment; the idempotency key makes a resubmission create nothing twice.',
  },
  'delivery.send': {
    from: 'scheduler',
    to: 'sender',
    summary: "Deliveries claimed within their account's daily limit, to be sent now.",
  },
  'sms.send': {
    from: 'scheduler',
    to: 'sender',
    summary: "SMS deliveries claimed within their account's SMS daily limit, to be sent over SMPP now.",
  },
  'delivery.rejected': {
    from: 'sender',
    to: 'bounce',
    summary: 'A permanent refusal at SMTP time, to classify and blacklist.',
  },
  'bounce.received': {
    from: 'an MTA that pipes inbound bounces and complaints',
    to: 'bounce',
    summary: 'A raw bounce or complaint with the envelope recipient it arrived for.',
  },
  'notification.send': {
    from: 'bounce',
    to: 'sender',
    summary: "An error notice to a campaign's from-address, stored in the ledger first.",
  },
};

type Json = Record<string, unknown>;

/**
 * The AsyncAPI 3 document of the broker, generated from libs/contracts: one channel per
 * message name (the routing key on the `postroom` topic exchange), its payload the message's
 * published JSON Schema, and the operations that send and receive it. `npm run schema` writes
 * it beside the JSON Schemas; a test parses it and fails when it drifts from the contracts.
 */
export function generateAsyncApi(): string {
  const schemas: Record<string, unknown> = {};
  const channels: Json = {};
  const operations: Json = {};
  const messages: Json = {};
  for (const name of Object.values(MessageName)) {
    const type = schemaTypeOf[name];
    const schema = messageSchemas[name] as { definitions?: Record<string, unknown> };
    for (const [def, body] of Object.entries(schema.definitions ?? {})) {
      const moved = rewriteRefs(body);
      if (def in schemas && JSON.stringify(schemas[def]) !== JSON.stringify(moved)) {
        throw new Error(`two messages define ${def} differently; give one of them another name`);
      }
      schemas[def] = moved;
    }
    const flow = FLOWS[name];
    messages[type] = {
      name: type,
      title: name,
      summary: flow.summary,
      contentType: 'application/json',
      payload: { $ref: `#/components/schemas/${type}` },
    };
    channels[name] = {
      address: name,
      title: name,
      description: `Routing key \`${name}\` on the topic exchange. Wire names are stable: never rename one.`,
      messages: { [type]: { $ref: `#/components/messages/${type}` } },
      bindings: {
        amqp: {
          is: 'routingKey',
          exchange: { name: 'postroom', type: 'topic', durable: true, autoDelete: false, vhost: '/' },
          bindingVersion: '0.3.0',
        },
      },
    };
    const channel = { $ref: `#/channels/${name}` };
    const message = { $ref: `#/channels/${name}/messages/${type}` };
    operations[`send-${name}`] = {
      action: 'send',
      title: `${flow.from} publish ${name}`,
      channel,
      messages: [message],
    };
    operations[`receive-${name}`] = {
      action: 'receive',
      title: `${flow.to} consumes ${name}`,
      description:
        'Own durable quorum queue, manual acks after the ledger commit, bounded prefetch and redelivery; ' +
        'a message that fails validation goes to the dead-letter queue with the reason.',
      channel,
      messages: [message],
    };
  }
  const doc = {
    asyncapi: '3.0.0',
    info: {
      title: 'Postroom messages',
      version: '1.0.0',
      description:
        'Every message of the Postroom pipeline on RabbitMQ. Upstream systems need nothing but the broker ' +
        'and this document (or the JSON Schemas beside it) to submit a campaign. Generated from ' +
        'libs/contracts by `npm run schema`; do not edit by hand.',
    },
    defaultContentType: 'application/json',
    servers: {
      rabbitmq: {
        host: '127.0.0.1:5672',
        protocol: 'amqp',
        protocolVersion: '0.9.1',
        description: 'The broker named by AMQP_URL; exchanges and queues are prefixed by AMQP_NAMESPACE.',
      },
    },
    channels,
    operations,
    components: { schemas, messages },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** JSON Schema's `#/definitions/X` becomes the document's `#/components/schemas/X`. */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) =>
      k === '$ref' && typeof v === 'string'
        ? [k, v.replace(/^#\/definitions\//, '#/components/schemas/')]
        : [k, rewriteRefs(v)],
    ),
  );
}
