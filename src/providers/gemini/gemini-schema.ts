// Gemini's function `parameters` take an OpenAPI-subset Schema and reject JSON Schema keywords
// outside it (`additionalProperties`, `$schema`, …) (gemini.md §2). Kept: the subset's keywords.
const kept = new Set([
  'type', 'format', 'title', 'description', 'nullable', 'enum', 'maxItems', 'minItems', 'properties', 'required',
  'minProperties', 'maxProperties', 'minLength', 'maxLength', 'pattern', 'example', 'anyOf', 'propertyOrdering',
  'default', 'items', 'minimum', 'maximum',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON Schema reduced to the OpenAPI subset Gemini reads; `[type, "null"]` becomes `nullable`, `const` an `enum`. */
export function toGeminiSchema(schema: unknown): Record<string, unknown> | undefined {
  if (!isRecord(schema)) return undefined;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'const') result.enum = [value];
    else if (key === 'type' && Array.isArray(value)) {
      const types = value.filter((type) => type !== 'null');
      if (types.length === 1) result.type = types[0];
      if (types.length < value.length) result.nullable = true;
    } else if (key === 'properties' && isRecord(value)) {
      result.properties = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, toGeminiSchema(property) ?? {}]));
    } else if (key === 'items') result.items = toGeminiSchema(value) ?? {};
    else if (key === 'anyOf' && Array.isArray(value)) result.anyOf = value.map((option) => toGeminiSchema(option) ?? {});
    else if (kept.has(key)) result[key] = value;
  }
  return result;
}

/** Function parameters for a declaration; none for an empty object schema, which Gemini rejects. */
export function toGeminiParameters(schema: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const converted = toGeminiSchema(schema);
  if (!converted) return undefined;
  const properties = converted.properties;
  if (converted.type === 'object' && (!isRecord(properties) || Object.keys(properties).length === 0)) return undefined;
  return converted;
}
