/** Extraction of what a reviewer asks of a paper: its hardware targets, quantitative claims and topics. */
import type { Claim, HardwareTarget, MergedPaper, Paper } from './model';
import { PhraseMatcher } from './phrases';
import { splitSentences, type Sentence } from './sentences';
import { DEFAULT_CATALOG, DEFAULT_TAXONOMY, HARDWARE_CLASSES, type HardwareCatalog, type HardwareClass, type Taxonomy } from './vocabulary';

// ---------------------------------------------------------------- hardware

type Device = HardwareCatalog['devices'][number];

/** A match must not continue a word on either side. */
const EDGE_BEFORE = '(?<![\\p{L}\\p{N}])';
const EDGE_AFTER = '(?![\\p{L}\\p{N}])';

interface CompiledCatalog {
  phrases: PhraseMatcher<Device>;
  patterns: { regex: RegExp; device: Device }[];
}

const compiledCatalogs = new WeakMap<HardwareCatalog, CompiledCatalog>();

function compileCatalog(catalog: HardwareCatalog): CompiledCatalog {
  let cached = compiledCatalogs.get(catalog);
  if (!cached) {
    cached = {
      phrases: new PhraseMatcher(
        catalog.devices.flatMap((device) => [
          ...device.aliases.map((phrase) => ({ phrase, value: device, plural: true })),
          ...device.exact.map((phrase) => ({ phrase, value: device, caseSensitive: true })),
        ]),
      ),
      patterns: catalog.devices.flatMap((device) => device.patterns.map((p) => ({ regex: new RegExp(`${EDGE_BEFORE}(?:${p})${EDGE_AFTER}`, 'giu'), device }))),
    };
    compiledCatalogs.set(catalog, cached);
  }
  return cached;
}

interface Mention {
  start: number;
  end: number;
  device: Device;
}

function findMentions(text: string, catalog: HardwareCatalog): Mention[] {
  const { phrases, patterns } = compileCatalog(catalog);
  const found: Mention[] = phrases.match(text).map((m) => ({ start: m.start, end: m.end, device: m.value }));
  for (const { regex, device } of patterns) {
    regex.lastIndex = 0;
    for (let m = regex.exec(text); m; m = regex.exec(text)) found.push({ start: m.index, end: m.index + m[0].length, device });
  }
  // Longest first at each place; a mention inside a longer one ("GPU" in "24 GB consumer GPU") is dropped.
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Mention[] = [];
  for (const m of found) {
    if (kept.some((k) => m.start < k.end && k.start < m.end)) continue;
    // "Jetson TX2 GPU", "iPhone 13 Mini NPU": a generic word right after a named device is part of its name.
    const previous = kept.at(-1);
    if (m.device.generic && previous && !previous.device.generic && /^\s?$/.test(text.slice(previous.end, m.start))) continue;
    kept.push(m);
  }
  return kept;
}

/** Words just before a mention (six words, same clause) that make it a baseline, a negation or a problem statement. */
const NOT_THE_TARGET_NEAR = wordsRegExp([
  'typically',
  'usually',
  'often',
  'instead of',
  'rather than',
  'without',
  'not',
  'cannot',
  "can't",
  'no',
  'than',
  'over(?! \\d)',
  'against',
  'baselines?',
  'thousands of',
  'hundreds of',
  'rely on',
  'relying on',
  'beyond',
  'exceeding',
  'compared (?:to|with)',
  'suffer',
  'struggle[sd]?',
  'challenges?',
  'concerns?',
  'bottleneck(?:ed)?',
  'prohibitive(?:ly)?',
  'costly',
  'expensive',
  'suited for',
  'suitable for',
  'strain on',
]);
/** Words anywhere earlier in the mention's clause that make it prior work or the place work moves away from. */
const NOT_THE_TARGET_CLAUSE = wordsRegExp([
  'prior',
  'previous(?:ly)?',
  'existing',
  'conventional',
  'traditional(?:ly)?',
  'unlike',
  'comparison with',
  'as opposed to',
  'advancements? in',
  'motivated by',
  'tak(?:e|es|ing)',
  '(?:mov|shift|migrat)\\w* [\\w\\s-]* from',
]);

function wordsRegExp(words: string[]): RegExp {
  return new RegExp(words.map((w) => `\\b${w}\\b`).join('|'), 'i');
}
/** Words that say the sentence reports the paper's own system, experiments or target. */
const OWN_WORK =
  /\b(?:we|our|this (?:paper|work|article|study)|propos\w*|introduc\w*|evaluat\w*|experiment\w*|benchmark\w*|deploy\w*|implement\w*|runs?|running|achiev\w*|measur\w*|tested|demonstrat\w*|tailored|designed|targeting|optimi[sz]ed for|specifically|on an?|on (?:the )?\w+ (?:GPU|CPU|board|phone)s?|results?|speed-?ups?|faster|latency of|performed|processing|execut\w*|leverag\w*|utiliz\w*|integrat\w*|exploit\w*|deliver\w*)\b/i;
