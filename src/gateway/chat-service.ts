import type { IncomingHttpHeaders } from 'node:http';
import { resolveRouting } from '../config/index.js';
import { InvalidRequestError, toGatewayError, type GatewayError } from '../errors/index.js';
import { batchedStream, batchesOf, type BatchedStream, type ChatRequest, type ChatResult, type EmbeddingRequest, type EmbeddingResult, type StreamPart, type Usage, type Warning } from '../spec/index.js';
import type { RequestLogEntry } from '../storage/index.js';
import { cacheHitEntry, recordingStream, replayStream, replayedDeployment, type CachedAnswer, type ResponseCache } from './cache/index.js';
import type { Caller } from './caller.js';
import { cutAtStop, enforceStop } from './enforce-stop.js';
import type { Admission } from './limits/admission.js';
import type { Logger } from './logger.js';
import type { StreamObserver } from './metrics/index.js';
import type { Deployment, ModelRegistry, Route } from './model-registry.js';
import { Router, clientLinkOf, idleTimer, type AttemptRecord, type ClientLink, type OpenedStream, type RoutedCall } from './routing/index.js';
import type { UsageRecorder } from './usage-recorder.js';
import { ObservedBatches, type ObservedOutcome } from './observed-stream.js';
import { estimateResultUsage } from './usage/stream-tally.js';
import { estimateTextTokens } from './usage/token-count.js';
import { servedChat, servedEmbedding } from './served-result.js';

/** Who is calling and how, for accounting and cancellation. */
export interface CallContext {
  /** Id of the inbound request (also in `x-request-id`). */
  requestId: string;
  /** The inbound endpoint, e.g. `/v1/chat/completions`. */
  endpoint: string;
  /** Fires when the client goes away. */
  abortSignal: AbortSignal;
  /** The same news without an AbortSignal (dialects set it; the router then makes one signal per try, not two). */
  client?: ClientLink;
  /** Who is calling (from the key check). */
  caller: Caller;
  /** An admin's explicit deployments for this call (`x-qiao-route`), tried in order instead of the model's route. */
  routeOverride?: readonly string[];
  /** Told every try once the upstream accepted the call or the last try failed (for `x-qiao-attempts`). */
  onAttempts?: (log: readonly AttemptRecord[]) => void;
  /** The inbound request's headers (e.g. `cache-control`), when the call came over HTTP. */
  requestHeaders?: IncomingHttpHeaders;
  /** Sets a response header while nothing has been sent yet (e.g. `x-qiao-cache`). */
  setResponseHeader?: (name: string, value: string) => void;
  /** The inbound request body, stored in the usage log only when `usage.logBodies` is on. */
  body?: unknown;
}

/** The optional services around each call: the response cache and key admission (limits, budgets). */
export interface ChatServiceExtras {
  cache?: ResponseCache;
  admission?: Admission;
}

/** Which deployment answered, and after how many attempts. */
export interface Served {
  route: Route;
  deployment: Deployment;
  attempts: number;
  /** Every try, in order. */
  attemptLog: AttemptRecord[];
}

/** A streamed answer that the upstream has accepted. */
export interface StreamOutcome extends Served {
  /** The parts, beginning with `stream-start`; accounting happens as they are read. */
  parts: AsyncIterable<StreamPart>;
}

const now = () => performance.now();

/** Cuts each choice at its earliest stop sequence, for upstreams that ignore `stop`. */
function withStopsApplied(result: ChatResult, stop: string[]): ChatResult {
  return {
    ...result,
    choices: result.choices.map((choice) => {
      if (choice.content === null) return choice;
      const cut = cutAtStop(choice.content, stop);
      return cut.stopped ? { ...choice, content: cut.text, finishReason: 'stop' } : choice;
    }),
  };
}

/**
 * Runs chat and embedding calls: resolves the model, lets the router retry and fall back across
 * deployments before the first byte, accounts for usage with every try in the attempt log.
 */
export class ChatService {
  private readonly cache?: ResponseCache;
  private readonly admission?: Admission;

