export { AnthropicProvider } from './anthropic-provider.js';
export type { AnthropicSettings } from './anthropic-settings.js';
export { AnthropicStreamState } from './anthropic-stream.js';
export { anthropicProviderType } from './anthropic-type.js';
