import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFixture, startFakeUpstream, type FakeUpstream } from '../../test/support/fake-upstream.js';
import {
  AuthenticationError, ClientClosedError, GatewayError, InvalidRequestError, ModelNotFoundError, PermissionDeniedError,
  RateLimitError, UpstreamConnectionError, UpstreamError, UpstreamTimeoutError, upstreamErrorFromStatus,
} from '../errors/index.js';
import { readCapped, sendUpstream } from './post-json.js';
import { describeErrorBody, readUpstreamError, retryAfterSeconds } from './read-upstream-error.js';
import { upstreamFailure } from './upstream-failure.js';

const fixturesDir = new URL('../providers/openai-compatible/__fixtures__/', import.meta.url);
const fixture = (name: string): string => readFixture(fixturesDir, name);

describe('describeErrorBody', () => {
  it('reads OpenAI\'s {"error":{message,code}}', () => {
    assert.deepEqual(describeErrorBody(fixture('openai-invalid-key.json')), {
      message: 'Incorrect API key provided: sk-VKMI***wjh3. You can find your API key at https://platform.openai.com/account/api-keys.',
      code: 'invalid_api_key',
    });
  });

  it('reads Zhipu\'s string business code and Chinese message', () => {
    assert.deepEqual(describeErrorBody(fixture('zhipu-error.json')), { message: '模型不存在，请检查模型代码。', code: '1211' });
  });

  it('reads Qianfan and Ark bodies', () => {
    assert.deepEqual(describeErrorBody(fixture('qianfan-error.json')), { message: 'Invalid Argument', code: 'malformed_json' });
    const ark = describeErrorBody(fixture('ark-error.json'));
    assert.equal(ark.code, 'InvalidEndpointOrModel.NotFound');
    assert.match(ark.message ?? '', /^The model or endpoint doubao-seed-1-6-nonexistent does not exist/);
  });

  it('reads DashScope native {code,message}, {error:"…"}, {msg}, {detail} and numeric codes', () => {
    assert.deepEqual(
      describeErrorBody('{"code":"InvalidApiKey","message":"Invalid API-key provided.","request_id":"01415ff3"}'),
      { message: 'Invalid API-key provided.', code: 'InvalidApiKey' },
    );
    assert.deepEqual(describeErrorBody('{"error":"model \\"x\\" not found"}'), { message: 'model "x" not found' });
    assert.deepEqual(describeErrorBody('{"code":500,"msg":"服务繁忙"}'), { message: '服务繁忙', code: '500' });
    assert.deepEqual(describeErrorBody('{"detail":"Not Found"}'), { message: 'Not Found', code: undefined });
  });

  it('falls back to the error type when the code is null', () => {
    assert.deepEqual(
      describeErrorBody('{"error":{"message":"The server had an error","type":"server_error","param":null,"code":null}}'),
      { message: 'The server had an error', code: 'server_error' },
    );
  });

  it('keeps a non-JSON body as the message, trimmed and capped', () => {
    assert.deepEqual(describeErrorBody('  <html><body>502 Bad Gateway</body></html>\n'), { message: '<html><body>502 Bad Gateway</body></html>' });
    assert.equal(describeErrorBody('x'.repeat(2000)).message?.length, 500);
    assert.deepEqual(describeErrorBody(''), { message: undefined });
    assert.deepEqual(describeErrorBody('   '), { message: undefined });
  });

  it('copes with JSON that is not an object', () => {
    assert.deepEqual(describeErrorBody('null'), { message: undefined, code: undefined });
    assert.deepEqual(describeErrorBody('42'), { message: undefined, code: undefined });
    assert.deepEqual(describeErrorBody('"busy"'), { message: undefined, code: undefined });
  });
});

describe('retryAfterSeconds', () => {
  it('reads retry-after in seconds', () => {
    assert.equal(retryAfterSeconds({ 'retry-after': '7' }), 7);
    assert.equal(retryAfterSeconds({ 'retry-after': '0' }), 0);
    assert.equal(retryAfterSeconds({ 'retry-after': '1.2' }), 2);
  });

  it('prefers retry-after-ms, rounded up to whole seconds', () => {
    assert.equal(retryAfterSeconds({ 'retry-after-ms': '1500', 'retry-after': '9' }), 2);
    assert.equal(retryAfterSeconds({ 'retry-after-ms': '7000' }), 7);
  });

  it('reads an HTTP date', () => {
    const seconds = retryAfterSeconds({ 'retry-after': new Date(Date.now() + 120_000).toUTCString() });
    assert.ok(seconds !== undefined && seconds > 60 && seconds <= 120, String(seconds));
    assert.equal(retryAfterSeconds({ 'retry-after': new Date(Date.now() - 60_000).toUTCString() }), 0);
  });

  it('is undefined when absent or unreadable', () => {
    assert.equal(retryAfterSeconds({}), undefined);
    assert.equal(retryAfterSeconds({ 'retry-after': 'soon' }), undefined);
  });
});

