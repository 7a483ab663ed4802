import { createParser } from 'eventsource-parser';

/** Feeds each SSE `data:` payload of a response body to `onData`, until the body ends or the signal aborts the fetch. */
export async function readSse(response: Response, onData: (data: string) => void): Promise<void> {
  if (!response.body) return;
  const parser = createParser({ onEvent: (event) => onData(event.data) });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
}

/** A warning Qiao reports in `x-qiao-warnings`. */
export interface GatewayWarning {
  code: string;
  param?: string;
  message: string;
}

/** The warnings of a response (`x-qiao-warnings`, JSON), or none. */
export function responseWarnings(response: Response): GatewayWarning[] {
  const header = response.headers.get('x-qiao-warnings');
  if (!header) return [];
  try {
    const parsed: unknown = JSON.parse(header);
    return Array.isArray(parsed) ? parsed.filter((item): item is GatewayWarning => typeof item?.message === 'string') : [];
  } catch {
    return [];
  }
}
