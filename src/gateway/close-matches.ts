function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** Up to `limit` candidates closest to `name`: substring matches first, then by edit distance. */
export function closeMatches(name: string, candidates: Iterable<string>, limit = 5): string[] {
  const lower = name.toLowerCase();
  const scored: { candidate: string; score: number }[] = [];
  for (const candidate of new Set(candidates)) {
    const target = candidate.toLowerCase();
    const bare = target.slice(target.lastIndexOf('/') + 1);
    const contains = target.includes(lower) || lower.includes(bare);
    const distance = Math.min(editDistance(lower, target), editDistance(lower, bare));
    const score = contains ? distance / 10 : distance;
    if (contains || distance <= Math.max(2, Math.floor(lower.length / 3))) scored.push({ candidate, score });
  }
  return scored.sort((x, y) => x.score - y.score || x.candidate.localeCompare(y.candidate)).slice(0, limit).map((s) => s.candidate);
}
