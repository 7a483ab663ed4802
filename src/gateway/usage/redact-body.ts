/** Field names whose values are secrets, whatever they contain. */
const secretField = /(api[_-]?key|secret|password|passwd|authorization|credential|private[_-]?key|(access|refresh|session|id|auth)[_-]?token|^token$)/i;
/** Values that look like keys wherever they appear: provider keys (`sk-…`), Qiao keys (`qk-…`), bearer tokens. */
const secretValue = /\b(sk|qk|rk|pk)[-_][A-Za-z0-9_-]{8,}|\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/g;

const redacted = '[redacted]';

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return value.replace(secretValue, redacted);
  if (depth > 32 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [field, inner] of Object.entries(value)) {
    out[field] = secretField.test(field) && inner !== null && inner !== undefined ? redacted : redactValue(inner, depth + 1);
  }
  return out;
}

/** JSON of a request or response body for the usage log, with secrets (key fields, key-like strings) replaced. */
export function redactedJson(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return JSON.stringify(redactValue(value, 0));
}
