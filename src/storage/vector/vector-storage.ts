/** A metadata value a filter can compare with. */
export type MetadataScalar = string | number | boolean | null;

/**
 * Documents whose metadata matches every key: equal to the value, or (`{ $in: [...] }`) to one of the
 * values. Compared by JSON type as well as value: `1` does not match `true` or `"1"`.
 */
export type MetadataFilter = Record<string, MetadataScalar | { $in: MetadataScalar[] }>;

/** A named collection of documents with embeddings of one model and one size. */
export interface VectorCollectionRecord {
  /** `vs_…`, generated. */
  id: string;
  /** The caller that created it (a virtual key's id, `admin`, `gateway`, `anonymous`, or a library owner). */
  ownerId: string;
  /** Unique per owner. */
  name: string;
  /** Embedding model (as clients name it: alias, `provider/model` or bare). */
  model: string;
  /** Length of every embedding in the collection. */
  dimensions: number;
  /** Whether embedding calls ask the model for `dimensions` (the creator chose the size) or take its native size. */
  requestDimensions: boolean;
  /** The creator's own notes. */
  metadata?: Record<string, unknown>;
  /** Documents stored. */
  documentCount: number;
  createdAt: Date;
}

/** A document to store; `embedding` has the collection's dimensions and unit length. */
export interface VectorDocumentInput {
  id: string;
  text: string;
  metadata?: Record<string, unknown>;
  embedding: Float32Array;
}

/** A stored document, without its embedding. */
export interface VectorDocument {
  id: string;
  text: string;
  metadata: Record<string, unknown> | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One search hit. */
export interface VectorMatch {
  id: string;
  text: string;
  /** Cosine similarity to the query, in [-1, 1]. */
  similarity: number;
  metadata: Record<string, unknown> | null;
}

/** How to search one collection. */
export interface VectorQuery {
  /** Unit-length query vector of the collection's dimensions. */
  vector: Float32Array;
  topK: number;
  filter?: MetadataFilter;
  /** Up to this many documents, search is an exact scan; beyond it, a quantised pre-selection re-ranked exactly. */
  exactSearchMaxDocuments: number;
  /** Candidates the quantised pre-selection keeps for exact re-ranking. */
  candidates: number;
}

/** Where vector collections live. SQL stays behind this interface. */
export interface VectorStorage {
  /** Stores a new collection; false when the owner already has one of that name. */
  createCollection(collection: VectorCollectionRecord): Promise<boolean>;
  /** One of the owner's collections, by id or by name. */
  findCollection(ownerId: string, idOrName: string): Promise<VectorCollectionRecord | undefined>;
  /** The owner's collections, oldest first. */
  listCollections(ownerId: string): Promise<VectorCollectionRecord[]>;
  /** Removes a collection and its documents. */
  deleteCollection(collectionId: string): Promise<void>;
  /** Inserts new ids and replaces existing ones, in one transaction. */
  upsertDocuments(collection: VectorCollectionRecord, documents: VectorDocumentInput[]): Promise<{ inserted: number; updated: number }>;
  /** Removes documents by id and/or by metadata filter (both: those matching either); returns how many. */
  deleteDocuments(collection: VectorCollectionRecord, selection: { ids?: string[]; filter?: MetadataFilter }): Promise<number>;
  /** One document, without its embedding. */
  getDocument(collection: VectorCollectionRecord, id: string): Promise<VectorDocument | undefined>;
  /** The nearest documents by cosine similarity, best first. */
  search(collection: VectorCollectionRecord, query: VectorQuery): Promise<VectorMatch[]>;
  close(): Promise<void>;
}
