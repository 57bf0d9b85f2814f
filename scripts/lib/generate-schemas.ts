import * as path from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';
import { MessageName, schemaTypeOf } from '../../libs/contracts/src/messages';

const root = path.resolve(__dirname, '..', '..');
export const schemaDir = path.join(root, 'libs', 'contracts', 'schema');

/** Generates one JSON Schema per message from the TypeScript types, as file name → text. */
export function generateSchemas(): Map<string, string> {
  const generator = createGenerator({
    path: path.join(root, 'libs', 'contracts', 'src', 'messages.ts'),
    tsconfig: path.join(root, 'tsconfig.json'),
    skipTypeCheck: true,
    additionalProperties: false,
    jsDoc: 'extended',
  });
  const files = new Map<string, string>();
  for (const name of Object.values(MessageName)) {
    const schema = generator.createSchema(schemaTypeOf[name]);
    const withId = { $id: `https://postroom.dev/schema/${name}.json`, title: name, ...schema };
    files.set(`${name}.json`, JSON.stringify(withId, null, 2) + '\n');
  }
  return files;
}
