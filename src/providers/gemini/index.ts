export { geminiProviderType } from './gemini-type.js';
export { GeminiProvider } from './gemini-provider.js';
export { GeminiStreamState } from './gemini-stream.js';
export type { GeminiSettings } from './gemini-settings.js';
