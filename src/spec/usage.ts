/** Token accounting for one call. */
export interface Usage {
  /** Tokens in the prompt. */
  inputTokens: number;
  /** Tokens generated, reasoning included. */
  outputTokens: number;
  /** Of the output, tokens spent on reasoning. */
  reasoningTokens?: number;
  /** Of the input, tokens served from the upstream's prompt cache. */
  cachedInputTokens?: number;
  /** True when Qiao counted the tokens itself because the upstream did not report them. */
  estimated?: boolean;
}

