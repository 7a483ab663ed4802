/**
 * ConversationMemory: seed 002's memory API in TypeScript, and the component Qiao's threads use.
 * Runs offline: `npx tsx examples/conversation-memory.ts` (summaries come from the built-in mock model).
 */
import assert from 'node:assert/strict';
import { ConversationMemory, type Summarizer } from '../src/index.js';
import { MockProvider } from '../src/providers/mock/index.js';

// The seed's example, as it reads there.
const memory = new ConversationMemory({ maxTokens: 4000 });
memory.addMessage('user', '你好，请介绍一下你自己。');
memory.addMessage('assistant', '我是一个AI助手，可以帮助回答问题和完成各种任务。');
const formattedContext = memory.getFormattedContext();
const messages = memory.getMessages();
await memory.compress();
console.log(formattedContext);
assert.equal(messages.length, 2);

// A small budget: the oldest turns leave first, the system prompt and the newest turn always stay.
const small = new ConversationMemory({ maxTokens: 60 });
small.addMessage('system', 'You are a terse assistant.');
for (let turn = 1; turn <= 5; turn++) {
  small.addMessage('user', `Question number ${turn}: what do you remember about our talk so far?`);
  small.addMessage('assistant', `Answer number ${turn}: only what still fits.`);
}
const dropped = await small.compress();
console.log(`\ndrop-oldest: removed ${dropped.removed} messages, ${dropped.tokens} tokens left`);
console.log(small.getFormattedContext());
assert.ok(dropped.tokens <= 60 && small.getMessages()[0]!.role === 'system');

// The summarize policy: what falls out is folded into a running summary written by a model (here
// Qiao's offline mock, which echoes; any chat model of the gateway works the same way).
const model = new MockProvider({ name: 'mock', paceMs: 0 }).chatModel('mock-echo');
const summarizer: Summarizer = async ({ previousSummary, messages: fallen, maxTokens }) => {
  const transcript = fallen.map((message) => `${message.role}: ${String(message.content)}`).join(' / ');
  const result = await model.generate({ messages: [{ role: 'user', content: `${previousSummary ?? ''} ${transcript}`.trim() }], maxTokens }, {});
  return result.choices[0]!.content ?? '';
};
const summarized = new ConversationMemory({ maxTokens: 120, policy: 'summarize', summarizer, summaryMaxTokens: 24 });
for (let turn = 1; turn <= 5; turn++) {
  summarized.addMessage('user', `Question number ${turn}: please remember the colour ${['red', 'green', 'blue', 'white', 'black'][turn - 1]}.`);
  summarized.addMessage('assistant', `Noted colour number ${turn}.`);
}
const result = await summarized.compress();
console.log(`\nsummarize: ${result.removed} messages summarised into: ${summarized.summary}`);
console.log(summarized.getFormattedContext());
assert.ok(result.summarized && summarized.summary?.includes('red'));
