import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { apiSchema } from '@postroom/contracts';
import { isDeepStrictEqual } from 'node:util';
import { SchemaPipe } from './schema.pipe';

type Json = Record<string, unknown>;
interface Document {
  paths: Record<string, Record<string, Json>>;
  components?: { schemas?: Record<string, unknown> };
}
interface RouteArg {
  index: number;
  data?: unknown;
  pipes?: unknown[];
}

/**
 * Where the OpenAPI document and the validation disagree, as sentences (none: they agree).
 * What a route validates is read from Nest's own route metadata (the SchemaPipes of its @Body
 * and @Query parameters), what it documents from the served document, independently of how the
 * document was made; every body and query parameter must have a SchemaPipe.
 */
export function disagreements(served: Document, controllers: readonly Type[]): string[] {
  // parsed here, so that its objects compare with ours (a fetch parses in another realm)
  const document = JSON.parse(JSON.stringify(served)) as Document;
  const found: string[] = [];
  for (const [name, definition] of Object.entries(apiSchema.definitions)) {
    const component = document.components?.schemas?.[name];
    if (!isDeepStrictEqual(asDefinitions(component), definition))
      found.push(`components.schemas.${name} is not api.json's ${name}`);
  }
  for (const controller of controllers) {
    // pages, not API (the operator console): left out of the document on purpose
    if (Reflect.getMetadata('swagger/apiExcludeController', controller)) continue;
    for (const route of routesOf(controller)) {
      const operation = document.paths[route.path]?.[route.method];
      const where = `${route.method.toUpperCase()} ${route.path}`;
      if (!operation) {
        found.push(`${where} is not in the document`);
        continue;
      }
      const { body, query, unvalidated } = pipesOf(controller, route.handler);
      found.push(...unvalidated.map((what) => `${where}: its ${what} has no SchemaPipe`));
      found.push(...bodyDisagreements(where, operation, body));
      found.push(...queryDisagreements(where, operation, query));
    }
  }
  return found;
}

/** A component as api.json has it: `#/components/schemas/X` back to `#/definitions/X`. */
function asDefinitions(component: unknown): unknown {
  return JSON.parse(
    JSON.stringify(component ?? null).replace(/"#\/components\/schemas\//g, '"#/definitions/'),
  ) as unknown;
}

function ref(name: string): Json {
  return { $ref: `#/components/schemas/${name}` };
}

function bodyDisagreements(where: string, operation: Json, pipe: SchemaPipe | undefined): string[] {
  const requestBody = operation.requestBody as
    { required?: boolean; content?: Record<string, Json> } | undefined;
  if (!pipe) return requestBody ? [`${where} documents a body it does not take`] : [];
  const expected: Record<string, Json> = { 'application/json': { schema: ref(pipe.request) } };
  const { ndjson } = pipe.options;
  if (ndjson) {
    expected['application/x-ndjson'] = {
      'x-ndjson': { header: ref(ndjson.header), line: ref(ndjson.line) },
    };
  }
  const found: string[] = [];
  if (requestBody?.required !== !pipe.options.optional)
    found.push(`${where}: its body is ${pipe.options.optional ? 'optional' : 'required'}, not so documented`);
  const content = requestBody?.content ?? {};
  if (!isDeepStrictEqual(Object.keys(content).sort(), Object.keys(expected).sort()))
    found.push(`${where}: its body's media types are ${Object.keys(expected).join(', ')}`);
  for (const [type, media] of Object.entries(expected)) {
    for (const [key, value] of Object.entries(media)) {
      if (!isDeepStrictEqual(content[type]?.[key], value))
        found.push(`${where}: its ${type} ${key} is not ${JSON.stringify(value)}`);
    }
  }
  return found;
}

function queryDisagreements(where: string, operation: Json, pipe: SchemaPipe | undefined): string[] {
  const parameters = ((operation.parameters ?? []) as Json[]).filter((p) => p.in === 'query');
  if (!pipe) return parameters.length ? [`${where} documents query parameters it does not take`] : [];
  const contract = apiSchema.definitions[pipe.request] as {
    properties?: Record<string, unknown>;
    required?: string[];
  };
  const properties = contract.properties ?? {};
  const found: string[] = [];
  const names = parameters.map((p) => String(p.name));
  if (!isDeepStrictEqual([...names].sort(), Object.keys(properties).sort()))
    found.push(
      `${where}: its query parameters are ${Object.keys(properties).join(', ')}, not ${names.join(', ')}`,
    );
  for (const parameter of parameters) {
    const name = String(parameter.name);
    if (!(name in properties)) continue;
    if (!isDeepStrictEqual(asDefinitions(parameter.schema), properties[name]))
      found.push(`${where}: query parameter ${name}'s schema is not ${pipe.request}'s`);
    if (parameter.required !== (contract.required ?? []).includes(name))
      found.push(
        `${where}: query parameter ${name} is ${parameter.required ? '' : 'not '}documented as required`,
      );
  }
  return found;
}

interface Route {
  handler: string;
  path: string;
  method: string;
}

function routesOf(controller: Type): Route[] {
  const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
  const prototype = controller.prototype as Record<string, unknown>;
  return Object.getOwnPropertyNames(prototype).flatMap((handler) => {
    const fn = prototype[handler];
    if (typeof fn !== 'function') return [];
    const method = Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod | undefined;
    if (method === undefined) return [];
    const sub = String(Reflect.getMetadata(PATH_METADATA, fn) ?? '');
    const path = `/${[base, sub].join('/')}`
      .replace(/\/+/g, '/')
      .replace(/(.)\/$/, '$1')
      .replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    return [{ handler, path, method: RequestMethod[method].toLowerCase() }];
  });
}

function pipesOf(controller: Type, handler: string) {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ?? {}) as Record<
    string,
    RouteArg
  >;
  let body: SchemaPipe | undefined;
  let query: SchemaPipe | undefined;
  const unvalidated: string[] = [];
  for (const [key, arg] of Object.entries(args)) {
    const type = Number(key.split(':')[0]);
    if (type !== RouteParamtypes.BODY && type !== RouteParamtypes.QUERY) continue;
    const what = type === RouteParamtypes.BODY ? 'body' : 'query string';
    const pipe = (arg.pipes ?? []).find((p): p is SchemaPipe => p instanceof SchemaPipe);
    // a SchemaPipe checks the whole body or query string, never one field of it
    if (!pipe || arg.data !== undefined || pipe.source !== (type === RouteParamtypes.BODY ? 'body' : 'query'))
      unvalidated.push(what);
    else if (type === RouteParamtypes.BODY) body = pipe;
    else query = pipe;
  }
  return { body, query, unvalidated };
}
