import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import type { FakeUpstream } from './fake-upstream.js';
import { anthropicFixture, anthropicStreamedText, startFakeAnthropic } from './anthropic-fake-upstream.js';

// The official SDK talking to the fake directly: proof the fake speaks the real protocol.
describe('the fake Anthropic upstream satisfies @anthropic-ai/sdk', () => {
  let upstream: FakeUpstream;
  let client: Anthropic;

  before(async () => {
    upstream = await startFakeAnthropic();
    client = new Anthropic({ baseURL: upstream.baseUrl, apiKey: 'sk-ant-fake', maxRetries: 0 });
  });
  after(async () => upstream?.close());

  test('non-stream message', async () => {
    const message = await client.messages.create({ model: 'claude-opus-4-6', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
    const expected = JSON.parse(anthropicFixture('anthropic-text.json')) as { content: { text: string }[] };
    assert.equal(message.content[0]?.type, 'text');
    assert.equal(message.content[0]?.type === 'text' && message.content[0].text, expected.content[0]!.text);
    assert.ok(upstream.requests.at(-1)!.headers['anthropic-version']);
  });

  test('streamed message, ping included, accumulated by the SDK', async () => {
    const stream = client.messages.stream({ model: 'claude-opus-4-6', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
    const final = await stream.finalMessage();
    assert.equal(final.content[0]?.type === 'text' && final.content[0].text, anthropicStreamedText('anthropic-text.raw.txt'));
    assert.equal(final.stop_reason, 'end_turn');
  });

  test('streamed tool use with input_json_delta', async () => {
    const stream = client.messages.stream({
      model: 'claude-opus-4-6', max_tokens: 64, messages: [{ role: 'user', content: 'weather?' }],
      tools: [{ name: 'get_weather', input_schema: { type: 'object', properties: { location: { type: 'string' } } } }],
    });
    const final = await stream.finalMessage();
    const tool = final.content.find((block) => block.type === 'tool_use');
    assert.deepEqual(tool?.type === 'tool_use' && tool.input, { location: 'Paris' });
    assert.equal(final.stop_reason, 'tool_use');
  });

  test('errors: 529, 429 and an in-stream error event surface as the SDK\'s error classes', async () => {
    const overloaded = await client.messages.create({ model: 'c', max_tokens: 8, messages: [{ role: 'user', content: 'overloaded' }] }).catch((error: unknown) => error);
    assert.ok(overloaded instanceof Anthropic.InternalServerError);
    assert.equal(overloaded.status, 529);
    const limited = await client.messages.create({ model: 'c', max_tokens: 8, messages: [{ role: 'user', content: 'rate limit me' }] }).catch((error: unknown) => error);
    assert.ok(limited instanceof Anthropic.RateLimitError);
    const stream = client.messages.stream({ model: 'c', max_tokens: 8, messages: [{ role: 'user', content: 'fail mid-stream' }] });
    await assert.rejects(stream.finalMessage(), (error: unknown) => error instanceof Anthropic.APIError && /Overloaded/.test(error.message));
  });
});
