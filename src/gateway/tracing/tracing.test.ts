import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RequestLogEntry } from '../../storage/index.js';
import { silentLogger, type Logger } from '../logger.js';
import { attemptSpans } from './attempt-spans.js';
import { OtlpExporter } from './otlp-exporter.js';
import { SpanKind, SpanStatus, otlpAttributes, otlpSpan, type Span } from './span.js';
import { continueTrace, formatTraceparent } from './trace-context.js';
import { startFakeUpstream } from '../../../test/support/fake-upstream.js';

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const parentId = '00f067aa0ba902b7';

function serverSpan(startMicros: number): Span {
  return { traceId, spanId: 'a1a1a1a1a1a1a1a1', name: 'POST /v1/chat/completions', kind: SpanKind.server, startMicros, endMicros: 0, attributes: {}, status: { code: SpanStatus.unset } };
}

function entry(overrides: Partial<RequestLogEntry> = {}): RequestLogEntry {
  return {
    requestId: 'r', createdAt: new Date(), endpoint: '/v1/chat/completions', requestedModel: 'smart', provider: 'b', upstreamModel: 'm2',
    deployment: 'b/m2', stream: true, status: 'ok', httpStatus: 200, usageEstimated: false, latencyMs: 500, attempts: 2, inputTokens: 12, outputTokens: 7,
    ...overrides,
  };
}

describe('trace context', () => {
  test('a valid traceparent is continued; invalid or all-zero ones start a new trace', () => {
    assert.deepEqual(continueTrace(`00-${traceId}-${parentId}-01`), { traceId, parentSpanId: parentId });
    for (const header of [undefined, 'garbage', `00-${'0'.repeat(32)}-${parentId}-01`, `00-${traceId}-${'0'.repeat(16)}-01`, `00-${traceId.toUpperCase()}-${parentId}-01`, [`00-${traceId}-${parentId}-01`]]) {
      const trace = continueTrace(header);
      assert.match(trace.traceId, /^[0-9a-f]{32}$/);
      assert.notEqual(trace.traceId, traceId, JSON.stringify(header));
      assert.equal(trace.parentSpanId, undefined);
    }
    assert.equal(formatTraceparent(traceId, parentId), `00-${traceId}-${parentId}-01`);
  });
});

describe('OTLP encoding', () => {
  test('attributes are typed, absent ones left out; times are nanosecond strings', () => {
    assert.deepEqual(otlpAttributes({ a: 'x', b: 3, c: 0.5, d: true, e: undefined }), [
      { key: 'a', value: { stringValue: 'x' } }, { key: 'b', value: { intValue: '3' } },
      { key: 'c', value: { doubleValue: 0.5 } }, { key: 'd', value: { boolValue: true } },
    ]);
    const encoded = otlpSpan({ ...serverSpan(1_700_000_000_000_000), endMicros: 1_700_000_000_000_250 });
    assert.equal(encoded.startTimeUnixNano, '1700000000000000000');
    assert.equal(encoded.endTimeUnixNano, '1700000000000250000');
    assert.equal('parentSpanId' in encoded, false);
  });
});

