import * as fs from 'node:fs';
import * as path from 'node:path';
import { apiSchemaFile, generateSchemas, schemaDir } from '../../../scripts/lib/generate-schemas';
import { apiRequestNames } from './api';
import { MessageName, schemaTypeOf } from './messages';
import { apiSchema, messageSchemas } from './schemas';

const messageNames = Object.values(MessageName);
const schemaFiles = [...messageNames.map((name) => `${name}.json`), apiSchemaFile].sort();

describe('message schemas', () => {
  let generated: Map<string, string>;

  beforeAll(() => {
    generated = generateSchemas();
  }, 60_000);

  it('generates one schema file per message name and one for the API', () => {
    expect([...generated.keys()].sort()).toEqual(schemaFiles);
  });

  it('has no committed schema file it does not generate', () => {
    const committed = fs.readdirSync(schemaDir).filter((f) => f.endsWith('.json'));

    expect(committed.sort()).toEqual(schemaFiles);
  });

  it.each([...messageNames.map((name) => [`${name}.json`, 'messages.ts']), [apiSchemaFile, 'api.ts']])(
    'commits %s exactly as generated from %s',
    (file, source) => {
      const committedPath = path.join(schemaDir, file);
      const committed = fs.existsSync(committedPath) ? fs.readFileSync(committedPath, 'utf8') : '(missing)';

      try {
        expect(generated.get(file)).toBe(committed);
      } catch (err) {
        (err as Error).message =
          `libs/contracts/schema/${file} has drifted from libs/contracts/src/${source}: ` +
          `run \`npm run schema\` and commit the result.\n\n${(err as Error).message}`;
        throw err;
      }
    },
  );

  it.each(messageNames)('exposes a schema for %s with its wire name and type', (name) => {
    const schema = messageSchemas[name] as { $id?: string; title?: string; $ref?: string };

    expect(schema).toBeDefined();
    expect(schema.$id).toBe(`https://postroom.dev/schema/${name}.json`);
    expect(schema.title).toBe(name);
    expect(schema.$ref).toBe(`#/definitions/${schemaTypeOf[name]}`);
  });

  it('has a schema for every message name and no other', () => {
    expect(Object.keys(messageSchemas).sort()).toEqual([...messageNames].sort());
  });
});

describe('API request schemas', () => {
  it('has a schema for every API request name', () => {
    expect(Object.keys(apiSchema.definitions)).toEqual(expect.arrayContaining([...apiRequestNames]));
    expect(apiSchema.$id).toBe('https://postroom.dev/schema/api.json');
  });

  it.each(['CampaignSubmit', 'Recipient'])(
    'takes %s exactly as the campaign.submit message has it',
    (type) => {
      const message = messageSchemas['campaign.submit'] as { definitions: Record<string, object> };

      expect(apiSchema.definitions[type]).toEqual(message.definitions[type]);
    },
  );

  it('makes the NDJSON header the campaign without its recipients', () => {
    const submit = apiSchema.definitions.CampaignSubmit as { properties: object; required: string[] };
    const header = apiSchema.definitions.CampaignHeader as { properties: object; required: string[] };
    const { recipients: _r, ...rest } = submit.properties as Record<string, unknown>;

    expect(header.properties).toEqual(rest);
    expect(header.required).toEqual(submit.required.filter((f) => f !== 'recipients'));
  });
});
