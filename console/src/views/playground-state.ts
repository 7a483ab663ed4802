import { streamChat, type StreamedAnswer } from '../chat-stream.js';

/** One turn of the playground's conversation. */
export interface Turn {
  role: 'user' | 'assistant';
  content: string;
  answer?: StreamedAnswer;
}

/**
 * The playground's settings and conversation. They live outside the page element, so switching
 * pages or the language keeps them, and a running answer keeps streaming.
 */
export const playground = {
  mode: 'chat' as 'chat' | 'workflow',
  model: '',
  system: '',
  temperature: '',
  maxTokens: '',
  useThread: false,
  threadId: '',
  tools: '',
  draft: '',
  turns: [] as Turn[],
  running: undefined as AbortController | undefined,
  /** False once the gateway said it keeps no thread memory: the full history is sent again. */
  threadMemory: true,
  listeners: new Set<() => void>(),
};

const notify = () => playground.listeners.forEach((listener) => listener());

function history(): { role: string; content: string }[] {
  const messages = playground.system.trim() ? [{ role: 'system', content: playground.system }] : [];
  const turns = playground.turns.filter((turn) => turn.content !== '');
  // With thread memory the gateway holds the earlier turns: only the new message is sent.
  const sent = playground.useThread && playground.threadMemory ? turns.slice(-1) : turns;
  return messages.concat(sent.map((turn) => ({ role: turn.role, content: turn.content })));
}

/** The request body for the next answer; throws with a message naming a field it cannot read. */
export function requestBody(): Record<string, unknown> {
  const body: Record<string, unknown> = { model: playground.model, messages: history() };
  if (playground.temperature !== '') body.temperature = Number(playground.temperature);
  if (playground.maxTokens !== '') body.max_tokens = Number(playground.maxTokens);
  if (playground.useThread) body.thread_id = playground.threadId;
  if (playground.tools.trim()) {
    const tools: unknown = JSON.parse(playground.tools);
    if (!Array.isArray(tools)) throw new Error('tools: a JSON array is expected');
    body.tools = tools;
  }
  return body;
}

/** Sends the draft as a user turn and streams the answer into a new assistant turn. */
export async function send(): Promise<void> {
  if (playground.running || !playground.draft.trim()) return;
  if (playground.useThread && !playground.threadId) playground.threadId = `console-${crypto.randomUUID()}`;
  playground.turns.push({ role: 'user', content: playground.draft });
  const answer: StreamedAnswer = {
    model: playground.model, reasoning: '', content: '', toolCalls: [], warnings: [], status: 'streaming', deltas: 0, startedAt: performance.now(),
  };
  const turn: Turn = { role: 'assistant', content: '', answer };
  let body: Record<string, unknown>;
  try {
    body = requestBody();
  } catch (error) {
    playground.turns.pop();
    throw error;
  }
  playground.draft = '';
  playground.turns.push(turn);
  const controller = new AbortController();
  playground.running = controller;
  notify();
  await streamChat(body, answer, () => { turn.content = answer.content; notify(); }, controller.signal);
  if (answer.warnings.some((warning) => warning.param === 'thread_id')) playground.threadMemory = false;
  playground.running = undefined;
  notify();
}

/** Stops the running answer: the fetch is aborted, and Qiao aborts the upstream call. */
export function stop(): void {
  playground.running?.abort();
}

/** Starts over (a new thread id too). */
export function clearConversation(): void {
  stop();
  playground.turns = [];
  playground.threadId = '';
  playground.threadMemory = true;
  notify();
}
