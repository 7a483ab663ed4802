import { batchedStream, batchesOf, type BatchedStream, type ChatRequest, type ChatResult, type EmbeddingRequest, type EmbeddingResult, type StreamPart } from '../../spec/index.js';
import type { RequestLogEntry } from '../../storage/index.js';
import type { CallContext } from '../chat-service.js';
import type { Logger } from '../logger.js';
import type { Deployment, Route } from '../model-registry.js';
import { cacheKey, type CacheMode } from './cache-key.js';
import { chatCacheDecision, embeddingCacheDecision, type CacheDecision } from './cache-policy.js';
import type { CacheStore } from './cache-store.js';

/** The response header that says whether the cache answered. */
export const cacheHeader = 'x-qiao-cache';

/** An answer replayed from the cache, with the deployment that first produced it (`provider/model`). */
export interface CachedAnswer<T> {
  value: T;
  deployment: string;
}

/** The cache's part in one call: the stored answer on a hit; else, when the request may be stored, how to store the fresh one. */
export interface CacheTicket<T> {
  hit?: CachedAnswer<T>;
  save?: (value: T, deployment: Deployment) => void;
}

/** `provider/model`, as the usage log names a deployment. */
export function deploymentName(deployment: Deployment): string {
  return `${deployment.provider.name}/${deployment.modelId}`;
}

function isCachedAnswer(value: unknown): value is CachedAnswer<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { deployment?: unknown }).deployment === 'string'
    && typeof (value as { value?: unknown }).value === 'object' && (value as { value?: unknown }).value !== null;
}

/**
 * Exact-match response cache (docs/caching.md): which requests it serves, under which key, and the
 * header that reports it. Reads wait for the store; writes happen off the request path, and a store
 * that fails only costs a miss.
 */
export class ResponseCache {
  constructor(private readonly store: CacheStore, private readonly ttlSeconds: number, private readonly logger: Logger) {}

  /** Every answer of the chat service says `miss` until a hit says otherwise. */
  markMiss(context: CallContext): void {
    context.setResponseHeader?.(cacheHeader, 'miss');
  }

  /** A non-streamed chat answer. */
  chatResult(route: Route, request: ChatRequest, context: CallContext): Promise<CacheTicket<ChatResult>> {
    return this.ticket(chatCacheDecision(request, context.requestHeaders), 'json', route, request, context);
  }

  /** The parts of a streamed chat answer, replayed as a stream. */
  chatStream(route: Route, request: ChatRequest, context: CallContext): Promise<CacheTicket<StreamPart[]>> {
    return this.ticket(chatCacheDecision(request, context.requestHeaders), 'stream', route, request, context);
  }

  /** Embeddings. */
  embedding(route: Route, request: EmbeddingRequest, context: CallContext): Promise<CacheTicket<EmbeddingResult>> {
    return this.ticket(embeddingCacheDecision(context.requestHeaders), 'embedding', route, request, context);
  }

  private async ticket<T>(decision: CacheDecision, mode: CacheMode, route: Route, request: object, context: CallContext): Promise<CacheTicket<T>> {
    if (decision === 'bypass') return {};
    const key = this.keyOf(mode, route, request, context);
    if (key === undefined) return {};
    const save = (value: T, deployment: Deployment) => this.write(key, { value, deployment: deploymentName(deployment) });
    if (decision === 'refresh') return { save };
    const hit = await this.read(key);
    if (!hit) return { save };
    context.setResponseHeader?.(cacheHeader, 'hit');
    return { hit: hit as CachedAnswer<T> };
  }

  /** The key, or undefined for a request too deeply nested to serialise (it is then simply not cached). */
  private keyOf(mode: CacheMode, route: Route, request: object, context: CallContext): string | undefined {
    try {
      return cacheKey(context.caller.ownerId, mode, route.deployments.map(deploymentName), request);
    } catch (error) {
      if (error instanceof RangeError) return undefined;
      throw error;
    }
  }

  private async read(key: string): Promise<CachedAnswer<unknown> | undefined> {
    try {
      const text = await this.store.get(key);
      const parsed: unknown = text === undefined ? undefined : JSON.parse(text);
      return isCachedAnswer(parsed) ? parsed : undefined;
    } catch (error) {
      this.logger.warn({ err: error }, 'response cache read failed; answering from upstream');
      return undefined;
    }
  }

  private write(key: string, answer: CachedAnswer<unknown>): void {
    this.store.set(key, JSON.stringify(answer), this.ttlSeconds * 1000)
      .catch((error: unknown) => this.logger.warn({ err: error }, 'response cache write failed'));
  }
}

/**
 * Passes a stream through while keeping its parts, and stores them once it has ended complete:
 * every choice finished, no error part, the client still there. A stream the reader stops early
 * (client gone, in-band error) never reaches the store.
 */
export function recordingStream(parts: AsyncIterable<StreamPart>, save: (parts: StreamPart[]) => void, choices: number, signal: AbortSignal): BatchedStream {
  return batchedStream(recordingBatches(parts, save, choices, signal));
}

async function* recordingBatches(parts: AsyncIterable<StreamPart>, save: (parts: StreamPart[]) => void, choices: number, signal: AbortSignal): AsyncGenerator<readonly StreamPart[]> {
  const kept: StreamPart[] = [];
  let finishes = 0;
  let failed = false;
  for await (const batch of batchesOf(parts)) {
    for (const part of batch) {
      if (part.type === 'error') failed = true;
      else kept.push(part);
      if (part.type === 'finish') finishes++;
    }
    yield batch;
  }
  if (!failed && finishes >= choices && !signal.aborted) save(kept);
}

/** A cached stream, part by part. */
export async function* replayStream(parts: StreamPart[]): AsyncGenerator<StreamPart> {
  yield* parts;
}

/** The deployment a hit is reported as: the one that first answered when it is still in the route, else the route's first. */
export function replayedDeployment(route: Route, hit: CachedAnswer<unknown>): Deployment {
  return route.deployments.find((deployment) => deploymentName(deployment) === hit.deployment) ?? route.deployments[0]!;
}

/**
 * The usage-log line of a hit: status ok, `deployment: "cache"`, no attempts and zero tokens — no
 * upstream was called, so nothing is spent or charged. The row of the original call keeps its tokens.
 */
export function cacheHitEntry(context: CallContext, route: Route, hit: CachedAnswer<unknown>, stream: boolean, latencyMs: number): RequestLogEntry {
  const slash = hit.deployment.indexOf('/');
  return {
    requestId: context.requestId,
    createdAt: new Date(),
    endpoint: context.endpoint,
    requestedModel: route.requested,
    keyId: context.caller.keyId,
    deployment: 'cache',
    provider: hit.deployment.slice(0, slash),
    upstreamModel: hit.deployment.slice(slash + 1),
    stream,
    status: 'ok',
    httpStatus: 200,
    inputTokens: 0,
    outputTokens: 0,
    usageEstimated: false,
    latencyMs,
    attempts: 0,
  };
}
