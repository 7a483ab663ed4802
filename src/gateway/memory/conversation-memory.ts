import type { ChatMessage } from '../../spec/index.js';
import { plainText, summaryMessage } from './summary-prompt.js';
import { loadTokenCounter, messageTokens, primingTokens, type CountTokens } from './token-counter.js';
import { turnStarts } from './turns.js';

/** What `compress()` does with messages that no longer fit: leave them out, or fold them into a running summary. */
export type MemoryPolicy = 'drop-oldest' | 'summarize';

/** Writes the running summary of messages that fall out of the window, from the previous summary (if any). */
export type Summarizer = (input: { previousSummary?: string; messages: ChatMessage[]; maxTokens: number }) => Promise<string>;

/** Options of a ConversationMemory. */
export interface ConversationMemoryOptions {
  /** Token budget of everything `getMessages()` returns: system prompt, summary and messages (counted with gpt-tokenizer). */
  maxTokens: number;
  /** `drop-oldest` (default) or `summarize` (needs `summarizer`). */
  policy?: MemoryPolicy;
  /** Writes the running summary, for the `summarize` policy. */
  summarizer?: Summarizer;
  /** Most tokens a summary may take; the budget keeps room for it (default 256). */
  summaryMaxTokens?: number;
  /** A summary carried over from before (e.g. stored with a thread). */
  summary?: string;
}

/** What one `compress()` did. */
export interface CompressResult {
  /** How many of the oldest messages left the window (summarised or dropped). */
  removed: number;
  /** Whether the summary was (re)written. */
  summarized: boolean;
  /** Why summarising failed, when it did; the messages were dropped instead. */
  summaryError?: unknown;
  /** Tokens of `getMessages()` afterwards. */
  tokens: number;
}

const defaultSummaryTokens = 256;

/**
 * A conversation that fits a token budget: the library form of seed 002's `ConversationMemory`
 * (and what Qiao's threads use). System messages are never dropped; `compress()` removes the
 * oldest turns (a user message with the answers and tool results after it) until the rest fits,
 * or folds them into a running summary. The newest turn always stays, even when it alone is over.
 *
 * ```ts
 * const memory = new ConversationMemory({ maxTokens: 4000 });
 * memory.addMessage('user', '你好，请介绍一下你自己。');
 * memory.addMessage('assistant', '我是一个AI助手。');
 * await memory.compress();
 * memory.getMessages(); // [{ role: 'user', … }, { role: 'assistant', … }]
 * ```
 */
export class ConversationMemory {
  /** The token budget. */
  readonly maxTokens: number;
  private readonly policy: MemoryPolicy;
  private readonly summarizer?: Summarizer;
  private readonly summaryTokens: number;
  private system: ChatMessage[] = [];
  private messages: ChatMessage[] = [];
  private currentSummary: string | undefined;

  constructor(options: ConversationMemoryOptions) {
    if (!Number.isInteger(options.maxTokens) || options.maxTokens < 1) throw new RangeError(`maxTokens must be a positive integer, got ${options.maxTokens}.`);
    if (options.policy === 'summarize' && !options.summarizer) throw new TypeError('The summarize policy needs a summarizer.');
    this.maxTokens = options.maxTokens;
    this.policy = options.policy ?? 'drop-oldest';
    this.summarizer = options.summarizer;
    this.summaryTokens = options.summaryMaxTokens ?? defaultSummaryTokens;
    this.currentSummary = options.summary || undefined;
  }

  /** Adds a message: `addMessage('user', 'hi')` as in the seed, or a full ChatMessage (tool calls, parts). */
  addMessage(role: 'system' | 'user' | 'assistant', content: string): this;
  addMessage(message: ChatMessage): this;
  addMessage(roleOrMessage: ChatMessage | 'system' | 'user' | 'assistant', content?: string): this {
    const message: ChatMessage = typeof roleOrMessage === 'string' ? { role: roleOrMessage, content: content ?? '' } : roleOrMessage;
    if (message.role === 'system') this.system.push(message);
    else this.messages.push(message);
    return this;
  }

