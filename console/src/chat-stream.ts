import { authHeaders, ApiError, ensureOk } from './api.js';
import { readSse, responseWarnings, type GatewayWarning } from './sse.js';

/** A tool call as it is assembled from streamed deltas. */
export interface ToolCall {
  id?: string;
  name: string;
  arguments: string;
}

/** OpenAI usage as the final chunk reports it. */
export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  completion_tokens_details?: { reasoning_tokens?: number };
}

/** One answer being streamed: what arrived so far and its timings. */
export interface StreamedAnswer {
  model: string;
  reasoning: string;
  content: string;
  toolCalls: ToolCall[];
  warnings: GatewayWarning[];
  status: 'streaming' | 'done' | 'stopped' | 'error';
  error?: string;
  finishReason?: string;
  usage?: ChatUsage;
  /** Deltas received (reasoning, text and tool calls): the token estimate until usage arrives. */
  deltas: number;
  startedAt: number;
  firstTokenAt?: number;
  endedAt?: number;
}

interface ChunkDelta {
  content?: string | null;
  reasoning_content?: string | null;
  tool_calls?: { index: number; id?: string; function?: { name?: string; arguments?: string } }[];
}

interface Chunk {
  choices?: { delta?: ChunkDelta; finish_reason?: string | null }[];
  usage?: ChatUsage | null;
  error?: { message?: string };
}

/** Time to first token in ms, once known. */
export const timeToFirstToken = (answer: StreamedAnswer) => (answer.firstTokenAt === undefined ? undefined : answer.firstTokenAt - answer.startedAt);

/** Output tokens per second after the first token (usage when reported, else the deltas counted). */
export function tokensPerSecond(answer: StreamedAnswer, now = performance.now()): number | undefined {
  if (answer.firstTokenAt === undefined) return undefined;
  const seconds = ((answer.endedAt ?? now) - answer.firstTokenAt) / 1000;
  const tokens = answer.usage?.completion_tokens ?? answer.deltas;
  return seconds > 0.001 ? tokens / seconds : undefined;
}

function apply(answer: StreamedAnswer, chunk: Chunk): void {
  if (chunk.error) {
    answer.status = 'error';
    answer.error = chunk.error.message ?? 'error';
  }
  if (chunk.usage) answer.usage = chunk.usage;
  const choice = chunk.choices?.[0];
  if (!choice) return;
  const delta = choice.delta ?? {};
  const before = answer.deltas;
  if (delta.reasoning_content) { answer.reasoning += delta.reasoning_content; answer.deltas++; }
  if (delta.content) { answer.content += delta.content; answer.deltas++; }
  for (const call of delta.tool_calls ?? []) {
    const existing = answer.toolCalls[call.index] ??= { name: '', arguments: '' };
    if (call.id) existing.id = call.id;
    if (call.function?.name) existing.name += call.function.name;
    if (call.function?.arguments) existing.arguments += call.function.arguments;
    answer.deltas++;
  }
  if (answer.deltas > before && answer.firstTokenAt === undefined) answer.firstTokenAt = performance.now();
  if (choice.finish_reason) answer.finishReason = choice.finish_reason;
}

/**
 * POSTs a streamed chat completion and folds its chunks into `answer`, calling `onUpdate` after
 * each. Aborting `signal` closes the connection, which makes Qiao abort the upstream call.
 */
export async function streamChat(body: Record<string, unknown>, answer: StreamedAnswer, onUpdate: () => void, signal: AbortSignal): Promise<void> {
  try {
    const response = await ensureOk(await fetch('/v1/chat/completions', {
      method: 'POST', headers: authHeaders({ 'content-type': 'application/json' }),
      body: JSON.stringify({ ...body, stream: true, stream_options: { include_usage: true } }), signal,
    }));
    answer.warnings = responseWarnings(response);
    onUpdate();
    await readSse(response, (data) => {
      if (data === '[DONE]') return;
      apply(answer, JSON.parse(data) as Chunk);
      onUpdate();
    });
    if (answer.status === 'streaming') answer.status = 'done';
  } catch (error) {
    if (signal.aborted) answer.status = 'stopped';
    else {
      answer.status = 'error';
      answer.error = error instanceof ApiError || error instanceof Error ? error.message : String(error);
    }
  } finally {
    answer.endedAt = performance.now();
    onUpdate();
  }
}
