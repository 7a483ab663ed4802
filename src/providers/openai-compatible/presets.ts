import type { OpenAICompatiblePreset } from './openai-compatible-preset.js';

const common = {
  auth: 'bearer',
  requiresApiKey: true,
  maxTokensField: 'max_tokens',
  supportsStreamUsage: true,
  unsupportedParameters: [],
  echoReasoning: false,
  listsModels: true,
} as const satisfies Partial<OpenAICompatiblePreset>;

/** Every OpenAI-compatible vendor Qiao knows, as configurations of one adapter. */
export const openAICompatiblePresets: OpenAICompatiblePreset[] = [
  {
    ...common, id: 'openai', displayName: 'OpenAI', defaultBaseUrl: 'https://api.openai.com/v1',
    apiKeyEnv: ['OPENAI_API_KEY'], baseUrlEnv: ['OPENAI_BASE_URL'],
    // Reasoning models reject max_tokens (openai.md §7); every current chat model takes max_completion_tokens.
    maxTokensField: 'max_completion_tokens',
    defaultModels: ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini', 'text-embedding-3-small'],
  },
  {
    ...common, id: 'azure', displayName: 'Azure OpenAI',
    apiKeyEnv: ['AZURE_OPENAI_API_KEY', 'AZURE_API_KEY'], baseUrlEnv: ['AZURE_OPENAI_ENDPOINT', 'AZURE_OPENAI_BASE_URL', 'AZURE_BASE_URL'],
    auth: 'api-key-header', maxTokensField: 'max_completion_tokens', listsModels: false, defaultModels: [],
    apiVersionEnv: ['AZURE_OPENAI_API_VERSION', 'OPENAI_API_VERSION'], defaultApiVersion: '2024-10-21',
    // Azure addresses a deployment by URL, not by the body's `model`.
    endpointUrl: (baseUrl, endpoint, modelId, apiVersion) =>
      `${baseUrl.replace(/\/openai\/?$/, '')}/openai/deployments/${encodeURIComponent(modelId)}/${endpoint}?api-version=${encodeURIComponent(apiVersion ?? '2024-10-21')}`,
  },
  {
    ...common, id: 'dashscope', displayName: 'Alibaba DashScope (Qwen)',
    defaultBaseUrl: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
    apiKeyEnv: ['DASHSCOPE_API_KEY', 'ALI_API_KEY'], baseUrlEnv: ['DASHSCOPE_BASE_URL'],
    defaultModels: ['qwen-flash', 'qwen-turbo', 'qwen-plus', 'qwen-max', 'qwen3-max', 'text-embedding-v4'],
  },
  {
    ...common, id: 'deepseek', displayName: 'DeepSeek', defaultBaseUrl: 'https://api.deepseek.com/v1',
    apiKeyEnv: ['DEEPSEEK_API_KEY'], baseUrlEnv: ['DEEPSEEK_BASE_URL'],
    // Thinking mode with tools needs the reasoning of earlier turns sent back (chinese-providers.md).
    echoReasoning: true,
    defaultModels: ['deepseek-chat', 'deepseek-reasoner'],
  },
  {
    ...common, id: 'moonshot', displayName: 'Moonshot (Kimi)', defaultBaseUrl: 'https://api.moonshot.cn/v1',
    apiKeyEnv: ['MOONSHOT_API_KEY', 'KIMI_API_KEY'], baseUrlEnv: ['MOONSHOT_BASE_URL'],
    defaultModels: ['moonshot-v1-8k', 'moonshot-v1-32k', 'moonshot-v1-128k', 'kimi-k2.5'],
  },
  {
    ...common, id: 'zhipu', displayName: 'Zhipu GLM', defaultBaseUrl: 'https://open.bigmodel.cn/api/paas/v4',
    apiKeyEnv: ['ZHIPU_API_KEY', 'ZHIPUAI_API_KEY', 'GLM_API_KEY'], baseUrlEnv: ['ZHIPU_BASE_URL'],
    // Not supported per the GLM compatibility notes in chinese-providers.md.
    supportsStreamUsage: false, unsupportedParameters: ['frequency_penalty', 'presence_penalty', 'stream_options'],
    defaultModels: ['glm-4-plus', 'glm-4.5', 'glm-4.5-air', 'glm-4-flash', 'embedding-3'],
  },
  {
    ...common, id: 'ark', displayName: 'Volcengine Ark (Doubao)', defaultBaseUrl: 'https://ark.cn-beijing.volces.com/api/v3',
    apiKeyEnv: ['ARK_API_KEY', 'VOLCENGINE_API_KEY'], baseUrlEnv: ['ARK_BASE_URL'],
    listsModels: false,
    defaultModels: ['doubao-seed-1-6-251015', 'doubao-seed-1-6-flash-250828'],
  },
  {
    ...common, id: 'qianfan', displayName: 'Baidu Qianfan v2', defaultBaseUrl: 'https://qianfan.baidubce.com/v2',
    apiKeyEnv: ['QIANFAN_API_KEY'], baseUrlEnv: ['QIANFAN_BASE_URL'], headerEnv: { appid: ['QIANFAN_APPID'] },
    defaultModels: ['ernie-4.0-turbo-8k', 'ernie-3.5-8k', 'ernie-speed-128k'],
  },
  {
    ...common, id: 'hunyuan', displayName: 'Tencent Hunyuan', defaultBaseUrl: 'https://api.hunyuan.cloud.tencent.com/v1',
    apiKeyEnv: ['HUNYUAN_API_KEY'], baseUrlEnv: ['HUNYUAN_BASE_URL'],
    defaultModels: ['hunyuan-turbos-latest', 'hunyuan-t1-latest', 'hunyuan-lite', 'hunyuan-embedding'],
  },
  {
    ...common, id: 'siliconflow', displayName: 'SiliconFlow', defaultBaseUrl: 'https://api.siliconflow.cn/v1',
    apiKeyEnv: ['SILICONFLOW_API_KEY'], baseUrlEnv: ['SILICONFLOW_BASE_URL'],
    defaultModels: ['deepseek-ai/DeepSeek-V3', 'Qwen/Qwen3-8B', 'BAAI/bge-m3'],
  },
  {
    ...common, id: 'vllm', displayName: 'vLLM', apiKeyEnv: ['VLLM_API_KEY'], baseUrlEnv: ['VLLM_BASE_URL'],
    requiresApiKey: false, enabledByBaseUrlEnv: true, defaultModels: [],
  },
  {
    ...common, id: 'ollama-openai', displayName: 'Ollama (OpenAI-compatible /v1)', defaultBaseUrl: 'http://127.0.0.1:11434/v1',
    apiKeyEnv: [], baseUrlEnv: [], requiresApiKey: false, defaultModels: [],
  },
  {
    ...common, id: 'huggingface', displayName: 'Hugging Face Inference Providers (router)', defaultBaseUrl: 'https://router.huggingface.co/v1',
    apiKeyEnv: ['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN', 'HUGGINGFACE_API_KEY'], baseUrlEnv: ['HF_BASE_URL'],
    // Hub repo ids, optionally suffixed with a provider or policy (`:fastest`, `:groq`) (huggingface.md §2).
    defaultModels: ['meta-llama/Llama-3.1-8B-Instruct', 'deepseek-ai/DeepSeek-R1', 'Qwen/Qwen3-8B'],
  },
  {
    // TGI's Messages API (huggingface.md §1): the model name is unused, errors are `{"error","error_type"}`.
    ...common, id: 'tgi', displayName: 'Hugging Face TGI (Messages API)',
    apiKeyEnv: ['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN', 'HUGGINGFACE_API_KEY'], baseUrlEnv: ['TGI_BASE_URL'],
    requiresApiKey: false, enabledByBaseUrlEnv: true, enabledOnlyByBaseUrlEnv: true, defaultModels: ['tgi'],
    // TGI_BASE_URL is the server root; a URL ending in /v1 is accepted too.
    endpointUrl: (baseUrl, endpoint) => `${baseUrl.replace(/\/v1$/, '')}/v1/${endpoint}`,
  },
  {
    ...common, id: 'openai-compatible', displayName: 'OpenAI-compatible server', apiKeyEnv: [], baseUrlEnv: [],
    requiresApiKey: false, defaultModels: [],
  },
];

/** A preset by id. */
export function findPreset(id: string): OpenAICompatiblePreset | undefined {
  return openAICompatiblePresets.find((preset) => preset.id === id);
}
