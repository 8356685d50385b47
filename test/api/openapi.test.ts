import { describe, expect, it } from 'vitest';
import '../../src/api/app';
import { openApiDocument } from '../../src/api/openapi';

describe('OpenAPI document', () => {
  it('describes the apply endpoint from the schema that validates it', () => {
    const doc = openApiDocument('http://localhost:3000') as any;
    expect(doc.openapi).toBe('3.0.3');
    const body = doc.paths['/apply'].post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['firstName', 'lastName', 'email', 'membership', 'program', 'windowId']));
    expect(body.properties.program.enum).toEqual(['CPCS', 'CPMSM']);
    expect(body.properties.membership.enum).toEqual(['member', 'non-member']);
    expect(doc.paths['/apply'].post.responses['422']).toBeDefined();
  });
});
