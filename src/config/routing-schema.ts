import { Type, type Static } from '@sinclair/typebox';

/** How a priority group of an alias orders its deployments (docs/routing.md). */
export const routingStrategies = ['weighted', 'least-inflight', 'lowest-latency'] as const;
export type RoutingStrategy = (typeof routingStrategies)[number];

const deploymentTimeouts = Type.Object({
  firstByteMs: Type.Optional(Type.Integer({ minimum: 1, description: 'streams: longest wait for the first part of the answer' })),
  idleMs: Type.Optional(Type.Integer({ minimum: 1, description: 'streams: longest silence between two parts' })),
}, { additionalProperties: false });

const aliasDeployment = Type.Object({
  target: Type.String({ minLength: 1, description: 'provider/model (or a bare model name)' }),
  weight: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'share of traffic under the weighted strategy (default 1)' })),
  priority: Type.Optional(Type.Integer({ minimum: 0, description: 'lower groups are tried first (default 0)' })),
  timeouts: Type.Optional(deploymentTimeouts),
}, { additionalProperties: false });

/** An alias: a target, a fallback list, or an object with a strategy and weighted, prioritised deployments. */
export const aliasEntrySchema = Type.Union([
  Type.String({ minLength: 1 }),
  Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
  Type.Object({
    strategy: Type.Optional(Type.Union(routingStrategies.map((name) => Type.Literal(name)))),
    maxAttemptsPerDeployment: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, description: 'tries of each deployment of this alias (default routing.maxAttemptsPerDeployment)' })),
    deployments: Type.Array(aliasDeployment, { minItems: 1 }),
  }, { additionalProperties: false }),
]);
export type AliasEntry = Static<typeof aliasEntrySchema>;

/** The `routing` section: retries, backoff, circuit breaking and the stream first-byte timeout. */
export const routingSchema = Type.Object({
  maxAttemptsPerDeployment: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, description: 'tries of one deployment before the next (default 2)' })),
  baseDelayMs: Type.Optional(Type.Integer({ minimum: 0, description: 'first backoff, jittered (default 250)' })),
  maxDelayMs: Type.Optional(Type.Integer({ minimum: 0, description: 'longest backoff (default 4000)' })),
  maxRetryAfterMs: Type.Optional(Type.Integer({ minimum: 0, description: 'longest retry-after honoured by waiting; a longer one moves to the next deployment (default 5000)' })),
  firstByteMs: Type.Optional(Type.Integer({ minimum: 1, description: 'streams: default wait for the first part of the answer (default 300000)' })),
  breaker: Type.Optional(Type.Object({
    consecutiveFailures: Type.Optional(Type.Integer({ minimum: 1, description: 'failures in a row that open the circuit (default 5)' })),
    failureRate: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'share of failures in the window that opens it (default 0.5)' })),
    minimumRequests: Type.Optional(Type.Integer({ minimum: 1, description: 'calls in the window before the rate counts (default 10)' })),
    windowMs: Type.Optional(Type.Integer({ minimum: 1000, description: 'failure-rate window (default 30000)' })),
    halfOpenAfterMs: Type.Optional(Type.Integer({ minimum: 1, description: 'wait before a probe call (default 15000)' })),
  }, { additionalProperties: false })),
}, { additionalProperties: false });
export type RoutingSection = Static<typeof routingSchema>;
