import type { Warning } from '../../spec/index.js';

export const warningsHeaderName = 'x-qiao-warnings';

/** The `x-qiao-warnings` header, none when there are no warnings. */
export function warningsHeader(warnings: Warning[]): Record<string, string> {
  return warnings.length === 0 ? {} : { [warningsHeaderName]: warningsHeaderValue(warnings) };
}

/** The `x-qiao-warnings` header value: JSON with non-ASCII escaped, so it is always a legal header. */
export function warningsHeaderValue(warnings: Warning[]): string {
  return JSON.stringify(warnings).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
