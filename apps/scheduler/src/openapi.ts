import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { apiSchema } from '@postroom/contracts';
import {
  BODY_EXTENSION,
  QUERY_EXTENSION,
  type BodyExtension,
  type QueryExtension,
} from './validation/schema.pipe';

/** Serves the OpenAPI document at /docs (the UI) and /docs/openapi.json, needing no token. */
export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, openApiDocument(app), { jsonDocumentUrl: 'docs/openapi.json' });
}

/**
 * The operator API's OpenAPI 3.1 document. Request bodies and query strings are the contract
 * schemas of libs/contracts (schema/api.json) that the routes' SchemaPipes validate with,
 * under components.schemas: docs and validation have one source.
 */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Postroom operator API')
    .setDescription(
      'Campaigns, segments, exports, accounts, blacklists and tokens. Every route needs ' +
        '`Authorization: Bearer <token>`: an operator token (POSTROOM_API_TOKEN, or one made with ' +
        '`npm run token -- create --operator`) covers every account, an account token only its own ' +
        "(another account's resources answer 404). A request that does not fit its schema gets 400 " +
        'naming every problem with its place.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  return withRequestSchemas(SwaggerModule.createDocument(app, config));
}

type Json = Record<string, unknown>;
type Schema = { properties?: Record<string, Json>; required?: string[] };
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

/** Puts the contract schemas in components.schemas and each route's body and query string in place. */
export function withRequestSchemas(document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      ...(toComponents(apiSchema.definitions) as NonNullable<OpenAPIObject['components']>['schemas']),
    },
  };
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as Json | undefined;
      if (!operation) continue;
      const body = operation[BODY_EXTENSION] as BodyExtension | undefined;
      const query = operation[QUERY_EXTENSION] as QueryExtension | undefined;
      delete operation[BODY_EXTENSION];
      delete operation[QUERY_EXTENSION];
      if (body) operation.requestBody = requestBody(body);
      if (query) {
        const others = ((operation.parameters ?? []) as Json[]).filter((p) => p.in !== 'query');
        operation.parameters = [...others, ...queryParameters(query)];
      }
    }
  }
  return document;
}

export function componentRef(name: string): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` };
}

/** A draft-07 schema's `#/definitions/X` references as the document's `#/components/schemas/X`. */
export function toComponents(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toComponents);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string'
        ? value.replace(/^#\/definitions\//, '#/components/schemas/')
        : toComponents(value),
    ]),
  );
}

function requestBody({ request, optional, ndjson }: BodyExtension): Json {
  const content: Json = { 'application/json': { schema: componentRef(request) } };
  if (ndjson) {
    content['application/x-ndjson'] = {
      schema: {
        type: 'string',
        description: `Streamed: the first line a ${ndjson.header}, then one ${ndjson.line} per line.`,
      },
      'x-ndjson': { header: componentRef(ndjson.header), line: componentRef(ndjson.line) },
    };
  }
  return { required: !optional, content };
}

/** One parameter per property of the query's schema, its schema that property's. */
function queryParameters({ request }: QueryExtension): Json[] {
  const schema = apiSchema.definitions[request] as Schema;
  return Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const described = property.$ref
      ? (apiSchema.definitions[String(property.$ref).replace('#/definitions/', '')] as Json)
      : property;
    return {
      name,
      in: 'query',
      required: (schema.required ?? []).includes(name),
      ...((property.description ?? described?.description)
        ? { description: property.description ?? described.description }
        : {}),
      schema: toComponents(property),
    };
  });
}
