import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.js';
import { openAIChunks, openAICompletion } from '../support/sse-events.js';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';
import { answerText, answerWords, startFaultyUpstream } from './fault-upstream.js';

/** What the client saw. */
interface Seen { status: number; attempts: string; retryAfter: string | null; text: string }

/** The streamed text of an OpenAI SSE body, and whether it ended with [DONE]. */
function streamed(body: string): { text: string; done: boolean; error?: { code: string; message: string } } {
  let text = '';
  let done = false;
  let error: { code: string; message: string } | undefined;
  for (const line of body.split('\n')) {
    if (!line.startsWith('data: ')) continue;
    const data = line.slice(6);
    if (data === '[DONE]') done = true;
    else {
      const payload = JSON.parse(data) as { choices?: { delta?: { content?: string } }[]; error?: { code: string; message: string } };
      text += payload.choices?.[0]?.delta?.content ?? '';
      error ??= payload.error;
    }
  }
  return { text, done, ...(error && { error }) };
}

// Each fault once, through the OpenAI front door (and Anthropic's where streams break): what the
// client sees, what was retried (x-qiao-attempts, the upstream's request count), which deployment answered.
describe('fault injection: one faulty upstream, one steady one', () => {
  let faulty: FakeUpstream;
  let steady: FakeUpstream;
  let qiao: RunningGateway;
  const waits: number[] = [];

  before(async () => {
    faulty = await startFaultyUpstream();
    steady = await startFakeUpstream({
      'POST /v1/chat/completions': (request) => ((request.body as { stream?: boolean }).stream ? { sse: openAIChunks(answerWords) } : { json: openAICompletion(answerText) }),
    });
    qiao = await startGateway({
      providers: {
        flaky: { type: 'openai-compatible', baseUrl: `${faulty.baseUrl}/v1`, apiKey: 'sk-flaky', models: ['m'], timeouts: { headersMs: 400, firstByteMs: 400 } },
        steady: { type: 'openai-compatible', baseUrl: `${steady.baseUrl}/v1`, apiKey: 'sk-steady', models: ['m'] },
      },
      aliases: {
        pair: ['flaky/m', 'steady/m'],
        patient: { maxAttemptsPerDeployment: 4, deployments: [{ target: 'flaky/m' }] },
      },
      routing: { maxAttemptsPerDeployment: 2, baseDelayMs: 10, maxDelayMs: 50, maxRetryAfterMs: 5000, breaker: { consecutiveFailures: 1000, minimumRequests: 1_000_000 } },
    }, {}, { gateway: { router: { sleep: async (ms) => { waits.push(ms); } } } });
  });
  after(async () => {
    await qiao?.close();
    await Promise.all([faulty?.close(), steady?.close()]);
  });

  async function chat(model: string, prompt: string, stream = false, path = '/v1/chat/completions', requestId?: string): Promise<Seen> {
    const body = path === '/v1/messages'
      ? { model, max_tokens: 50, stream, messages: [{ role: 'user', content: prompt }] }
      : { model, stream, messages: [{ role: 'user', content: prompt }] };
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(requestId && { 'x-request-id': requestId }) };
    const response = await fetch(`${qiao.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: response.status, attempts: response.headers.get('x-qiao-attempts') ?? '', retryAfter: response.headers.get('retry-after'), text: await response.text() };
  }
  const tries = (seen: Seen) => seen.attempts.split(', ').map((attempt) => attempt.replace(/;\d+ms$/, ''));
  const faultyCalls = () => faulty.requestsFor('POST /v1/chat/completions').length;
  /** The usage log entry of a request, once it is written (a stream's is written as it ends, just after the client saw it end). */
  async function logEntry(requestId: string) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      await qiao.gateway.usage.flush();
      const entry = (await qiao.gateway.storage.requestLog.recent(50)).find((candidate) => candidate.requestId === requestId);
      if (entry) return entry;
      if (Date.now() > deadline) throw new Error(`no usage log entry for ${requestId}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  test('429 with a retry-after within the cap: Qiao waits exactly that long (the computed delay), then the same deployment answers', async () => {
    waits.length = 0;
    const seen = await chat('flaky/m', '429 1 once-a');
    assert.equal(seen.status, 200);
    assert.deepEqual(tries(seen), ['flaky/m;429', 'flaky/m;200']);
    assert.deepEqual(waits, [1000], 'the wait is the retry-after, not the (shorter) jittered backoff');
  });

  test('429 with a retry-after beyond the cap: no wait, the next deployment answers; alone, the client gets the 429 and its retry-after', async () => {
    waits.length = 0;
    const fallback = await chat('pair', '429 60 once-b');
    assert.equal(fallback.status, 200);
    assert.deepEqual(tries(fallback), ['flaky/m;429', 'steady/m;200']);
    assert.deepEqual(waits, []);
    const alone = await chat('flaky/m', '429 60 once-c');
    assert.equal(alone.status, 429);
    assert.equal(alone.retryAfter, '60');
    assert.deepEqual(tries(alone), ['flaky/m;429']);
    assert.equal((JSON.parse(alone.text) as { error: { type: string } }).error.type, 'rate_limit_error');
  });

  test('500 and 503: retried with backoff on the same deployment, then the next answers; alone, the client gets the failure', async () => {
    for (const fault of ['500', '503']) {
      waits.length = 0;
      const before = faultyCalls();
      const seen = await chat('pair', fault, true);
      assert.equal(seen.status, 200);
      assert.deepEqual(tries(seen), [`flaky/m;${fault}`, `flaky/m;${fault}`, 'steady/m;200']);
      assert.equal(faultyCalls() - before, 2);
      assert.equal(waits.length, 1);
      assert.ok(waits[0]! >= 0 && waits[0]! <= 50, `backoff ${waits[0]} within maxDelayMs`);
      assert.deepEqual(streamed(seen.text), { text: answerText, done: true });
    }
    const alone = await chat('flaky/m', '503');
    assert.equal(alone.status, 503);
    assert.equal((JSON.parse(alone.text) as { error: { type: string } }).error.type, 'server_error');
  });

  test('a connection reset before the headers: retried, then the next deployment answers', async () => {
    const seen = await chat('pair', 'reset');
    assert.equal(seen.status, 200);
    assert.deepEqual(tries(seen), ['flaky/m;unreachable', 'flaky/m;unreachable', 'steady/m;200']);
    assert.equal((JSON.parse(seen.text) as { choices: { message: { content: string } }[] }).choices[0]!.message.content, answerText);
  });

  test('an upstream that hangs: no headers (headersMs), or headers and then silence (firstByteMs); each try times out, the next deployment answers', async () => {
    for (const [fault, stream] of [['hang', false], ['hang', true], ['silent', true]] as const) {
      const seen = await chat('pair', fault, stream);
      assert.equal(seen.status, 200, `${fault} stream=${stream}`);
      assert.deepEqual(tries(seen), ['flaky/m;timeout', 'flaky/m;timeout', 'steady/m;200'], `${fault} stream=${stream}`);
    }
    const alone = await chat('flaky/m', 'silent', true);
    assert.equal(alone.status, 504, 'before the first byte a timeout is an HTTP error, not a stream');
    assert.equal((JSON.parse(alone.text) as { error: { code: string } }).error.code, 'upstream_timeout');
  });

  test('a slow drip is relayed in order, complete, with one try', async () => {
    const seen = await chat('flaky/m', 'drip', true);
    assert.equal(seen.status, 200);
    assert.deepEqual(tries(seen), ['flaky/m;200']);
    assert.deepEqual(streamed(seen.text), { text: answerText, done: true });
  });

  test('a stream dropped mid-way ends with an in-band error (OpenAI and Anthropic shapes), never a fake finish; no retry after the first byte; the usage log says error', async () => {
    const before = faultyCalls();
    const openai = await chat('flaky/m', 'drop', true, '/v1/chat/completions', 'fault-drop-1');
    assert.equal(openai.status, 200);
    assert.deepEqual(tries(openai), ['flaky/m;200']);
    const result = streamed(openai.text);
    assert.equal(result.done, false, 'no [DONE] after a cut');
    assert.ok(!openai.text.includes('"finish_reason":"stop"'));
    assert.ok(result.error, 'an in-band error object ends the stream');
    assert.ok(answerText.startsWith(result.text) && result.text.length > 0, 'the text that arrived before the cut');
    assert.equal(faultyCalls() - before, 1);

    const anthropic = await chat('flaky/m', 'drop', true, '/v1/messages');
    assert.equal(anthropic.status, 200);
    const events = anthropic.text.split('\n').filter((line) => line.startsWith('event: ')).map((line) => line.slice(7));
    assert.equal(events.at(-1), 'error');
    assert.ok(!events.includes('message_stop'));

    const entry = await logEntry('fault-drop-1');
    assert.deepEqual([entry.status, entry.errorCode, entry.deployment], ['error', result.error.code, 'flaky/m']);
  });

  test('a malformed chunk mid-stream ends the stream with an in-band error', async () => {
    const seen = await chat('flaky/m', 'malformed', true);
    assert.equal(seen.status, 200);
    const result = streamed(seen.text);
    assert.equal(result.done, false);
    assert.ok(result.error, seen.text);
    assert.equal(result.text, answerWords[0]);
  });

  test('50 MB bodies: an error page is read only in part and the call falls back; a 50 MB non-JSON answer is a 502, not a crash', async () => {
    const error = await chat('pair', 'big-error');
    assert.equal(error.status, 200);
    assert.deepEqual(tries(error), ['flaky/m;500', 'flaky/m;500', 'steady/m;200']);
    const junk = await chat('flaky/m', 'big-junk');
    assert.equal(junk.status, 502);
    assert.deepEqual(tries(junk), ['flaky/m;502'], 'unreadable is not retryable: one try');
    assert.equal((JSON.parse(junk.text) as { error: { code: string } }).error.code, 'upstream_protocol_error');
  });

  test('an upstream that recovers after N failures is retried until it does (alias maxAttemptsPerDeployment: 4)', async () => {
    const seen = await chat('patient', 'recover 3 key-d', true);
    assert.equal(seen.status, 200);
    assert.deepEqual(tries(seen), ['flaky/m;503', 'flaky/m;503', 'flaky/m;503', 'flaky/m;200']);
    assert.equal(streamed(seen.text).text, answerText);
    const impatient = await chat('flaky/m', 'recover 3 key-e');
    assert.equal(impatient.status, 503, 'two tries (the routing default) are not enough');
  });

  test('a client that disconnects mid-stream: the upstream connection closes at once, and the call is recorded cancelled', async () => {
    const controller = new AbortController();
    const closed = faulty.waitForClientClose();
    const response = await fetch(`${qiao.url}/v1/chat/completions`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'fault-cancel-1' }, signal: controller.signal,
      body: JSON.stringify({ model: 'flaky/m', stream: true, messages: [{ role: 'user', content: 'stall' }] }),
    });
    const reader = response.body!.getReader();
    const first = await reader.read();
    assert.match(Buffer.from(first.value!).toString(), /data: /);
    const abortedAt = performance.now();
    controller.abort();
    let guard: NodeJS.Timeout | undefined;
    await Promise.race([closed, new Promise((_resolve, reject) => { guard = setTimeout(() => reject(new Error('the upstream connection was not closed within 10 s')), 10_000); })]);
    clearTimeout(guard);
    const elapsed = performance.now() - abortedAt;
    assert.ok(elapsed < 10_000, `upstream closed ${elapsed.toFixed(1)} ms after the client left`);
    assert.equal((await logEntry('fault-cancel-1')).status, 'cancelled');
  });
});

