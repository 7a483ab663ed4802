import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.js';
import { startFakeOpenAIChat } from '../support/openai-chat-fake.js';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';

interface OtlpValue { stringValue?: string; intValue?: string; doubleValue?: number; boolValue?: boolean }
interface OtlpSpan {
  traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number;
  startTimeUnixNano: string; endTimeUnixNano: string; attributes: { key: string; value: OtlpValue }[]; status: { code: number };
}
interface OtlpExport { resourceSpans: { resource: { attributes: { key: string; value: OtlpValue }[] }; scopeSpans: { scope: { name: string }; spans: OtlpSpan[] }[] }[] }

const clientTraceId = '0af7651916cd43dd8448eb211c80319c';
const clientParentId = 'b7ad6b7169203331';

const attribute = (span: OtlpSpan, key: string) => span.attributes.find((each) => each.key === key)?.value;

describe('OpenTelemetry traces over OTLP/HTTP JSON', () => {
  let collector: FakeUpstream;
  let upstream: FakeUpstream;
  let qiao: RunningGateway;

  before(async () => {
    collector = await startFakeUpstream({ 'POST /v1/traces': () => ({ json: {} }) });
    upstream = await startFakeOpenAIChat();
    qiao = await startGateway({
      providers: { fake: { type: 'openai-compatible', baseUrl: `${upstream.baseUrl}/v1`, apiKey: 'sk-fake', models: ['gpt-fake'] } },
      aliases: { smart: 'fake/gpt-fake' },
      telemetry: { otlpEndpoint: collector.baseUrl, serviceName: 'qiao-under-test' },
    });
  });
  after(async () => {
    await qiao?.close();
    await upstream?.close();
    await collector?.close();
  });

  /** Every exported span so far, with its resource. */
  function exported(): { spans: OtlpSpan[]; exports: OtlpExport[] } {
    const exports = collector.requestsFor('POST /v1/traces').map((request) => request.body as OtlpExport);
    return { exports, spans: exports.flatMap((body) => body.resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans))) };
  }

  /** Flushes until the server span of `traceId` has been exported (it ends when the response closes). */
  async function spansOf(traceId: string, count: number): Promise<OtlpSpan[]> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      await qiao.gateway.tracer!.flush();
      const spans = exported().spans.filter((span) => span.traceId === traceId);
      if (spans.length >= count) return spans;
      if (Date.now() > deadline) assert.fail(`expected ${count} spans of trace ${traceId}, have ${JSON.stringify(spans)}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  test('a stream continues the client trace: a server span, a client span per attempt, traceparent sent upstream', async () => {
    const response = await fetch(`${qiao.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${clientTraceId}-${clientParentId}-01`, 'x-request-id': 'traced-1' },
      body: JSON.stringify({ model: 'smart', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } }),
    });
    await response.text();
    const spans = await spansOf(clientTraceId, 2);
    const server = spans.find((span) => span.kind === 2);
    const client = spans.find((span) => span.kind === 3);
    assert.ok(server && client, JSON.stringify(spans));
    assert.equal(server.parentSpanId, clientParentId);
    assert.equal(server.name, 'POST /v1/chat/completions');
    assert.match(server.spanId, /^[0-9a-f]{16}$/);
    assert.equal(attribute(server, 'http.response.status_code')?.intValue, '200');
    assert.equal(attribute(server, 'qiao.request_id')?.stringValue, 'traced-1');
    assert.ok(BigInt(server.endTimeUnixNano) > BigInt(server.startTimeUnixNano));

    assert.equal(client.parentSpanId, server.spanId);
    assert.equal(client.name, 'chat fake/gpt-fake');
    assert.equal(attribute(client, 'gen_ai.provider.name')?.stringValue, 'fake');
    assert.equal(attribute(client, 'gen_ai.request.model')?.stringValue, 'gpt-fake');
    assert.equal(attribute(client, 'qiao.model_alias')?.stringValue, 'smart');
    assert.equal(attribute(client, 'qiao.status')?.stringValue, 'ok');
    assert.ok(Number(attribute(client, 'gen_ai.usage.output_tokens')?.intValue) > 0, 'token attributes');
    assert.ok(BigInt(client.startTimeUnixNano) >= BigInt(server.startTimeUnixNano) && BigInt(client.endTimeUnixNano) <= BigInt(server.endTimeUnixNano), 'the attempt lies within the request');

    const [sent] = upstream.requestsFor('POST /v1/chat/completions').slice(-1);
    assert.equal(sent!.headers.traceparent, `00-${clientTraceId}-${server.spanId}-01`);

    const { exports } = exported();
    const resource = exports[0]!.resourceSpans[0]!;
    assert.equal(resource.resource.attributes.find((each) => each.key === 'service.name')?.value.stringValue, 'qiao-under-test');
    assert.equal(resource.scopeSpans[0]!.scope.name, 'qiao');
  });

  test('a request without traceparent starts a trace; an upstream failure marks the attempt span as an error', async () => {
    const before = new Set(exported().spans.map((span) => span.traceId));
    const response = await fetch(`${qiao.url}/v1/chat/completions`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'smart', messages: [{ role: 'user', content: 'rate limit me' }] }),
    });
    await response.arrayBuffer();
    assert.equal(response.status, 429);
    const deadline = Date.now() + 5_000;
    let fresh: OtlpSpan[] = [];
    while (fresh.length < 2) {
      if (Date.now() > deadline) assert.fail('no new trace exported');
      await qiao.gateway.tracer!.flush();
      fresh = exported().spans.filter((span) => !before.has(span.traceId));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const server = fresh.find((span) => span.kind === 2)!;
    const client = fresh.find((span) => span.kind === 3)!;
    assert.equal(server.parentSpanId, undefined);
    assert.equal(attribute(server, 'http.response.status_code')?.intValue, '429');
    assert.equal(client.status.code, 2);
    assert.equal(attribute(client, 'qiao.error_code')?.stringValue, 'rate_limit_exceeded');
  });
});

describe('without an OTLP endpoint', () => {
  test('nothing is traced and upstream calls carry no traceparent', async () => {
    const upstream = await startFakeOpenAIChat();
    const qiao = await startGateway({ providers: { fake: { type: 'openai-compatible', baseUrl: `${upstream.baseUrl}/v1`, apiKey: 'sk-fake', models: ['gpt-fake'] } } });
    try {
      assert.equal(qiao.gateway.tracer, undefined);
      const response = await fetch(`${qiao.url}/v1/chat/completions`, {
        method: 'POST', headers: { 'content-type': 'application/json', traceparent: `00-${clientTraceId}-${clientParentId}-01` },
        body: JSON.stringify({ model: 'fake/gpt-fake', messages: [{ role: 'user', content: 'hi' }] }),
      });
      assert.equal(response.status, 200);
      await response.arrayBuffer();
      assert.equal(upstream.requests.at(-1)!.headers.traceparent, undefined);
    } finally {
      await qiao.close();
      await upstream.close();
    }
  });
});
