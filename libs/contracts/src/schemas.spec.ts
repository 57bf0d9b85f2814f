import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateSchemas, schemaDir } from '../../../scripts/lib/generate-schemas';
import { MessageName, schemaTypeOf } from './messages';
import { messageSchemas } from './schemas';

const messageNames = Object.values(MessageName);

describe('message schemas', () => {
  let generated: Map<string, string>;

  beforeAll(() => {
    generated = generateSchemas();
  }, 60_000);

  it('generates one schema file per message name', () => {
    expect([...generated.keys()].sort()).toEqual(messageNames.map((name) => `${name}.json`).sort());
  });

  it('has no committed schema file without a message name', () => {
    const committed = fs.readdirSync(schemaDir).filter((f) => f.endsWith('.json'));

    expect(committed.sort()).toEqual(messageNames.map((name) => `${name}.json`).sort());
  });

  it.each(messageNames)('commits %s.json exactly as generated from messages.ts', (name) => {
    const file = `${name}.json`;
    const committedPath = path.join(schemaDir, file);
    const committed = fs.existsSync(committedPath) ? fs.readFileSync(committedPath, 'utf8') : '(missing)';

    try {
      expect(generated.get(file)).toBe(committed);
    } catch (err) {
      (err as Error).message =
        `libs/contracts/schema/${file} has drifted from libs/contracts/src/messages.ts: ` +
        `run \`npm run schema\` and commit the result.\n\n${(err as Error).message}`;
      throw err;
    }
  });

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
