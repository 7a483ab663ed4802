/** What distinguishes one OpenAI-compatible vendor from another. */
export interface OpenAICompatiblePreset {
  /** Preset id, used as `type` in config and as the default provider name. */
  id: string;
  /** Human-readable vendor name. */
  displayName: string;
  /** Base URL when none is configured; absent when the user must give one. */
  defaultBaseUrl?: string;
  /** Environment variables holding the API key, first found wins. */
  apiKeyEnv: string[];
  /** Environment variables holding the base URL, first found wins. */
  baseUrlEnv: string[];
  /** How the key is sent. */
  auth: 'bearer' | 'api-key-header';
  /** Whether calls need a key (local servers such as vLLM and Ollama do not). */
  requiresApiKey: boolean;
  /** Wire name of the output-token limit. */
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  /** Whether `stream_options.include_usage` is understood; Qiao asks for usage whenever it is. */
  supportsStreamUsage: boolean;
  /** Wire parameters the vendor rejects; dropped with a warning instead of failing the call. */
  unsupportedParameters: string[];
  /** Send assistant reasoning back as `reasoning_content`. */
  echoReasoning: boolean;
  /** Whether `GET {base}/models` lists the served models. */
  listsModels: boolean;
  /** Models offered when the config names none (also what bare model names resolve against). */
  defaultModels: string[];
  /** Builds the URL of an endpoint; the default appends `/chat/completions` etc. to the base URL. */
  endpointUrl?: (baseUrl: string, endpoint: 'chat/completions' | 'embeddings' | 'models', modelId: string, apiVersion?: string) => string;
  /** Extra headers read from the environment: header name → variable names. */
  headerEnv?: Record<string, string[]>;
  /** Environment variable that enables a keyless preset by giving only its base URL. */
  enabledByBaseUrlEnv?: boolean;
  /** Only the base URL variable enables the preset: its key variables are shared with others (HF_TOKEN). */
  enabledOnlyByBaseUrlEnv?: boolean;
  /** Environment variable holding an API version (Azure). */
  apiVersionEnv?: string[];
  /** API version when none is configured (Azure). */
  defaultApiVersion?: string;
}
