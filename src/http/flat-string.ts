/**
 * The same string, flattened. A string built by `+` or a template literal is a tree of its pieces
 * in V8 (a "cons string", 32 bytes a node) until something reads its characters; a UUID from
 * `randomUUID()` is such a tree of 16 pieces too. Reading one character makes V8 flatten the tree
 * in place, and the pieces become garbage: a chunk head and a UUID kept together measured 809 →
 * 219 bytes (100,000 of each, heap after a full GC). `Number(text)` and `indexOf` do not flatten.
 * For strings a request or stream keeps; a short-lived string is flattened when it is written.
 */
export function flatString(text: string): string {
  // Kept in a variable so that an optimising compiler cannot drop the read as unused.
  lastFirstCode = text.charCodeAt(0);
  return text;
}

let lastFirstCode = 0;

/**
 * A copy of `text` that shares no memory with the string it was cut from. V8 makes `slice` of 13
 * or more characters a view into the whole string, which then lives as long as the slice does:
 * a few bytes cut from a network read would keep the read's text. For pieces a stream keeps.
 */
export function ownString(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}
