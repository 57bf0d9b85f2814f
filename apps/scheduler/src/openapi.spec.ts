import 'reflect-metadata';
import { Body, Controller, Get, Module, Post, Query, type Type } from '@nestjs/common';
import { PARAMTYPES_METADATA, SELF_DECLARED_DEPS_METADATA } from '@nestjs/common/constants';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { apiRequestNames } from '@postroom/contracts';
import type { CoreOptions } from '@postroom/runtime';
import { openApiDocument } from './openapi';
import { SchedulerModule } from './scheduler.module';
import { disagreements } from './validation/openapi-agreement';

const controllers = SchedulerModule.forRoot({
  service: 'scheduler',
  broker: {},
} as unknown as CoreOptions).controllers!.filter(
  // the operator console's pages are not API (ApiExcludeController), and their guards need the app
  (c) => !Reflect.getMetadata('swagger/apiExcludeController', c),
) as Type[];

/** The API's controllers with a stub for each collaborator: enough to make the document, with no I/O. */
async function documentedApp(): Promise<NestFastifyApplication> {
  const tokens = new Set<unknown>();
  for (const controller of controllers) {
    const types = (Reflect.getMetadata(PARAMTYPES_METADATA, controller) ?? []) as unknown[];
    const injected = (Reflect.getMetadata(SELF_DECLARED_DEPS_METADATA, controller) ?? []) as {
      index: number;
      param: unknown;
    }[];
    types.forEach((type, i) => tokens.add(injected.find((d) => d.index === i)?.param ?? type));
  }
  const providers = [...tokens].map((provide) => ({ provide: provide as Type, useValue: {} }));
  class DocumentedModule {}
  Module({ controllers, providers })(DocumentedModule);
  const app = await NestFactory.create<NestFastifyApplication>(DocumentedModule, new FastifyAdapter(), {
    logger: false,
  });
  await app.init();
  return app;
}

type Document = Parameters<typeof disagreements>[0] & { openapi: string };

describe('the OpenAPI document', () => {
  let app: NestFastifyApplication;
  let sut: Document;

  beforeAll(async () => {
    app = await documentedApp();
    // as served at /docs/openapi.json (the e2e test operator-api reads the served one)
    sut = JSON.parse(JSON.stringify(openApiDocument(app))) as Document;
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it('is OpenAPI 3.1, whose schemas are JSON Schema', () => {
    expect(sut.openapi).toBe('3.1.0');
  });

  it('documents every body and query string with exactly the contract schema its SchemaPipe checks', () => {
    expect(disagreements(sut, controllers)).toEqual([]);
  });

  it('carries every request schema of libs/contracts', () => {
    expect(Object.keys(sut.components?.schemas ?? {})).toEqual(expect.arrayContaining([...apiRequestNames]));
  });

  it('refers to the contract schemas, never a copy', () => {
    const accounts = sut.paths['/v1/accounts/{id}'].put as { requestBody: unknown };
    const list = sut.paths['/v1/blacklist'].get as { parameters: { name: string; schema: unknown }[] };

    expect(accounts.requestBody).toEqual({
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/AccountSettings' } } },
    });
    expect(list.parameters.find((p) => p.name === 'account')?.schema).toEqual({
      $ref: '#/components/schemas/AccountId',
      description: "An account token's own by default.",
    });
  });

  it('finds a body or query string that no SchemaPipe checks', () => {
    @Controller('v1/tokens')
    class Unchecked {
      @Post()
      create(@Body() _body: unknown) {}

      @Get()
      list(@Query('name') _name: string) {}
    }

    expect(disagreements(sut, [Unchecked])).toEqual([
      'POST /v1/tokens: its body has no SchemaPipe',
      'POST /v1/tokens documents a body it does not take',
      'GET /v1/tokens: its query string has no SchemaPipe',
    ]);
  });

  it.each([
    [
      'a body schema that is not the pipe’s',
      (d: Document) => {
        const op = d.paths['/v1/tokens'].post as { requestBody: { content: Record<string, unknown> } };
        op.requestBody.content['application/json'] = { schema: { type: 'object' } };
      },
      /POST \/v1\/tokens: its application\/json schema/,
    ],
    [
      'a query parameter the schema does not have',
      (d: Document) => {
        const op = d.paths['/v1/blacklist'].get as { parameters: unknown[] };
        op.parameters.push({ name: 'page', in: 'query', required: false, schema: { type: 'integer' } });
      },
      /GET \/v1\/blacklist: its query parameters are/,
    ],
    [
      'a component that differs from api.json',
      (d: Document) => {
        (d.components!.schemas!.AccountSettings as { additionalProperties: boolean }).additionalProperties =
          true;
      },
      /components\.schemas\.AccountSettings/,
    ],
  ])('finds %s', (_what, change, expected) => {
    const changed = structuredClone(sut);
    change(changed);

    expect(disagreements(changed, controllers).join('\n')).toMatch(expected);
  });
});
