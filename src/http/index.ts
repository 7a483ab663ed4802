export { defaultTimeouts, type UpstreamTimeouts } from './timeouts.js';
export { sendUpstream, readBodyText, readCapped, rejectJsonInsteadOfStream, type UpstreamCall, type UpstreamResponse } from './post-json.js';
export { parseUpstreamJson } from './json.js';
export { decodeSse, decodeSseBatches, type SseEvent } from './sse-decoder.js';
export { decodeNdjson, decodeNdjsonBatches } from './ndjson-decoder.js';
export { SseWriter } from './sse-writer.js';
export { readUpstreamError, describeErrorBody, retryAfterSeconds } from './read-upstream-error.js';
export { upstreamFailure } from './upstream-failure.js';
export { propagateTraceparent, withTraceparent, type TraceparentSource } from './trace-propagation.js';
