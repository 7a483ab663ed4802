export { OpenAICompatibleProvider } from './openai-compatible-provider.js';
export { openAICompatiblePresets, findPreset } from './presets.js';
export type { OpenAICompatiblePreset } from './openai-compatible-preset.js';
export type { OpenAICompatibleSettings } from './openai-compatible-settings.js';
export { OpenAICompatibleStreamState } from './openai-compatible-stream.js';
