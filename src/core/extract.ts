/** Extraction of what a reviewer asks of a paper: its hardware targets, quantitative claims and topics. */
import type { Claim, HardwareTarget, MergedPaper, Paper } from './model';
import { PhraseMatcher } from './phrases';
import { splitSentences, type Sentence } from './sentences';
import { DEFAULT_CATALOG } from './catalog';
import { DEFAULT_KNOWLEDGE, DEFAULT_TAXONOMY, HARDWARE_CLASSES, escapeRegExp, type HardwareCatalog, type Knowledge, type Taxonomy } from './vocabulary';

// ---------------------------------------------------------------- hardware

type Device = HardwareCatalog['devices'][number];

/** A match must not continue a word on either side. */
const EDGE_BEFORE = '(?<![A-Za-z0-9])';
const EDGE_AFTER = '(?![A-Za-z0-9])';

interface CompiledCatalog {
  phrases: PhraseMatcher<Device>;
  /** Each device's patterns as one expression, with the substrings that must be in a text for it to be tried. */
  patterns: { regexes: RegExp[]; device: Device; hints: string[] }[];
  /** Every hint in one expression, so a text is scanned once for all of them. */
  hints: RegExp | null;
  notHardware: RegExp | null;
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
      patterns: catalog.devices
        .filter((device) => device.patterns.length)
        .map((device) => ({
          // One expression per pattern: a family's patterns may each name a `model` group.
          regexes: device.patterns.map((p) => new RegExp(`${EDGE_BEFORE}(?:${p})${EDGE_AFTER}`, 'gi')),
          device,
          hints: device.hints.map((h) => h.toLowerCase()),
        })),
      hints: catalog.devices.some((d) => d.hints.length)
        ? new RegExp(
            [...new Set(catalog.devices.flatMap((d) => d.hints.map((h) => h.toLowerCase())))]
              .sort((a, b) => b.length - a.length)
              .map(escapeRegExp)
              .join('|'),
            'g',
          )
        : null,
      notHardware: catalog.notHardware.length ? new RegExp(`${EDGE_BEFORE}(?:${catalog.notHardware.join('|')})${EDGE_AFTER}`, 'gi') : null,
    };
    compiledCatalogs.set(catalog, cached);
  }
  return cached;
}

interface Mention {
  start: number;
  end: number;
  device: Device;
  /** The catalogue name, with a family's model filled in. */
  name: string;
}

/** "NVIDIA RTX {model}" with model "4090 Ti" → "NVIDIA RTX 4090 Ti"; spacing and case of the model as the family writes it. */
function nameOf(device: Device, model: string | undefined): string {
  if (!device.name.includes('{model}')) return device.name;
  const m = (model ?? '')
    .replace(/\s+/g, ' ')
    .replace(/\s?ti$/i, ' Ti')
    // "Jetson nano" → "Nano": words of a model name are capitalised; codes such as "NX", "TX2" stay.
    .replace(/\b([a-z])([a-z]+)\b/g, (_, first: string, rest: string) => first.toUpperCase() + rest)
    .trim();
  return device.name.replace('{model}', m).replace(/\s+/g, ' ').trim();
}

function findMentions(text: string, catalog: HardwareCatalog): Mention[] {
  const { phrases, patterns, hints, notHardware } = compileCatalog(catalog);
  const found: Mention[] = phrases.match(text).map((m) => ({ start: m.start, end: m.end, device: m.value, name: nameOf(m.value, undefined) }));
  // A pattern scan costs about a microsecond per character, and most texts have none of a pattern's hints: one scan finds the
  // hints present (an `includes` per hint measured twice as slow).
  const present = new Set(hints ? text.toLowerCase().match(hints) : []);
  for (const { regexes, device, hints: needed } of patterns) {
    if (needed.length && !needed.some((h) => present.has(h))) continue;
    for (const regex of regexes) {
      regex.lastIndex = 0;
      for (let m = regex.exec(text); m; m = regex.exec(text))
        found.push({ start: m.index, end: m.index + m[0].length, device, name: nameOf(device, m.groups?.model) });
    }
  }
  // Word senses that are not hardware ("point cloud", "cutting-edge", "mobile DRAM") take their words out; only the text around mentions is read.
  const senses: [number, number][] = [];
  if (notHardware && found.length) {
    for (const m of found) {
      const from = Math.max(0, m.start - 40);
      const window = text.slice(from, m.end + 40);
      notHardware.lastIndex = 0;
      for (let s = notHardware.exec(window); s; s = notHardware.exec(window)) senses.push([from + s.index, from + s.index + s[0].length]);
    }
  }
  // Longest first at each place; a mention inside a longer one ("GPU" in "24 GB consumer GPU") is dropped.
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Mention[] = [];
  for (const m of found) {
    if (kept.some((k) => m.start < k.end && k.start < m.end)) continue;
    if (senses.some(([s, e]) => m.start < e && s < m.end)) continue;
    // "Jetson TX2 GPU", "iPhone 13 Mini NPU": a generic word right after a named device is part of its name.
    const previous = kept.at(-1);
    if (m.device.generic && previous && !previous.device.generic && /^\s?$/.test(text.slice(previous.end, m.start))) continue;
    kept.push(m);
  }
  // "embedded platforms like VC707": a generic word that introduces named examples is their kind, not a platform of its own.
  // "edge devices such as the Jetson Nano" keeps both: a board that serves as the edge device is both (the multi-class convention).
  return kept.filter(
    (m, i) =>
      !(
        m.device.generic &&
        m.device.class !== 'Edge device' &&
        kept[i + 1] &&
        !kept[i + 1].device.generic &&
        EXAMPLES.test(text.slice(m.end, kept[i + 1].start))
      ),
  );
}

