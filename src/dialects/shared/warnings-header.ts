import type { Warning } from '../../spec/index.js';

/** The `x-qiao-warnings` header value: JSON with non-ASCII escaped, so it is always a legal header. */
export function warningsHeader(warnings: Warning[]): Record<string, string> {
  if (warnings.length === 0) return {};
  const json = JSON.stringify(warnings).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return { 'x-qiao-warnings': json };
}
