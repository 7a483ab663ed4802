import type { ChatMessage, ChatRequest } from '../../spec/index.js';

/** Splits text into word-sized pieces that concatenate back to the original ("a b" → ["a", " b"]). */
export function wordPieces(text: string): string[] {
  return text.match(/\s*[\u3400-\u9fff\uf900-\ufaff]|\s*[^\s\u3400-\u9fff\uf900-\ufaff]+|\s+$/gu) ?? [];
}

function messageText(message: ChatMessage): string {
  if (message.content === null) return '';
  if (typeof message.content === 'string') return message.content;
  return message.content.map((part) => (part.type === 'text' ? part.text : '')).join(' ');
}

/** A deterministic token estimate: one per word piece (each CJK character is one piece). */
export function countPieces(messages: ChatMessage[]): number {
  return messages.reduce((total, message) => total + wordPieces(messageText(message)).length, 0);
}

/** The text of the last user message, which the echo model answers with. */
export function lastUserText(request: ChatRequest): string {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const message = request.messages[i]!;
    if (message.role === 'user') return messageText(message);
  }
  return '';
}

/**
 * The longest answer the mock gives, like a real model's output limit: echoing a 200 KB prompt word
 * by word would otherwise stream tens of thousands of events (and seed 000's stream, which repeats
 * the text so far in every event, gigabytes).
 */
export const mockAnswerLimit = { pieces: 4096, characters: 16_384 };

/** Applies `maxTokens` (in pieces), the mock's own output limit and stop sequences to the answer, as an upstream would. */
export function limitAnswer(pieces: string[], request: ChatRequest): { pieces: string[]; finishReason: 'stop' | 'length' } {
  let text = '';
  const kept: string[] = [];
  const limit = Math.min(request.maxTokens ?? Infinity, mockAnswerLimit.pieces);
  for (const piece of pieces) {
    if (kept.length >= limit) return { pieces: kept, finishReason: 'length' };
    const room = mockAnswerLimit.characters - text.length;
    if (piece.length > room) {
      if (room > 0) kept.push(piece.slice(0, room));
      return { pieces: kept, finishReason: 'length' };
    }
    const next = text + piece;
    const stopAt = request.stop?.map((stop) => next.indexOf(stop)).filter((index) => index >= 0).sort((a, b) => a - b)[0];
    if (stopAt !== undefined) {
      // A stop sequence can begin inside pieces already kept ("b c" over " b", " c"): cut those back too.
      while (kept.length > 0 && text.length > stopAt) text = text.slice(0, text.length - kept.pop()!.length);
      const remainder = next.slice(text.length, stopAt);
      if (remainder) kept.push(remainder);
      return { pieces: kept, finishReason: 'stop' };
    }
    kept.push(piece);
    text = next;
  }
  return { pieces: kept, finishReason: 'stop' };
}
