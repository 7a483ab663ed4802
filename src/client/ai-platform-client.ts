import { readSseData } from './read-sse.js';

/** A chat message as the AI-platform API takes it. */
export interface PlatformMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** One event of a streamed answer: the new text (`chunk`) and the text so far (`full_text`). */
export interface PlatformStreamEvent {
  type: 'chunk' | 'done' | 'interrupt' | 'error';
  chunk: string;
  full_text: string;
  [field: string]: unknown;
}

/** Called per event with the event, its new text and the text so far (the seed's `(data, chunk_text, full_text)`). */
export type ChunkCallback = (data: PlatformStreamEvent, chunkText: string, fullText: string) => void;

/** Options of a call. */
export interface CallOptions {
  parameters?: Record<string, unknown>;
  /** Called for every event of a streamed call. */
  callback?: ChunkCallback;
  signal?: AbortSignal;
}

/** Client options. */
export interface AIPlatformClientOptions {
  /** Default: `AI_PLATFORM_BASE_URL` or http://localhost:8000. */
  baseUrl?: string;
  /** Sent as `Authorization: Bearer …` when the gateway key is on. */
  apiKey?: string;
}

/** An error answer of the gateway (`detail`, `error.code`) or an in-stream failure. */
export class AIPlatformError extends Error {
  constructor(message: string, readonly status: number, readonly code?: string) {
    super(message);
    this.name = 'AIPlatformError';
  }
}

/** A streamed answer: iterate it for events, or await `text()` (which runs the callback) for the full text. */
export interface PlatformStream extends AsyncIterable<PlatformStreamEvent> {
  /** Reads to the end; resolves with the full text. */
  text(): Promise<string>;
}

/** The seed 001 client ("AI中台"): services, chat and workflows, streamed or not, plus seed 000's heartbeat. */
export class AIPlatformClient {
  readonly baseUrl: string;
  private readonly apiKey?: string;

  constructor(options: AIPlatformClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? process.env.AI_PLATFORM_BASE_URL ?? 'http://localhost:8000').replace(/\/+$/, '');
    this.apiKey = options.apiKey;
  }

  /** `GET /ai/services`, optionally of one type (chat, workflow, embedding). */
  async listServices(serviceType?: string): Promise<Record<string, unknown>[]> {
    const query = serviceType ? `?service_type=${encodeURIComponent(serviceType)}` : '';
    const body = await this.json(await this.request('GET', `/ai/services${query}`)) as { services: Record<string, unknown>[] };
    return body.services;
  }

  /** `POST /ai/chat`. */
  async chat(serviceName: string, messages: PlatformMessage[], options: CallOptions = {}): Promise<Record<string, unknown>> {
    return this.json(await this.request('POST', '/ai/chat', { service_type: 'chat', service_name: serviceName, messages, parameters: options.parameters ?? {}, stream: false }, options.signal));
  }

  /** `POST /ai/chat/stream`: iterate it, or `await (…).text()` for the full text. */
  streamChat(serviceName: string, messages: PlatformMessage[], options: CallOptions = {}): PlatformStream {
    return this.stream('/ai/chat/stream', { service_type: 'chat', service_name: serviceName, messages, parameters: options.parameters ?? {}, stream: true }, options);
  }

  /** `POST /ai/workflow`. */
  async workflow(serviceName: string, options: CallOptions = {}): Promise<Record<string, unknown>> {
    return this.json(await this.request('POST', '/ai/workflow', { service_type: 'workflow', service_name: serviceName, parameters: options.parameters ?? {}, stream: false }, options.signal));
  }

  /** `POST /ai/workflow/stream`. */
  streamWorkflow(serviceName: string, options: CallOptions = {}): PlatformStream {
    return this.stream('/ai/workflow/stream', { service_type: 'workflow', service_name: serviceName, parameters: options.parameters ?? {}, stream: true }, options);
  }

  /** Calls `GET /heartbeat` every `intervalSeconds` (seed 000's sidecar); returns a function that stops it. */
  startHeartbeat(intervalSeconds = 60): () => void {
    const beat = () => void this.request('GET', '/heartbeat').then((response) => response.arrayBuffer()).catch(() => undefined);
    beat();
    const timer = setInterval(beat, intervalSeconds * 1000);
    timer.unref?.();
    return () => clearInterval(timer);
  }

  private stream(path: string, body: unknown, options: CallOptions): PlatformStream {
    const events = async function* (this: AIPlatformClient): AsyncGenerator<PlatformStreamEvent> {
      const response = await this.request('POST', path, body, options.signal);
      if (!response.ok) await this.json(response);
      for await (const data of readSseData(response.body!)) {
        if (data === '[DONE]') return;
        const event = JSON.parse(data) as PlatformStreamEvent;
        if (event.type === 'error') {
          const error = event.error as { message?: string; code?: string } | undefined;
          throw new AIPlatformError(error?.message ?? 'The stream failed.', 200, error?.code);
        }
        options.callback?.(event, event.chunk ?? '', event.full_text ?? '');
        yield event;
      }
    }.bind(this);
    return {
      [Symbol.asyncIterator]: () => events(),
      async text() {
        let full = '';
        for await (const event of events()) full = event.full_text ?? full;
        return full;
      },
    };
  }

  private request(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.apiKey) headers.authorization = `Bearer ${this.apiKey}`;
    return fetch(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  }

  private async json(response: Response): Promise<Record<string, unknown>> {
    const text = await response.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // not JSON: reported below
    }
    if (!response.ok) {
      const error = parsed.error as { message?: string; code?: string } | undefined;
      throw new AIPlatformError(error?.message ?? (typeof parsed.detail === 'string' ? parsed.detail : `HTTP ${response.status}`), response.status, error?.code);
    }
    return parsed;
  }
}
