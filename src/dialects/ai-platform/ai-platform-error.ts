import type { GatewayError } from '../../errors/index.js';

/**
 * The one place the AI-platform dialect shapes an error: FastAPI's `detail` (what the seed's
 * service answers with) beside `success: false` and an `error` object with a stable code.
 */
export function toAiPlatformError(error: GatewayError): { success: false; detail: string; error: { message: string; code: string; param: string | null } } {
  return { success: false, detail: error.message, error: { message: error.message, code: error.code, param: error.param ?? null } };
}
