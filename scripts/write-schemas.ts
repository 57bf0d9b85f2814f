import * as fs from 'node:fs';
import * as path from 'node:path';
import { asyncApiFile, generateAsyncApi } from './lib/generate-asyncapi';
import { generateSchemas, schemaDir } from './lib/generate-schemas';

/** `npm run schema`: regenerates libs/contracts/schema and the AsyncAPI document from the message types. */
for (const [file, text] of generateSchemas()) {
  fs.writeFileSync(path.join(schemaDir, file), text);
  console.log(`wrote ${path.relative(process.cwd(), path.join(schemaDir, file))}`);
}
fs.writeFileSync(asyncApiFile, generateAsyncApi());
console.log(`wrote ${path.relative(process.cwd(), asyncApiFile)}`);
