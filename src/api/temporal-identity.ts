import { Client } from '@temporalio/client';
import { apiClientIdentity } from '../temporal/identities';
import type { ApiDeps } from './deps';

/**
 * The API's Temporal client, named `certflow-api` on the same connection: the workflow's decision audit leaves a
 * decision with this identity to the route that sent it, which audits it with the staff member's email.
 */
export function withApiIdentity(deps: ApiDeps): ApiDeps {
  const given = deps.temporal.client;
  if (!(given instanceof Client) || given.options.identity === apiClientIdentity) return deps;
  const { namespace, loadedDataConverter, interceptors } = given.options;
  const client = new Client({
    connection: given.connection,
    namespace,
    dataConverter: loadedDataConverter,
    interceptors,
    identity: apiClientIdentity,
  });
  return { ...deps, temporal: { ...deps.temporal, client } };
}
