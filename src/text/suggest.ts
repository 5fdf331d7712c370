/** "Did you mean": the closest known word to a typo (inventory groups, task keywords, module names). */

/** Levenshtein distance between two words. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** Longest word that gets a suggestion (names people type are far shorter). */
export const MAX_SUGGEST_LENGTH = 256;

/**
 * The candidate closest to `word`, or undefined when none is close enough. `maxDistance` is the
 * largest edit distance still taken for a typo (default: a third of the word, at least 2); an exact
 * match is not a suggestion.
 */
export function closest(word: string, candidates: Iterable<string>, maxDistance = Math.max(2, Math.floor(word.length / 3))): string | undefined {
  // the distance costs length x length: a huge name (a 100 kB "group" of a broken file) is no typo
  if (word.length > MAX_SUGGEST_LENGTH) return undefined;
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  for (const candidate of candidates) {
    // the distance is at least the difference in length: such candidates cannot win
    if (candidate === word || Math.abs(candidate.length - word.length) >= bestDistance) continue;
    const d = editDistance(word, candidate);
    if (d > 0 && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
