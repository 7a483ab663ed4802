import type { FinishReason } from './chat.js';
import type { Usage } from './usage.js';
import type { Warning } from './warning.js';
import type { GatewayError } from '../errors/index.js';

/** First part of every stream. */
export interface StreamStartPart {
  /** Discriminator. */
  type: 'stream-start';
  /** What the provider could not honour. */
  warnings: Warning[];
  /** The upstream's id for the response, for tracing. */
  upstreamId?: string;
}

/** A fragment of answer text. */
export interface TextDeltaPart {
  /** Discriminator. */
  type: 'text-delta';
  /** Choice index. */
  index: number;
  /** The new text. */
  text: string;
}

/** A fragment of reasoning text. */
export interface ReasoningDeltaPart {
  /** Discriminator. */
  type: 'reasoning-delta';
  /** Choice index. */
  index: number;
  /** The new reasoning text. */
  text: string;
}

/** A fragment of a tool call; `id` and `name` come with the first fragment of each call. */
export interface ToolCallDeltaPart {
  /** Discriminator. */
  type: 'tool-call-delta';
  /** Choice index. */
  index: number;
  /** Position of the call within the choice. */
  toolCallIndex: number;
  /** Call id, on the first fragment. */
  id?: string;
  /** Function name, on the first fragment. */
  name?: string;
  /** The next piece of the JSON-encoded arguments. */
  argumentsDelta: string;
}

/** A tool call, complete, emitted once its last fragment has arrived. */
export interface ToolCallPart {
  /** Discriminator. */
  type: 'tool-call';
  /** Choice index. */
  index: number;
  /** Position of the call within the choice. */
  toolCallIndex: number;
  /** Call id. */
  id: string;
  /** Function name. */
  name: string;
  /** JSON-encoded arguments. */
  arguments: string;
}

/** One choice has finished. */
export interface FinishPart {
  /** Discriminator. */
  type: 'finish';
  /** Choice index. */
  index: number;
  /** Why it stopped. */
  finishReason: FinishReason;
  /**
   * Provider-specific data known at the end, by provider name (as `ChatResult.providerMetadata`).
   * `providerMetadata[provider].conversation` (`{ id }`) names a conversation the upstream keeps.
   */
  providerMetadata?: Record<string, unknown>;
}

/** Token accounting for the whole call, at most once, after the last finish. */
export interface UsagePart {
  /** Discriminator. */
  type: 'usage';
  /** The counts. */
  usage: Usage;
}

/** The stream broke; nothing follows. */
export interface ErrorPart {
  /** Discriminator. */
  type: 'error';
  /** What went wrong, with a stable code. */
  error: GatewayError;
}

/** Everything a provider stream can yield. */
export type StreamPart =
  | StreamStartPart
  | TextDeltaPart
  | ReasoningDeltaPart
  | ToolCallDeltaPart
  | ToolCallPart
  | FinishPart
  | UsagePart
  | ErrorPart;
