import type { MemorySettings } from '../../config/index.js';
import type { ChatMessage, ChatRequest, Warning } from '../../spec/index.js';
import type { ThreadRecord, ThreadStore } from '../../storage/index.js';
import { ConversationMemory, type Summarizer } from '../memory/conversation-memory.js';
import { loadTokenCounter } from '../memory/token-counter.js';
import type { Deployment, ModelRegistry } from '../model-registry.js';

/** A turn ready to send: the request with its history, and what to store once it is answered. */
export interface PreparedTurn {
  /** What goes to the model: system prompt, history (fitted to the window), the new messages. */
  request: ChatRequest;
  /** The client's new messages (not system ones), stored with the answer. */
  newMessages: ChatMessage[];
  /** The request's system messages, when it had any: they replace the thread's system prompt. */
  systemPrompt?: ChatMessage[];
  /** What the client should hear about the history (e.g. turns left out). */
  warnings: Warning[];
}

/** What preparing a turn needs. */
export interface PrepareContext {
  store: ThreadStore;
  registry: ModelRegistry;
  memory: MemorySettings;
  /** Writes the running summary with the configured (or the turn's) model. */
  summarizer: Summarizer;
}

/** `provider/model` of a deployment: upstream conversations are kept per deployment. */
export const deploymentTarget = (deployment: Deployment): string => `${deployment.provider.name}/${deployment.modelId}`;

/**
 * Builds the request of a turn on `thread`. When every deployment of the model is one upstream
 * that keeps this thread's conversation, it gets only what it has not seen, with
 * `providerOptions.conversation`; otherwise the stored history is fitted to the model's window.
 */
export async function prepareTurn(model: string, request: ChatRequest, thread: ThreadRecord, context: PrepareContext): Promise<PreparedTurn> {
  const systemMessages = request.messages.filter((message) => message.role === 'system');
  const newMessages = request.messages.filter((message) => message.role !== 'system');
  const systemPrompt = systemMessages.length ? systemMessages : thread.systemPrompt ?? [];
  const base = { newMessages, ...(systemMessages.length && { systemPrompt: systemMessages }) };
  let deployments: Deployment[];
  try {
    deployments = context.registry.resolve(model).deployments;
  } catch {
    // The chat service reports (and accounts for) an unknown model; the history cannot matter.
    return { ...base, request: { ...request, messages: [...systemPrompt, ...newMessages] }, warnings: [] };
  }
  const targets = new Set(deployments.map(deploymentTarget));
  if (targets.size === 1) {
    const state = (await context.store.upstreamStates(thread.key)).get(deployments.map(deploymentTarget)[0]!);
    const conversation = state?.conversation as { id?: unknown } | undefined;
    if (typeof conversation?.id === 'string' && typeof state?.until === 'number') {
      const unseen = (await context.store.messages(thread.key, { afterSeq: state.until })).map((record) => record.message);
      const providerOptions = { ...request.providerOptions, conversation: { id: conversation.id } };
      return { ...base, request: { ...request, messages: [...systemPrompt, ...unseen, ...newMessages], providerOptions }, warnings: [] };
    }
  }
  return fitHistory(model, request, thread, deployments[0]!, { systemPrompt, newMessages, base }, context);
}

async function fitHistory(model: string, request: ChatRequest, thread: ThreadRecord, deployment: Deployment,
  parts: { systemPrompt: ChatMessage[]; newMessages: ChatMessage[]; base: Omit<PreparedTurn, 'request' | 'warnings'> }, context: PrepareContext): Promise<PreparedTurn> {
  const settings = context.memory;
  const history = await context.store.messages(thread.key, { afterSeq: thread.summaryUntil });
  const window = context.registry.modelsOf(deployment.provider).find((info) => info.id === deployment.modelId)?.contextWindow ?? settings.defaultContextWindow;
  const reserve = request.maxTokens ?? settings.outputReserve;
  const tools = request.tools?.length ? (await loadTokenCounter())(JSON.stringify(request.tools)) : 0;
  const memory = new ConversationMemory({
    maxTokens: Math.max(1, window - reserve - tools),
    policy: settings.policy,
    summarizer: context.summarizer,
    summaryMaxTokens: settings.summaryMaxTokens,
    summary: thread.summary,
  });
  for (const message of [...parts.systemPrompt, ...history.map((record) => record.message), ...parts.newMessages]) memory.addMessage(message);
  const outcome = await memory.compress({ keep: parts.newMessages.length });
  const warnings: Warning[] = [];
  if (outcome.summarized && memory.summary) await context.store.saveSummary(thread.key, memory.summary, history[outcome.removed - 1]!.seq);
  if (outcome.removed > 0) {
    const fate = outcome.summarized ? 'were summarised' : outcome.summaryError ? 'were left out (the summary could not be written)' : 'were left out';
    warnings.push({
      code: 'history-trimmed', param: 'thread_id',
      message: `${outcome.removed} earlier message(s) of thread "${thread.threadId}" did not fit the context window of ${model} (${window} tokens, ${reserve} kept for the answer) and ${fate}.`,
    });
  }
  return { ...parts.base, request: { ...request, messages: memory.getMessages() }, warnings };
}
