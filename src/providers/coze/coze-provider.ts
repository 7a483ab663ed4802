import type { ChatModel, ModelInfo, Provider, WorkflowRunner } from '../../spec/index.js';
import { CozeChatModel } from './coze-chat-model.js';
import type { CozeSettings } from './coze-settings.js';
import { CozeWorkflowRunner } from './coze-workflow-runner.js';

/** One Coze account: its bots are chat models (`coze/<bot_id>`), its workflows run through `workflowRunner()`. */
export class CozeProvider implements Provider {
  readonly name: string;
  readonly configuredModels: ModelInfo[];
  readonly configured: boolean;
  private readonly runner: CozeWorkflowRunner;
  private readonly chatModels = new Map<string, ChatModel>();

  constructor(private readonly settings: CozeSettings) {
    this.name = settings.name;
    this.configuredModels = settings.models;
    this.configured = Boolean(settings.apiKey);
    this.runner = new CozeWorkflowRunner(settings);
  }

  chatModel(botId: string): ChatModel {
    let model = this.chatModels.get(botId);
    if (!model) this.chatModels.set(botId, model = new CozeChatModel(botId, this.settings));
    return model;
  }

  workflowRunner(): WorkflowRunner {
    return this.runner;
  }
}
