/** The claim check: numbers a writer puts next to a citation (`3.1×`, `45 %`, `12 ms`) compared with the numbers the cited paper's abstract states. */
import { findEvidenceBlocks } from './evidence';
import { citationGroupAt, languageFamily, findCitedKeys, renderCitation, type CitationStyle } from './languages';
import type { Claim, Paper } from './model';
import { splitSentences } from './sentences';

/** A number with a unit or a multiplier, where it stands in the text it was found in. */
export interface Quantity {
  /** As written: `3.1×`, `45 %`, `1,000 ms`, `3.1$\times$`. */
  text: string;
  start: number;
  end: number;
  value: number;
  /** Digits after the decimal point as written: what "within rounding" means for this number. */
  decimals: number;
  /** Normalised: `x` for every multiplier (`×`, `x`, `times`, `fold`, `\times`), `%`, `ms`, `s`, `us`, `ns`, `tokens/s`, `fps`, or the unit as written (`GB`, `W`). */
  unit: string;
}

const NUMBER = String.raw`(?<![\w.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)`;
/** Space a writer may put between a number and its unit: a space, a no-break or thin space, TeX's `~` or `\,`. */
const GAP = String.raw`(?:[ \u00a0\u2009\u202f~]|\\,|\\ )?`;
/**
 * The units, each with the gap it allows: a multiplier `x` only right after the number (`2 x 3` is a product),
 * `s` only after a space (`1990s` is a decade).
 */
const UNIT = String.raw`(?:(x|X)(?![\w])|${GAP}(×|\$?\\times\$?|\$times\$|times\b|-?fold\b|\\?%|percent\b|(?:tokens?|tok)\s?\/\s?s\b|tokens per second\b|fps\b|ms\b|milliseconds?\b|(?:µs|μs|us)\b|microseconds?\b|ns\b|nanoseconds?\b|seconds?\b|sec\b|[kKMGT]?B\b|[mk]?[WJ]\b|[TG](?:FL)?OPS\b)|[ \u00a0](s)\b)`;
const QUANTITY = new RegExp(`${NUMBER}${UNIT}`, 'g');

/** The normalised unit of a unit as written. */
function unitOf(written: string): string {
  if (/^(?:x|×|\$?\\times\$?|\$times\$|times|-?fold)$/i.test(written)) return 'x';
  if (/^(?:\\?%|percent)$/.test(written)) return '%';
  if (/^(?:ms|milliseconds?)$/.test(written)) return 'ms';
  if (/^(?:µs|μs|us|microseconds?)$/.test(written)) return 'us';
  if (/^(?:ns|nanoseconds?)$/.test(written)) return 'ns';
  if (/^(?:s|sec|seconds?)$/.test(written)) return 's';
  if (/^(?:(?:tokens?|tok)\s?\/\s?s|tokens per second)$/.test(written)) return 'tokens/s';
  return written;
}

/**
 * Every number with a unit or a multiplier in `text`, in order: `3.1×`, `2.1x`, `45 %`, `45\%`, `12 ms`, `1,000 tokens/s`,
 * `3.1$\times$`. A bare number, a year, `2x2` or `2 x 3` is none.
 */
export function findQuantities(text: string): Quantity[] {
  const found: Quantity[] = [];
  QUANTITY.lastIndex = 0;
  for (let m = QUANTITY.exec(text); m; m = QUANTITY.exec(text)) {
    const digits = m[1];
    const unit = m[2] ?? m[3] ?? m[4];
    found.push({
      text: m[0],
      start: m.index,
      end: m.index + m[0].length,
      value: Number(digits.replace(/,/g, '')),
      decimals: digits.includes('.') ? digits.length - digits.indexOf('.') - 1 : 0,
      unit: unitOf(unit),
    });
  }
  return found;
}

/**
 * Whether a number a writer wrote says what a paper stated: the same unit, and the paper's number rounds to the
 * written one at the written precision (`2.1×` for a stated `2.12x`; `45%` for `45 %` or `45.3%`; `1,000` for `1000`).
 * A more precise number than the paper gives (`2.12×` for a stated `2.1x`) is not the paper's, nor is `4.5` for `45`.
 */
export function quantityMatches(written: Pick<Quantity, 'value' | 'decimals' | 'unit'>, stated: Pick<Quantity, 'value' | 'unit'>): boolean {
  if (written.unit !== stated.unit) return false;
  return Math.abs(stated.value - written.value) <= 0.5 * 10 ** -written.decimals + 1e-9;
}

/** A quantity of an abstract, with the sentence that states it. */
export interface StatedQuantity extends Quantity {
  sentence: string;
}

const stated = new WeakMap<Paper, StatedQuantity[]>();

