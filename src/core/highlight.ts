/** Where each hardware target's phrase and each claim's sentence stand in a text, as non-overlapping ranges a page can mark. */
import type { Paper } from './model';

/** What a highlighted range shows. */
export type HighlightKind = 'hardware' | 'claim';

/** A place in a text, as UTF-16 offsets: `text.slice(start, end)`. */
export interface Span {
  start: number;
  end: number;
}

/**
 * One range of a text to mark. Ranges never overlap and come in text order; where a hardware
 * phrase lies inside a claim's sentence, the sentence is cut around it and the phrase's range
 * carries both kinds.
 */
export interface HighlightRange extends Span {
  /** The kinds present, in the order `hardware`, `claim`. */
  kinds: HighlightKind[];
  /** Names of what is marked, for a tooltip: "Hardware: NVIDIA RTX 4090 (GPU)", "Claim 2: speedup 4.8x". */
  labels: string[];
  /** The ids of what is marked (`hw-0`, `claim-2`: the index in `paper.hardware` / `paper.claims`), so a list entry can find its mark. */
  ids: string[];
}

/** An item to locate, with its id, label and how to find it. */
interface Wanted {
  id: string;
  kind: HighlightKind;
  label: string;
  needle: string;
  /** Hardware phrases are words: they must not continue a word on either side ("T4" not in "T40"). */
  wholeWords: boolean;
}

const WORD = /[\p{L}\p{N}]/u;
const SPACE = /\s/;

/** `text` with each run of white space as one space, and where each character of it came from. */
function squeezed(text: string): { text: string; from: number[] } {
  let out = '';
  const from: number[] = [];
  let space = false;
  for (let i = 0; i < text.length; i++) {
    if (SPACE.test(text[i])) {
      if (!space) {
        out += ' ';
        from.push(i);
      }
      space = true;
    } else {
      out += text[i];
      from.push(i);
      space = false;
    }
  }
  return { text: out, from };
}

/**
 * Where `needle` first occurs in `text`, white space compared loosely (a line break or a double
 * space in either matches one space) and case compared exactly, then, if nothing is found, ignored.
 * With `wholeWords`, a match must not continue a letter or digit on either side. The span is in
 * `text`'s own offsets and never starts or ends with white space. Null when the needle (trimmed) is
 * empty or not found.
 */
export function findVerbatim(text: string, needle: string, wholeWords = false): Span | null {
  return findIn(squeezed(text), needle, wholeWords);
}

/** `findVerbatim` in a text squeezed once for every needle looked for in it. */
function findIn(hay: { text: string; from: number[] }, needle: string, wholeWords: boolean): Span | null {
  const want = needle.replace(/\s+/g, ' ').trim();
  if (!want) return null;
  for (const fold of [false, true]) {
    const h = fold ? hay.text.toLowerCase() : hay.text;
    const n = fold ? want.toLowerCase() : want;
    // Lower-casing can change a string's length (İ); offsets are then unreliable, so that pass is skipped.
    if (fold && (h.length !== hay.text.length || n.length !== want.length)) continue;
    for (let at = h.indexOf(n); at !== -1; at = h.indexOf(n, at + 1)) {
      const end = at + n.length;
      if (wholeWords && ((at > 0 && WORD.test(h[at - 1]) && WORD.test(h[at])) || (end < h.length && WORD.test(h[end]) && WORD.test(h[end - 1])))) continue;
      return { start: hay.from[at], end: hay.from[end - 1] + 1 };
    }
  }
  return null;
}

/** The id of a hardware target's mark (its index in `paper.hardware`). */
export const hardwareMarkId = (index: number) => `hw-${index}`;
/** The id of a claim's mark (its index in `paper.claims`). */
export const claimMarkId = (index: number) => `claim-${index}`;

/**
 * The ranges of `text` (a paper's abstract, or its title) to mark: each hardware target's
 * `phrase` (else its name) at its first whole-word occurrence, and each claim's sentence. Text is
 * matched as `findVerbatim` does, so a sentence the page wrapped still matches. What is not found
 * is left out (a phrase read from the title is not in the abstract). `only` restricts the items
 * looked for, by id. Ranges never overlap: where items overlap, the text is cut at every item's
 * start and end, each piece carries every item that covers it, and neighbouring pieces covering
 * the same items are one range. Offsets are `text`'s; escape each piece, never the whole.
 */
export function highlightRanges(text: string, paper: Pick<Paper, 'hardware' | 'claims'>, only?: (id: string) => boolean): HighlightRange[] {
  const wanted: Wanted[] = [
    ...paper.hardware.map((h, i) => ({
      id: hardwareMarkId(i),
      kind: 'hardware' as const,
      label: `Hardware: ${h.name} (${h.class})`,
      needle: h.phrase?.trim() ? h.phrase : h.name,
      wholeWords: true,
    })),
    ...paper.claims.map((c, i) => ({
      id: claimMarkId(i),
      kind: 'claim' as const,
      label: `Claim ${i + 1}: ${[c.metric, c.value].filter(Boolean).join(' ')}`,
      needle: c.text,
      wholeWords: false,
    })),
  ];
  const found: (Span & Wanted)[] = [];
  const hay = squeezed(text);
  for (const w of wanted) {
    if (only && !only(w.id)) continue;
    const span = findIn(hay, w.needle, w.wholeWords);
    if (span && span.end > span.start) found.push({ ...w, ...span });
  }
  if (!found.length) return [];
  const cuts = [...new Set(found.flatMap((f) => [f.start, f.end]))].sort((a, b) => a - b);
  const ranges: HighlightRange[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [start, end] = [cuts[i], cuts[i + 1]];
    const covering = found.filter((f) => f.start <= start && f.end >= end);
    if (!covering.length) continue;
    const ids = covering.map((f) => f.id);
    const previous = ranges.at(-1);
    if (previous && previous.end === start && previous.ids.join(' ') === ids.join(' ')) {
      previous.end = end;
      continue;
    }
    ranges.push({
      start,
      end,
      kinds: (['hardware', 'claim'] as const).filter((k) => covering.some((f) => f.kind === k)),
      labels: covering.map((f) => f.label),
      ids,
    });
  }
  return ranges;
}
