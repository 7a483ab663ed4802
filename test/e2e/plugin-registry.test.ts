import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import { registerProviderType } from '../../src/providers/index.js';
import { myServiceType } from '../fixtures/my-service/my-service-type.js';
import { postJson } from '../support/coze-gateway.js';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';

// docs/providers.md "Adding a service", built as written: one folder, one registration line, one config entry.
let qiao: RunningGateway;
before(async () => {
  registerProviderType(myServiceType);
  qiao = await startGateway({ providers: { my_service: { type: 'my-service' } } });
});
after(() => qiao?.close());

test('a provider type registered from outside src/ is listed and callable through /ai/chat and /v1/chat/completions', async () => {
  const { services } = await (await fetch(`${qiao.url}/ai/services?service_type=chat`)).json() as { services: { service_name: string }[] };
  assert.ok(services.some((service) => service.service_name === 'my_service'));
  const answer = await (await postJson(`${qiao.url}/ai/chat`, { service_name: 'my_service', messages: [{ role: 'user', content: '你好 Qiao' }] })).json() as { content: string };
  assert.equal(answer.content, 'oaiQ 好你');
  const openai = new OpenAI({ baseURL: `${qiao.url}/v1`, apiKey: 'unused' });
  let streamed = '';
  for await (const chunk of await openai.chat.completions.create({ model: 'my_service/reverse', messages: [{ role: 'user', content: 'abc' }], stream: true })) {
    streamed += chunk.choices[0]?.delta.content ?? '';
  }
  assert.equal(streamed, 'cba');
});
