import { describe, expect, it } from 'vitest';
import '../../src/api/app';
import { openApiDocument } from '../../src/api/openapi';
import { eligibilityBody } from '../../src/api/routes/lifecycle-staff';

const doc = openApiDocument('http://localhost:3000') as any;
const bodyOf = (path: string, type = 'application/json') => doc.paths[path].post.requestBody.content[type].schema;

describe('OpenAPI document', () => {
  it('describes the apply endpoint from the schema that validates it', () => {
    expect(doc.openapi).toBe('3.0.3');
    const body = bodyOf('/apply');
    expect(body.required).toEqual(
      expect.arrayContaining(['firstName', 'lastName', 'email', 'membership', 'program', 'windowId']),
    );
    expect(body.properties.program.enum).toEqual(['CPCS', 'CPMSM']);
    expect(body.properties.membership.enum).toEqual(['member', 'non-member']);
    expect(doc.paths['/apply'].post.responses['422']).toBeDefined();
  });

  it('lists the candidate, staff, window, recertification and vendor endpoints with their security', () => {
    for (const path of [
      '/api/applications/{id}/appointment',
      '/api/applications/{id}/transfer',
      '/api/applications/{id}/accommodations',
      '/api/staff/applications/{id}/eligibility',
      '/api/staff/windows/{program}/{windowId}/approval',
      '/api/staff/results-imports',
      '/api/recertification/{id}/entries',
      '/webhooks/vendor/appointments',
    ])
      expect(doc.paths[path], path).toBeDefined();
    expect(doc.paths['/api/staff/applications/{id}/eligibility'].post.security).toEqual([
      { staffBearer: [] },
      { staffSession: [] },
    ]);
    expect(doc.components.securitySchemes.candidateLink).toMatchObject({ type: 'apiKey', in: 'query', name: 'token' });
  });

  it('the documented body is the validator: what the schema accepts, the document says', () => {
    const body = bodyOf('/api/staff/applications/{id}/eligibility');
    expect(body.properties.decision.enum).toEqual(['approve', 'reject']);
    expect(eligibilityBody.safeParse({ decision: 'reject' }).success).toBe(false);
    expect(bodyOf('/api/recertification/{id}/entries').properties.kind.enum).toEqual(['namss-approved', 'other']);
    expect(bodyOf('/api/applications/{id}/accommodations', 'multipart/form-data').properties.documentation.format).toBe(
      'binary',
    );
  });

  it('every route that runs an Update documents Idempotency-Key and its 202 and 503 answers', () => {
    for (const [path, method] of [
      ['/api/applications/{id}/withdraw', 'post'],
      ['/api/applications/{id}/accommodations', 'post'],
      ['/api/staff/applications/{id}/eligibility', 'post'],
      ['/api/staff/windows/{program}/{windowId}/key-decisions', 'post'],
      ['/api/recertification/{id}/entries', 'post'],
      ['/api/recertification/{id}/entries/{entryId}', 'patch'],
      ['/api/staff/recertification/{id}/determination/complete', 'post'],
      ['/webhooks/vendor/appointments', 'post'],
    ] as const) {
      const op = doc.paths[path][method];
      expect(
        op.parameters.find((p: { in: string; name: string }) => p.in === 'header' && p.name === 'Idempotency-Key'),
        path,
      ).toMatchObject({ required: false });
      expect(Object.keys(op.responses), path).toEqual(expect.arrayContaining(['202', '503']));
    }
    expect(doc.paths['/api/applications/{id}/status'].get.responses['202']).toBeUndefined();
  });
});
