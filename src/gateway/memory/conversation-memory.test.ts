import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countTokens } from 'gpt-tokenizer';
import type { ChatMessage } from '../../spec/index.js';
import { ConversationMemory, type Summarizer } from './conversation-memory.js';

// The framing the memory counts: 3 tokens to prime the answer, 3 per message (OpenAI's chat format).
const cost = (messages: ChatMessage[]) => 3 + messages.reduce((sum, message) => sum + 3 + countTokens(typeof message.content === 'string' ? message.content : ''), 0);

const system: ChatMessage = { role: 'system', content: 'You are a careful assistant.' };
const turns: ChatMessage[] = [
  { role: 'user', content: 'What is the capital of France?' },
  { role: 'assistant', content: 'Paris is the capital of France.' },
  { role: 'user', content: 'And of Italy?' },
  { role: 'assistant', content: 'Rome.' },
  { role: 'user', content: 'Thanks! Which of the two is larger?' },
];

function memoryWith(maxTokens: number, messages: ChatMessage[], options: { summarizer?: Summarizer; summaryMaxTokens?: number } = {}) {
  const memory = new ConversationMemory({ maxTokens, ...(options.summarizer && { policy: 'summarize' as const, ...options }) });
  for (const message of messages) memory.addMessage(message);
  return memory;
}

describe('ConversationMemory (seed 002\'s API in TypeScript)', () => {
  test('the seed\'s example: addMessage, getMessages, getFormattedContext, compress', async () => {
    const memory = new ConversationMemory({ maxTokens: 4000 });
    memory.addMessage('user', '你好，请介绍一下你自己。');
    memory.addMessage('assistant', '我是一个AI助手，可以帮助回答问题和完成各种任务。');
    assert.equal(memory.getFormattedContext(), 'user: 你好，请介绍一下你自己。\nassistant: 我是一个AI助手，可以帮助回答问题和完成各种任务。');
    assert.deepEqual(await memory.compress(), { removed: 0, summarized: false, tokens: cost(memory.getMessages()) });
    assert.equal(memory.getMessages().length, 2);
    assert.equal(await memory.countTokens(), cost(memory.getMessages()));
  });

  test('drop-oldest at the exact boundary: a budget of exactly the total keeps all; one token less drops the oldest whole turn', async () => {
    const all = [system, ...turns];
    const exact = memoryWith(cost(all), all);
    assert.equal((await exact.compress()).removed, 0);
    assert.deepEqual(exact.getMessages(), all);

    const short = memoryWith(cost(all) - 1, all);
    const result = await short.compress();
    assert.equal(result.removed, 2, 'the first question and its answer leave together');
    assert.deepEqual(short.getMessages(), [system, ...turns.slice(2)]);
    assert.equal(result.tokens, cost([system, ...turns.slice(2)]));
    assert.ok(result.tokens <= cost(all) - 1);
  });

  test('the system prompt is never dropped and the newest turn always stays, even over budget', async () => {
    const memory = memoryWith(1, [system, ...turns]);
    const result = await memory.compress();
    assert.deepEqual(memory.getMessages(), [system, turns[4]]);
    assert.equal(result.removed, 4);
    assert.ok(result.tokens > 1, 'over budget, honestly reported');
  });

  test('keep protects the newest messages; a tool call stays with its result', async () => {
    const withTools: ChatMessage[] = [
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: null, toolCalls: [{ id: 'c1', name: 'weather', arguments: '{"city":"Paris"}' }] },
      { role: 'tool', content: 'sunny, 21°C', toolCallId: 'c1' },
      { role: 'assistant', content: 'Sunny and 21°C.' },
      { role: 'user', content: 'And tomorrow?' },
      { role: 'user', content: 'In Celsius please.' },
    ];
    const memory = memoryWith(20, withTools);
    await memory.compress({ keep: 2 });
    assert.deepEqual(memory.getMessages(), withTools.slice(4));
  });

  test('summarize: the turns that fall out are summarised (with the previous summary), the summary leads the conversation', async () => {
    const calls: { previousSummary?: string; messages: ChatMessage[]; maxTokens: number }[] = [];
    const summarizer: Summarizer = async (input) => {
      calls.push(input);
      return `S${calls.length}`;
    };
    const all = [system, ...turns];
    const summaryCost = (text: string) => 3 + countTokens(`Summary of the earlier conversation:\n${text}`);
    // Room for the last two turns plus a summary of up to 16 tokens (with its framing), not for the first turn.
    const budget = cost([system, ...turns.slice(2)]) + summaryCost(' ') + 16;
    const memory = new ConversationMemory({ maxTokens: budget, policy: 'summarize', summarizer, summaryMaxTokens: 16, summary: 'S0' });
    for (const message of all) memory.addMessage(message);
    const result = await memory.compress();
    assert.deepEqual([result.removed, result.summarized], [2, true]);
    assert.deepEqual(calls, [{ previousSummary: 'S0', messages: turns.slice(0, 2), maxTokens: 16 }]);
    assert.equal(memory.summary, 'S1');
    assert.deepEqual(memory.getMessages(), [system, { role: 'system', content: 'Summary of the earlier conversation:\nS1' }, ...turns.slice(2)]);
    assert.equal(result.tokens, cost([system, ...turns.slice(2)]) + summaryCost('S1'));

    // Nothing more falls out: the summary is reused, not written again.
    assert.deepEqual(await memory.compress(), { removed: 0, summarized: false, tokens: result.tokens });
    assert.equal(calls.length, 1);
  });

  test('a summarizer that fails: the turns are dropped instead, and the failure is reported', async () => {
    const all = [system, ...turns];
    const memory = new ConversationMemory({ maxTokens: cost(all) - 1, policy: 'summarize', summarizer: async () => { throw new Error('model down'); } });
    for (const message of all) memory.addMessage(message);
    const result = await memory.compress();
    assert.equal(result.summarized, false);
    assert.match(String(result.summaryError), /model down/);
    assert.equal(memory.summary, undefined);
    assert.deepEqual(memory.getMessages()[0], system);
    assert.ok(result.tokens <= cost(all) - 1);
  });

  test('bad options are refused with a clear message', () => {
    assert.throws(() => new ConversationMemory({ maxTokens: 0 }), /maxTokens must be a positive integer/);
    assert.throws(() => new ConversationMemory({ maxTokens: 10, policy: 'summarize' }), /needs a summarizer/);
  });
});