describe('fault injection: with two deployments of which one always fails, every request succeeds', () => {
  test('200 concurrent requests, weighted 1:1 over a resetting and a steady deployment: 100% answered; the broken one is cut off by its breaker', async () => {
    const faulty = await startFaultyUpstream();
    const steady = await startFakeUpstream({ 'POST /v1/chat/completions': () => ({ json: openAICompletion(answerText) }) });
    const qiao = await startGateway({
      providers: {
        broken: { type: 'openai-compatible', baseUrl: `${faulty.baseUrl}/v1`, apiKey: 'k', models: ['m'] },
        steady: { type: 'openai-compatible', baseUrl: `${steady.baseUrl}/v1`, apiKey: 'k', models: ['m'] },
      },
      aliases: { both: { strategy: 'weighted', deployments: [{ target: 'broken/m' }, { target: 'steady/m' }] } },
      routing: { maxAttemptsPerDeployment: 2, breaker: { consecutiveFailures: 5, halfOpenAfterMs: 60_000 } },
    }, {}, { gateway: { router: { sleep: async () => undefined } } });
    try {
      const statuses: number[] = [];
      for (let batch = 0; batch < 10; batch++) {
        statuses.push(...await Promise.all(Array.from({ length: 20 }, async () => {
          const response = await fetch(`${qiao.url}/v1/chat/completions`, {
            method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'both', messages: [{ role: 'user', content: 'reset' }] }),
          });
          await response.arrayBuffer();
          return response.status;
        })));
      }
      assert.equal(statuses.length, 200);
      assert.deepEqual([...new Set(statuses)], [200]);
      const broken = qiao.gateway.router.snapshot().find((entry) => entry.deployment === 'broken/m');
      assert.equal(broken?.circuit, 'open');
      const brokenCalls = faulty.requestsFor('POST /v1/chat/completions').length;
      assert.ok(brokenCalls < 60, `the open circuit spared the broken upstream: ${brokenCalls} calls for 200 requests`);
    } finally {
      await qiao.close();
      await Promise.all([faulty.close(), steady.close()]);
    }
  });
});
