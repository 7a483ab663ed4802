import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';

/** The part of a compiled TypeBox check the providers use. */
export interface SchemaCheck<T extends TSchema> {
  Check(value: unknown): value is Static<T>;
}

/**
 * `TypeCompiler.Compile(schema)`, done by the first check instead of at import: every provider type
 * is imported at start-up, few are ever called.
 */
export function compileOnFirstUse<T extends TSchema>(schema: T): SchemaCheck<T> {
  let compiled: TypeCheck<T> | undefined;
  return { Check: (value): value is Static<T> => (compiled ??= TypeCompiler.Compile(schema)).Check(value) };
}
