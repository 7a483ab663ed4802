import type { IncomingHttpHeaders } from 'node:http';
import { GatewayError, InvalidRequestError, toGatewayError } from '../errors/index.js';
import type { ChatRequest, ChatResult, EmbeddingRequest, EmbeddingResult, StreamPart, Usage, Warning } from '../spec/index.js';
import { cutAtStop, enforceStop } from './enforce-stop.js';
import type { Caller } from './caller.js';
import { cacheHitEntry, recordingStream, replayStream, replayedDeployment, type CachedAnswer, type ResponseCache } from './cache/index.js';
import type { Admission } from './limits/admission.js';
import { estimateResultUsage, StreamTally } from './usage/stream-tally.js';
import { estimateTextTokens } from './usage/token-count.js';
import type { RequestLogEntry } from '../storage/index.js';
import type { Logger } from './logger.js';
import type { Deployment, ModelRegistry, Route } from './model-registry.js';
import type { UsageRecorder } from './usage-recorder.js';
import type { StreamObserver } from './metrics/index.js';

/** Who is calling and how, for accounting and cancellation. */
export interface CallContext {
  /** Id of the inbound request (also in `x-request-id`). */
  requestId: string;
  /** The inbound endpoint, e.g. `/v1/chat/completions`. */
  endpoint: string;
  /** Fires when the client goes away. */
  abortSignal: AbortSignal;
  /** Who is calling (from the key check). */
  caller: Caller;
  /** The inbound request's headers (e.g. `cache-control`), when the call came over HTTP. */
  requestHeaders?: IncomingHttpHeaders;
  /** Sets a response header while nothing has been sent yet (e.g. `x-qiao-cache`). */
  setResponseHeader?: (name: string, value: string) => void;
  /** The inbound request body, stored in the usage log only when `usage.logBodies` is on. */
  body?: unknown;
}

/** Which deployment answered, and after how many attempts. */
export interface Served {
  route: Route;
  deployment: Deployment;
  attempts: number;
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

/** Runs chat and embedding calls: resolves the model, falls back across deployments before the first byte, accounts for usage. */
export class ChatService {
  constructor(private readonly registry: ModelRegistry, private readonly usage: UsageRecorder, private readonly logger: Logger,
    private readonly cache?: ResponseCache, private readonly admission?: Admission) {}

  /** Told when streams open and close (metrics: streams in flight, in-band errors); set when metrics are on. */
  streamObserver?: StreamObserver;

  /** A complete answer. */
  async generate(model: string, request: ChatRequest, context: CallContext): Promise<ChatResult & Served> {
    const started = now();
    const route = this.resolve(model, context, started, false);
    await this.admit(context, route, request, started, false);
    const cached = this.cache && await this.cache.chatResult(route, request, context);
    if (cached?.hit) return { ...cached.hit.value, ...this.replayed(route, cached.hit, context, started, false) };
    const { value, deployment, attempts } = await this.attempt(route, context, started, false,
      (target) => target.provider.chatModel(target.modelId).generate(request, { abortSignal: context.abortSignal }));
    const result = request.stop?.length ? withStopsApplied(value, request.stop) : value;
    const usage = result.usage ?? await estimateResultUsage(request, result);
    this.record(context, route, deployment, attempts, started, { stream: false, usage, warnings: result.warnings, response: result.choices });
    cached?.save?.(result, deployment);
    return { ...result, route, deployment, attempts };
  }

  /** A streamed answer; resolves once an upstream has accepted the call. */
  async stream(model: string, request: ChatRequest, context: CallContext): Promise<StreamOutcome> {
    const started = now();
    const route = this.resolve(model, context, started, true);
    await this.admit(context, route, request, started, true);
    const cached = this.cache && await this.cache.chatStream(route, request, context);
    if (cached?.hit) return { ...this.replayed(route, cached.hit, context, started, true), parts: replayStream(cached.hit.value) };
    const { value, deployment, attempts } = await this.attempt(route, context, started, true,
      (target) => target.provider.chatModel(target.modelId).stream(request, { abortSignal: context.abortSignal }));
    // Stop sequences hold whatever the upstream does with them; the extra layer only when there are some.
    const parts = request.stop?.length ? enforceStop(value, request.stop, { choices: request.n ?? 1 }) : value;
    const observed = this.observe(parts, context, route, deployment, attempts, started, request);
    const save = cached?.save;
    return { route, deployment, attempts, parts: save ? recordingStream(observed, (kept) => save(kept, deployment), request.n ?? 1, context.abortSignal) : observed };
  }

  /** Embeddings for the inputs. */
  async embed(model: string, request: EmbeddingRequest, context: CallContext): Promise<EmbeddingResult & Served> {
    const started = now();
    const route = this.resolve(model, context, started, false);
    await this.admit(context, route, request, started, false);
    const cached = this.cache && await this.cache.embedding(route, request, context);
    if (cached?.hit) return { ...cached.hit.value, ...this.replayed(route, cached.hit, context, started, false) };
    const { value, deployment, attempts } = await this.attempt(route, context, started, false, (target) => {
      const embeddingModel = target.provider.embeddingModel?.(target.modelId);
      if (!embeddingModel) throw new InvalidRequestError(`Model "${model}" (provider ${target.provider.name}) does not offer embeddings.`, { param: 'model' });
      return embeddingModel.embed(request, { abortSignal: context.abortSignal });
    });
    const usage = value.inputTokens === undefined
      ? { inputTokens: await estimateTextTokens(request.input), outputTokens: 0, estimated: true }
      : { inputTokens: value.inputTokens, outputTokens: 0 };
    this.record(context, route, deployment, attempts, started, { stream: false, usage, warnings: value.warnings });
    cached?.save?.(value, deployment);
    return { ...value, route, deployment, attempts };
  }