  constructor(private readonly registry: ModelRegistry, private readonly usage: UsageRecorder, private readonly logger: Logger,
    readonly router: Router = new Router({ registry, routing: resolveRouting() }), extras: ChatServiceExtras = {}) {
    this.cache = extras.cache;
    this.admission = extras.admission;
  }

  /** Told when streams open and close (metrics: streams in flight, in-band errors); set when metrics are on. */
  streamObserver?: StreamObserver;

  /** A complete answer. */
  async generate(model: string, request: ChatRequest, context: CallContext): Promise<ChatResult & Served> {
    const started = now();
    const route = this.resolve(model, context, started, false);
    await this.admit(context, route, request, started, false);
    const cached = this.cache && await this.cache.chatResult(route, request, context);
    if (cached?.hit) return servedChat(cached.hit.value, this.replayed(route, cached.hit, context, started, false));
    const log: AttemptRecord[] = [];
    const { value, deployment, attempts } = await this.attempt(route, context, started, false, log, (routes, client) =>
      this.router.call(routes, client, log, (target, attemptSignal) => target.provider.chatModel(target.modelId).generate(request, { abortSignal: attemptSignal })));
    const result = request.stop?.length ? withStopsApplied(value, request.stop) : value;
    const usage = result.usage ?? await estimateResultUsage(request, result);
    this.record(context, route, deployment, attempts, started, log, { stream: false, usage, warnings: result.warnings, response: result.choices });
    cached?.save?.(result, deployment);
    return servedChat(result, { route, deployment, attempts, attemptLog: log });
  }

  /** A streamed answer; resolves once an upstream has accepted the call and sent the first part of its answer. */
  async stream(model: string, request: ChatRequest, context: CallContext): Promise<StreamOutcome> {
    const started = now();
    const route = this.resolve(model, context, started, true);
    await this.admit(context, route, request, started, true);
    const cached = this.cache && await this.cache.chatStream(route, request, context);
    if (cached?.hit) {
      const { attempts, attemptLog, deployment } = this.replayed(route, cached.hit, context, started, true);
      return { route, deployment, attempts, attemptLog, parts: replayStream(cached.hit.value) };
    }
    const log: AttemptRecord[] = [];
    const routed = await this.attempt(route, context, started, true, log, (routes, client) =>
      this.router.stream(routes, client, log, (target, attemptSignal) => target.provider.chatModel(target.modelId).stream(request, { abortSignal: attemptSignal })));
    // Stop sequences hold whatever the upstream does with them; the extra layer only when there are some.
    const stopped = request.stop?.length ? enforceStop(replay(routed.value), request.stop, { choices: request.n ?? 1 }) : undefined;
    const { deployment, attempts } = routed;
    const observed = this.observe(routed, stopped, context, route, log, started, request);
    const save = cached?.save;
    const parts = save ? recordingStream(observed, (kept) => save(kept, deployment), request.n ?? 1, context.abortSignal) : observed;
    return { route, deployment, attempts, attemptLog: log, parts };
  }

  /** Embeddings for the inputs. */
  async embed(model: string, request: EmbeddingRequest, context: CallContext): Promise<EmbeddingResult & Served> {
    const started = now();
    const route = this.resolve(model, context, started, false);
    await this.admit(context, route, request, started, false);
    const cached = this.cache && await this.cache.embedding(route, request, context);
    if (cached?.hit) return servedEmbedding(cached.hit.value, this.replayed(route, cached.hit, context, started, false));
    const log: AttemptRecord[] = [];
    const { value, deployment, attempts } = await this.attempt(route, context, started, false, log, (routes, client) =>
      this.router.call(routes, client, log, (target, attemptSignal) => {
        const embeddingModel = target.provider.embeddingModel?.(target.modelId);
        if (!embeddingModel) throw new InvalidRequestError(`Model "${model}" (provider ${target.provider.name}) does not offer embeddings.`, { param: 'model' });
        return embeddingModel.embed(request, { abortSignal: attemptSignal });
      }));
    const usage = value.inputTokens === undefined
      ? { inputTokens: await estimateTextTokens(request.input), outputTokens: 0, estimated: true }
      : { inputTokens: value.inputTokens, outputTokens: 0 };
    this.record(context, route, deployment, attempts, started, log, { stream: false, usage, warnings: value.warnings });
    cached?.save?.(value, deployment);
    return servedEmbedding(value, { route, deployment, attempts, attemptLog: log });
  }

