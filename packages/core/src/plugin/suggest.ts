/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions, each costing 1),
 * so that `adma` is one edit from `adam`. O(|a|·|b|) time, three rows of memory.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[b.length];
}

/**
 * The known name closest to `input`, or undefined when nothing is close enough to be a
 * plausible typo (more than about a third of the word would have to change).
 */
export function closest(input: string, known: readonly string[]): string | undefined {
  if (input.length === 0) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  const needle = input.toLowerCase();
  for (const name of known) {
    const d = editDistance(needle, name.toLowerCase());
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.ceil(input.length / 3));
  return bestDistance <= limit ? best : undefined;
}

/** `known: a, b, c; did you mean b?` — the hint for an unknown name. */
export function knownNamesHint(input: string, known: readonly string[], what = 'known'): string {
  if (known.length === 0) return 'none are registered';
  const guess = closest(input, known);
  return `${what}: ${known.join(', ')}${guess !== undefined ? `; did you mean ${guess}?` : ''}`;
}
