export { tgiGenerateProviderType, teiProviderType } from './huggingface-type.js';
export { TgiProvider, TeiProvider } from './huggingface-provider.js';
export { TgiStreamState } from './tgi-stream.js';
export type { HuggingFaceSettings } from './huggingface-settings.js';
