import pg from 'pg';

const { builtins } = pg.types;

/**
 * Result parsing as the store code expects it on every engine: pg returns 64-bit integers (`count(*)`,
 * `sum(integer)`, bigserial ids) and numerics as strings; here they are numbers, as on SQLite.
 * Counts and token totals stay far below 2^53. Every other type keeps pg's default parser.
 */
export const postgresTypeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if ((oid === builtins.INT8 || oid === builtins.NUMERIC) && format !== 'binary') return (text: string) => Number(text);
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};
