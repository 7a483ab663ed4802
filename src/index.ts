/**
 * Qiao as a library (`import { … } from 'qiao'`): the components the gateway itself serves with,
 * in the TypeScript form of seed 002's Python API. Each has a runnable example under `examples/`.
 */

/** A conversation fitted to a token budget, dropping or summarising the oldest turns (seed 002's `ConversationMemory`; what threads use). See examples/conversation-memory.ts. */
export { ConversationMemory, type ConversationMemoryOptions, type MemoryPolicy, type Summarizer, type CompressResult } from './gateway/memory/conversation-memory.js';