describe('readUpstreamError', () => {
  it('maps the OpenAI 401 fixture to AuthenticationError with the upstream message', () => {
    const error = readUpstreamError('openai', 401, {}, fixture('openai-invalid-key.json'));
    assert.ok(error instanceof AuthenticationError);
    assert.equal(error.status, 401);
    assert.equal(error.code, 'invalid_api_key');
    assert.equal(error.retryable, false);
    assert.match(error.message, /^Upstream openai answered 401: Incorrect API key provided: sk-VKMI\*\*\*wjh3\./);
    assert.equal(error.provider, 'openai');
    assert.equal(error.upstreamStatus, 401);
    assert.equal(error.upstreamCode, 'invalid_api_key');
  });

  it('maps 429 to a retryable RateLimitError with retry-after (seconds or ms)', () => {
    const body = '{"error":{"message":"Rate limit reached for gpt-4o-mini","type":"requests","code":"rate_limit_exceeded"}}';
    const error = readUpstreamError('openai', 429, { 'retry-after': '7' }, body);
    assert.ok(error instanceof RateLimitError);
    assert.equal(error.status, 429);
    assert.equal(error.retryable, true);
    assert.equal(error.retryAfterSeconds, 7);
    assert.equal(error.upstreamCode, 'rate_limit_exceeded');
    assert.match(error.message, /Rate limit reached/);
    const fromMs = readUpstreamError('openai', 429, { 'retry-after-ms': '2500' }, body);
    assert.equal(fromMs.retryAfterSeconds, 3);
    assert.equal(readUpstreamError('openai', 429, {}, body).retryAfterSeconds, undefined);
  });

  for (const [upstreamStatus, status] of [[500, 502], [502, 502], [503, 503], [504, 502], [529, 503]] as const) {
    it(`maps ${upstreamStatus} to a retryable ${status}`, () => {
      const error = readUpstreamError('dashscope', upstreamStatus, { 'retry-after': '3' }, '{"code":"InternalError","message":"An internal error has occured"}');
      assert.ok(error instanceof UpstreamError);
      assert.equal(error.status, status);
      assert.equal(error.retryable, true);
      assert.equal(error.code, 'upstream_error');
      assert.equal(error.upstreamStatus, upstreamStatus);
      assert.equal(error.upstreamCode, 'InternalError');
      assert.equal(error.retryAfterSeconds, 3);
      assert.match(error.message, new RegExp(`^Upstream dashscope answered ${upstreamStatus}: An internal error has occured$`));
    });
  }

  it('maps the Zhipu string-code body (400) to InvalidRequestError keeping message and code', () => {
    const error = readUpstreamError('zhipu', 400, {}, fixture('zhipu-error.json'));
    assert.ok(error instanceof InvalidRequestError);
    assert.equal(error.status, 400);
    assert.equal(error.retryable, false);
    assert.equal(error.message, 'Upstream zhipu answered 400: 模型不存在，请检查模型代码。');
    assert.equal(error.upstreamCode, '1211');
    assert.equal(error.upstreamStatus, 400);
    assert.equal(error.provider, 'zhipu');
  });

  it('maps the Qianfan (400) and Ark (404) bodies', () => {
    const qianfan = readUpstreamError('qianfan', 400, {}, fixture('qianfan-error.json'));
    assert.ok(qianfan instanceof InvalidRequestError);
    assert.equal(qianfan.message, 'Upstream qianfan answered 400: Invalid Argument');
    assert.equal(qianfan.upstreamCode, 'malformed_json');
    const ark = readUpstreamError('ark', 404, {}, fixture('ark-error.json'));
    assert.ok(ark instanceof ModelNotFoundError);
    assert.equal(ark.status, 404);
    assert.equal(ark.code, 'model_not_found');
    assert.equal(ark.upstreamCode, 'InvalidEndpointOrModel.NotFound');
    assert.match(ark.message, /doubao-seed-1-6-nonexistent does not exist/);
  });

  it('uses a non-JSON body as the message, and the status when the body is empty', () => {
    const html = readUpstreamError('vllm', 502, {}, '<html><head><title>502 Bad Gateway</title></head></html>');
    assert.ok(html instanceof UpstreamError);
    assert.equal(html.status, 502);
    assert.equal(html.message, 'Upstream vllm answered 502: <html><head><title>502 Bad Gateway</title></head></html>');
    assert.equal(html.upstreamCode, undefined);
    assert.equal(readUpstreamError('vllm', 500, {}, '').message, 'Upstream vllm answered 500: HTTP 500');
  });
});

