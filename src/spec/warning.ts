/** Something a provider could not honour, reported instead of silently dropped. */
export interface Warning {
  /** Stable machine-readable kind. */
  code: 'unsupported-parameter' | 'unsupported-content' | 'parameter-adjusted' | 'history-trimmed' | 'other';
  /** The request field concerned, in the client's wire name where known. */
  param?: string;
  /** Human-readable explanation. */
  message: string;
}