/** Every quantity the paper's abstract states, each with its sentence; computed once per paper object. */
export function statedQuantities(paper: Paper): StatedQuantity[] {
  let found = stated.get(paper);
  if (!found) {
    found = splitSentences(paper.abstract).flatMap((s) => findQuantities(s.text).map((q) => ({ ...q, sentence: s.text })));
    stated.set(paper, found);
  }
  return found;
}

/** What the check says about one number of the document. */
export type ClaimFinding =
  | {
      kind: 'stated';
      /** The number, with offsets in the document. */
      quantity: Quantity;
      /** The cited paper (as looked up) that states it, and its sentence. */
      key: string;
      paperSentence: string;
    }
  | {
      kind: 'unstated';
      quantity: Quantity;
      /** The citing sentence in the document (offsets, and text as written): what "Use the paper's words" replaces. */
      sentence: { start: number; end: number; text: string };
      /** The cited paper the message is about (the first the library holds), as cited in the document. */
      key: string;
      /** Its claim nearest to the written number (same unit first), what "Use the paper's words" inserts; null when it has none. */
      claimIndex: number | null;
      /** `3.1× is not in [@key]'s abstract; it reports 2.12x speedup`. */
      message: string;
    };

/**
 * Replaces what is not prose with spaces (offsets kept): evidence tables (their numbers are the papers'), comments
 * (LaTeX `%…`, HTML `<!-- … -->`, Typst `//…`), fenced and inline code.
 */
