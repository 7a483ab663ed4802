import type { Redis } from 'ioredis';
import type { MemorySettings } from '../../config/index.js';
import { InternalError, ThreadNotFoundError } from '../../errors/index.js';
import type { ChatMessage, ChatRequest, ChatResult, StreamPart } from '../../spec/index.js';
import type { MessageQuery, ThreadMessageRecord, ThreadRecord, ThreadStore } from '../../storage/index.js';
import type { CallContext, ChatService, Served, StreamOutcome } from '../chat-service.js';
import type { Logger } from '../logger.js';
import { servedChat } from '../served-result.js';
import type { Summarizer } from '../memory/conversation-memory.js';
import { summaryRequestMessages } from '../memory/summary-prompt.js';
import type { ModelRegistry } from '../model-registry.js';
import { AnswerCollector, resultAnswer, upstreamConversationOf } from './answer-collector.js';
import { deploymentTarget, prepareTurn, type PreparedTurn } from './prepare-turn.js';
import { createsOnFirstTurn, newThreadId, newThreadKey } from './thread-ids.js';
import { ThreadLocks } from './thread-locks.js';
import type { Release } from './turn-queue.js';

/** What the thread service is built from. */
export interface ThreadServiceDependencies {
  chat: ChatService;
  registry: ModelRegistry;
  store: ThreadStore;
  memory: MemorySettings;
  logger: Logger;
  /** Present when several instances share Redis: turns then also serialise across instances. */
  redis?: Redis;
}

/** A turn between preparing and storing. */
interface OpenTurn {
  thread: ThreadRecord;
  prepared: PreparedTurn;
  release: Release;
}

const notFound = (threadId: string) => new ThreadNotFoundError(`No thread "${threadId}" found. GET /v1/threads lists yours.`, { param: 'thread_id' });

/**
 * Conversation threads (issue 6), wrapped around the chat service: a turn names a thread, Qiao puts
 * the stored history before the client's new messages (fitted to the model's context window), and
 * stores both once the answer is complete — a failed or cancelled answer stores nothing. Turns on
 * one thread run one at a time. Threads belong to `caller.ownerId`; another owner's is not found.
 */
export class ThreadService {
  private readonly locks: ThreadLocks;

  constructor(private readonly deps: ThreadServiceDependencies) {
    this.locks = new ThreadLocks(deps.memory.turnWaitSeconds * 1000, deps.logger, deps.redis);
  }

  /** Creates a thread with a new id, optionally with opening messages (system ones become its system prompt). */
  async create(ownerId: string, options: { metadata?: Record<string, unknown>; messages?: ChatMessage[] } = {}): Promise<ThreadRecord> {
    const threadId = newThreadId();
    const { thread } = await this.deps.store.createOrGet({ key: newThreadKey(), ownerId, threadId, ...(options.metadata && { metadata: options.metadata }) });
    if (!options.messages?.length) return thread;
    const systemPrompt = options.messages.filter((message) => message.role === 'system');
    await this.deps.store.appendTurn(thread.key, {
      messages: options.messages.filter((message) => message.role !== 'system').map((message) => ({ message })),
      ...(systemPrompt.length && { systemPrompt }),
    });
    return this.get(ownerId, threadId);
  }

  /** The owner's thread; ThreadNotFoundError when it has none of that id. */
  async get(ownerId: string, threadId: string): Promise<ThreadRecord> {
    const thread = await this.deps.store.find(ownerId, threadId);
    if (!thread) throw notFound(threadId);
    return thread;
  }

  /** The owner's threads, newest first. */
  list(ownerId: string, options: { limit: number; before?: string }): Promise<ThreadRecord[]> {
    return this.deps.store.list(ownerId, options);
  }

  /** Deletes the thread and its messages; a turn still running on it stores nothing. */
  async delete(ownerId: string, threadId: string): Promise<void> {
    if (!(await this.deps.store.delete(ownerId, threadId))) throw notFound(threadId);
  }

  /** Messages of the owner's thread. */
  async messages(ownerId: string, threadId: string, query: MessageQuery): Promise<{ thread: ThreadRecord; messages: ThreadMessageRecord[] }> {
    const thread = await this.get(ownerId, threadId);
    return { thread, messages: await this.deps.store.messages(thread.key, query) };
  }

