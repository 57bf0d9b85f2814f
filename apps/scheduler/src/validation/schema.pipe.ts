import { Body, Query, type PipeTransform } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { ApiRequestName } from '@postroom/contracts';
import { Readable } from 'node:stream';
import { NdjsonBody, type NdjsonSchemas } from './ndjson-body';
import { InvalidRequest, requestValidator } from './request-validator';

export interface BodyOptions {
  /** The body may be left out (or be `null`), and is then taken as `{}`. */
  readonly optional?: boolean;
  /**
   * The body may also come as NDJSON (Content-Type application/x-ndjson): the pipe then gives
   * an NdjsonBody that checks each line with these schemas as it is read.
   */
  readonly ndjson?: NdjsonSchemas<ApiRequestName, ApiRequestName>;
}

/** How ValidBody and ValidQuery tell the OpenAPI document (openapi.ts) what they validate with. */
export const BODY_EXTENSION = 'x-postroom-body';
export const QUERY_EXTENSION = 'x-postroom-query';
export type BodyExtension = { request: ApiRequestName } & BodyOptions;
export type QueryExtension = { request: ApiRequestName };

/**
 * Checks a request's body or query string against a contract schema of libs/contracts (api.ts):
 * 400 with every problem named, or the value, typed, with the schema's defaults filled in.
 */
export class SchemaPipe implements PipeTransform {
  constructor(
    readonly request: ApiRequestName,
    readonly source: 'body' | 'query',
    readonly options: BodyOptions = {},
  ) {}

  transform(value: unknown): unknown {
    // coercion and defaults write into the value: the query object is Fastify's, keep it as it came
    if (this.source === 'query')
      return requestValidator.check(this.request, { ...(value as object) }, 'query');
    if (value instanceof Readable) {
      if (this.options.ndjson) return new NdjsonBody(value, this.options.ndjson);
      throw new InvalidRequest(['body must be a JSON object (Content-Type application/json)']);
    }
    if ((value === undefined || value === null) && this.options.optional)
      return requestValidator.check(this.request, {}, 'body');
    return requestValidator.check(this.request, value, 'body');
  }
}

/**
 * The body, checked against the contract schema `request` and documented with it:
 * `@ValidBody('AccountSettings') settings: AccountSettings`.
 */
export function ValidBody(request: ApiRequestName, options: BodyOptions = {}): ParameterDecorator {
  const pipe = new SchemaPipe(request, 'body', options);
  return (target, key, index) => {
    Body(pipe)(target, key, index);
    document(target, key!, BODY_EXTENSION, { request, ...options } satisfies BodyExtension);
  };
}

/**
 * The query string as one object, its text coerced to the schema's types, checked against the
 * contract schema `request` and documented with it: `@ValidQuery('BlacklistListQuery') query: BlacklistListQuery`.
 */
export function ValidQuery(request: ApiRequestName): ParameterDecorator {
  const pipe = new SchemaPipe(request, 'query');
  return (target, key, index) => {
    Query(pipe)(target, key, index);
    document(target, key!, QUERY_EXTENSION, { request } satisfies QueryExtension);
  };
}

function document(target: object, key: string | symbol, extension: string, value: object): void {
  const descriptor = Object.getOwnPropertyDescriptor(target, key)!;
  ApiExtension(extension, value)(target, key, descriptor);
}