/** Words after a mention that take it out of the paper's use ("the CPU and GPU are left available", "CPU utilization"). */
const SET_ASIDE_AFTER = /^(?:(?:\s+and\s+(?:the\s+)?[\w-]+)?\s+(?:are|is)\s+(?:left|not|reserved|unavailable)\b|[\w/-]*\s?utili[sz]ation)/i;

/** The clause around a mention: from the last `,` `;` `:` or still-open `(` before it. */
function clauseBefore(sentence: string, offset: number): string {
  const before = sentence.slice(0, offset);
  let cut = Math.max(before.lastIndexOf(','), before.lastIndexOf(';'), before.lastIndexOf(':'));
  const open = before.lastIndexOf('(');
  if (open > cut && before.indexOf(')', open) === -1) cut = open;
  return before.slice(cut + 1);
}

function isTargetMention(sentence: string, start: number, end: number): boolean {
  const clause = clauseBefore(sentence, start);
  const nearWords = clause.trim().split(/\s+/).slice(-6).join(' ');
  if (NOT_THE_TARGET_NEAR.test(nearWords) || NOT_THE_TARGET_CLAUSE.test(clause) || SET_ASIDE_AFTER.test(sentence.slice(end))) return false;
  return OWN_WORK.test(sentence);
}

/**
 * The platforms a paper runs on, is measured on or targets, in order of first mention.
 * A title mention always counts; an abstract mention counts when its sentence reports the paper's
 * own work and no background, baseline or negation word stands just before it in its clause.
 * Generic entries ("GPU", "edge devices") are dropped when a specific device of the same class is found.
 */
export function extractHardware(title: string, abstract: string, catalog: HardwareCatalog = DEFAULT_CATALOG): HardwareTarget[] {
  const targets: Device[] = [];
  const add = (device: Device) => {
    if (!targets.includes(device)) targets.push(device);
  };
  for (const m of findMentions(title, catalog)) add(m.device);
  const mentions = findMentions(abstract, catalog);
  if (mentions.length) {
    // One scan of the whole abstract; each mention is then judged within its own sentence.
    const sentences = splitSentences(abstract);
    let s = 0;
    for (const m of mentions) {
      while (s + 1 < sentences.length && sentences[s + 1].start <= m.start) s++;
      const sentence = sentences[s];
      if (isTargetMention(sentence.text, m.start - sentence.start, m.end - sentence.start)) add(m.device);
    }
  }
  const specificClasses = new Set(targets.filter((d) => !d.generic).map((d) => d.class));
  const names = new Set(targets.map((d) => d.name));
  // In yieldsTo a class stands for any specific device of that class (or, for the entry's own class, any other entry).
  const yields = (d: (typeof targets)[number], y: string) =>
    y === d.class
      ? targets.some((o) => o !== d && o.class === y)
      : (HARDWARE_CLASSES as readonly string[]).includes(y)
        ? specificClasses.has(y as HardwareClass)
        : names.has(y);
  const redundant = (d: (typeof targets)[number]) => d.generic && (specificClasses.has(d.class) || d.yieldsTo.some((y) => yields(d, y)));
  return targets.filter((d) => !redundant(d)).map((d) => ({ name: d.name, class: d.class }));
}

// ---------------------------------------------------------------- claims

