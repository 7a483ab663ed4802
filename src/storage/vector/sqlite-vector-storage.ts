import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import * as sqliteVec from 'sqlite-vec';
import { vectorStoreMigration } from '../migrations/006-vector-store.js';
import { sqliteMetadataFilter } from './sqlite-metadata-filter.js';
import type {
  MetadataFilter, VectorCollectionRecord, VectorDocument, VectorDocumentInput, VectorMatch, VectorQuery, VectorStorage,
} from './vector-storage.js';

interface CollectionRow {
  id: string; owner_id: string; name: string; model: string; dimensions: number; request_dimensions: number; metadata: string | null; document_count: number; created_at: string;
}
interface DocumentRow { id: string; text: string; metadata: string | null; created_at: string; updated_at: string }
interface MatchRow { id: string; text: string; metadata: string | null; distance: number }

/** The vector file's own migration list; it holds no other table. */
const migrations = { '006-vector-store': vectorStoreMigration };

const parseObject = (text: string | null): Record<string, unknown> | null => (text === null ? null : JSON.parse(text) as Record<string, unknown>);
const bytesOf = (vector: Float32Array) => Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);

function toCollection(row: CollectionRow): VectorCollectionRecord {
  return {
    id: row.id, ownerId: row.owner_id, name: row.name, model: row.model, dimensions: row.dimensions, requestDimensions: row.request_dimensions === 1,
    ...(row.metadata !== null && { metadata: parseObject(row.metadata)! }),
    documentCount: row.document_count, createdAt: new Date(row.created_at),
  };
}

/** Name of a collection's sqlite-vec index of 1-bit quantised embeddings (ids are generated, never client text). */
function bitsTable(collectionId: string): string {
  if (!/^vs_[0-9a-f]{32}$/.test(collectionId)) throw new Error(`unexpected vector collection id ${collectionId}`);
  return `vector_bits_${collectionId}`;
}

/** A new collection id. */
export function newCollectionId(): string {
  return `vs_${randomUUID().replaceAll('-', '')}`;
}

/**
 * Vector collections in an SQLite file with sqlite-vec loaded. Documents (text, metadata, unit float32
 * embedding) live in one ordinary table; each collection whose size is a multiple of 8 also gets a vec0
 * table of sign bits keyed by `row_number`. Small or filtered searches are an exact scan with
 * `vec_distance_l2` (on unit vectors, cosine = 1 − d²/2); large ones pre-select candidates by Hamming
 * distance on the bits and re-rank them exactly.
 */
export class SqliteVectorStorage implements VectorStorage {
  private readonly statements = new Map<string, SQLite.Statement>();

  constructor(private readonly db: SQLite.Database) {}