describe('upstreamErrorFromStatus', () => {
  const cases: Array<[number, new (...args: never[]) => GatewayError, number, boolean]> = [
    [400, InvalidRequestError, 400, false],
    [401, AuthenticationError, 401, false],
    [402, PermissionDeniedError, 403, false],
    [403, PermissionDeniedError, 403, false],
    [404, ModelNotFoundError, 404, false],
    [408, UpstreamError, 502, true],
    [409, UpstreamError, 502, true],
    [413, InvalidRequestError, 400, false],
    [422, InvalidRequestError, 400, false],
    [429, RateLimitError, 429, true],
    [500, UpstreamError, 502, true],
    [503, UpstreamError, 503, true],
  ];
  for (const [upstreamStatus, type, status, retryable] of cases) {
    it(`${upstreamStatus} → ${type.name} ${status}${retryable ? ', retryable' : ''}`, () => {
      const error = upstreamErrorFromStatus(upstreamStatus, 'boom', { provider: 'p', upstreamStatus, upstreamCode: 'c' });
      assert.ok(error instanceof type);
      assert.equal(error.status, status);
      assert.equal(error.retryable, retryable);
      assert.equal(error.message, 'boom');
      assert.equal(error.provider, 'p');
      assert.equal(error.upstreamStatus, upstreamStatus);
      assert.equal(error.upstreamCode, 'c');
    });
  }
});

describe('upstreamFailure', () => {
  const withCode = (code: string): Error => Object.assign(new Error(code), { code });

  it('turns connection failures into a retryable UpstreamConnectionError', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'UND_ERR_SOCKET']) {
      const error = upstreamFailure(withCode(code), 'deepseek');
      assert.ok(error instanceof UpstreamConnectionError, code);
      assert.equal(error.status, 502);
      assert.equal(error.retryable, true);
      assert.equal(error.code, 'upstream_unreachable');
      assert.equal(error.provider, 'deepseek');
      assert.match(error.message, new RegExp(code));
    }
  });

  it('finds the code on a nested cause', () => {
    const error = upstreamFailure(new TypeError('fetch failed', { cause: withCode('ECONNREFUSED') }), 'x');
    assert.ok(error instanceof UpstreamConnectionError);
  });

  it('turns timeouts into a retryable UpstreamTimeoutError (504)', () => {
    const headers = upstreamFailure(withCode('UND_ERR_HEADERS_TIMEOUT'), 'x');
    assert.ok(headers instanceof UpstreamTimeoutError);
    assert.equal(headers.status, 504);
    assert.equal(headers.retryable, true);
    assert.match(headers.message, /did not answer in time/);
    assert.match(upstreamFailure(withCode('UND_ERR_BODY_TIMEOUT'), 'x').message, /stopped sending data/);
  });

  it('reports an aborted call as ClientClosedError, whatever was thrown', () => {
    const controller = new AbortController();
    controller.abort();
    const error = upstreamFailure(withCode('ECONNRESET'), 'x', controller.signal);
    assert.ok(error instanceof ClientClosedError);
    assert.equal(error.status, 499);
  });

  it('passes GatewayErrors through and wraps anything else as a non-retryable 502', () => {
    const original = new RateLimitError('slow down');
    assert.equal(upstreamFailure(original, 'x'), original);
    const other = upstreamFailure(new Error('weird'), 'x');
    assert.ok(other instanceof UpstreamError);
    assert.equal(other.status, 502);
    assert.equal(other.retryable, false);
    assert.equal(other.message, 'Upstream x failed: weird');
  });
});