  private resolve(model: string, context: CallContext, started: number, stream: boolean): Route {
    this.cache?.markMiss(context);
    try {
      return this.registry.resolve(model);
    } catch (error) {
      this.recordFailure(context, model, undefined, 1, started, stream, toGatewayError(error));
      throw error;
    }
  }

  /** An answer from the cache: logged as a hit, served as the deployment that first gave it, after no attempts. */
  private replayed(route: Route, hit: CachedAnswer<unknown>, context: CallContext, started: number, stream: boolean): Served {
    this.account(context, cacheHitEntry(context, route, hit, stream, now() - started));
    return { route, deployment: replayedDeployment(route, hit), attempts: 0 };
  }

  /** Key checks before any upstream call (model allowance, RPM, TPM, budget); a refusal is recorded like any failure. */
  private async admit(context: CallContext, route: Route, request: ChatRequest | EmbeddingRequest, started: number, stream: boolean): Promise<void> {
    if (!this.admission || context.caller.keyId === undefined) return;
    try {
      await this.admission.admit(context, route, request);
    } catch (error) {
      this.recordFailure(context, route.requested, undefined, 0, started, stream, toGatewayError(error));
      throw error;
    }
  }

  /** Queues the usage entry and settles what admission reserved for the call. */
  private account(context: CallContext, entry: RequestLogEntry): void {
    this.usage.record(entry);
    this.admission?.settle(context, entry);
  }

  /** Tries each deployment in order; a retryable failure moves on to the next, anything else returns at once. */
  private async attempt<T>(route: Route, context: CallContext, started: number, stream: boolean, call: (deployment: Deployment) => Promise<T>) {
    let lastError: GatewayError | undefined;
    for (const [position, deployment] of route.deployments.entries()) {
      try {
        return { value: await call(deployment), deployment, attempts: position + 1 };
      } catch (thrown) {
        lastError = toGatewayError(thrown);
        const more = position < route.deployments.length - 1;
        if (!lastError.retryable || !more || context.abortSignal.aborted) {
          this.recordFailure(context, route.requested, deployment, position + 1, started, stream, lastError);
          throw lastError;
        }
        this.logger.warn({ requestId: context.requestId, provider: deployment.provider.name, code: lastError.code }, 'deployment failed; falling back');
      }
    }
    throw lastError ?? new InvalidRequestError(`Model "${route.requested}" has no deployments.`, { param: 'model' });
  }

  private async *observe(parts: AsyncIterable<StreamPart>, context: CallContext, route: Route, deployment: Deployment, attempts: number, started: number,
    request: ChatRequest): AsyncGenerator<StreamPart> {
    let usage: Usage | undefined;
    const tally = new StreamTally();
    let warnings: Warning[] = [];
    let ttftMs: number | undefined;
    let error: GatewayError | undefined;
    let finished = false;
    this.streamObserver?.streamOpened();
    try {
      for await (const part of parts) {
        switch (part.type) {
          case 'stream-start': warnings = part.warnings; break;
          case 'text-delta': case 'reasoning-delta': case 'tool-call-delta': ttftMs ??= now() - started; break;
          case 'finish': finished = true; break;
          case 'usage': usage = part.usage; break;
          case 'error': error = part.error; break;
        }
        tally.add(part);
        yield part;
      }
    } finally {
      // Upstreams that omit usage in streams are counted with the tokenizer (marked estimated).
      usage ??= await tally.estimate(request);
      this.streamObserver?.streamClosed(context.endpoint, error);
      if (error) this.recordFailure(context, route.requested, deployment, attempts, started, true, error, usage, ttftMs);
      else if (!finished || context.abortSignal.aborted) this.recordFailure(context, route.requested, deployment, attempts, started, true, undefined, usage, ttftMs);
      else this.record(context, route, deployment, attempts, started, { stream: true, usage, warnings, ttftMs, response: tally.response() });
    }
  }

  private record(context: CallContext, route: Route, deployment: Deployment, attempts: number, started: number,
    outcome: { stream: boolean; usage?: Usage; warnings: Warning[]; ttftMs?: number; response?: unknown }): void {
    this.account(context, {
      requestId: context.requestId,
      createdAt: new Date(),
      endpoint: context.endpoint,
      requestedModel: route.requested,
      keyId: context.caller.keyId,
      deployment: `${deployment.provider.name}/${deployment.modelId}`,
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
      warnings: outcome.warnings.length ? JSON.stringify(outcome.warnings) : undefined,
      requestBody: this.usage.bodyText(context.body),
      responseBody: this.usage.bodyText(outcome.response),
    });
  }

  /** Records a failed or cancelled call; `error` undefined means the client went away. */
  private recordFailure(context: CallContext, requested: string, deployment: Deployment | undefined, attempts: number, started: number,
    stream: boolean, error: GatewayError | undefined, usage?: Usage, ttftMs?: number): void {
    const cancelled = !error || error.code === 'client_closed';
    this.account(context, {
      requestId: context.requestId,
      createdAt: new Date(),
      endpoint: context.endpoint,
      requestedModel: requested,
      keyId: context.caller.keyId,
      deployment: deployment && `${deployment.provider.name}/${deployment.modelId}`,
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
      requestBody: this.usage.bodyText(context.body),
    });
  }
}
