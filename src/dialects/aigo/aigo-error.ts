import type { GatewayError } from '../../errors/index.js';

/** AIgo's error body (seed 002): `{"error": {"message", "code"}}`. */
export interface AigoErrorBody {
  error: { message: string; code: string };
}

/** The one place the AIgo dialect shapes an error; the message names the field at fault. */
export function toAigoError(error: GatewayError): AigoErrorBody {
  return { error: { message: error.message, code: error.code } };
}
