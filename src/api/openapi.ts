import { OpenAPIRegistry, OpenApiGeneratorV3, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

/**
 * The API's OpenAPI document, built from the same zod schemas that validate requests: each route file
 * describes its paths here, so the document cannot drift from what the code accepts.
 */
export const openApiRegistry = new OpenAPIRegistry();

openApiRegistry.registerComponent('securitySchemes', 'staffBearer', {
  type: 'http',
  scheme: 'bearer',
  description: 'Staff API token from POST /api/staff/tokens',
});
openApiRegistry.registerComponent('securitySchemes', 'staffSession', {
  type: 'apiKey',
  in: 'cookie',
  name: 'certflow_staff',
});
openApiRegistry.registerComponent('securitySchemes', 'candidateLink', {
  type: 'apiKey',
  in: 'query',
  name: 'token',
  description: 'The signed link from a candidate email',
});

export const errorBody = z
  .object({
    error: z.object({ message: z.string(), code: z.string(), fields: z.record(z.string(), z.string()).optional() }),
  })
  .meta({ id: 'Error' });

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: errorBody } },
});
export const commonErrors = {
  401: errorResponse('Not signed in, or the link is forged or expired'),
  404: errorResponse('No such case (also for a case that is not yours)'),
  422: errorResponse('Some fields need correcting: one message per field'),
};

export function describeRoute(route: RouteConfig): void {
  openApiRegistry.registerPath(route);
}

export function openApiDocument(baseUrl: string) {
  return new OpenApiGeneratorV3(openApiRegistry.definitions).generateDocument({
    openapi: '3.0.3',
    info: {
      title: 'certflow API',
      version: '1',
      description: 'Candidates, staff, the test vendor and scripts: one API, validated by these schemas.',
    },
    servers: [{ url: baseUrl }],
  });
}
