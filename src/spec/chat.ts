import type { Warning } from './warning.js';
import type { Usage } from './usage.js';

/** A piece of message content; the type tells which fields are set. */
export type ContentPart =
  | TextPart
  | ImagePart
  | AudioPart
  | FilePart;

/** Plain text. */
export interface TextPart {
  /** Discriminator. */
  type: 'text';
  /** The text itself. */
  text: string;
}

/** An image given by URL (http(s) or a data: URL). */
export interface ImagePart {
  /** Discriminator. */
  type: 'image';
  /** Where the image is: an https URL or a base64 data URL. */
  url: string;
  /** Requested fidelity, when the client asked for one. */
  detail?: 'auto' | 'low' | 'high';
}

/** Audio input as base64 bytes. */
export interface AudioPart {
  /** Discriminator. */
  type: 'audio';
  /** Base64-encoded audio bytes. */
  data: string;
  /** Container format, e.g. `wav` or `mp3`. */
  format: string;
}

/** A file, by upstream file id or inline base64 data. */
export interface FilePart {
  /** Discriminator. */
  type: 'file';
  /** Upstream file id, when the file was uploaded before. */
  fileId?: string;
  /** Inline data as a base64 data URL. */
  data?: string;
  /** Original file name. */
  filename?: string;
}

/** A function the model may call. */
export interface ToolDefinition {
  /** Function name the model uses to call it. */
  name: string;
  /** What the function does, for the model. */
  description?: string;
  /** JSON Schema of the arguments object. */
  parameters?: Record<string, unknown>;
  /** Whether the upstream should enforce the schema exactly. */
  strict?: boolean;
}

/** How the model may use tools. */
export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

/** A call the model asked for. */
export interface ToolCall {
  /** Call id, echoed back by the tool result message. */
  id: string;
  /** Function name. */
  name: string;
  /** Arguments as a JSON-encoded string, exactly as the model produced it. */
  arguments: string;
}

/** One turn of a conversation. */
export type ChatMessage =
  | { /** Discriminator. */ role: 'system'; /** Instructions. */ content: string; /** Participant name. */ name?: string }
  | { /** Discriminator. */ role: 'user'; /** Text or typed parts. */ content: string | ContentPart[]; /** Participant name. */ name?: string }
  | {
      /** Discriminator. */
      role: 'assistant';
      /** Answer text; null when the turn is only tool calls. */
      content: string | null;
      /** Reasoning text the model produced before the answer, when echoed back. */
      reasoning?: string;
      /** Tool calls the model made in this turn. */
      toolCalls?: ToolCall[];
      /** Participant name. */
      name?: string;
    }
  | { /** Discriminator. */ role: 'tool'; /** Result of the call. */ content: string; /** The call this answers. */ toolCallId: string };

/** What shape the answer must take. */
export type ResponseFormat =
  | { /** Free text. */ type: 'text' }
  | { /** Any JSON object. */ type: 'json_object' }
  | {
      /** JSON matching a schema. */
      type: 'json_schema';
      /** Schema name. */
      name: string;
      /** Schema description. */
      description?: string;
      /** The JSON Schema. */
      schema?: Record<string, unknown>;
      /** Whether to enforce it strictly. */
      strict?: boolean;
    };

/** A chat request in Qiao's canonical form, whatever dialect it came from. */
export interface ChatRequest {
  /** The conversation so far, oldest first. */
  messages: ChatMessage[];
  /** Sampling temperature. */
  temperature?: number;
  /** Nucleus sampling mass. */
  topP?: number;
  /** Upper bound on generated tokens, only when the client sent one. */
  maxTokens?: number;
  /** Sequences that end generation. */
  stop?: string[];
  /** How many alternative answers to produce. */
  n?: number;
  /** Seed for reproducible sampling. */
  seed?: number;
  /** Penalty for tokens already present. */
  presencePenalty?: number;
  /** Penalty proportional to token frequency. */
  frequencyPenalty?: number;
  /** Answer shape. */
  responseFormat?: ResponseFormat;
  /** Functions the model may call. */
  tools?: ToolDefinition[];
  /** How tools may be used. */
  toolChoice?: ToolChoice;
  /** Whether the model may call several tools at once. */
  parallelToolCalls?: boolean;
  /** End-user identifier for abuse tracking. */
  user?: string;
  /** Ask the upstream to report usage at the end of a stream. */
  includeUsage?: boolean;
  /**
   * Fields Qiao has no typed slot for, passed to the provider unchanged (wire names). One key is
   * Qiao's own: `conversation` (`UpstreamConversation`) continues a conversation the upstream keeps,
   * as named by a previous answer's `providerMetadata[provider].conversation`.
   */
  providerOptions?: Record<string, unknown>;
}

/** One generated alternative. */
export interface ChatChoice {
  /** Position among the alternatives. */
  index: number;
  /** Answer text, null when the model only called tools. */
  content: string | null;
  /** Reasoning text, when the upstream exposes it. */
  reasoning?: string;
  /** Tool calls the model made. */
  toolCalls?: ToolCall[];
  /** Why generation stopped. */
  finishReason: FinishReason;
}

/** Why generation stopped. */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'error' | 'other';

/** A finished, non-streamed answer. */
export interface ChatResult {
  /** The alternatives, ordered by index. */
  choices: ChatChoice[];
  /** Token accounting, when known. */
  usage?: Usage;
  /** What the provider could not honour. */
  warnings: Warning[];
  /** The upstream's own id for the response, for tracing. */
  upstreamId?: string;
  /** Provider-specific extra data, by provider name; `providerMetadata[provider].conversation` is an `UpstreamConversation`. */
  providerMetadata?: Record<string, unknown>;
}

/**
 * A conversation the upstream keeps on its side (e.g. a Coze conversation). A provider that keeps
 * one reports it in `providerMetadata[provider].conversation`; sent back as
 * `providerOptions.conversation`, the upstream continues it, so only new messages need to be sent.
 */
export interface UpstreamConversation {
  /** The upstream's conversation id. */
  id: string;
}