describe('sendUpstream against a fake upstream', () => {
  let upstream: FakeUpstream;
  before(async () => {
    upstream = await startFakeUpstream({
      'POST /ok': (request) => ({ json: { received: request.body, contentType: request.headers['content-type'] } }),
      'GET /ok': (request) => ({ json: { method: request.method, length: request.headers['content-length'] ?? null } }),
      'POST /401': () => ({ status: 401, json: JSON.parse(fixture('openai-invalid-key.json')) }),
      'POST /429': () => ({ status: 429, headers: { 'retry-after': '7' }, json: { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } } }),
      'POST /429ms': () => ({ status: 429, headers: { 'retry-after-ms': '1200' }, json: { error: { message: 'slow', code: null } } }),
      'POST /500': () => ({ status: 500, json: { error: { message: 'The server had an error', type: 'server_error', param: null, code: null } } }),
      'POST /503': () => ({ status: 503, headers: { 'content-type': 'text/html' }, raw: '<html>Service Unavailable</html>' }),
      'POST /zhipu': () => ({ status: 400, headers: { 'content-type': 'application/json' }, raw: fixture('zhipu-error.json') }),
      'POST /big': () => ({ status: 500, headers: { 'content-type': 'text/plain' }, raw: ['a'.repeat(40_000), 'b'.repeat(40_000), 'c'.repeat(40_000)] }),
    });
  });
  after(() => upstream.close());

  it('resolves a 2xx with the unread body, sending JSON with a content type', async () => {
    const response = await sendUpstream({ provider: 'fake', url: upstream.url('/ok'), headers: { authorization: 'Bearer k' }, body: { a: '你好' } });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(await response.body.json(), { received: { a: '你好' }, contentType: 'application/json' });
    assert.equal(upstream.requests.at(-1)?.headers.authorization, 'Bearer k');
  });

  it('uses GET without a body', async () => {
    const response = await sendUpstream({ provider: 'fake', url: upstream.url('/ok'), headers: {} });
    assert.deepEqual(await response.body.json(), { method: 'GET', length: null });
  });

  async function rejection(path: string): Promise<GatewayError> {
    try {
      const response = await sendUpstream({ provider: 'fake', url: upstream.url(path), headers: {}, body: {} });
      await response.body.dump();
    } catch (error) {
      assert.ok(error instanceof GatewayError, String(error));
      return error;
    }
    assert.fail(`${path} did not reject`);
  }

  it('401 → AuthenticationError with the upstream message', async () => {
    const error = await rejection('/401');
    assert.ok(error instanceof AuthenticationError);
    assert.match(error.message, /^Upstream fake answered 401: Incorrect API key provided/);
    assert.equal(error.upstreamCode, 'invalid_api_key');
  });

  it('429 with retry-after: 7 → RateLimitError, retryAfterSeconds 7; retry-after-ms also read', async () => {
    const error = await rejection('/429');
    assert.ok(error instanceof RateLimitError);
    assert.equal(error.retryAfterSeconds, 7);
    assert.equal(error.retryable, true);
    assert.equal((await rejection('/429ms')).retryAfterSeconds, 2);
  });

  it('500 → retryable 502; 503 with an HTML body → retryable 503', async () => {
    const server = await rejection('/500');
    assert.ok(server instanceof UpstreamError);
    assert.equal(server.status, 502);
    assert.equal(server.retryable, true);
    assert.equal(server.upstreamCode, 'server_error');
    const unavailable = await rejection('/503');
    assert.equal(unavailable.status, 503);
    assert.equal(unavailable.retryable, true);
    assert.equal(unavailable.message, 'Upstream fake answered 503: <html>Service Unavailable</html>');
  });

  it('Zhipu 400 → InvalidRequestError with the Chinese message and code', async () => {
    const error = await rejection('/zhipu');
    assert.ok(error instanceof InvalidRequestError);
    assert.equal(error.message, 'Upstream fake answered 400: 模型不存在，请检查模型代码。');
    assert.equal(error.upstreamCode, '1211');
  });

  it('reads at most 64 KiB of an error body', async () => {
    const error = await rejection('/big');
    assert.equal(error.status, 502);
    assert.ok(error.message.length < 1_000, 'message capped');
  });

  it('uses a custom readError when given', async () => {
    await assert.rejects(
      sendUpstream({
        provider: 'fake', url: upstream.url('/401'), headers: {}, body: {},
        readError: (status, _headers, body) => new InvalidRequestError(`custom ${status} ${JSON.parse(body).error.code}`),
      }),
      (error: unknown) => error instanceof InvalidRequestError && error.message === 'custom 401 invalid_api_key',
    );
  });

  it('an already aborted signal → ClientClosedError', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      sendUpstream({ provider: 'fake', url: upstream.url('/ok'), headers: {}, body: {}, signal: controller.signal }),
      (error: unknown) => error instanceof ClientClosedError,
    );
  });

  it('a refused connection → retryable UpstreamConnectionError', async () => {
    const closed = await startFakeUpstream();
    const url = closed.url('/ok');
    await closed.close();
    await assert.rejects(
      sendUpstream({ provider: 'gone', url, headers: {}, body: {} }),
      (error: unknown) => error instanceof UpstreamConnectionError && error.retryable && error.status === 502 && /ECONNREFUSED/.test(error.message),
    );
  });
});

describe('readCapped', () => {
  it('keeps only the first `limit` bytes and drains the rest', async () => {
    let yielded = 0;
    async function* body(): AsyncGenerator<Buffer> {
      for (const part of ['hello ', 'wor', 'ld and more']) {
        yielded++;
        yield Buffer.from(part);
      }
    }
    assert.equal(await readCapped(body(), 9), 'hello wor');
    assert.equal(yielded, 3);
  });
});
