import type { Kysely, Selectable } from 'kysely';
import type { ChatMessage } from '../spec/index.js';
import type { Database, ThreadMessageTable, ThreadTable } from './schema.js';
import type { MessageQuery, ThreadMessageRecord, ThreadRecord, ThreadStore, ThreadTurnRecord } from './thread-records.js';

/** Qiao's own JSON columns; a value that does not parse reads as absent rather than failing the thread. */
function parseJson<T>(text: string | null): T | undefined {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

function fromThreadRow(row: Selectable<ThreadTable>): ThreadRecord {
  const metadata = parseJson<Record<string, unknown>>(row.metadata);
  const systemPrompt = parseJson<ChatMessage[]>(row.system_prompt);
  return {
    key: row.key,
    ownerId: row.owner_id,
    threadId: row.thread_id,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    ...(metadata && { metadata }),
    ...(systemPrompt && { systemPrompt }),
    ...(row.summary !== null && { summary: row.summary }),
    summaryUntil: Number(row.summary_until),
    lastSeq: Number(row.last_seq),
  };
}

function fromMessageRow(row: Selectable<ThreadMessageTable>): ThreadMessageRecord | undefined {
  const message = parseJson<ChatMessage>(row.message);
  if (!message || typeof message.role !== 'string') return undefined;
  return { seq: Number(row.seq), message, ...(row.model !== null && { model: row.model }), createdAt: new Date(row.created_at) };
}

/** Threads over kysely: the same SQL on SQLite and PostgreSQL (writes first in each transaction, so SQLite never upgrades a read lock). */
export class KyselyThreadStore implements ThreadStore {
  constructor(private readonly db: Kysely<Database>) {}

  async createOrGet(record: { key: string; ownerId: string; threadId: string; metadata?: Record<string, unknown> }) {
    const now = new Date().toISOString();
    const inserted = await this.db.insertInto('thread').values({
      key: record.key, owner_id: record.ownerId, thread_id: record.threadId, created_at: now, updated_at: now,
      metadata: record.metadata ? JSON.stringify(record.metadata) : null, system_prompt: null, summary: null, summary_until: 0, last_seq: 0,
    }).onConflict((conflict) => conflict.columns(['owner_id', 'thread_id']).doNothing()).executeTakeFirst();
    const thread = await this.find(record.ownerId, record.threadId);
    if (!thread) throw new Error(`Thread ${record.threadId} vanished while being created.`);
    return { thread, created: Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0 };
  }

  async find(ownerId: string, threadId: string): Promise<ThreadRecord | undefined> {
    const row = await this.db.selectFrom('thread').selectAll().where('owner_id', '=', ownerId).where('thread_id', '=', threadId).executeTakeFirst();
    return row && fromThreadRow(row);
  }

  async list(ownerId: string, options: { limit: number; before?: string }): Promise<ThreadRecord[]> {
    let query = this.db.selectFrom('thread').selectAll().where('owner_id', '=', ownerId);
    if (options.before !== undefined) {
      const cursor = await this.find(ownerId, options.before);
      if (!cursor) return [];
      const at = cursor.createdAt.toISOString();
      query = query.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('key', '<', cursor.key)])]));
    }
    const rows = await query.orderBy('created_at', 'desc').orderBy('key', 'desc').limit(options.limit).execute();
    return rows.map(fromThreadRow);
  }

  async delete(ownerId: string, threadId: string): Promise<boolean> {
    return this.db.transaction().execute(async (transaction) => {
      const row = await transaction.deleteFrom('thread').where('owner_id', '=', ownerId).where('thread_id', '=', threadId)
        .returning('key').executeTakeFirst();
      if (!row) return false;
      await transaction.deleteFrom('thread_message').where('thread_key', '=', row.key).execute();
      await transaction.deleteFrom('thread_upstream_state').where('thread_key', '=', row.key).execute();
      return true;
    });
  }

  async messages(threadKey: string, options: MessageQuery = {}): Promise<ThreadMessageRecord[]> {
    let query = this.db.selectFrom('thread_message').selectAll().where('thread_key', '=', threadKey);
    if (options.afterSeq !== undefined) query = query.where('seq', '>', options.afterSeq);
    if (options.beforeSeq !== undefined) query = query.where('seq', '<', options.beforeSeq);
    query = query.orderBy('seq', options.order ?? 'asc');
    if (options.limit !== undefined) query = query.limit(options.limit);
    const rows = await query.execute();
    return rows.flatMap((row) => fromMessageRow(row) ?? []);
  }

  async appendTurn(threadKey: string, turn: ThreadTurnRecord): Promise<number | undefined> {
    const now = new Date().toISOString();
    const count = turn.messages.length;
    return this.db.transaction().execute(async (transaction) => {
      const updated = await transaction.updateTable('thread')
        .set((eb) => ({
          last_seq: eb('last_seq', '+', count),
          updated_at: now,
          ...(turn.systemPrompt && { system_prompt: JSON.stringify(turn.systemPrompt) }),
        }))
        .where('key', '=', threadKey).executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) return undefined;
      const { last_seq: lastSeq } = await transaction.selectFrom('thread').select('last_seq').where('key', '=', threadKey).executeTakeFirstOrThrow();
      const first = Number(lastSeq) - count + 1;
      if (count > 0) {
        await transaction.insertInto('thread_message').values(turn.messages.map((entry, index) => ({
          thread_key: threadKey, seq: first + index, message: JSON.stringify(entry.message), model: entry.model ?? null, created_at: now,
        }))).execute();
      }
      if (turn.upstreamState) {
        const state = JSON.stringify({ ...turn.upstreamState.state, until: Number(lastSeq) });
        const row = { thread_key: threadKey, target: turn.upstreamState.target, state, updated_at: now };
        await transaction.insertInto('thread_upstream_state').values(row)
          .onConflict((conflict) => conflict.columns(['thread_key', 'target']).doUpdateSet({ state: row.state, updated_at: now })).execute();
      }
      return Number(lastSeq);
    });
  }

  async saveSummary(threadKey: string, summary: string, until: number): Promise<void> {
    await this.db.updateTable('thread').set({ summary, summary_until: until }).where('key', '=', threadKey).execute();
  }

  async upstreamStates(threadKey: string): Promise<Map<string, Record<string, unknown>>> {
    const rows = await this.db.selectFrom('thread_upstream_state').select(['target', 'state']).where('thread_key', '=', threadKey).execute();
    const states = new Map<string, Record<string, unknown>>();
    for (const row of rows) {
      const state = parseJson<Record<string, unknown>>(row.state);
      if (state) states.set(row.target, state);
    }
    return states;
  }
}
