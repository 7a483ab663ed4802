/** The `data:` payloads of an SSE body, in order (one per event). */
export function ssePayloads(body: string): string[] {
  return body.split('\n\n').filter((event) => event.length > 0).map((event) => {
    const data = event.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6));
    if (data.length !== 1) throw new Error(`expected one data line per event, got: ${JSON.stringify(event)}`);
    return data[0]!;
  });
}

/** An OpenAI-compatible upstream's `chat.completion.chunk` payloads streaming `deltas`, then a finish, usage and `[DONE]`. */
export function openAIChunks(deltas: string[], options: { finishReason?: string; usage?: { prompt_tokens: number; completion_tokens: number } } = {}): string[] {
  const chunk = (choices: unknown[], usage: unknown = null) => JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1770000000, model: 'fake', choices, usage });
  const usage = options.usage ?? { prompt_tokens: 11, completion_tokens: deltas.length };
  return [
    chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]),
    ...deltas.map((content) => chunk([{ index: 0, delta: { content }, finish_reason: null }])),
    chunk([{ index: 0, delta: {}, finish_reason: options.finishReason ?? 'stop' }]),
    chunk([], { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens }),
    '[DONE]',
  ];
}

/** An OpenAI-compatible non-stream `chat.completion` body answering `text`. */
export function openAICompletion(text: string, usage = { prompt_tokens: 11, completion_tokens: 7 }): Record<string, unknown> {
  return {
    id: 'chatcmpl-fake', object: 'chat.completion', created: 1770000000, model: 'fake',
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}
