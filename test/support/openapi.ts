import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect } from 'vitest';
import { openApiDocument } from '../../src/openapi.js';

const document = openApiDocument('http://localhost:3000', 'Test') as unknown as {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
  components: { schemas: Record<string, unknown> };
};
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema({ $id: 'components', components: document.components });

/** Fails unless `body` is what the OpenAPI document promises for this operation and status. */
export function expectDocumentedResponse(path: string, method: 'get' | 'post', status: number, body: unknown): void {
  const response = document.paths[path]?.[method]?.responses[String(status)];
  expect(response, `${method.toUpperCase()} ${path} documents no ${status} answer`).toBeDefined();
  const schema = response!.content?.['application/json']?.schema;
  expect(schema, `${method.toUpperCase()} ${path} ${status} documents no JSON body`).toBeDefined();
  const resolved = JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"components#/components/'));
  const validate = ajv.compile(resolved);
  const valid = validate(body);
  expect(valid, `${JSON.stringify(body)} is not the documented ${status} shape: ${ajv.errorsText(validate.errors)}`).toBe(true);
}
