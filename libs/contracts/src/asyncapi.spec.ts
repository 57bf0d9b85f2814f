import { Parser } from '@asyncapi/parser';
import * as fs from 'node:fs';
import { asyncApiFile, generateAsyncApi } from '../../../scripts/lib/generate-asyncapi';
import { MessageName, schemaTypeOf } from './messages';
import { messageSchemas } from './schemas';

const messageNames = Object.values(MessageName);
/** Diagnostic severity 0 is an error in @asyncapi/parser (Spectral's scale). */
const ERROR = 0;

describe('the AsyncAPI document', () => {
  const committed = fs.existsSync(asyncApiFile) ? fs.readFileSync(asyncApiFile, 'utf8') : '(missing)';
  let parsed: Awaited<ReturnType<Parser['parse']>>;

  beforeAll(async () => {
    parsed = await new Parser().parse(committed);
  }, 60_000);

  it('is committed exactly as generated from libs/contracts', () => {
    try {
      expect(committed).toBe(generateAsyncApi());
    } catch (err) {
      (err as Error).message =
        `libs/contracts/asyncapi.json has drifted from libs/contracts: run \`npm run schema\` and commit it.\n\n` +
        (err as Error).message;
      throw err;
    }
  });

  it('parses as AsyncAPI 3 with no error', () => {
    const errors = parsed.diagnostics.filter((d) => d.severity === ERROR);

    expect(errors.map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
    expect(parsed.document?.version()).toBe('3.0.0');
  });

  it('has one channel per message name, addressed by its routing key', () => {
    const addresses = parsed
      .document!.channels()
      .all()
      .map((c) => c.address());

    expect(addresses.sort()).toEqual([...messageNames].sort());
  });

  it.each(messageNames)("carries %s's published JSON Schema as its payload", (name) => {
    const channel = parsed
      .document!.channels()
      .all()
      .find((c) => c.address() === name)!;
    const [message] = channel.messages().all();
    const contract = messageSchemas[name] as { definitions: Record<string, { properties?: object }> };
    const expected = contract.definitions[schemaTypeOf[name]];

    const payload = message.payload()!.json() as {
      properties?: Record<string, unknown>;
      required?: string[];
    };

    expect(Object.keys(payload.properties ?? {}).sort()).toEqual(
      Object.keys(expected.properties ?? {}).sort(),
    );
    expect(payload.required ?? []).toEqual((expected as { required?: string[] }).required ?? []);
  });

  it.each(messageNames)('says who sends and who receives %s', (name) => {
    const actions = parsed
      .document!.operations()
      .all()
      .filter((o) =>
        o
          .channels()
          .all()
          .some((c) => c.address() === name),
      )
      .map((o) => o.action())
      .sort();

    expect(actions).toEqual(['receive', 'send']);
  });
});
