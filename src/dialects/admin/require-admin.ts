import type { FastifyRequest } from 'fastify';
import { AuthenticationError, PermissionDeniedError } from '../../errors/index.js';
import type { Gateway } from '../../gateway/index.js';

/**
 * The admin API's gate: closed (401) when no admin or gateway key is configured, 403 for a valid
 * key that is not the admin's (a virtual key). A missing or wrong key was already answered 401.
 */
export function requireAdmin(gateway: Gateway, request: FastifyRequest): void {
  if (!gateway.guard.enabled) {
    throw new AuthenticationError('The admin API is closed: no admin key is configured (set api.admin_key or QIAO_ADMIN_KEY).');
  }
  if (!request.caller?.isAdmin) throw new PermissionDeniedError('This key may not use the admin API; send the admin key.');
}
