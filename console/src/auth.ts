import { api, ApiError } from './api.js';
import { session, type Me } from './session.js';

/**
 * Who the stored key belongs to. `GET /v1/me` answers on gateways with virtual keys; on one
 * without it (a 404 after the key check passed), the key is the single gateway key, an admin.
 */
export async function whoAmI(): Promise<Me> {
  try {
    return await api<Me>('/v1/me');
  } catch (error) {
    if (!(error instanceof ApiError) || !error.missing) throw error;
    await api('/v1/models');
    return { kind: session.key() ? 'admin' : 'anonymous' };
  }
}

/** Stores the key for this tab and checks it; a rejected key is forgotten again. */
export async function signIn(key: string): Promise<Me> {
  session.save(key.trim());
  try {
    return await whoAmI();
  } catch (error) {
    session.forget();
    throw error;
  }
}
