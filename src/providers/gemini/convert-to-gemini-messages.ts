import type { ChatMessage, ContentPart, Warning } from '../../spec/index.js';

/** A Gemini `Content`: role `user` or `model` and its parts (gemini.md §2). */
export interface GeminiContent {
  role: 'user' | 'model';
  parts: Record<string, unknown>[];
}

const dataUrl = /^data:([^;,]+)(?:;[^,]*)?;base64,(.*)$/s;
const extensionTypes: Record<string, string> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif', pdf: 'application/pdf',
};

/** `inlineData` for a data URL, else `fileData` by URI (Gemini fetches Files API and some public URLs). */
function mediaPart(url: string, fallbackType: string): Record<string, unknown> {
  const inline = dataUrl.exec(url);
  if (inline) return { inlineData: { mimeType: inline[1], data: inline[2] } };
  const extension = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase();
  return { fileData: { mimeType: extensionTypes[extension ?? ''] ?? fallbackType, fileUri: url } };
}

function toGeminiPart(part: ContentPart): Record<string, unknown> {
  switch (part.type) {
    case 'text': return { text: part.text };
    case 'image': return mediaPart(part.url, 'image/jpeg');
    case 'audio': return { inlineData: { mimeType: `audio/${part.format}`, data: part.data } };
    case 'file': return mediaPart(part.data ?? part.fileId ?? '', 'application/octet-stream');
  }
}

/** A tool result as `functionResponse.response`, which must be an object: JSON objects as they are, else wrapped. */
function responseObject(content: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(content);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // not JSON: wrapped below
  }
  return { content };
}

function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text || '{}');
  } catch {
    return {};
  }
}

/**
 * Spec messages to `systemInstruction` + `contents`: system turns become the instruction,
 * assistant is `model`, tool results are `functionResponse` parts of a `user` turn, matched to
 * their call by function name (Gemini has no call ids), consecutive results in one turn.
 */
export function convertToGeminiMessages(messages: ChatMessage[]): { systemInstruction?: GeminiContent; contents: GeminiContent[]; warnings: Warning[] } {
  const system: Record<string, unknown>[] = [];
  const contents: GeminiContent[] = [];
  const warnings: Warning[] = [];
  const callNames = new Map<string, string>();
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        system.push({ text: message.content });
        break;
      case 'user':
        contents.push({ role: 'user', parts: typeof message.content === 'string' ? [{ text: message.content }] : message.content.map(toGeminiPart) });
        break;
      case 'assistant': {
        const parts: Record<string, unknown>[] = [];
        if (message.content) parts.push({ text: message.content });
        for (const call of message.toolCalls ?? []) {
          callNames.set(call.id, call.name);
          parts.push({ functionCall: { name: call.name, args: parseArguments(call.arguments) } });
        }
        if (parts.length > 0) contents.push({ role: 'model', parts });
        break;
      }
      case 'tool': {
        const name = callNames.get(message.toolCallId);
        if (!name) warnings.push({ code: 'other', param: 'messages', message: `Tool result ${message.toolCallId} answers no earlier tool call; sent with its id as the function name.` });
        const part = { functionResponse: { name: name ?? message.toolCallId, response: responseObject(message.content) } };
        const last = contents.at(-1);
        if (last?.role === 'user' && last.parts.every((existing) => 'functionResponse' in existing)) last.parts.push(part);
        else contents.push({ role: 'user', parts: [part] });
        break;
      }
    }
  }
  return { ...(system.length ? { systemInstruction: { role: 'user', parts: system } } : {}), contents, warnings };
}