  private statement(sql: string): SQLite.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, statement = this.db.prepare(sql));
    return statement;
  }

  async createCollection(collection: VectorCollectionRecord): Promise<boolean> {
    const exists = this.statement('select 1 from vector_collection where owner_id = ? and name = ?').get(collection.ownerId, collection.name);
    if (exists) return false;
    this.db.transaction(() => {
      this.statement(`insert into vector_collection (id, owner_id, name, model, dimensions, request_dimensions, metadata, document_count, created_at)
        values (?, ?, ?, ?, ?, ?, ?, 0, ?)`).run(collection.id, collection.ownerId, collection.name, collection.model, collection.dimensions,
        collection.requestDimensions ? 1 : 0,
        collection.metadata === undefined ? null : JSON.stringify(collection.metadata), collection.createdAt.toISOString());
      if (collection.dimensions % 8 === 0) {
        this.db.exec(`create virtual table "${bitsTable(collection.id)}" using vec0(bits bit[${collection.dimensions}])`);
      }
    })();
    return true;
  }

  async findCollection(ownerId: string, idOrName: string): Promise<VectorCollectionRecord | undefined> {
    const row = this.statement('select * from vector_collection where owner_id = ? and (id = ? or name = ?) order by id = ? desc limit 1')
      .get(ownerId, idOrName, idOrName, idOrName) as CollectionRow | undefined;
    return row && toCollection(row);
  }

  async listCollections(ownerId: string): Promise<VectorCollectionRecord[]> {
    const rows = this.statement('select * from vector_collection where owner_id = ? order by created_at, id').all(ownerId) as CollectionRow[];
    return rows.map(toCollection);
  }

  async deleteCollection(collectionId: string): Promise<void> {
    const table = bitsTable(collectionId);
    this.db.transaction(() => {
      this.statement('delete from vector_document where collection_id = ?').run(collectionId);
      this.statement('delete from vector_collection where id = ?').run(collectionId);
      this.db.exec(`drop table if exists "${table}"`);
    })();
    for (const sql of this.statements.keys()) if (sql.includes(table)) this.statements.delete(sql);
  }

  async upsertDocuments(collection: VectorCollectionRecord, documents: VectorDocumentInput[]): Promise<{ inserted: number; updated: number }> {
    const bits = collection.dimensions % 8 === 0 ? bitsTable(collection.id) : undefined;
    return this.db.transaction(() => {
      let next = (this.statement('select coalesce(max(row_number), 0) as last from vector_document').get() as { last: number }).last;
      let inserted = 0;
      const now = new Date().toISOString();
      for (const document of documents) {
        const embedding = bytesOf(document.embedding);
        const metadata = document.metadata === undefined ? null : JSON.stringify(document.metadata);
        const existing = this.statement('select row_number from vector_document where collection_id = ? and id = ?')
          .get(collection.id, document.id) as { row_number: number } | undefined;
        let rowNumber: number;
        if (existing) {
          rowNumber = existing.row_number;
          this.statement('update vector_document set text = ?, metadata = ?, embedding = ?, updated_at = ? where collection_id = ? and id = ?')
            .run(document.text, metadata, embedding, now, collection.id, document.id);
          if (bits) this.statement(`delete from "${bits}" where rowid = ?`).run(BigInt(rowNumber));
        } else {
          rowNumber = ++next;
          inserted++;
          this.statement(`insert into vector_document (collection_id, id, row_number, text, metadata, embedding, created_at, updated_at)
            values (?, ?, ?, ?, ?, ?, ?, ?)`).run(collection.id, document.id, rowNumber, document.text, metadata, embedding, now, now);
        }
        if (bits) this.statement(`insert into "${bits}" (rowid, bits) values (?, vec_quantize_binary(?))`).run(BigInt(rowNumber), embedding);
      }
      this.statement('update vector_collection set document_count = document_count + ? where id = ?').run(inserted, collection.id);
      return { inserted, updated: documents.length - inserted };
    })();
  }

  async deleteDocuments(collection: VectorCollectionRecord, selection: { ids?: string[]; filter?: MetadataFilter }): Promise<number> {
    const byId = selection.ids?.length ? 'id in (select value from json_each(?))' : '0';
    const byFilter = selection.filter ? sqliteMetadataFilter(selection.filter) : { sql: '0', params: [] };
    const bits = collection.dimensions % 8 === 0 ? bitsTable(collection.id) : undefined;
    return this.db.transaction(() => {
      const rows = this.db.prepare(`select row_number from vector_document where collection_id = ? and (${byId} or ${byFilter.sql})`)
        .all(collection.id, ...(selection.ids?.length ? [JSON.stringify(selection.ids)] : []), ...byFilter.params) as { row_number: number }[];
      for (const { row_number: rowNumber } of rows) {
        this.statement('delete from vector_document where row_number = ?').run(rowNumber);
        if (bits) this.statement(`delete from "${bits}" where rowid = ?`).run(BigInt(rowNumber));
      }
      this.statement('update vector_collection set document_count = document_count - ? where id = ?').run(rows.length, collection.id);
      return rows.length;
    })();
  }

  async getDocument(collection: VectorCollectionRecord, id: string): Promise<VectorDocument | undefined> {
    const row = this.statement('select id, text, metadata, created_at, updated_at from vector_document where collection_id = ? and id = ?')
      .get(collection.id, id) as DocumentRow | undefined;
    return row && { id: row.id, text: row.text, metadata: parseObject(row.metadata), createdAt: new Date(row.created_at), updatedAt: new Date(row.updated_at) };
  }

  async search(collection: VectorCollectionRecord, query: VectorQuery): Promise<VectorMatch[]> {
    const vector = bytesOf(query.vector);
    const quantised = collection.dimensions % 8 === 0 && !query.filter && collection.documentCount > query.exactSearchMaxDocuments
      && query.candidates > query.topK;
    let rows: MatchRow[];
    if (quantised) {
      const candidates = this.statement(`select rowid from "${bitsTable(collection.id)}" where bits match vec_quantize_binary(?) and k = ?`)
        .pluck().all(vector, Math.min(query.candidates, 4096)) as number[];
      rows = this.statement(`select id, text, metadata, vec_distance_l2(embedding, ?) as distance from vector_document
        where row_number in (select value from json_each(?)) order by distance limit ?`).all(vector, JSON.stringify(candidates), query.topK) as MatchRow[];
    } else {
      const filter = sqliteMetadataFilter(query.filter);
      rows = this.db.prepare(`select id, text, metadata, vec_distance_l2(embedding, ?) as distance from vector_document
        where collection_id = ? and ${filter.sql} order by distance limit ?`).all(vector, collection.id, ...filter.params, query.topK) as MatchRow[];
    }
    return rows.map((row) => ({ id: row.id, text: row.text, similarity: 1 - (row.distance * row.distance) / 2, metadata: parseObject(row.metadata) }));
  }

  async close(): Promise<void> {
    this.statements.clear();
    this.db.close();
  }
}

/** Opens (creating if needed) an SQLite file for vector collections, loads sqlite-vec and migrates it. */
export async function openSqliteVectorStorage(path: string): Promise<SqliteVectorStorage> {
  if (path !== ':memory:') await mkdir(dirname(path), { recursive: true });
  const database = new SQLite(path);
  try {
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('busy_timeout = 5000');
    // Searches read every embedding of a collection: map the file rather than copy pages through a 2 MB cache.
    database.pragma(`mmap_size = ${4 * 1024 ** 3}`);
    sqliteVec.load(database);
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database }) });
    const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest();
    if (error) throw new Error(`Vector store migration failed: ${error instanceof Error ? error.message : String(error)}`);
  } catch (error) {
    database.close();
    throw error;
  }
  return new SqliteVectorStorage(database);
}
