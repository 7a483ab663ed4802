/**
 * What a Coze answer reports beside the text, under the provider's name: its chat and conversation
 * ids, the conversation also as the spec's `conversation` (`UpstreamConversation`), which a thread
 * sends back as `providerOptions.conversation` to continue it.
 */
export function cozeMetadata(provider: string, conversationId: string | undefined, chatId: string | undefined): Record<string, unknown> {
  return { [provider]: { conversation_id: conversationId, chat_id: chatId, ...(conversationId && { conversation: { id: conversationId } }) } };
}
