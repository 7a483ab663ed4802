export { ollamaProviderType } from './ollama-type.js';
export { OllamaProvider } from './ollama-provider.js';
export { OllamaStreamState } from './ollama-stream.js';
export type { OllamaSettings } from './ollama-settings.js';
