import type { CallContext, ChatService } from '../chat-service.js';

/** What the vector store asks of an embedding model: one vector per input, in order. */
export interface EmbeddingCall {
  /** Model name as clients write it (alias, `provider/model` or bare). */
  model: string;
  input: string[];
  /** Requested output size, when the collection fixed one. */
  dimensions?: number;
}

/** Computes embeddings; the server's goes through ChatService (routing, fallback, usage log). */
export type Embedder = (call: EmbeddingCall, context: CallContext) => Promise<{ embeddings: number[][]; inputTokens?: number }>;

/** Embeddings through the gateway's ChatService, exactly as `/v1/embeddings` computes them. */
export function chatServiceEmbedder(chat: ChatService): Embedder {
  return (call, context) => chat.embed(call.model, {
    input: call.input,
    ...(call.dimensions !== undefined && { dimensions: call.dimensions }),
  }, context);
}
