import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cozeAnswer, cozeBots, cozeJoke, cozeWorkflows } from '../support/fake-coze.js';
import { dataPayloads, postJson, startCozeGateway } from '../support/coze-gateway.js';
import type { FakeUpstream } from '../support/fake-upstream.js';
import { blockAfter, readSeed } from '../support/seed-examples.js';
import type { RunningGateway } from '../support/start-gateway.js';

const seed = readSeed('001_0a5da78731da31b0.md');
/** The seed's request body under a heading, verbatim. */
const seedBody = (heading: string) => blockAfter(seed, heading, 'json').code;

type Event = Record<string, unknown> & { type: string; chunk: string; full_text: string };

describe('seed 001 AI platform (/ai) against a live Qiao with Coze and the mock', () => {
  let coze: FakeUpstream;
  let qiao: RunningGateway;
  before(async () => ({ coze, qiao } = await startCozeGateway()));
  after(async () => {
    await qiao?.close();
    await coze?.close();
  });
  const raw = (path: string, body: string) => fetch(`${qiao.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const events = async (response: Response) => {
    assert.equal(response.status, 200);
    const payloads = dataPayloads(await response.text());
    assert.equal(payloads.at(-1), '[DONE]');
    return payloads.slice(0, -1) as Event[];
  };

  test('GET /ai/services lists every service (Coze chat and workflow, the mock\'s chat and embedding, aliases) and filters by service_type', async () => {
    const { services } = await (await fetch(`${qiao.url}/ai/services`)).json() as { services: { service_name: string; service_type: string; default_model: string | null }[] };
    const names = services.map((service) => `${service.service_name}:${service.service_type}`);
    for (const expected of ['coze:chat', 'coze_workflow:workflow', 'mock:chat', 'mock_embedding:embedding', 'coze_bad:chat', 'coze-bot:chat']) assert.ok(names.includes(expected), `${expected} in ${names}`);
    assert.equal(services.find((service) => service.service_name === 'coze')!.default_model, cozeBots.ok);
    const workflows = await (await fetch(`${qiao.url}/ai/services?service_type=workflow`)).json() as { services: { service_type: string }[] };
    assert.ok(workflows.services.length >= 2 && workflows.services.every((service) => service.service_type === 'workflow'));
  });

  test('POST /ai/chat with the seed\'s body, verbatim: the bot named by parameters.bot_id answers', async () => {
    const response = await raw('/ai/chat', seedBody('#### 2. 非流式聊天'));
    assert.equal(response.status, 200);
    const body = await response.json() as Record<string, unknown>;
    assert.deepEqual([body.success, body.content, body.service_name, body.model], [true, cozeAnswer, 'coze', 'coze/your_bot_id_here']);
    assert.equal((body.usage as { total_tokens: number }).total_tokens, 633);
    assert.equal((coze.requestsFor('POST /v3/chat').at(-1)!.body as { bot_id: string }).bot_id, 'your_bot_id_here');
  });

  test('POST /ai/chat/stream with the seed\'s body, verbatim: chunks carry the new and the full text', async () => {
    const all = await events(await raw('/ai/chat/stream', seedBody('#### 3. 流式聊天')));
    const chunks = all.filter((event) => event.type === 'chunk');
    assert.equal(chunks.map((event) => event.chunk).join(''), cozeAnswer);
    let running = '';
    for (const event of chunks) assert.equal(event.full_text, running += event.chunk);
    assert.deepEqual([all.at(-1)!.type, all.at(-1)!.full_text], ['done', cozeAnswer]);
  });

  test('POST /ai/workflow and /ai/workflow/stream with the seed\'s bodies, verbatim', async () => {
    const run = await (await raw('/ai/workflow', seedBody('#### 4. 非流式工作流'))).json() as Record<string, unknown>;
    assert.deepEqual([run.success, run.content, run.workflow_id, run.service_name], [true, cozeJoke, 'your_workflow_id_here', 'coze_workflow']);
    assert.deepEqual(run.output, { output: cozeJoke });
    const all = await events(await raw('/ai/workflow/stream', seedBody('#### 5. 流式工作流')));
    assert.equal(all.filter((event) => event.type === 'chunk').map((event) => event.chunk).join(''), cozeJoke);
    assert.deepEqual([all.at(-1)!.type, all.at(-1)!.full_text], ['done', cozeJoke]);
  });

  test('defaults from the environment: no bot_id → COZE_DEFAULT_BOT_ID; no workflow_id and no service_name → COZE_DEFAULT_WORKFLOW_ID; workflow inputs', async () => {
    await postJson(`${qiao.url}/ai/chat`, { service_name: 'coze', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal((coze.requestsFor('POST /v3/chat').at(-1)!.body as { bot_id: string }).bot_id, cozeBots.ok);
    const run = await (await postJson(`${qiao.url}/ai/workflow`, { parameters: { topic: '电影' } })).json() as Record<string, unknown>;
    assert.equal(run.workflow_id, cozeWorkflows.joke);
    assert.deepEqual(coze.requestsFor('POST /v1/workflow/run').at(-1)!.body, { workflow_id: cozeWorkflows.joke, parameters: { topic: '电影' } });
  });

  test('any service is callable: a provider (its default model, or parameters.model), a model name, an alias; stream: true on /ai/chat streams', async () => {
    const byProvider = await (await postJson(`${qiao.url}/ai/chat`, { service_name: 'mock', messages: [{ role: 'user', content: '你好 世界' }] })).json() as Record<string, unknown>;
    assert.deepEqual([byProvider.model, byProvider.content], ['mock/mock-echo', '你好 世界']);
    const byModel = await (await postJson(`${qiao.url}/ai/chat`, { service_name: 'mock/mock-think', messages: [{ role: 'user', content: 'x' }] })).json() as Record<string, unknown>;
    assert.equal(byModel.model, 'mock/mock-think');
    const chosen = await (await postJson(`${qiao.url}/ai/chat`, { service_name: 'mock', parameters: { model: 'mock-tools' }, messages: [{ role: 'user', content: 'x' }] })).json() as Record<string, unknown>;
    assert.equal(chosen.model, 'mock/mock-tools');
    const alias = await (await postJson(`${qiao.url}/ai/chat`, { service_name: 'coze-bot', messages: [{ role: 'user', content: 'x' }] })).json() as Record<string, unknown>;
    assert.equal(alias.content, cozeAnswer);
    const streamed = await events(await postJson(`${qiao.url}/ai/chat`, { service_name: 'mock', messages: [{ role: 'user', content: 'a b c' }], stream: true }));
    assert.equal(streamed.at(-1)!.full_text, 'a b c');
  });

  test('failures: a bot error (4101 as HTTP 200) → 403; chat.failed in a stream → an error event; a workflow Interrupt → an interrupt event', async () => {
    const denied = await postJson(`${qiao.url}/ai/chat`, { service_name: 'coze_bad', messages: [{ role: 'user', content: 'x' }] });
    assert.equal(denied.status, 403);
    const deniedBody = await denied.json() as { success: boolean; detail: string; error: { code: string } };
    assert.deepEqual([deniedBody.success, deniedBody.error.code], [false, 'permission_denied']);
    assert.match(deniedBody.detail, /4101/);
    const failed = dataPayloads(await (await postJson(`${qiao.url}/ai/chat/stream`, { service_name: 'coze', parameters: { bot_id: cozeBots.failed }, messages: [{ role: 'user', content: 'x' }] })).text()) as Event[];
    assert.equal(failed.at(-1)!.type, 'error');
    const ask = await events(await postJson(`${qiao.url}/ai/workflow/stream`, { service_name: 'coze_workflow', parameters: { workflow_id: cozeWorkflows.ask } }));
    assert.deepEqual([ask.at(-1)!.type, ask.at(-1)!.status, ask.at(-1)!.full_text], ['interrupt', 'interrupted', '请告诉我你的城市']);
  });

  test('bad input is a 4xx saying what to send', async () => {
    const cases: [string, unknown, number, RegExp][] = [
      ['/ai/chat', { service_name: 'nope', messages: [{ role: 'user', content: 'x' }] }, 404, /Unknown service_name "nope".*GET \/ai\/services/],
      ['/ai/workflow', { service_name: 'mock', parameters: { workflow_id: 'x' } }, 400, /chat service.*POST \/ai\/chat.*coze_workflow/],
      ['/ai/chat', { service_name: 'coze_workflow', messages: [{ role: 'user', content: 'x' }] }, 400, /workflow service.*POST \/ai\/workflow/],
      ['/ai/chat', { service_type: 'workflow', service_name: 'coze', messages: [{ role: 'user', content: 'x' }] }, 400, /service_type "workflow"/],
      ['/ai/chat', { service_name: 'coze_bad', parameters: {}, messages: [] }, 400, /Missing messages/],
      ['/ai/chat', { messages: [{ role: 'user', content: 'x' }] }, 400, /Missing service_name/],
      ['/ai/chat', { service_name: 'coze_nobot', messages: [{ role: 'user', content: 'x' }] }, 400, /no default bot.*parameters\.bot_id/],
      ['/ai/chat', { service_name: 'coze', messages: [{ role: 'user', content: 'x' }], bogus: 1 }, 400, /bogus/],
    ];
    for (const [path, body, status, message] of cases) {
      const response = await postJson(`${qiao.url}${path}`, body);
      assert.equal(response.status, status, JSON.stringify(body));
      assert.match(((await response.json()) as { detail: string }).detail, message);
    }
  });

  test('a client that disconnects from /ai/chat/stream and /ai/workflow/stream aborts the upstream', async () => {
    for (const [path, body] of [
      ['/ai/chat/stream', { service_name: 'coze', parameters: { bot_id: cozeBots.slow }, messages: [{ role: 'user', content: 'x' }] }],
      ['/ai/workflow/stream', { service_name: 'coze_workflow', parameters: { workflow_id: cozeWorkflows.slow } }],
    ] as const) {
      const controller = new AbortController();
      const response = await postJson(`${qiao.url}${path}`, body, controller.signal);
      await response.body!.getReader().read();
      controller.abort();
      await coze.waitForClientClose();
    }
  });
});
