import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { expect } from 'vitest';
import { openApiDocument } from '../../src/openapi.js';

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: unknown;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { headers?: Record<string, { schema: unknown }>; content?: Record<string, { schema: unknown }> }>;
}

export const document = openApiDocument('http://localhost:3000', 'Test') as unknown as {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};
// Formats (email, date-time) are the server's to check; the schemas' types, bounds, patterns and closed sets are checked here.
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema({ $id: 'components', components: document.components });

/** A validator for one schema of the document, its $refs resolved against the document's components. */
export function documentValidator(schema: unknown): ValidateFunction {
  return ajv.compile(JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"components#/components/')));
}

export function documentedOperation(path: string, method: 'get' | 'post'): Operation {
  const operation = document.paths[path]?.[method];
  expect(operation, `${method.toUpperCase()} ${path} is not documented`).toBeDefined();
  return operation!;
}

/** Fails unless `body` is what the OpenAPI document promises for this operation and status. */
export function expectDocumentedResponse(path: string, method: 'get' | 'post', status: number, body: unknown): void {
  const response = documentedOperation(path, method).responses[String(status)];
  expect(response, `${method.toUpperCase()} ${path} documents no ${status} answer`).toBeDefined();
  const schema = response!.content?.['application/json']?.schema;
  expect(schema, `${method.toUpperCase()} ${path} ${status} documents no JSON body`).toBeDefined();
  const validate = documentValidator(schema);
  const valid = validate(body);
  expect(valid, `${JSON.stringify(body)} is not the documented ${status} shape: ${ajv.errorsText(validate.errors)}`).toBe(true);
}

/** Fails unless this answer documents the header and `value` is what its schema says (a number for an integer header). */
export function expectDocumentedHeader(path: string, method: 'get' | 'post', status: number, name: string, value: unknown): void {
  const header = documentedOperation(path, method).responses[String(status)]?.headers?.[name];
  expect(header, `${method.toUpperCase()} ${path} ${status} documents no ${name} header`).toBeDefined();
  expect(typeof value, `${name} is sent`).toBe('string');
  const schema = header!.schema as { type?: string };
  const typed = schema.type === 'integer' || schema.type === 'number' ? Number(value) : value;
  const validate = documentValidator(schema);
  expect(validate(typed), `${name}: ${String(value)} is not the documented shape: ${ajv.errorsText(validate.errors)}`).toBe(true);
}