  /** The conversation to send: system messages first, then the summary (as a system message), then the messages, oldest first. */
  getMessages(): ChatMessage[] {
    return [...this.system, ...(this.currentSummary ? [summaryMessage(this.currentSummary)] : []), ...this.messages];
  }

  /** The conversation as text, one `role: content` line per message. */
  getFormattedContext(): string {
    return this.getMessages().map((message) => `${message.role}: ${plainText(message)}`).join('\n');
  }

  /** The running summary, when one was carried over or written. */
  get summary(): string | undefined {
    return this.currentSummary;
  }

  /** Tokens of `getMessages()`, framing included. */
  async countTokens(): Promise<number> {
    const countTokens = await loadTokenCounter();
    return primingTokens + this.getMessages().reduce((sum, message) => sum + messageTokens(message, countTokens), 0);
  }

  /** Removes everything but system messages and the summary. */
  clear(): void {
    this.messages = [];
  }

  /**
   * Brings the conversation within `maxTokens`: the oldest turns leave (summarised first under the
   * `summarize` policy). `keep` newest messages are never removed (default: the newest turn).
   */
  async compress(options: { keep?: number } = {}): Promise<CompressResult> {
    const countTokens = await loadTokenCounter();
    const costs = this.messages.map((message) => messageTokens(message, countTokens));
    const fixed = primingTokens + this.system.reduce((sum, message) => sum + messageTokens(message, countTokens), 0);
    const summaryCost = (summary: string | undefined) => (summary ? messageTokens(summaryMessage(summary), countTokens) : 0);
    const starts = removableTurnStarts(this.messages, options.keep);
    const total = (removed: number, reserve: number) => fixed + reserve + sum(costs, removed);

    let reserve = summaryCost(this.currentSummary);
    if (total(0, reserve) <= this.maxTokens) return { removed: 0, summarized: false, tokens: total(0, reserve) };
    // Room for a summary of up to `summaryTokens`, framing included.
    if (this.policy === 'summarize') reserve = Math.max(reserve, summaryCost(' ') + this.summaryTokens);
    const cut = firstFit(starts, (removed) => total(removed, reserve) <= this.maxTokens);
    const removedMessages = this.messages.slice(0, cut);
    let result: CompressResult = { removed: cut, summarized: false, tokens: 0 };
    if (this.policy === 'summarize' && cut > 0) {
      try {
        this.currentSummary = await this.summarizer!({ previousSummary: this.currentSummary, messages: removedMessages, maxTokens: this.summaryTokens });
        result.summarized = true;
      } catch (error) {
        result = { ...result, summaryError: error };
      }
    }
    this.messages = this.messages.slice(cut);
    // A summary longer than its room (another tokenizer, a talkative model) costs whole turns, not the newest one.
    const after = costs.slice(cut);
    const spill = firstFit(starts.filter((start) => start >= cut).map((start) => start - cut),
      (removed) => fixed + summaryCost(this.currentSummary) + sum(after, removed) <= this.maxTokens);
    this.messages = this.messages.slice(spill);
    return { ...result, removed: cut + spill, tokens: fixed + summaryCost(this.currentSummary) + sum(after, spill) };
  }
}

/** Sum of `costs` from `from` on. */
function sum(costs: number[], from: number): number {
  let total = 0;
  for (let index = from; index < costs.length; index++) total += costs[index]!;
  return total;
}

/** Positions where the conversation may be cut: turn starts that leave the protected tail whole (0 first). */
function removableTurnStarts(messages: ChatMessage[], keep: number | undefined): number[] {
  const starts = turnStarts(messages);
  const limit = keep === undefined ? starts.at(-1) ?? 0 : Math.max(0, messages.length - keep);
  return [0, ...starts.filter((start) => start > 0 && start <= limit)];
}

/** The smallest cut among `starts` (ascending) for which `fits` holds, else the largest. */
function firstFit(starts: number[], fits: (removed: number) => boolean): number {
  for (const start of starts) if (fits(start)) return start;
  return starts.at(-1) ?? 0;
}
