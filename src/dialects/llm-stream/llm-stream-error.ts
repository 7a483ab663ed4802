import type { GatewayError } from '../../errors/index.js';

/** The one place this dialect shapes an error before streaming: `{"error": {"message", "code"}}` with a 4xx/5xx status. */
export function toLlmStreamError(error: GatewayError): { error: { message: string; code: string } } {
  return { error: { message: error.message, code: error.code } };
}

/** A failure once the stream has started, as seed 003's service sends it: `data: {"error": "<message>"}`, no `[DONE]`. */
export function toLlmStreamErrorEvent(error: GatewayError): string {
  return JSON.stringify({ error: error.message });
}
