/** Where a DATABASE_URL points, split for the pg Pool, with a description safe to print. */
export interface PostgresLocation {
  /** The URL without its `options` parameter (that travels in `options`). */
  connectionString: string;
  /** Server options sent at connect: the URL's own, then the schema's search_path when one is chosen. */
  options?: string;
  /** `host:port/database`: no user, no password. */
  description: string;
}

/**
 * Reads a `postgres://` URL. With `schema`, every connection starts with `search_path` set to that
 * schema alone, so unqualified table names never reach another schema's (or `public`'s) tables.
 */
export function postgresLocation(url: string, schema?: string): PostgresLocation {
  const parsed = new URL(url);
  const urlOptions = parsed.searchParams.get('options') ?? undefined;
  parsed.searchParams.delete('options');
  const schemaOption = schema === undefined ? undefined : `-c search_path=${schema}`;
  const options = [urlOptions, schemaOption].filter((part) => part !== undefined).join(' ') || undefined;
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || '(default database)';
  return {
    connectionString: parsed.toString(),
    ...(options !== undefined && { options }),
    description: `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}/${database}`,
  };
}
