import type { Dispatcher } from 'undici';
import { UpstreamError, type GatewayError } from '../errors/index.js';
import { defaultTimeouts, type UpstreamTimeouts } from './timeouts.js';
import { describeErrorBody, readUpstreamError } from './read-upstream-error.js';
import { upstreamFailure } from './upstream-failure.js';
import { withTraceparent } from './trace-propagation.js';
import { redactCredentials } from './redact-credentials.js';

// undici (through ./agent.js) is over a hundred modules: loaded by the first upstream call, not at start-up.
type Transport = typeof import('./agent.js');
let loading: Promise<Transport> | undefined;
let loaded: Transport | undefined;
const loadTransport = () => (loading ??= import('./agent.js').then((module) => (loaded = module)));

/** One outgoing call to an upstream. */
export interface UpstreamCall {
  /** Provider instance name, for error messages. */
  provider: string;
  /** Absolute URL. */
  url: string;
  /** Request headers (auth included). */
  headers: Record<string, string>;
  /** JSON body; omitted for GET. */
  body?: unknown;
  /** HTTP method; POST when a body is given, else GET. */
  method?: 'GET' | 'POST';
  /** Aborts the call. */
  signal?: AbortSignal;
  /** Overrides of the default timeouts. */
  timeouts?: Partial<UpstreamTimeouts>;
  /** Turns an error response body into the error to report; the default reads the common shapes. */
  readError?: (status: number, headers: Dispatcher.ResponseData['headers'], bodyText: string) => GatewayError;
}

/** A successful (2xx) upstream answer whose body is still unread. */
export type UpstreamResponse = Dispatcher.ResponseData;

/**
 * Sends the call through the shared pool. Resolves with the response once a 2xx status arrives;
 * any other status, transport failure or timeout rejects with a GatewayError.
 */
export async function sendUpstream(call: UpstreamCall): Promise<UpstreamResponse> {
  // Once loaded, no await: this runs for every upstream call.
  const { agentFor } = loaded ?? await loadTransport();
  let response: UpstreamResponse;
  try {
    const { origin, path } = targetOf(call.url);
    response = await agentFor(call.timeouts?.connectMs).request({
      origin,
      path,
      method: call.method ?? (call.body === undefined ? 'GET' : 'POST'),
      headers: withTraceparent(call.body === undefined ? call.headers : { 'content-type': 'application/json', ...call.headers }),
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal: call.signal,
      headersTimeout: call.timeouts?.headersMs ?? defaultTimeouts.headersMs,
      bodyTimeout: call.timeouts?.idleMs ?? defaultTimeouts.idleMs,
    });
  } catch (error) {
    throw upstreamFailure(error, call.provider, call.signal);
  }
  if (response.statusCode >= 200 && response.statusCode < 300) return response;
  let text = '';
  try {
    text = await readCapped(response.body, 64 * 1024);
  } catch (error) {
    throw upstreamFailure(error, call.provider, call.signal);
  }
  const read = call.readError ?? ((status, headers, body) => readUpstreamError(call.provider, status, headers, body));
  throw read(response.statusCode, response.headers, redactCredentials(text, call.headers));
}

/**
 * Origin and path of each upstream URL, parsed once: undici's `request(url, …)` parses the URL and
 * copies the options on every call (~2% of a JSON request's CPU), its pool's `request` takes them as
 * they are. A deployment's URLs are few and fixed; the bound only guards against unexpected churn.
 */
const targets = new Map<string, { origin: string; path: string }>();
const maxTargets = 1_000;

function targetOf(url: string): { origin: string; path: string } {
  let target = targets.get(url);
  if (!target) {
    const parsed = new URL(url);
    target = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
    if (targets.size >= maxTargets) targets.clear();
    targets.set(url, target);
  }
  return target;
}

/** Reads a body as text, keeping at most `limit` bytes and discarding the rest. */
export async function readCapped(body: AsyncIterable<Buffer>, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    if (size < limit) chunks.push(chunk.subarray(0, limit - size));
    size += chunk.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads and parses a JSON body, as text first so a malformed body can be reported. */
export async function readBodyText(response: UpstreamResponse, provider: string, signal?: AbortSignal): Promise<string> {
  try {
    return await response.body.text();
  } catch (error) {
    throw upstreamFailure(error, provider, signal);
  }
}

/**
 * Some upstreams answer a stream request with 200 and a JSON error body instead of events.
 * Call before reading a stream: such a body becomes the GatewayError it describes.
 */
export async function rejectJsonInsteadOfStream(response: UpstreamResponse, provider: string, signal?: AbortSignal): Promise<void> {
  const type = response.headers['content-type'];
  if (typeof type !== 'string' || !type.includes('application/json')) return;
  const text = await readBodyText(response, provider, signal);
  const { message, code } = describeErrorBody(text);
  throw new UpstreamError(`Upstream ${provider} answered a stream request with JSON instead of events: ${message ?? text.slice(0, 200)}`, 502, false, {
    provider, upstreamStatus: response.statusCode, upstreamCode: code,
  });
}