const EXAMPLES = /^[^.;]{0,12}?(?:\blike|such as|including|e\.g\.,?|\()\s*(?:the\s+)?$/i;

/** Words just before a mention (six words, same clause) that make it a negation or a problem statement. */
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
  'baselines?',
  'rely on',
  'relying on',
  'beyond',
  'exceeding',
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
  'paving the way',
  'as if',
  'difficult(?:y|ies)?',
  'hard to',
  'impractical',
  'infeasible',
  'unable to',
  'independent(?:ly)? (?:from|of)',
  'future',
  'hindrances?',
  'obstacles?',
  'barriers?',
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
  'similar to',
  'typical',
  'canonical',
  'analogous to',
  'akin to',
  '(?:some|other|several|many|recent) (?:efforts|works|approaches|studies|solutions|vendors|companies)',
  'adversar(?:y|ies)',
  'attackers?',
  'threat model',
  'malicious',
  '(?:an )?increasing (?:number|share|portion|fraction) of',
  'growing (?:number|share|portion|fraction) of',
  'inspired by',
  'tak(?:e|es|ing)',
  '(?:mov|shift|migrat)\\w* [\\w\\s-]* from',
]);

function wordsRegExp(words: string[]): RegExp {
  return new RegExp(words.map((w) => `\\b${w}\\b`).join('|'), 'i');
}
/** Words that say the sentence reports the paper's own system, experiments or target. */
const OWN_WORK =
  /\b(?:we|our|this (?:paper|work|article|study)|propos\w*|introduc\w*|evaluat\w*|experiment\w*|benchmark\w*|deploy\w*|implement\w*|runs?|running|achiev\w*|measur\w*|tested|demonstrat\w*|tailored|designed|targeting|optimi[sz]ed for|specifically|on an?|on (?:the )?\w+ (?:GPU|CPU|board|phone)s?|results?|speed-?ups?|faster|latency of|performed|processing|execut\w*|leverag\w*|utiliz(?:e|es|ed|ing)|integrat\w*|exploit\w*|deliver\w*|prototyp\w*|built|mapp\w*|validat\w*|simulat\w*|provid\w*|improv\w*|offer\w*|enabl\w*|allow\w*)\b/i;
/** Words after a mention that take it out of the paper's use ("the CPU and GPU are left available", "CPU utilization"). */
const SET_ASIDE_AFTER =
  /^(?:(?:\s+and\s+(?:the\s+)?[\w-]+)?\s+(?:are|is)\s+(?:left|not|reserved|unavailable)\b|[\w/-]*\s?utili[sz]ation|(?:\s+and\s+[\w-]+)?\s(?:loads?|usage|cycles|performance counters|counters|time)\b)/i;
/**
 * Words after a mention that make it the problem or prior work ("FPGA lookup tables introduce significant overheads",
 * "FPGAs are a popular target for …", "units based on FPGAs have been proposed"), or a resource beside others in a list
 * ("CPU cores, network bandwidth, storage capacity") rather than a platform.
 */
