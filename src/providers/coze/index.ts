export { CozeProvider } from './coze-provider.js';
export { cozeProviderType } from './coze-type.js';
export { CozeChatStreamState } from './coze-stream.js';
export { CozeWorkflowStreamState } from './coze-workflow-stream.js';
export type { CozeSettings } from './coze-settings.js';
