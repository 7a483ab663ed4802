import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';
import { postJson } from './ai-core-support.js';

const message = { role: 'user', content: 'hi' };

/** [path, body, the field the message must name]. */
const badRequests: [string, unknown, string][] = [
  ['/chat', {}, 'messages'],
  ['/chat', { messages: 'hi' }, 'messages'],
  ['/chat', { messages: [] }, 'messages'],
  ['/chat', { messages: [{ role: 'robot', content: 'x' }] }, 'messages[0].role'],
  ['/chat', { messages: [{ role: 'user' }] }, 'messages[0].content'],
  ['/chat', { messages: [{ role: 'user', content: 5 }] }, 'messages[0].content'],
  ['/chat', { messages: [message, { role: 'user', content: 'x', tool_calls: [] }] }, 'messages[1].tool_calls'],
  ['/chat', { messages: [message], generation_config: { temperature: 'hot' } }, 'generation_config.temperature'],
  ['/chat', { messages: [message], generation_config: { max_tokens: 0 } }, 'generation_config.max_tokens'],
  ['/chat', { messages: [message], generation_config: 'fast' }, 'generation_config'],
  ['/chat/stream', { messages: [{ role: 'user', content: ['x'] }] }, 'messages[0].content[0]'],
  ['/config', {}, 'provider_type'],
  ['/config', { provider_type: 'openai', api_key: 'sk-x' }, 'model'],
  ['/config', { provider_type: 'acme', api_key: 'sk-x', model: 'm' }, 'provider_type'],
  ['/config', { provider_type: 'openai', api_key: 'sk-x', model: 'm', base_url: 'not a url' }, 'base_url'],
  ['/config', { provider_type: 'openai', api_key: 'sk-x', model: 'm', base_url: 'file:///etc/passwd' }, 'base_url'],
  ['/config', { provider_type: 'openai', api_key: 'sk-x', model: 'm', timeout: -1 }, 'timeout'],
  ['/config', { provider_type: 'openai', api_key: 'sk-x', model: 'm', max_retries: 'three' }, 'max_retries'],
  ['/config', { provider_type: 'openai', api_key: 'sk-x', model: 'm', temperature: 0.2 }, 'temperature'],
  ['/config', { provider_type: 'openai', api_key: '', model: 'm' }, 'api_key'],
  ['/config', { provider_type: 'openai', model: 'm' }, 'api_key'],
  ['/config', { provider_type: 'vllm', model: 'm' }, 'base'],
];

describe('ai_core bad input: a 4xx in {success:false, message} naming the field', () => {
  let qiao: RunningGateway;
  before(async () => {
    qiao = await startGateway();
  });
  after(async () => qiao?.close());

  test('wrong, missing and unknown fields', async () => {
    for (const [path, body, field] of badRequests) {
      const label = `${path} ${JSON.stringify(body)}`;
      const response = await postJson(qiao.url, path, body);
      assert.equal(response.status, 400, label);
      assert.match(response.headers.get('content-type') ?? '', /application\/json/, label);
      const error = await response.json() as Record<string, unknown>;
      assert.deepEqual(Object.keys(error), ['success', 'message'], label);
      assert.equal(error.success, false, label);
      assert.ok(String(error.message).includes(field), `${label}: ${String(error.message)}`);
    }
  });

  test('malformed and empty bodies', async () => {
    for (const [body, pattern] of [['{"messages":', /not valid JSON/], ['', /empty/], ['[1]', /object/]] as const) {
      const response = await postJson(qiao.url, '/chat', body);
      assert.equal(response.status, 400, body);
      const error = await response.json() as { success: boolean; message: string };
      assert.equal(error.success, false);
      assert.match(error.message, pattern);
    }
  });

  test('a rejected /config changes nothing', async () => {
    assert.equal((await postJson(qiao.url, '/config', { provider_type: 'openai', model: 'm', base_url: 'nope' })).status, 400);
    const chat = await (await postJson(qiao.url, '/chat', { messages: [message] })).json() as { model: string };
    assert.equal(chat.model, 'mock-echo');
  });
});