  private resolve(model: string, context: CallContext, started: number, stream: boolean): Route {
    this.cache?.markMiss(context);
    try {
      return context.routeOverride ? this.registry.resolveTargets(model, context.routeOverride, routeHeader) : this.registry.resolve(model);
    } catch (error) {
      this.recordFailure(context, model, undefined, 1, started, stream, [], toGatewayError(error));
      throw error;
    }
  }

  /** An answer from the cache: logged as a hit, served as the deployment that first gave it, after no attempts. */
  private replayed(route: Route, hit: CachedAnswer<unknown>, context: CallContext, started: number, stream: boolean): Served {
    this.account(context, cacheHitEntry(context, route, hit, stream, now() - started));
    return { route, deployment: replayedDeployment(route, hit), attempts: 0, attemptLog: [] };
  }

  /** Key checks before any upstream call (model allowance, RPM, TPM, budget); a refusal is recorded like any failure. */
  private async admit(context: CallContext, route: Route, request: ChatRequest | EmbeddingRequest, started: number, stream: boolean): Promise<void> {
    if (!this.admission || context.caller.keyId === undefined) return;
    try {
      await this.admission.admit(context, route, request);
    } catch (error) {
      this.recordFailure(context, route.requested, undefined, 0, started, stream, [], toGatewayError(error));
      throw error;
    }
  }

  /** Queues the usage entry and settles what admission reserved for the call. */
  private account(context: CallContext, entry: RequestLogEntry): void {
    this.usage.record(entry);
    this.admission?.settle(context, entry);
  }

  /** Runs the router; reports every try to the dialect and records a call that no deployment answered. */
  private async attempt<T>(route: Route, context: CallContext, started: number, stream: boolean, log: AttemptRecord[],
    run: (route: Route, client: ClientLink) => Promise<RoutedCall<T>>): Promise<RoutedCall<T>> {
    try {
      const routed = await run(route, clientOf(context));
      context.onAttempts?.(log);
      if (log.length > 1) this.logger.warn({ requestId: context.requestId, attempts: log }, 'answered after retries or fallback');
      return routed;
    } catch (thrown) {
      const error = toGatewayError(thrown);
      context.onAttempts?.(log);
      const last = log.at(-1);
      const deployment = last && route.deployments.find((candidate) => candidate.name === last.deployment);
      this.recordFailure(context, route.requested, deployment, log.filter((entry) => entry.status !== 0).length, started, stream, log, error);
      throw error;
    }
  }

  /** The stream as the dialect reads it: every part accounted for as it passes (in batches, see BatchedStream). */
  private observe(routed: RoutedCall<OpenedStream>, stopped: AsyncIterable<StreamPart> | undefined, context: CallContext,
    route: Route, log: AttemptRecord[], started: number, request: ChatRequest): BatchedStream {
    const idleMs = routed.deployment.timeouts?.idleMs;
    const idle = idleMs === undefined ? undefined : idleTimer(routed.control, idleMs, routed.deployment.name);
    this.streamObserver?.streamOpened();
    return batchedStream(new ObservedBatches(
      stopped ? undefined : routed.value.head, stopped ? batchesOf(stopped) : routed.value.rest.batches, routed.control, started, idle,
      (outcome) => this.streamEnded(outcome, routed, context, route, log, started, request),
    ));
  }

