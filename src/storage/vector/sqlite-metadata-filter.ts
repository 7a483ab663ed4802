import type { MetadataFilter, MetadataScalar } from './vector-storage.js';

/** A WHERE fragment and its parameters. */
export interface SqlFragment {
  sql: string;
  params: (string | number)[];
}

/** `$."key"`: a JSON path naming one top-level key, dots and all. */
function keyPath(key: string): string {
  if (key.includes('"') || key.includes('\\')) throw new Error(`metadata filter key ${JSON.stringify(key)} may not contain quotes or backslashes`);
  return `$."${key}"`;
}

function equals(path: string, value: MetadataScalar): SqlFragment {
  if (value === null) return { sql: `json_type(metadata, ?) = 'null'`, params: [path] };
  if (typeof value === 'boolean') return { sql: 'json_type(metadata, ?) = ?', params: [path, value ? 'true' : 'false'] };
  if (typeof value === 'number') {
    return { sql: `(json_type(metadata, ?) in ('integer', 'real') and json_extract(metadata, ?) = ?)`, params: [path, path, value] };
  }
  return { sql: `(json_type(metadata, ?) = 'text' and json_extract(metadata, ?) = ?)`, params: [path, path, value] };
}

/** The filter as SQLite JSON conditions on the `metadata` column (always true for an empty filter). */
export function sqliteMetadataFilter(filter: MetadataFilter | undefined): SqlFragment {
  const parts: SqlFragment[] = [];
  for (const [key, condition] of Object.entries(filter ?? {})) {
    const path = keyPath(key);
    if (condition !== null && typeof condition === 'object') {
      const options = condition.$in.map((value) => equals(path, value));
      parts.push(options.length === 0
        ? { sql: '0', params: [] }
        : { sql: `(${options.map((option) => option.sql).join(' or ')})`, params: options.flatMap((option) => option.params) });
    } else {
      parts.push(equals(path, condition));
    }
  }
  if (parts.length === 0) return { sql: '1', params: [] };
  return { sql: parts.map((part) => part.sql).join(' and '), params: parts.flatMap((part) => part.params) };
}