const NUMBER = String.raw`\d+(?:,\d{3})*(?:\.\d+)?`;
const UNIT = String.raw`(?:x|×|times|\\?%|percent|pp|milliseconds?|microseconds?|nanoseconds?|ms|mus|µs|μs|us|ns|s(?! of)|sec|seconds?|minutes?|hours?|fps|FPS|tokens?\/s|GB|MB|KB|W|mW|J|mJ|TFLOPS|dB|points?)`;
/** What may stand before a value: not a letter, digit or joiner ("GPT-4", "T=5", "$^2$"), except the prefix "sub-" ("sub-5us"). */
const VALUE_START = String.raw`(?:(?<=\bsub-)|(?<![\w.$=@^-]))`;
/** A number with a unit of result ("4.8x", "79%", "41.97 mus", "2.8x-5.8x", "1.2times-1.4times"). */
const RESULT_VALUE = new RegExp(
  String.raw`${VALUE_START}${NUMBER}\s?${UNIT}(?:\s?(?:-|–|to)\s?${NUMBER}\s?${UNIT}?)?(?![\w])|${VALUE_START}${NUMBER}\s?(?:-|–)\s?${NUMBER}\s?${UNIT}(?![\w])`,
  'gu',
);
/** A bare number right after a metric word ("nDCG@10 of 38.7", "accuracy of 97.7"), or right before one ("a 5.18 speedup"). */
const METRIC_WORD = String.raw`(?:accuracy|nDCG@?\d*|F1(?:-score)?|mIoU|BLEU|WER|s?FID|CLIP score|score|mAP|AUC|perplexity|latency|throughput|speedup|speed-up|compression|reduction|improvement|gain)`;
const BARE_VALUE = new RegExp(
  String.raw`${METRIC_WORD}\s+(?:of|by|to|at|is|reaches)\s+(${NUMBER})(?![\w%])|(?<![\w.$=@^-])(${NUMBER})\s+(?:${METRIC_WORD})\b`,
  'giu',
);
/** Verbs and comparisons that make a number an outcome rather than a setting. */
const OUTCOME =
  /\b(?:achiev\w*|reduc\w*|improv\w*|outperform\w*|speed-?ups?|faster|slower|lower\w*|higher|better|fewer|less|gains?|sav(?:e|es|ed|ing|ings)|boost\w*|accelerat\w*|cut\w*|decreas\w*|increas\w*|up to|surpass\w*|deliver\w*|reach\w*|attain\w*|yield\w*|obtain\w*|maintain\w*|as little as|runs? at|has a latency|only|shows?|reveal\w*|demonstrat\w*|result\w*|enabl\w*|exceed\w*|processing|while|with|cheaper|larger|smaller|longer|shorter|under|within|(?:is|was|of) (?:approximately|about|around|only|just|below))\b/i;
/** Sentence openings that set a scene instead of reporting a result. */
const SCENE = /^(?:existing|prior|previous|current|conventional|traditional|however|despite|although|due to|to address|for example|for instance)\b/i;
/** Hedged or hypothetical numbers are promises, not results. */
const HEDGE = /\b(?:(?:holds?|has|have) the potential|potential to|would|might|theoretical(?:ly)? (?:speedup|bound|limit|projection))\b/i;

const METRIC_CUES: [Claim['metric'], RegExp][] = [
  ['throughput', /throughput|tokens?\/s|\bfps\b|frames per|\bQPS\b|requests per|goodput|TFLOPS/i],
  ['energy', /energy|power|watt|joule|battery|\b\d+(?:\.\d+)?\s?m?[WJ]\b/i],
  ['memory', /memory|footprint|\bGB\b|\bMB\b|storage|model size|compression|smaller|fewer parameters|parameters/i],
  ['cost', /\bcost|\$|price|dollar|FLOPs|GPU hours|cheaper|compute/i],
  [
    'latency',
    /latenc|response time|TTFT|delay|wall-time|time-to-first|inference time|runtime|run-time|\b\d+(?:\.\d+)?\s?(?:ms|mus|µs|μs|us|ns)\b|seconds|minutes/i,
  ],
  ['speedup', /speed-?ups?|faster|accelerat|slower|\bx\b|×|times/i],
  ['accuracy', /accura|top-1|top-5|\bF1|mIoU|BLEU|WER|error|nDCG|precision|recall|\bmAP|perplexity|score|quality|success rate|pass@|exact match|\bAUC/i],
];

const METRIC_CUES_GLOBAL = METRIC_CUES.map(([metric, cue]) => [metric, new RegExp(cue.source, 'gi')] as const);

/** The metric of the claim: the cue nearest after the value in its clause, else the nearest anywhere. */
function metricOf(sentence: string, valueAt: number, value: string): Claim['metric'] {
  if (/(?:x|×|times)$/.test(value)) {
    const after = sentence.slice(valueAt + value.length, valueAt + value.length + 40);
    for (const metric of ['throughput', 'memory', 'energy', 'cost'] as const) {
      if (METRIC_CUES.find(([m]) => m === metric)![1].test(/^[^,.;]*/.exec(after)![0].split(/\s+/).slice(0, 4).join(' '))) return metric;
    }
    return 'speedup';
  }
  let best: Claim['metric'] = 'other';
  let bestDistance = Infinity;
  for (const [metric, global] of METRIC_CUES_GLOBAL) {
    global.lastIndex = 0;
    for (let m = global.exec(sentence); m; m = global.exec(sentence)) {
      const distance = m.index >= valueAt ? m.index - valueAt : valueAt - m.index + 10;
      if (distance < bestDistance) {
        best = metric;
        bestDistance = distance;
      }
    }
  }
  return best;
}