  /** Once an observed stream is over: the try's end, usage the upstream did not report, and the usage log. */
  private async streamEnded(outcome: ObservedOutcome, routed: RoutedCall<OpenedStream>, context: CallContext,
    route: Route, log: AttemptRecord[], started: number, request: ChatRequest): Promise<void> {
    const { deployment, attempts } = routed;
    const { error, ttftMs, tally } = outcome;
    this.router.finish(routed, error);
    // Upstreams that omit usage in streams are counted with the tokenizer (marked estimated).
    const usage = outcome.usage ?? await tally.estimate(request);
    this.streamObserver?.streamClosed(context.endpoint, error);
    if (error) this.recordFailure(context, route.requested, deployment, attempts, started, true, log, error, usage, ttftMs);
    else if (!outcome.finished || clientOf(context).gone) this.recordFailure(context, route.requested, deployment, attempts, started, true, log, undefined, usage, ttftMs);
    else this.record(context, route, deployment, attempts, started, log, { stream: true, usage, warnings: outcome.warnings, ttftMs, response: this.usage.logsBodies ? tally.response() : undefined });
  }

  private record(context: CallContext, route: Route, deployment: Deployment, attempts: number, started: number, log: AttemptRecord[],
    outcome: { stream: boolean; usage?: Usage; warnings: Warning[]; ttftMs?: number; response?: unknown }): void {
    this.account(context, {
      requestId: context.requestId,
      createdAt: new Date(),
      endpoint: context.endpoint,
      requestedModel: route.requested,
      keyId: context.caller.keyId,
      deployment: deployment.name,
      provider: deployment.provider.name,
      upstreamModel: deployment.modelId,
      stream: outcome.stream,
      status: 'ok',
      httpStatus: 200,
      inputTokens: outcome.usage?.inputTokens,
      outputTokens: outcome.usage?.outputTokens,
      reasoningTokens: outcome.usage?.reasoningTokens,
      cachedTokens: outcome.usage?.cachedInputTokens,
      usageEstimated: outcome.usage?.estimated ?? false,
      latencyMs: now() - started,
      ttftMs: outcome.ttftMs,
      attempts,
      attemptLog: JSON.stringify(log),
      warnings: outcome.warnings.length ? JSON.stringify(outcome.warnings) : undefined,
      requestBody: this.usage.bodyText(context.body),
      responseBody: this.usage.bodyText(outcome.response),
    });
  }

  /** Records a failed or cancelled call; `error` undefined means the client went away. */
  private recordFailure(context: CallContext, requested: string, deployment: Deployment | undefined, attempts: number, started: number,
    stream: boolean, log: AttemptRecord[], error: GatewayError | undefined, usage?: Usage, ttftMs?: number): void {
    const cancelled = !error || error.code === 'client_closed';
    this.account(context, {
      requestId: context.requestId,
      createdAt: new Date(),
      endpoint: context.endpoint,
      requestedModel: requested,
      keyId: context.caller.keyId,
      deployment: deployment?.name,
      provider: deployment?.provider.name,
      upstreamModel: deployment?.modelId,
      stream,
      status: cancelled ? 'cancelled' : 'error',
      httpStatus: cancelled ? 499 : error.status,
      errorCode: error?.code,
      errorMessage: error?.message,
      inputTokens: usage?.inputTokens,
      outputTokens: usage?.outputTokens,
      reasoningTokens: usage?.reasoningTokens,
      cachedTokens: usage?.cachedInputTokens,
      usageEstimated: usage?.estimated ?? false,
      latencyMs: now() - started,
      ttftMs,
      attempts,
      ...(log.length > 0 && { attemptLog: JSON.stringify(log) }),
      requestBody: this.usage.bodyText(context.body),
    });
  }
}

/** How the router follows the client of a call. */
function clientOf(context: CallContext): ClientLink {
  return context.client ??= clientLinkOf(context.abortSignal);
}

/** The header through which admins name deployments per request. */
const routeHeader = 'x-qiao-route';

/** An opened stream as one iterable again (for a layer that must see every part, like stop sequences). */
async function* replay(stream: OpenedStream): AsyncGenerator<StreamPart> {
  try {
    yield* stream.head;
    yield* stream.rest;
  } finally {
    // Also when the reader stops within the head (a stop sequence in the first delta): close the upstream.
    await stream.rest.return(undefined);
  }
}
