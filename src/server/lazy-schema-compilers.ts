import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

/** What Fastify hands a compiler: one schema of one part of one route. */
interface RouteSchema {
  schema: unknown;
  method: string;
  url: string;
}

type Validate = ((data: unknown, context?: unknown) => unknown) & { errors?: unknown };
type Serialize = (data: unknown) => string;
type CompilerFactory<Compiled> = (externalSchemas: unknown, options: unknown) => (route: RouteSchema) => Compiled;
type FastifyCompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;

// Fastify's own compilers (ajv, fast-json-stringify), loaded from where Fastify loads them so the versions match.
const requireFromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));
const defaultValidators = () => (requireFromFastify('@fastify/ajv-compiler') as () => CompilerFactory<Validate>)();
const defaultSerializers = () => (requireFromFastify('@fastify/fast-json-stringify-compiler') as () => CompilerFactory<Serialize>)();

function lazyValidator(compile: () => Validate): Validate {
  let validate: Validate | undefined;
  const lazy: Validate = (data, context) => {
    validate ??= compile();
    const result = validate(data, context);
    // Fastify reads a failed validation's errors from the function it called.
    lazy.errors = validate.errors;
    return result;
  };
  return lazy;
}

function lazySerializer(compile: () => Serialize): Serialize {
  let serialize: Serialize | undefined;
  return (data) => (serialize ??= compile())(data);
}

/**
 * Defers each compile to the first use of its result, and the loading of the compilers (ajv and
 * fast-json-stringify with their dependencies) to the first compile. `factory` is Fastify's default.
 */
function deferred<Compiled>(factory: () => CompilerFactory<Compiled>, wrap: (compile: () => Compiled) => Compiled): CompilerFactory<Compiled> {
  return (externalSchemas, options) => {
    let compiler: ((route: RouteSchema) => Compiled) | undefined;
    return (route) => wrap(() => (compiler ??= factory()(externalSchemas, options))(route));
  };
}

/**
 * Fastify's default schema compilers, each route's validator and serializer compiled on its first
 * request instead of all at start-up (most routes of a sidecar are never called). Same ajv options,
 * same error objects. Unlike the default, a `headers` schema is compiled as written: Fastify only
 * lower-cases its property names for its built-in compiler (no route validates headers).
 */
export function lazySchemaCompilers(): NonNullable<FastifyServerOptions['schemaController']> {
  return {
    // The compilers' published types describe ajv's `compile(schema)`, not the route definition Fastify passes.
    compilersFactory: {
      buildValidator: deferred(defaultValidators, lazyValidator) as unknown as FastifyCompilersFactory['buildValidator'],
      buildSerializer: deferred(defaultSerializers, lazySerializer) as unknown as FastifyCompilersFactory['buildSerializer'],
    },
  };
}
