import type { GatewayError } from '../../errors/index.js';

/** The one place the ai_core dialect shapes an error: `{"success": false, "message": …}` (also the in-stream error event). */
export function toAiCoreError(error: GatewayError): { success: false; message: string } {
  return { success: false, message: error.message };
}