function prose(text: string, languageId: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  let out = text;
  for (const b of findEvidenceBlocks(text, languageId).blocks) out = out.slice(0, b.start) + blank(out.slice(b.start, b.end)) + out.slice(b.end);
  const family = languageFamily(languageId);
  if (family === 'latex') return out.replace(/(?<!\\)%.*$/gm, blank);
  if (family === 'typst') out = out.replace(/(?<![:\\])\/\/.*$/gm, blank).replace(/\/\*[\s\S]*?\*\//g, blank);
  if (family === 'pandoc') out = out.replace(/<!--[\s\S]*?-->/g, blank);
  return out.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, blank).replace(/`[^`\n]*`/g, blank);
}

/** Sentences of a prose text: ends at `.`, `!` or `?` before a space, and at blank lines. */
function sentencesOf(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  const END = /[.!?]["')\]]*(?=\s|$)|\n[ \t]*\n/g;
  let start = 0;
  for (let m = END.exec(text); m; m = END.exec(text)) {
    const end = m[0].startsWith('\n') ? m.index : m.index + m[0].length;
    if (text.slice(start, end).trim()) spans.push({ start, end });
    start = m.index + m[0].length;
  }
  if (text.slice(start).trim()) spans.push({ start, end: text.length });
  // Leading whitespace is not part of a sentence (a quick fix replaces the sentence).
  const trimmed = spans.map((s) => ({ start: s.start + (/^\s*/.exec(text.slice(s.start, s.end))?.[0].length ?? 0), end: s.end }));
  // A citation written after the full stop ("… 3.1× faster. [@key]") belongs to the sentence before it.
  const merged: { start: number; end: number }[] = [];
  for (const s of trimmed) {
    const previous = merged.at(-1);
    if (previous && CITATION_ONLY.test(text.slice(s.start, s.end)) && !/\n[ \t]*\n/.test(text.slice(previous.end, s.start))) previous.end = s.end;
    else merged.push(s);
  }
  return merged;
}

/** A "sentence" that is only a citation and punctuation: `[@key].`, `\cite{key}.`, `@key.` */
const CITATION_ONLY = /^(?:\[[^[\]]*@[^[\]]*\]|\\[A-Za-z]*cite[A-Za-z]*\*?(?:\[[^\]]*\]){0,2}\{[^}]*\}|#cite\([^)]*\)|@[\w:.-]+)[.,;]?$/;

/** The paper's claim to offer for a written number: one in the same unit, the nearest value first; else the first claim. */
function nearestClaim(paper: Paper, q: Quantity): number | null {
  let best: number | null = null;
  let distance = Infinity;
  paper.claims.forEach((c: Claim, i) => {
    if (c.unit !== q.unit || c.number === null || c.number === undefined) return;
    const n = Array.isArray(c.number) ? c.number[1] : c.number;
    if (Math.abs(n - q.value) < distance) {
      distance = Math.abs(n - q.value);
      best = i;
    }
  });
  return best ?? (paper.claims.length ? 0 : null);
}

/** The first of `papers` whose abstract states `q`, and its sentence. */
function statedBy(papers: { key: string; paper: Paper }[], q: Quantity): { key: string; sentence: string } | null {
  for (const { key, paper } of papers) for (const s of statedQuantities(paper)) if (quantityMatches(q, s)) return { key, sentence: s.sentence };
  return null;
}

/** Options of {@link checkClaims}. */
export interface ClaimCheckOptions {
  /** The document's citation form, for messages; default: its language's. */
  style: CitationStyle;
  /** Sentences the user chose to ignore (by their text with whitespace runs made one space). */
  ignored?: (sentence: string) => boolean;
}

/** A sentence's text as the Ignore list keeps it: whitespace runs made one space, ends trimmed. */
export function sentenceId(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Checks every sentence of a Markdown, LaTeX or Typst document that holds both a citation of a paper `lookup` knows and a
 * number with a unit: a number one of the cited papers' abstracts states (see {@link quantityMatches}) is `stated`,
 * with the paper's sentence; any other is `unstated`, with a message naming the first cited paper and what it
 * reports. Numbers inside citations, comments, code and evidence tables are not read. In Markdown only keys inside
 * `[…]` are citations. Cost: linear in the document, plus each cited paper's abstract once (cached per paper).
 */
export function checkClaims(text: string, languageId: string, lookup: (key: string) => Paper | undefined, options: ClaimCheckOptions): ClaimFinding[] {
  const family = languageFamily(languageId);
  if (family === 'plain') return [];
  const clean = prose(text, languageId);
  const lineStarts = [0];
  for (let i = clean.indexOf('\n'); i >= 0; i = clean.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lines = family === 'pandoc' ? clean.split('\n') : [];
  const cites = findCitedKeys(clean, languageId)
    .filter((k) => family !== 'pandoc' || citationGroupAt(lines[k.line], k.start, languageId))
    .map((k) => ({ key: k.key, start: lineStarts[k.line] + k.start, end: lineStarts[k.line] + k.end }));
  if (!cites.length) return [];
  const quantities = findQuantities(clean);
  if (!quantities.length) return [];
  // The whole citation (`[@a; @b]`, `\cite{a}`) is not prose: a key like `x2` or a locator `p. 3` holds no claim.
  const citeSpans: [number, number][] = [];
  const group =
    family === 'latex'
      ? /\\[A-Za-z]*cite[A-Za-z]*\*?(?:\[[^\]]*\]){0,2}\{[^}]*\}/g
      : family === 'pandoc'
        ? /\[[^[\]]*@[^[\]]*\]/g
        : /#cite\([^)]*\)|@[\w:.-]+/g;
  for (const m of clean.matchAll(group)) citeSpans.push([m.index, m.index + m[0].length]);
  // Quantities and spans both come in document order, so one pointer walks the spans once.
  let span = 0;
  const inCite = (q: Quantity) => {
    while (span < citeSpans.length && citeSpans[span][1] <= q.start) span++;
    return span < citeSpans.length && citeSpans[span][0] < q.end;
  };
  const findings: ClaimFinding[] = [];
  let c = 0;
  let n = 0;
  for (const sentence of sentencesOf(clean)) {
    while (c < cites.length && cites[c].start < sentence.start) c++;
    while (n < quantities.length && quantities[n].start < sentence.start) n++;
    const keys: string[] = [];
    for (let i = c; i < cites.length && cites[i].start < sentence.end; i++) keys.push(cites[i].key);
    const papers = [...new Set(keys)].map((key) => ({ key, paper: lookup(key) })).filter((p): p is { key: string; paper: Paper } => !!p.paper);
    if (!papers.length) continue;
    const written: Quantity[] = [];
    for (let i = n; i < quantities.length && quantities[i].start < sentence.end; i++) if (!inCite(quantities[i])) written.push(quantities[i]);
    if (!written.length) continue;
    const sentenceText = text.slice(sentence.start, sentence.end);
    const ignored = options.ignored?.(sentenceId(sentenceText)) ?? false;
    for (const q of written) {
      const hit = statedBy(papers, q);
      if (hit) {
        findings.push({ kind: 'stated', quantity: { ...q, text: text.slice(q.start, q.end) }, key: hit.key, paperSentence: hit.sentence });
        continue;
      }
      if (ignored) continue;
      const { key, paper } = papers[0];
      const claimIndex = nearestClaim(paper, q);
      const citation = renderCitation([key], options.style);
      const writtenText = text.slice(q.start, q.end);
      const reports =
        claimIndex === null ? 'its abstract states no quantitative result' : `it reports ${paper.claims[claimIndex].value} ${paper.claims[claimIndex].metric}`;
      findings.push({
        kind: 'unstated',
        quantity: { ...q, text: writtenText },
        sentence: { start: sentence.start, end: sentence.end, text: sentenceText },
        key,
        claimIndex,
        message: `${writtenText} is not in ${citation}'s abstract; ${reports}.`,
      });
    }
  }
  return findings;
}
