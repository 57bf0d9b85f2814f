import * as path from 'node:path';
import { createGenerator, type Config } from 'ts-json-schema-generator';
import { apiRequestNames } from '../../libs/contracts/src/api';
import { MessageName, schemaTypeOf } from '../../libs/contracts/src/messages';

const root = path.resolve(__dirname, '..', '..');
export const schemaDir = path.join(root, 'libs', 'contracts', 'schema');
/** The operator API's requests, every type's schema in one file's `definitions`. */
export const apiSchemaFile = 'api.json';

const settings = (file: string): Config => ({
  path: path.join(root, 'libs', 'contracts', 'src', file),
  tsconfig: path.join(root, 'tsconfig.json'),
  skipTypeCheck: true,
  additionalProperties: false,
  jsDoc: 'extended',
});

/**
 * Generates the JSON Schemas from the TypeScript types, as file name → text: one per message
 * (messages.ts) and api.json for the operator API's bodies and query strings (api.ts).
 */
export function generateSchemas(): Map<string, string> {
  const files = new Map<string, string>();
  const messages = createGenerator(settings('messages.ts'));
  for (const name of Object.values(MessageName)) {
    const schema = byChannel(messages.createSchema(schemaTypeOf[name]));
    const withId = { $id: `https://postroom.dev/schema/${name}.json`, title: name, ...schema };
    files.set(`${name}.json`, JSON.stringify(withId, null, 2) + '\n');
  }
  files.set(apiSchemaFile, JSON.stringify(generateApiSchema(), null, 2) + '\n');
  return files;
}

function generateApiSchema(): object {
  const api = createGenerator(settings('api.ts'));
  const definitions: Record<string, unknown> = {};
  for (const name of apiRequestNames) {
    const schema = byChannel(api.createSchema(name)) as { definitions?: Record<string, unknown> };
    for (const [def, body] of Object.entries(schema.definitions ?? {})) {
      if (def in definitions && JSON.stringify(definitions[def]) !== JSON.stringify(body)) {
        throw new Error(`api.ts: ${def} is generated two ways; give one of them another name`);
      }
      definitions[def] = body;
    }
  }
  const sorted = Object.fromEntries(Object.entries(definitions).sort(([a], [b]) => a.localeCompare(b)));
  return {
    $id: 'https://postroom.dev/schema/api.json',
    title: 'Postroom operator API requests',
    description:
      'The bodies and query strings of the scheduler API, generated from libs/contracts/src/api.ts.',
    $schema: 'http://json-schema.org/draft-07/schema#',
    definitions: sorted,
  };
}

type Definition = { anyOf?: { $ref?: string }[]; properties?: { channel?: { const?: unknown } } };

/**
 * A union of an email and an SMS shape (CampaignSubmission) is generated as `anyOf`, whose
 * errors say only "must match a schema in anyOf". `channel` tells them apart, so the schema
 * says so: if `channel` is "sms", the SMS shape, else the email shape, and each error names its
 * field as before.
 */
export function byChannel<S extends object>(schema: S): S {
  const definitions = (schema as { definitions?: Record<string, Definition> }).definitions ?? {};
  for (const [name, def] of Object.entries(definitions)) {
    const refs = def.anyOf?.map((a) => a.$ref?.replace('#/definitions/', ''));
    if (!refs || refs.length !== 2 || refs.some((r) => !r)) continue;
    const sms = refs.find((r) => definitions[r!]?.properties?.channel?.const === 'sms');
    const email = refs.find((r) => r !== sms);
    if (!sms || !email) continue;
    definitions[name] = {
      if: { type: 'object', properties: { channel: { const: 'sms' } }, required: ['channel'] },
      then: { $ref: `#/definitions/${sms}` },
      else: { $ref: `#/definitions/${email}` },
    } as Definition;
  }
  return schema;
}