  /** A complete answer on a thread; the turn is stored before this resolves. */
  async generate(model: string, request: ChatRequest, context: CallContext, threadId: string): Promise<ChatResult & Served> {
    const turn = await this.begin(model, request, context, threadId);
    try {
      const result = await this.deps.chat.generate(model, turn.prepared.request, context);
      const answer = resultAnswer(result);
      if (answer && !context.abortSignal.aborted) await this.commit(turn, answer, result, result.providerMetadata);
      const served = servedChat(result, result);
      served.warnings = [...result.warnings, ...turn.prepared.warnings];
      return served;
    } finally {
      turn.release();
    }
  }

  /** A streamed answer on a thread; the turn is stored after the last part and before the stream ends. */
  async stream(model: string, request: ChatRequest, context: CallContext, threadId: string): Promise<StreamOutcome> {
    const turn = await this.begin(model, request, context, threadId);
    let outcome: StreamOutcome;
    try {
      outcome = await this.deps.chat.stream(model, turn.prepared.request, context);
    } catch (error) {
      turn.release();
      throw error;
    }
    // Should the parts never be read to the end, the client going away still frees the thread.
    context.abortSignal.addEventListener('abort', turn.release, { once: true });
    const { route, deployment, attempts, attemptLog } = outcome;
    return { route, deployment, attempts, attemptLog, parts: this.storeWhenComplete(outcome, turn, context) } satisfies Record<keyof StreamOutcome, unknown>;
  }

  private async *storeWhenComplete(outcome: StreamOutcome, turn: OpenTurn, context: CallContext): AsyncGenerator<StreamPart> {
    const collector = new AnswerCollector();
    try {
      for await (const part of outcome.parts) {
        collector.add(part);
        yield part.type === 'stream-start' && turn.prepared.warnings.length ? { ...part, warnings: [...part.warnings, ...turn.prepared.warnings] } : part;
      }
      const answer = collector.answer();
      if (!answer || context.abortSignal.aborted) return;
      try {
        await this.commit(turn, answer, outcome, collector.providerMetadata);
      } catch (error) {
        this.deps.logger.error({ err: error, requestId: context.requestId }, 'storing a thread turn failed');
        yield { type: 'error', error: new InternalError('The answer could not be stored in the thread; it was not saved. Look at the server log.') };
      }
    } finally {
      turn.release();
    }
  }

  /** Finds or (for client-chosen ids) creates the thread, waits for its previous turn, and prepares this one. */
  private async begin(model: string, request: ChatRequest, context: CallContext, threadId: string): Promise<OpenTurn> {
    const ownerId = context.caller.ownerId;
    let thread = await this.deps.store.find(ownerId, threadId);
    if (!thread) {
      if (!createsOnFirstTurn(threadId)) throw notFound(threadId);
      thread = (await this.deps.store.createOrGet({ key: newThreadKey(), ownerId, threadId })).thread;
    }
    const release = await this.locks.acquire(thread.key, threadId, context.abortSignal);
    try {
      // Read again under the lock: the turn before may have added messages or a summary, or deleted the thread.
      const current = await this.deps.store.find(ownerId, threadId);
      if (!current || current.key !== thread.key) throw notFound(threadId);
      const prepared = await prepareTurn(model, request, current, {
        store: this.deps.store, registry: this.deps.registry, memory: this.deps.memory, summarizer: this.summarizer(model, context),
      });
      return { thread: current, prepared, release };
    } catch (error) {
      release();
      throw error;
    }
  }

  private async commit(turn: OpenTurn, answer: ChatMessage, served: Served, providerMetadata: Record<string, unknown> | undefined): Promise<void> {
    const target = deploymentTarget(served.deployment);
    const conversation = upstreamConversationOf(providerMetadata, served.deployment.provider.name);
    await this.deps.store.appendTurn(turn.thread.key, {
      messages: [...turn.prepared.newMessages.map((message) => ({ message })), { message: answer, model: target }],
      ...(turn.prepared.systemPrompt && { systemPrompt: turn.prepared.systemPrompt }),
      ...(conversation && { upstreamState: { target, state: { conversation } } }),
    });
  }

  /** Summaries come from `memory.summaryModel`, else the model of the turn, accounted as calls of their own. */
  private summarizer(model: string, context: CallContext): Summarizer {
    return async ({ previousSummary, messages, maxTokens }) => {
      const request: ChatRequest = { messages: summaryRequestMessages(previousSummary, messages), maxTokens };
      const result = await this.deps.chat.generate(this.deps.memory.summaryModel ?? model, request, { ...context, abortSignal: context.abortSignal, endpoint: `${context.endpoint} (thread summary)` });
      const summary = result.choices[0]?.content?.trim();
      if (!summary) throw new Error('The summary model returned no text.');
      return summary;
    };
  }
}