describe('attempt spans', () => {
  test('each attempt of the router becomes a client span under the server span, one after another', () => {
    const start = 1_000_000;
    const end = start + 500_000;
    const attemptLog = JSON.stringify([{ deployment: 'a/m1', status: 'error', code: 'upstream_error', ms: 100 }, { deployment: 'b/m2', status: 'ok', ms: 50 }]);
    const [first, second] = attemptSpans(entry({ attemptLog }), serverSpan(start), end);
    assert.ok(first && second);
    assert.equal(first.parentSpanId, 'a1a1a1a1a1a1a1a1');
    assert.equal(first.traceId, traceId);
    assert.equal(first.kind, SpanKind.client);
    assert.equal(first.name, 'chat a/m1');
    assert.deepEqual([first.startMicros, first.endMicros, second.startMicros, second.endMicros], [start, start + 100_000, start + 100_000, end]);
    assert.deepEqual(first.status, { code: SpanStatus.error, message: 'upstream_error' });
    assert.equal(first.attributes['gen_ai.usage.input_tokens'], undefined, 'usage belongs to the attempt that answered');
    assert.equal(second.attributes['gen_ai.provider.name'], 'b');
    assert.equal(second.attributes['gen_ai.request.model'], 'm2');
    assert.equal(second.attributes['gen_ai.usage.input_tokens'], 12);
    assert.equal(second.attributes['qiao.model_alias'], 'smart');
    assert.deepEqual(second.status, { code: SpanStatus.ok });
    assert.notEqual(first.spanId, second.spanId);
  });

  test('without an attempt log the deployment that answered is the one attempt; a call that reached none has none', () => {
    const spans = attemptSpans(entry({ status: 'cancelled', httpStatus: 499 }), serverSpan(0), 2_000_000);
    assert.equal(spans.length, 1);
    assert.equal(spans[0]!.name, 'chat b/m2');
    assert.deepEqual(spans[0]!.status, { code: SpanStatus.unset });
    assert.deepEqual(attemptSpans(entry({ deployment: undefined, provider: undefined }), serverSpan(0), 1), []);
  });
});

describe('OtlpExporter', () => {
  const span = (name: string): Span => ({ ...serverSpan(1), name, endMicros: 2 });

  test('batches spans into one OTLP/JSON request with the resource and scope', async () => {
    const collector = await startFakeUpstream({ 'POST /v1/traces': () => ({ json: {} }) });
    const exporter = new OtlpExporter({ url: collector.url('/v1/traces'), headers: { 'x-token': 't' }, resource: { 'service.name': 'qiao' }, scope: { name: 'qiao', version: '1' }, logger: silentLogger, intervalMs: 60_000 });
    try {
      exporter.enqueue(span('one'));
      exporter.enqueue(span('two'));
      await exporter.flush();
      const [request] = collector.requestsFor('POST /v1/traces');
      assert.equal(collector.requests.length, 1);
      assert.equal(request!.headers['x-token'], 't');
      assert.equal(request!.headers['content-type'], 'application/json');
      const body = request!.body as { resourceSpans: { resource: { attributes: unknown[] }; scopeSpans: { scope: unknown; spans: { name: string }[] }[] }[] };
      assert.deepEqual(body.resourceSpans[0]!.resource.attributes, [{ key: 'service.name', value: { stringValue: 'qiao' } }]);
      assert.deepEqual(body.resourceSpans[0]!.scopeSpans[0]!.scope, { name: 'qiao', version: '1' });
      assert.deepEqual(body.resourceSpans[0]!.scopeSpans[0]!.spans.map((each) => each.name), ['one', 'two']);
    } finally {
      await exporter.close();
      await collector.close();
    }
  });

  test('a full queue drops spans instead of growing; a dead collector costs dropped spans and one log line', async () => {
    const collector = await startFakeUpstream();
    const url = collector.url('/v1/traces');
    await collector.close();
    const warnings: object[] = [];
    const logger: Logger = { ...silentLogger, warn: (object) => void warnings.push(object) };
    const exporter = new OtlpExporter({ url, headers: { authorization: 'Bearer collector-secret' }, resource: {}, scope: { name: 'qiao', version: '1' }, logger, maxQueue: 3, maxBatch: 100, intervalMs: 60_000 });
    try {
      for (let index = 0; index < 5; index++) exporter.enqueue(span(`s${index}`));
      assert.equal(exporter.dropped, 2, 'two spans did not fit');
      await exporter.flush();
      exporter.enqueue(span('again'));
      await exporter.flush();
      assert.equal(exporter.dropped, 6, 'the failed exports dropped their spans');
      assert.equal(warnings.length, 1, 'one warning for the outage');
      assert.ok(!JSON.stringify(warnings).includes('collector-secret'));
    } finally {
      await exporter.close();
    }
  });
});