function firstValue(sentence: string): { value: string; at: number } | null {
  RESULT_VALUE.lastIndex = 0;
  BARE_VALUE.lastIndex = 0;
  const unit = RESULT_VALUE.exec(sentence);
  const bare = BARE_VALUE.exec(sentence);
  const bareValue = bare && { value: bare[1] ?? bare[2], at: bare.index + bare[0].indexOf(bare[1] ?? bare[2]) };
  if (unit && (!bareValue || unit.index <= bareValue.at)) return { value: unit[0].trim(), at: unit.index };
  return bareValue;
}

/** Whether a sentence states a quantitative result, and its main value. */
function claimOf(sentence: Sentence): Claim | null {
  const text = sentence.text;
  if (!/\d/.test(text)) return null;
  if ((SCENE.test(text) && !/\b(?:we|our)\b/i.test(text)) || HEDGE.test(text)) return null;
  const value = firstValue(text);
  if (!value || !OUTCOME.test(text)) return null;
  return { text, metric: metricOf(text, value.at, value.value), value: value.value };
}

/**
 * The sentences of an abstract that state a quantitative result, verbatim, each with its metric
 * and first value as written. A number without a result unit or metric word ("T=5 timesteps",
 * "8 GPUs", "7B") is a setting, not a claim.
 */
export function extractClaims(abstract: string): Claim[] {
  return splitSentences(abstract)
    .map(claimOf)
    .filter((c): c is Claim => c !== null);
}

// ---------------------------------------------------------------- topics

const compiledTaxonomies = new WeakMap<Taxonomy, PhraseMatcher<number>>();

function compileTaxonomy(taxonomy: Taxonomy): PhraseMatcher<number> {
  let cached = compiledTaxonomies.get(taxonomy);
  if (!cached) {
    // Keywords match at word starts, so stems ("quantiz") cover their inflections. Acronyms (two
    // capitals) keep their case, so "KV" does not match "kv" in other words' lower case.
    cached = new PhraseMatcher(
      taxonomy.topics.flatMap((t, topic) => t.keywords.map((phrase) => ({ phrase, value: topic, prefix: true, caseSensitive: /[A-Z]{2}/.test(phrase) }))),
    );
    compiledTaxonomies.set(taxonomy, cached);
  }
  return cached;
}

/** Adds `weight` to a topic for each distinct keyword of it found in `text`. */
function scoreText(text: string, matcher: PhraseMatcher<number>, weight: number, scores: number[]): void {
  const seen = new Set<string>();
  for (const m of matcher.match(text)) {
    const keyword = `${m.value}:${text.slice(m.start, m.end).toLowerCase()}`;
    if (seen.has(keyword)) continue;
    seen.add(keyword);
    scores[m.value] += weight;
  }
}

/**
 * One to three topic ids, best first: each keyword found in the title scores 3, in the abstract 1,
 * and a topic needs `minScore`. A paper that reaches no topic gets the taxonomy's fallback id.
 */
export function classifyTopics(title: string, abstract: string, taxonomy: Taxonomy = DEFAULT_TAXONOMY): string[] {
  const matcher = compileTaxonomy(taxonomy);
  const scores = taxonomy.topics.map(() => 0);
  scoreText(title, matcher, 3, scores);
  scoreText(abstract, matcher, 1, scores);
  const scored = taxonomy.topics
    .map((t, i) => ({ id: t.id, score: scores[i] }))
    .filter((t) => t.score >= taxonomy.minScore)
    .sort((a, b) => b.score - a.score);
  if (!scored.length) return [taxonomy.fallback.id];
  // A second or third topic must be at least half as strong as the first, so weak echoes stay out.
  return scored
    .filter((t, i) => i === 0 || t.score * 2 >= scored[0].score)
    .slice(0, 3)
    .map((t) => t.id);
}

// ---------------------------------------------------------------- all three

/** The tables extraction uses; the shipped ones unless a user's taxonomy replaces the default. */
export interface Knowledge {
  catalog: HardwareCatalog;
  taxonomy: Taxonomy;
}

export const DEFAULT_KNOWLEDGE: Knowledge = { catalog: DEFAULT_CATALOG, taxonomy: DEFAULT_TAXONOMY };

/** Adds topics, hardware and claims to a merged paper, in place (copying 100,000 papers costs more than extracting). */
export function enrichPaper(paper: MergedPaper, knowledge: Knowledge = DEFAULT_KNOWLEDGE): Paper {
  const enriched = paper as Paper;
  enriched.topics = classifyTopics(paper.title, paper.abstract, knowledge.taxonomy);
  enriched.hardware = extractHardware(paper.title, paper.abstract, knowledge.catalog);
  enriched.claims = extractClaims(paper.abstract);
  return enriched;
}