const NOT_THE_TARGET_AFTER =
  /^(?:[\s)]+[\w-]+){0,3}?\s+(?:incur|suffer|fail|lag|waste|struggle|introduc\w* (?:significant|high|large|substantial|excessive)|consum\w* (?:significant|excessive|large)|cannot|can't|could not|(?:are|is) (?:inefficient|ill-suited|unsuitable|(?:a )?popular|widely|commonly|increasingly|now|ubiquitous|prevalent)|ha(?:ve|s) (?:been (?:proposed|used|adopted|explored|studied)|become))\b|^[^.;:()]{0,40}?(?:,|\band\b|\bor\b)\s+(?:the\s+)?(?:main\s+|local\s+)?(?:memory|storage|network(?:ing)?|bandwidth|disk|flash|I\/O|cache)\b/i;
/** Prior work after a mention in its clause ("units based on FPGAs have been proposed as a compromise"), in a sentence that is not the paper's. */
const PRIOR_AFTER = /^[^,;:.]*?\b(?:ha(?:ve|s) been|were|was) (?:proposed|used|adopted|explored|studied|suggested)\b/i;
/** A resource listed before a mention ("memory, storage and CPU"). */
const RESOURCE_BEFORE = /\b(?:memory|storage|network(?:ing)?|bandwidth|disk|flash|I\/O|caches?)\s*(?:,|\band\b|\bor\b)\s*(?:the\s+)?$/i;
/** A scale of the problem right before a mention ("thousands of GPUs") is not the paper's platform. */
const SCALE_BEFORE = /\b(?:thousands|hundreds|millions|tens) of\s*$/i;
/** A sentence that says what the paper does; the sentences before the first one set the scene. */
const CONTRIBUTION =
  /\b(?:we(?!\s+(?:need|must|should|can|could|would|may|might|often|usually|typically)\b)|our|us|this (?:paper|work|article|study|chapter|thesis)|in this (?:paper|work|article|study))\b/i;

/** The clause around a mention: from the last `,` `;` `:` or still-open `(` before it. */
function clauseBefore(sentence: string, offset: number): string {
  const before = sentence.slice(0, offset);
  let cut = Math.max(before.lastIndexOf(','), before.lastIndexOf(';'), before.lastIndexOf(':'));
  const open = before.lastIndexOf('(');
  if (open > cut && before.indexOf(')', open) === -1) cut = open;
  return before.slice(cut + 1);
}

/**
 * Words that introduce what a result is compared against. "over" is a comparison unless a
 * quantity, a span of time or a range follows ("over 60%", "over the past decade", "over a wide range").
 */
const BASELINE_MARK =
  /\b(?:than|over(?!\s+(?:\d|(?:a|the|an)\s+(?:wide|broad|large|range|variety|period|span|number|course|past|last|total|full|entire|long|whole)\b|time|years|decades|months|multiple|several|many|all|most|half|\$|(?:the\s+)?(?:TCP|UDP|IP|RDMA|Ethernet|InfiniBand|PCIe|NVLink|network|Internet|links?|channels?)\b))|similar (?:[\w-]+\s+){0,2}to|compared (?:to|with|against)|in comparison (?:to|with)|relative to|versus|vs\.?|against|outperform(?:s|ed|ing)?|surpass(?:es|ed|ing)?|beat(?:s|ing)?|compar(?:e|es|ed|ing)\s+(?:[\w-]+\s+){1,4}?(?:to|with|against)|within (?:a factor of )?[\d.,×x%~–-]+\s?(?:x|×|%)?\s+of(?: that of)?|match(?:es|ed|ing)?|on par with|comparable to|improv(?:e|es|ed|ing) (?:up)?on|(?:has|have|with|retains?|keeps?) the (?:[\w-]+\s+){0,2}(?:efficiency|performance|flexibility|density|accuracy|programmability) of)(?=\s)|(?<=[a-z])over(?<=(?:advantage|improvement|speedup|gain|benefit|reduction)over)(?=\s)/gi;
/** Where a comparison's object ends: punctuation, or a word that starts the next part of the clause. */
const BASELINE_END =
  /[;:()]|,(?!\s*(?:and\s+)?[\w$.-]+(?:\s[\w$.-]+)?\s*(?:,|and\b))|\.(?:\s|$)|\s(?:while|whereas|which|with|by|on|in|at|for|when|respectively|across|under|using|without|and (?:achiev|reduc|improv|deliver|provid|enabl|maintain|outperform|scal|is|are|show|find|observe|demonstrat)\w*|to (?:achieve|reach|deliver))\b/i;

/** The spans of a sentence that name what results are compared against, with the words of each. */
function baselineSpans(sentence: string): { start: number; end: number; text: string }[] {
  const spans: { start: number; end: number; text: string }[] = [];
  BASELINE_MARK.lastIndex = 0;
  for (let m = BASELINE_MARK.exec(sentence); m; m = BASELINE_MARK.exec(sentence)) {
    // "than those on a nested STM", "within 3x of the energy efficiency of custom units": the object is what follows.
    const lead =
      /^\s*(?:(?:those|that|the ones?)\s+(?:on|of|in|for|with|at|using|running on)\s+|(?:the\s+)?(?:[\w-]+\s+){0,3}(?:efficiency|performance|energy|latency|throughput|accuracy|cost|speed)\s+of\s+)/i.exec(
        sentence.slice(m.index + m[0].length),
      );
    const from = m.index + m[0].length + (lead ? lead[0].length : 0);
    const rest = sentence.slice(from);
    // "outperforms A, B and C by 3x": the object of a verb of beating runs to "by"; lists keep their commas.
    const verb = /^(?:outperform|surpass|beat)/i.test(m[0]);
    // A parenthesis inside the object ("an Application Specific Integrated Circuit (ASIC)") belongs to it.
    const unwrapped = rest.replace(/\([^()]{0,60}\)/g, (p) => ' '.repeat(p.length));
    const stop = verb ? /\sby\b|[;:.](?:\s|$)/.exec(unwrapped) : BASELINE_END.exec(unwrapped);
    const end = from + (stop ? stop.index : rest.length);
    const text = sentence
      .slice(from, end)
      .trim()
      .replace(/^(?:that of|those of|the ones? of)\s+/i, '');
    if (text && !/^\d/.test(text)) spans.push({ start: m.index, end, text });
  }
  return spans;
}

/** The last sentence that reports the paper's own work by pointing back at devices named before it, or -1; the devices of every earlier sentence are then its. */
function lastReferralOf(sentences: Sentence[]): number {
  for (let k = sentences.length - 1; k > 0; k--) if (REFERS_BACK.test(sentences[k].text) && CONTRIBUTION.test(sentences[k].text)) return k;
  return -1;
}

/** The index of the sentence that first says what the paper does, or 0 when none does (then no sentence is scene-setting). */
function firstContribution(sentences: Sentence[]): number {
  const i = sentences.findIndex((s) => CONTRIBUTION.test(s.text));
  return i < 0 ? 0 : i;
}

/**
 * A sentence of the paper's own work that points back at devices named earlier ("on the above edge devices", "these
 * platforms", "such boards"): the devices listed before it are what the work measured, even where their own sentence
 * only lists them ("Examples of such devices include Raspberry Pi, …").
 */
const REFERS_BACK =
  /\b(?:the above|above-?|these|those|such|the aforementioned|the same|the listed|all (?:four|three|five|six|of these))\s?(?:[\w-]+\s){0,2}(?:devices|platforms|boards|processors|chips|accelerators|hardware|systems|SoCs|GPUs|CPUs|FPGAs)\b/i;

function isTargetMention(sentence: string, start: number, end: number, baselines: { start: number; end: number }[], referredBack: () => boolean): boolean {
  if (baselines.some((b) => start >= b.start && start < b.end)) return false;
  const clause = clauseBefore(sentence, start);
  const nearWords = clause.trim().split(/\s+/).slice(-6).join(' ');
  const after = sentence.slice(end);
  if (NOT_THE_TARGET_NEAR.test(nearWords) || NOT_THE_TARGET_CLAUSE.test(clause) || SET_ASIDE_AFTER.test(after)) return false;
  if (SCALE_BEFORE.test(clause) || RESOURCE_BEFORE.test(clause) || NOT_THE_TARGET_AFTER.test(after)) return false;
  // A control ("The ASIC is 500x more efficient than our original CMP") names the starting point, not the target.
  if (CONTROL.test(sentence)) return false;
  if (PRIOR_AFTER.test(after) && !/\b(?:we|our)\b/i.test(sentence)) return false;
  return OWN_WORK.test(sentence) || referredBack();
}

/**
 * The platforms a paper runs on, is measured on or targets, in order of first mention, each with the
 * paper's own wording in `phrase`. A title mention always counts; an abstract mention counts when its
 * sentence reports the paper's own work, it is not the object of a comparison ("faster than the K80
 * GPU") and no background or
 * negation word stands just before it in its clause. Word senses that are not hardware ("point
 * cloud", "cutting-edge") never count. Unnamed devices fold into their class's one generic entry, which
 * is dropped when a named device of the same class is found; a paper keeps every class it targets
 * ("Jetson Nano" and "edge devices" give Embedded board and Edge device).
 */
export function extractHardware(title: string, abstract: string, catalog: HardwareCatalog = DEFAULT_CATALOG): HardwareTarget[] {
  return hardwareOf(title, abstract, catalog, readAbstract(abstract, catalog));
}

/** What hardware and claims both read from an abstract, each made once and only when first asked for. */
interface AbstractReading {
  sentences(): Sentence[];
  mentions(): Mention[];
}

function readAbstract(abstract: string, catalog: HardwareCatalog): AbstractReading {
  let sentences: Sentence[] | undefined;
  let mentions: Mention[] | undefined;
  return {
    sentences: () => (sentences ??= splitSentences(abstract)),
    mentions: () => (mentions ??= findMentions(abstract, catalog)),
  };
}

function hardwareOf(title: string, abstract: string, catalog: HardwareCatalog, reading: AbstractReading): HardwareTarget[] {
  const targets: { device: Device; name: string; phrase: string }[] = [];
  const add = (m: Mention, text: string) => {
    const same = targets.find((t) => t.name === m.name);
    if (!same) targets.push({ device: m.device, name: m.name, phrase: text.slice(m.start, m.end) });
    // Two entries may share a node ("accelerator" yields to an FPGA, "ASIC" does not): the one that yields to less wins.
    else if (m.device.yieldsTo.length < same.device.yieldsTo.length) same.device = m.device;
  };
  for (const m of findMentions(title, catalog)) add(m, title);
  const mentions = reading.mentions();
  if (mentions.length) {
    // One scan of the whole abstract; each mention is then judged within its own sentence.
    const sentences = reading.sentences();
    const baselines = new Map<number, { start: number; end: number }[]>();
    let s = 0;
    // Found only when a mention has no own-work word in its sentence: most never need it.
    let lastReferral: number | undefined;
    for (const m of mentions) {
      while (s + 1 < sentences.length && sentences[s + 1].start <= m.start) s++;
      const sentence = sentences[s];
      let spans = baselines.get(s);
      if (!spans) baselines.set(s, (spans = baselineSpans(sentence.text)));
      if (isTargetMention(sentence.text, m.start - sentence.start, m.end - sentence.start, spans, () => s < (lastReferral ??= lastReferralOf(sentences))))
        add(m, abstract);
    }
  }
  const specificClasses = new Set<string>(targets.filter((t) => !t.device.generic).map((t) => t.device.class));
  const allClasses = new Set<string>(targets.map((t) => t.device.class));
  const names = new Set(targets.map((t) => t.name));
  // In yieldsTo a class stands for any target of that class; a name, for that entry.
  const yields = (y: string) => ((HARDWARE_CLASSES as readonly string[]).includes(y) ? allClasses.has(y) : names.has(y));
  const redundant = (d: Device) => d.generic && (specificClasses.has(d.class) || d.yieldsTo.some(yields));
  return targets.filter((t) => !redundant(t.device)).map((t) => ({ name: t.name, class: t.device.class, phrase: t.phrase }));
}

// ---------------------------------------------------------------- claims

const NUMBER = String.raw`\d+(?:,\d{3})*(?:\.\d+)?`;
/** Units of result, longest spellings first so "ms/frame" wins over "ms" and "tokens/sec" over "s". */
const UNIT = String.raw`(?:-?fold|x|X|×|times|\\?%|percent(?:age points)?|pp|tokens?\s?\/\s?s(?:ec(?:ond)?)?|tok\/s|tokens per second|(?:frames?|images?|imgs?|samples?|queries|requests?|reqs?|inferences?)\s?\/\s?s(?:ec)?|ms\/(?:frame|token|image|query|sample|step|iteration)|milliseconds?|microseconds?|nanoseconds?|ms|mus|µs|μs|us|ns|s(?! of)|sec|seconds?|minutes?|hours?|frames per second|fps|FPS|[GT]B\/s|GB|MB|KB|kB|TB|[mµu]?W|kW|[mµunp]?J|kWh|Wh|[TGP](?:OP|FLOP)[sS]?(?:\/W|\/s)?|TOPs|MIPS|[KM]?IOPS|QPS|dB|points?)`;
/**
 * What may stand before a value: not a letter, digit or joiner ("GPT-4", "T=5", "$^2$"), except the prefix "sub-" ("sub-5us")
 * and a word the page glued to a speedup or percentage ("provide25-33x higher": a lower-case word of four letters or
 * more, so model names such as "A100" or "GPT4" stay out). It opens with `(?=\d)`: the lookbehinds are then tried only
 * before digits, not at every character.
 */
const VALUE_START = String.raw`(?=\d)(?:(?<![\w.$=@^-])|(?<=\bsub-)|(?<=(?<![\w-])[a-z]{4,})(?=[\d.,]+(?:\s?[-–~]\s?[\d.,]+)?\s?(?:x|X|×|%)))`;
const RANGE = String.raw`\s?(?:-{1,2}|–|to|~|∼)\s?`;
/** A number with a unit of result ("4.8x", "79%", "41.97 mus", "2.8x-5.8x", "5×~9×", "850K IOPS", "1,000-fold"). */
const RESULT_VALUE = new RegExp(
  String.raw`${VALUE_START}${NUMBER}[KM]?\s?${UNIT}(?:${RANGE}${NUMBER}\s?${UNIT}?)?(?![\w])|${VALUE_START}${NUMBER}${RANGE}${NUMBER}\s?${UNIT}(?![\w])|${VALUE_START}${NUMBER} out of (?:a set of )?${NUMBER}\b`,
  'gu',
);
/** A bare number right after a metric word ("nDCG@10 of 38.7", "accuracy of 97.7"), or right before one ("a 5.18 speedup"). */
const METRIC_WORD = String.raw`(?:accuracy|nDCG@?\d*|F1(?:-score)?|mIoU|BLEU|WER|s?FID|CLIP score|score|mAP|AUC|perplexity|latency|throughput|speedup|speed-up|compression|reduction|improvement|gain)`;
/** Comparatives and savings after a bare number: the page lost its "×" ("a 2.7 faster decoder", "30.7 energy savings", "13 more area-efficient"). */
const LOST_TIMES = String.raw`(?:faster|slower|more|less|lower|higher|better|fewer|smaller|larger|cheaper|speedups?|speed-ups?|(?:energy|power|memory|cost) (?:savings?|improvements?|reductions?|efficiency))`;
const BARE_VALUE = new RegExp(
  String.raw`${METRIC_WORD}\s+(?:of|by|to|at|is|reaches)\s+(${NUMBER})(?![\w%×])|(?<![\w.$=@^-])(${NUMBER})\s+(?:${METRIC_WORD}|${LOST_TIMES})\b`,
  'giu',
);
/** Verbs and comparisons that make a number an outcome rather than a setting. */
const OUTCOME =
  /\b(?:achiev\w*|reduc\w*|improv\w*|outperform\w*|speed-?ups?|faster|slower|lower\w*|higher|better|fewer|less|gains?|sav(?:e|es|ed|ing|ings)|boost\w*|accelerat\w*|cut\w*|decreas\w*|increas(?:e|es|ed|ing)\b|up to|surpass\w*|deliver\w*|reach\w*|attain\w*|yield\w*|obtain\w*|maintain\w*|as little as|(?:runs?|decodes?|generates?|processes|operates?|performs?|executes?|infers?|trains?) at|has a latency|only|shows?|reveal\w*|demonstrat\w*|result\w*|enabl\w*|exceed\w*|processing|while|cheaper|larger|smaller|longer|shorter|under|within|eliminat\w*|sustain\w*|correctly|more\s+(?:[\w-]+[\s-]+)?efficient|provid\w*|find|finds|found|(?:is|was|of) (?:approximately|about|around|only|just|below))\b/i;
/** Sentence openings that set a scene instead of reporting a result. */
const SCENE =
  /^(?:existing|prior|previous|current|currently|conventional|traditional|traditionally|however|despite|although|due to|to address|for example|for instance|unfortunately|today|the (?:initial|original|problem|challenge|issue|difficulty|drawback)\b)/i;
/** A number that compares something else with the paper's starting point is the control's, not the result's ("the ASIC is 500x more efficient than our original CMP"). */
const CONTROL = /\b(?:than|over|compared (?:to|with)) (?:our|the) (?:original|initial|unmodified|unoptimi[sz]ed|starting)\b/i;
/** A sentence that turns to other systems' figures ("In comparison, interference-oblivious schedulers only provide …"). */
const OTHERS_FIGURES =
  /^(?:in comparison|by comparison|in contrast|by contrast|meanwhile),?\s+(?:[\w-]+,?\s+(?:and\s+)?){0,8}?(?:existing|prior|previous|conventional|traditional|baseline|other|state-of-the-art|naive|standard|default|[\w]+-(?:oblivious|unaware|agnostic))\b/i;
/** A specification before a value ("a peak floating-point performance of", "a maximum power of", "a total on-chip memory capacity of"). */
const SPEC_BEFORE = /\b(?:peak|maximum|nominal|rated|total|capacity|footprint|clock(?:ed)?|frequency|budget|TDP)\b[^,;]{0,40}$/i;
/** Verbs that make a specification word a measured outcome ("achieves a peak throughput of"). */
const ACHIEVED = /\b(?:achiev|deliver|reach|sustain|attain|obtain|measur|demonstrat|show)\w*/i;
/** Anything that compares: a sentence with one states a result, whatever else it specifies. */
const COMPARES =
  /\b(?:than|over|compared|relative|versus|vs|faster|slower|speed-?ups?|improv\w*|reduc\w*|lower\w*|higher|better|outperform\w*|sav(?:e|es|ed|ing|ings)|less|more|cut\w*|decreas\w*|increas\w*|shrink\w*|from\s+[\d.,]+\s?\w*\s+to)\b|[×%]|\d\s?[xX]\b/;
/** An example of a quantity the design works with ("partitioning most (e.g. 90%) of the cache"): a setting, blanked before values are read. */
const EXAMPLE_QUANTITY = /\b(most|some|many|few|part|fraction|portion|majority|minority|share)\s*\((?:e\.g\.|i\.e\.|say),?\s*[^()]{0,30}\)/gi;
/** Hedged or hypothetical numbers are promises, not results. */
const HEDGE = /\b(?:(?:holds?|has|have) the potential|potential to|would|might|we believe|theoretical(?:ly)? (?:speedup|bound|limit|projection))\b/i;

const METRIC_CUES: [Claim['metric'], RegExp][] = [
  [
    'throughput',
    /throughput|tokens?\/s|tok\/s|tokens? per second|(?:frames?|images?|samples?|queries|requests?)\s?\/\s?s\b|\bfps\b|frames per|\bQPS\b|requests per|goodput|[TG](?:FL)?OPS|IOPS|MIPS/i,
  ],
  ['energy', /energy|power|watt|joule|battery|\bk?Wh\b|\b\d+(?:\.\d+)?\s?m?[WJ]\b/i],
  ['memory', /memory|footprint|\bGB\b|\bMB\b|storage|model size|compression|smaller|fewer parameters|parameters/i],
  ['cost', /\bcost|\$|price|dollar|FLOPs|GPU hours|cheaper|compute/i],
  [
    'latency',
    /latenc|response time|TTFT|delay|wall-time|time-to-first|inference time|runtime|run-time|\b\d+(?:\.\d+)?\s?(?:ms|mus|µs|μs|us|ns)\b|seconds|minutes/i,
  ],
  ['speedup', /speed-?ups?|faster|accelerat|slower|\bx\b|×|times|fold/i],
  ['accuracy', /accura|top-1|top-5|\bF1|mIoU|BLEU|WER|error|nDCG|precision|recall|\bmAP|perplexity|score|quality|success rate|pass@|exact match|\bAUC/i],
];

const METRIC_CUES_GLOBAL = METRIC_CUES.map(([metric, cue]) => [metric, new RegExp(cue.source, 'gi')] as const);

/** The metric of the claim: the cue nearest after the value in its clause, else the nearest anywhere. */
function metricOf(sentence: string, valueAt: number, value: string): Claim['metric'] {
  if (/(?:x|X|×|times|fold)$/.test(value)) {
    const after = sentence.slice(valueAt + value.length, valueAt + value.length + 40);
    const next = /^[^,.;]*/.exec(after)![0].split(/\s+/).slice(0, 4).join(' ');
    // "2.8x wall-time speedups": a speedup word settles it; "3x lower latency" is a latency claim.
    if (/speed-?ups?|faster/i.test(next)) return 'speedup';
    for (const metric of ['throughput', 'memory', 'energy', 'cost', 'latency'] as const) {
      if (METRIC_CUES.find(([m]) => m === metric)![1].test(next)) return metric;
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

/** The first value of a sentence; `lostTimes` when a bare number stands before a comparative, so its "×" was lost. */
function firstValue(sentence: string): { value: string; at: number; lostTimes: boolean } | null {
  RESULT_VALUE.lastIndex = 0;
  BARE_VALUE.lastIndex = 0;
  const unit = RESULT_VALUE.exec(sentence);
  const bare = BARE_VALUE.exec(sentence);
  const bareNumber = bare && (bare[1] ?? bare[2]);
  const bareValue = bare &&
    bareNumber && {
      value: bareNumber,
      at: bare.index + bare[0].indexOf(bareNumber),
      lostTimes: bare[2] !== undefined && new RegExp(String.raw`^\s+${LOST_TIMES}`, 'i').test(bare[0].slice(bare[0].indexOf(bare[2]) + bare[2].length)),
    };
  if (unit && (!bareValue || unit.index <= bareValue.at)) return { value: unit[0].trim(), at: unit.index, lostTimes: false };
  return bareValue || null;
}

/**
 * LaTeX math as pages copy it, made plain for reading numbers: `$3.1\times$` → `3.1×`, `$91.2\%$` → `91.2%`,
 * `$5\times$$\sim$$9\times$` → `5×~9×`, `3.1~GFLOPs` → `3.1 GFLOPs`. Dollar signs that are not math stay.
 */
export function plainMath(text: string): string {
  if (!/[\\$~]/.test(text)) return text;
  return text
    .replace(/\\times/g, '×')
    .replace(/\\(?:sim|approx)/g, '~')
    .replace(/\\%/g, '%')
    .replace(/\\[,;! ]/g, ' ')
    .replace(/\\(?:mathbf|textbf|mathrm|text|bm|boldsymbol)\{([^}]*)\}/g, '$1')
    .replace(/\$(?=[\d×~%.{\\])|(?<=[\d×~%}])\$/g, '')
    .replace(/\{(\d[\d.,]*)\}/g, '$1')
    .replace(/(?<=\d)~(?=[A-Za-z])/g, ' ');
}

/** Normalised unit of a value as written; `x` for every way of writing "times". */
function unitOf(value: string, lostTimes: boolean): string | null {
  if (lostTimes) return 'x';
  if (/ out of /.test(value)) return '%';
  const unit = value
    .replace(/^.*\d[KM]?\s?/, '')
    .replace(/^-/, '')
    .trim();
  if (!unit) return null;
  if (/^(?:x|×|times|fold)$/i.test(unit)) return 'x';
  if (/^(?:\\?%|percent)$/i.test(unit)) return '%';
  if (/^(?:pp|percentage points)$/i.test(unit)) return 'pp';
  if (/^(?:tokens?\s?\/\s?s\w*|tok\/s|tokens per second)$/i.test(unit)) return 'tokens/s';
  if (/^(?:frames per second|fps|frames?\s?\/\s?s(?:ec)?)$/i.test(unit)) return 'fps';
  if (/^milliseconds?$/i.test(unit)) return 'ms';
  if (/^(?:microseconds?|mus|µs|μs|us)$/i.test(unit)) return 'us';
  if (/^nanoseconds?$/i.test(unit)) return 'ns';
  if (/^(?:s|sec|seconds?)$/.test(unit)) return 's';
  if (/^minutes?$/i.test(unit)) return 'min';
  if (/^hours?$/i.test(unit)) return 'h';
  if (/^points?$/i.test(unit)) return 'points';
  const ops = /^([TGP])(OP|FLOP)s?(\/W|\/s)?$/i.exec(unit);
  if (ops) return `${ops[1].toUpperCase()}${ops[2].toUpperCase()}S${ops[3] === '/W' || ops[3] === '/w' ? '/W' : ''}`;
  return unit;
}

/** The number of a value: one number, or `[low, high]` for a range; "385 out of 436" as the percentage it states. */
function numberOf(value: string): number | [number, number] | null {
  const numbers = (value.match(/\d+(?:,\d{3})*(?:\.\d+)?/g) ?? []).map((n) => Number(n.replace(/,/g, '')));
  if (!numbers.length) return null;
  if (/ out of /.test(value) && numbers.length === 2 && numbers[1] > 0) return Math.round((numbers[0] / numbers[1]) * 1000) / 10;
  if (numbers.length >= 2) return [numbers[0], numbers[1]];
  return numbers[0];
}

/** Metrics where less is better, named in the words before a value. */
const LESS_IS_BETTER_BEFORE = /\b(?:error(?: rate)?|WER|CER|FID|perplexity|loss|miss rate)\s+(?:of|is|was|to|at)\s+(?:only\s+|just\s+)?$/i;
const CUT = /\b(?:reduc\w*|cut\w*|sav(?:e|es|ed|ing|ings)|decreas\w*|eliminat\w*|lower(?:s|ed|ing)? (?:the )?[\w-]+(?: [\w-]+)? by|shrink\w*|compress\w*)\b/i;
const LESS_AFTER = /^\s*(?:less|lower|fewer|smaller|cheaper|shorter|reduction|savings?|decrease)\b/i;

/** Which way the number is good: a cut ("reduces … by 79%", "3x lower latency"), less-is-better (12 ms latency), or more-is-better. */
function directionOf(plain: string, at: number, value: string, metric: Claim['metric'], unit: string | null): Claim['direction'] {
  const after = plain.slice(at + value.length, at + value.length + 30);
  const before = plain.slice(Math.max(0, at - 60), at);
  if (LESS_AFTER.test(after) || CUT.test(before.split(/[,;]/).at(-1) ?? '')) return 'reduction';
  if (unit !== 'x' && unit !== '%' && (metric === 'latency' || metric === 'energy' || metric === 'memory' || metric === 'cost')) return 'lower';
  if (/^\s*(?:error|loss|drop|degradation|overhead)/i.test(after)) return 'lower';
  // "a WER of 5.2%", "perplexity of 3.1": a metric where less is better, named just before its value.
  if (LESS_IS_BETTER_BEFORE.test(before.split(/[,;]/).at(-1) ?? '')) return 'lower';
  return 'higher';
}

/** The device a claim was measured on: the first mention of the sentence (offsets in the abstract) outside what it is compared against. */
function deviceOf(sentence: Sentence, baselines: { start: number; end: number }[], mentions: Mention[], abstract: string): string | null {
  const end = sentence.start + sentence.text.length;
  for (const m of mentions) {
    if (m.start < sentence.start || m.start >= end) continue;
    const at = m.start - sentence.start;
    if (baselines.some((b) => at >= b.start && at < b.end)) continue;
    return abstract.slice(m.start, m.end);
  }
  return null;
}

/** Whether a sentence states a quantitative result, and its main value, unit, direction, baseline and device. */
function claimOf(sentence: Sentence, mentionsOf: () => Mention[], abstract: string): Claim | null {
  const text = sentence.text;
  if (!/\d/.test(text)) return null;
  if ((SCENE.test(text) && !/\b(?:we|our)\b/i.test(text)) || HEDGE.test(text) || CONTROL.test(text) || OTHERS_FIGURES.test(text)) return null;
  const plain = plainMath(text).replace(EXAMPLE_QUANTITY, (m, word: string) => word + ' '.repeat(m.length - word.length));
  const value = firstValue(plain);
  if (!value || !OUTCOME.test(plain)) return null;
  // "Plasticine has a peak performance of 12.3 TFLOPS … consuming a maximum power of 49 W": a data sheet, not a result.
  const lead = plain.slice(0, value.at);
  if (SPEC_BEFORE.test(lead.slice(-60)) && !ACHIEVED.test(lead.split(/[,;]/).at(-1) ?? '') && !COMPARES.test(plain)) return null;
  const metric = metricOf(plain, value.at, value.value);
  const unit = unitOf(value.value, value.lostTimes);
  const baselines = baselineSpans(text);
  return {
    text,
    metric,
    value: value.value,
    number: numberOf(value.value),
    unit,
    direction: directionOf(plain, value.at, value.value, metric, unit),
    baseline: baselines.find((b) => b.text.length <= 120)?.text ?? null,
    hardware: deviceOf(sentence, baselines, mentionsOf(), abstract),
  };
}

/**
 * The sentences of an abstract that state a quantitative result, verbatim, each with its metric, its
 * first value as written and read (`number`, `unit`, `direction`), the baseline it is compared against
 * and the device it was measured on when the sentence names them. A number without a result unit or
 * metric word ("T=5 timesteps", "8 GPUs", "7B") is a setting, not a claim; a sentence before the one
 * that says what the paper does sets the scene, and its numbers are other work's.
 */
export function extractClaims(abstract: string, catalog: HardwareCatalog = DEFAULT_CATALOG): Claim[] {
  return claimsOf(abstract, readAbstract(abstract, catalog));
}

function claimsOf(abstract: string, reading: AbstractReading): Claim[] {
  // An abstract without a digit states no result; it is not split at all.
  if (!/\d/.test(abstract)) return [];
  const sentences = reading.sentences();
  const scene = firstContribution(sentences);
  const claims: Claim[] = [];
  for (let i = scene; i < sentences.length; i++) {
    const claim = claimOf(sentences[i], reading.mentions, abstract);
    if (claim) claims.push(claim);
  }
  return claims;
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

// Defined beside the tables (vocabulary.ts), so that code which only passes knowledge along does not load extraction.
export { DEFAULT_KNOWLEDGE, type Knowledge };

/**
 * Values by title and abstract, what extraction depends on: one answer serves every paper with the same pair. Two levels
 * rather than one joined key: a paper's own strings keep their hash, where joining 20,000 abstracts into keys made
 * 20 MB of new strings to build and hash (0.2-0.4 s of a 20,000-entry build).
 */
export class ByTitleAndAbstract<V> {
  /** A title's one abstract and value, or a map when it has several (rare: one title, two texts). */
  private readonly byTitle = new Map<string, { abstract: string; value: V } | Map<string, V>>();
  size = 0;

  get(paper: { title: string; abstract: string }): V | undefined {
    const slot = this.byTitle.get(paper.title);
    if (slot instanceof Map) return slot.get(paper.abstract);
    return slot?.abstract === paper.abstract ? slot.value : undefined;
  }

  set(paper: { title: string; abstract: string }, value: V): void {
    const slot = this.byTitle.get(paper.title);
    if (slot === undefined) this.byTitle.set(paper.title, { abstract: paper.abstract, value });
    else if (slot instanceof Map) {
      if (slot.has(paper.abstract)) return void slot.set(paper.abstract, value);
      slot.set(paper.abstract, value);
    } else if (slot.abstract === paper.abstract) return void (slot.value = value);
    else
      this.byTitle.set(
        paper.title,
        new Map([
          [slot.abstract, slot.value],
          [paper.abstract, value],
        ]),
      );
    this.size++;
  }
}

/** What extraction adds to a paper: the same for the same title and abstract, wherever it runs. */
export type Enrichment = Pick<Paper, 'topics' | 'hardware' | 'claims'>;

/** The topics, hardware targets and claims of a paper with this title and abstract. */
export function enrichmentOf(title: string, abstract: string, knowledge: Knowledge = DEFAULT_KNOWLEDGE): Enrichment {
  const topics = classifyTopics(title, abstract, knowledge.taxonomy);
  // Hardware and claims share one reading of the abstract: its sentences and device mentions are found once.
  const catalog = knowledge.catalog ?? DEFAULT_CATALOG;
  const reading = readAbstract(abstract, catalog);
  return { topics, hardware: hardwareOf(title, abstract, catalog, reading), claims: claimsOf(abstract, reading) };
}

/** Adds topics, hardware and claims to a merged paper, in place (copying 100,000 papers costs more than extracting). */
export function enrichPaper(paper: MergedPaper, knowledge: Knowledge = DEFAULT_KNOWLEDGE): Paper {
  return Object.assign(paper, enrichmentOf(paper.title, paper.abstract, knowledge));
}
