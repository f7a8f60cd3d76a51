/** Reviewer files: screening decisions as JSON Lines sorted by key, read with zod (refused whole, never in part) and written deterministically. */
import * as z from 'zod/mini';
import type { Problem } from './model';
import { runSync, type Steps } from './steps';
import { REVIEW_FORMAT_VERSION, REVIEW_STATUSES } from './reviewNames';
import { describeIssues, HardwareClass } from './vocabulary';

// The names, statuses and defaults every reader of a review needs live in reviewNames.ts (loaded at activation); this
// module, the schemas and the reading and writing (dist/reviewFile.js in the extension), loads with the first review file.
export { DEFAULT_EXCLUSION_REASONS, RESOLUTIONS_FILE, REVIEW_FOLDER, REVIEW_FORMAT_VERSION, REVIEW_STATUSES, type ReviewStatus } from './reviewNames';
export { reviewerOfFileName, reviewFileName } from './reviewNames';

// Dates are compared as instants when picking the newest; a date alone (hand-written) is allowed.
const ISO = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

const Text = z.string().check(z.regex(/\S/, { error: 'a non-blank text' }));

/** A hardware target a reviewer names: the catalogue's name (or their own), its class, and optionally the paper's wording of it. Unknown fields are kept. */
export const CorrectedTargetSchema = z.looseObject({
  name: Text,
  class: HardwareClass,
  /** The paper's own wording, highlighted in the details view; absent when the reviewer gave none. */
  phrase: z.optional(Text),
});
/** A hardware target as a reviewer names it; see `CorrectedTargetSchema`. */
export type CorrectedTarget = z.infer<typeof CorrectedTargetSchema>;

/** A reviewer's corrections of a paper's hardware: targets added, and targets (by name and class) removed. Unknown fields are kept. */
export const HardwareCorrectionSchema = z.looseObject({
  add: z.optional(z.array(CorrectedTargetSchema)),
  remove: z.optional(z.array(z.looseObject({ name: Text, class: HardwareClass }))),
});
/** See `HardwareCorrectionSchema`. */
export type HardwareCorrection = z.infer<typeof HardwareCorrectionSchema>;

/** A reviewer's corrections of a paper's claims: sentences of the abstract added as claims, and claims (by sentence) marked "not a claim". Unknown fields are kept. */
export const ClaimCorrectionSchema = z.looseObject({
  add: z.optional(z.array(Text)),
  remove: z.optional(z.array(Text)),
});
/** See `ClaimCorrectionSchema`. */
export type ClaimCorrection = z.infer<typeof ClaimCorrectionSchema>;

/**
 * One paper's decision. Keyed by citation key (any non-blank string without spaces, so BibTeX
 * keys such as `Smith2020:kv` work too). Fields this version does not know are kept as they are
 * (`looseObject`) and written back after the known ones.
 */
export const DecisionSchema = z.looseObject({
  key: z.string().check(z.regex(/^\S+$/, { error: 'a citation key without spaces' })),
  status: z.enum(REVIEW_STATUSES, { error: `one of ${REVIEW_STATUSES.join(', ')}` }),
  /** Why the paper was excluded; meaningful for `excluded` only. */
  reason: z.optional(z.string().check(z.minLength(1))),
  /** Free tags, trimmed, unique, sorted when set through `setDecision`. Default `[]`. */
  tags: z._default(z.array(z.string().check(z.minLength(1))), []),
  /** Free text (Markdown); newlines are kept (escaped in the file). */
  note: z.optional(z.string()),
  /** When the decision was last changed, ISO 8601 (`2026-11-29T19:30:00.000Z`). */
  decidedAt: z.string().check(z.regex(ISO, { error: 'an ISO 8601 date, e.g. 2026-11-29T19:30:00Z' })),
  /** Who decided, when it is not simply the file's reviewer. */
  reviewer: z.optional(z.string()),
  /** Who resolved a conflict between reviewers into this decision (resolutions file only). */
  resolvedBy: z.optional(z.string()),
  /** The reviewer's corrections of the hardware extraction found (they win over it); absent when none. */
  hardware: z.optional(HardwareCorrectionSchema),
  /** The reviewer's corrections of the claims extraction found (they win over it); absent when none. */
  claims: z.optional(ClaimCorrectionSchema),
  /** When `hardware` or `claims` was last changed, ISO 8601; a correction leaves `decidedAt` as it was. */
  correctedAt: z.optional(z.string().check(z.regex(ISO, { error: 'an ISO 8601 date, e.g. 2026-11-29T19:30:00Z' }))),
});
/** A decision as read: the known fields typed, unknown ones kept as `unknown`. */
export type Decision = z.infer<typeof DecisionSchema>;

/** Decisions by key; treated as immutable (every change returns a new map). */
export type Decisions = ReadonlyMap<string, Decision>;

/** The first line of a reviewer file. Unknown fields are kept. */
export const ReviewHeaderSchema = z.looseObject({
  litdigest: z.literal('review'),
  version: z.int().check(z.positive()),
});
/** The header as read, unknown fields kept. */
export type ReviewHeader = z.infer<typeof ReviewHeaderSchema>;

/** A reviewer file as read: its header and its decisions. */
export interface ReviewFile {
  header: ReviewHeader;
  decisions: Decisions;
  /** The 1-based line of each key, for "go to line" and messages. */
  lines: ReadonlyMap<string, number>;
}

/**
 * The result of reading a reviewer file: the file with warnings, or a refusal. A refusal's problems
 * are errors with their lines; the caller keeps its last good state and must not write the file.
 */
export type ParsedReviewFile = { ok: true; file: ReviewFile; problems: Problem[] } | { ok: false; problems: Problem[] };

/** Options of `parseReviewFile`. */
export interface ParseReviewOptions {
  /** The team's exclusion reasons; a reason outside it is a warning. Default: no check. */
  reasons?: readonly string[];
}

const NEW_HEADER: ReviewHeader = { litdigest: 'review', version: REVIEW_FORMAT_VERSION };
const MARKER = /^(?:<{7}|={7}|>{7}|\|{7})(?:\s|$)/;
const MAX_ERRORS = 20;
// About a millisecond of JSON.parse + zod per step.
const LINES_PER_STEP = 256;
const KNOWN_FIELDS = ['key', 'status', 'reason', 'tags', 'note', 'decidedAt', 'reviewer', 'resolvedBy', 'hardware', 'claims', 'correctedAt'] as const;
const KNOWN = new Set<string>(KNOWN_FIELDS);

/** The text lines of a file: BOM dropped, LF, CRLF and lone CR all end a line. */
function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}

/** The 1-based lines of merge-conflict markers (`<<<<<<<`, `|||||||`, `=======`, `>>>>>>>`). */
export function conflictMarkerLines(text: string): number[] {
  const found: number[] = [];
  splitLines(text).forEach((line, i) => {
    if (MARKER.test(line)) found.push(i + 1);
  });
  return found;
}

type LineRead = { kind: 'blank' } | { kind: 'header'; header: ReviewHeader } | { kind: 'decision'; decision: Decision } | { kind: 'error'; message: string };

function readLine(line: string, first: boolean): LineRead {
  if (line.trim() === '') return { kind: 'blank' };
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (e) {
    return { kind: 'error', message: `not a line of JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { kind: 'error', message: 'not a JSON object' };
  if ('litdigest' in json) {
    if (!first) return { kind: 'error', message: 'the header {"litdigest":"review",…} may only be the first line' };
    const header = ReviewHeaderSchema.safeParse(json);
    if (!header.success) return { kind: 'error', message: `bad header: ${describeIssues(header.error.issues)}` };
    if (header.data.version > REVIEW_FORMAT_VERSION) {
      return {
        kind: 'error',
        message: `written by a newer LitDigest (format ${header.data.version}; this one reads ${REVIEW_FORMAT_VERSION}); update LitDigest to read or change it`,
      };
    }
    return { kind: 'header', header: header.data };
  }
  const decision = DecisionSchema.safeParse(json);
  if (!decision.success) return { kind: 'error', message: describeIssues(decision.error.issues) };
  return { kind: 'decision', decision: decision.data };
}

function refusal(file: string, errors: Problem[]): ParsedReviewFile {
  const shown = errors.slice(0, MAX_ERRORS);
  if (errors.length > MAX_ERRORS) shown.push({ file, line: 0, severity: 'error', message: `and ${errors.length - MAX_ERRORS} more lines that do not read` });
  return { ok: false, problems: shown };
}

function decisionWarnings(d: Decision, file: string, line: number, reasons: readonly string[] | undefined): Problem[] {
  const warn = (message: string): Problem => ({ file, line, severity: 'warning', message });
  if (d.status === 'excluded' && d.reason === undefined) return [warn(`${d.key}: excluded without a reason (counted as "no reason given")`)];
  if (d.status !== 'excluded' && d.reason !== undefined) return [warn(`${d.key}: a reason ("${d.reason}") on a paper that is ${d.status}; it is ignored`)];
  if (d.reason !== undefined && reasons && !reasons.includes(d.reason)) return [warn(`${d.key}: reason "${d.reason}" is not in the team's list`)];
  return [];
}

/**
 * Reads a reviewer file. Blank lines are skipped; CRLF and a BOM are accepted. Refused (nothing
 * returned but errors with their lines) when the file has merge-conflict markers, a line that is
 * not JSON or does not validate (unknown status, missing `decidedAt`, …), a key on two lines, or a
 * header of a newer format. Warnings: no header line, an exclusion without a reason, a reason
 * outside `options.reasons`. An empty file is an empty review. Never throws.
 */
export function parseReviewFile(text: string, file: string, options: ParseReviewOptions = {}): ParsedReviewFile {
  return runSync(parseReviewFileSteps(text, file, options));
}

/** `parseReviewFile` in short steps, for the extension host (`runSliced`): a 20,000-paper file never blocks it at once. */
export function* parseReviewFileSteps(text: string, file: string, options: ParseReviewOptions = {}): Steps<ParsedReviewFile> {
  const markers = conflictMarkerLines(text);
  if (markers.length) {
    return refusal(
      file,
      markers.map((line) => ({
        file,
        line,
        severity: 'error',
        message: 'merge-conflict marker: finish the git merge (or repair the file) before LitDigest reads or writes it',
      })),
    );
  }
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const decisions = new Map<string, Decision>();
  const lines = new Map<string, number>();
  let header: ReviewHeader | null = null;
  let first = true;
  const all = splitLines(text);
  for (let i = 0; i < all.length; i++) {
    if (i % LINES_PER_STEP === LINES_PER_STEP - 1) yield;
    const read = readLine(all[i], first);
    if (read.kind === 'blank') continue;
    first = false;
    const line = i + 1;
    if (read.kind === 'error') {
      errors.push({ file, line, severity: 'error', message: read.message });
    } else if (read.kind === 'header') {
      header = read.header;
    } else {
      const { decision } = read;
      const seen = lines.get(decision.key);
      if (seen !== undefined) {
        errors.push({ file, line, severity: 'error', message: `${decision.key} is already decided on line ${seen}; keep one of the two lines` });
        continue;
      }
      decisions.set(decision.key, decision);
      lines.set(decision.key, line);
      warnings.push(...decisionWarnings(decision, file, line, options.reasons));
    }
  }
  if (errors.length) return refusal(file, errors);
  if (header === null && decisions.size) {
    warnings.unshift({ file, line: 1, severity: 'warning', message: `no header line; read as format ${REVIEW_FORMAT_VERSION}` });
  }
  return { ok: true, file: { header: header ?? NEW_HEADER, decisions, lines }, problems: warnings };
}

/** One decision as a line: known fields in a fixed order (empty tags and absent fields left out), then unknown fields as they came. */
export function serializeDecision(d: Decision): string {
  const out: Record<string, unknown> = {};
  for (const field of KNOWN_FIELDS) {
    const value = d[field];
    if (value === undefined || (field === 'tags' && Array.isArray(value) && value.length === 0)) continue;
    out[field] = value;
  }
  for (const [field, value] of Object.entries(d)) {
    if (!KNOWN.has(field)) out[field] = value;
  }
  return escapeLineBreaks(JSON.stringify(out));
}

// JSON leaves U+0085, U+2028 and U+2029 raw, but editors (VS Code offers to delete "unusual line
// terminators") and Python's splitlines break lines there; escaped, a decision stays on one line for every tool.
const escapeLineBreaks = (json: string) => json.replace(/[\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

// Code-unit order, not localeCompare: the same file on every machine whatever its locale.
const byKey = (a: Decision, b: Decision) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * A reviewer file's text: the header (default `{"litdigest":"review","version":1}`; a read
 * header keeps its unknown fields, with the version this LitDigest writes), then one decision per
 * line sorted by key, LF line ends and a final newline. The same decisions give the same text.
 */
export function serializeReviewFile(decisions: Iterable<Decision>, header: ReviewHeader = NEW_HEADER): string {
  const { litdigest: _l, version: _v, ...rest } = header;
  const lines = [escapeLineBreaks(JSON.stringify({ litdigest: 'review', version: REVIEW_FORMAT_VERSION, ...rest }))];
  for (const d of [...decisions].sort(byKey)) lines.push(serializeDecision(d));
  return lines.join('\n') + '\n';
}

/**
 * The decisions to write when the file on disk may have changed since it was read (another VS
 * Code window, a git pull): the disk's decisions, with each of `changedKeys` taken from `mine`
 * (removed when `mine` has none). Papers this writer did not change are left as the disk has them,
 * so neither writer loses a decision; for a paper both changed, the last write wins.
 */
export function mergeForWrite(onDisk: Decisions, mine: Decisions, changedKeys: Iterable<string>): Map<string, Decision> {
  const merged = new Map(onDisk);
  for (const key of changedKeys) {
    const d = mine.get(key);
    if (d) merged.set(key, d);
    else merged.delete(key);
  }
  return merged;
}

// A line changed by a correction only is as new as its `correctedAt`.
const instant = (d: Decision) => {
  const t = Math.max(Date.parse(d.decidedAt), d.correctedAt ? Date.parse(d.correctedAt) : -Infinity);
  return Number.isNaN(t) ? -Infinity : t;
};

/**
 * Repairs the text of a reviewer file that git left with conflict markers, or whose key appears on
 * two lines (e.g. after a `merge=union`): every decision line of both sides is read (a diff3 base
 * section is dropped), and for a key seen twice the newer `decidedAt` (or `correctedAt`) wins (on a tie, the later
 * line). Each choice is reported as a warning. Lines that do not read still refuse the repair.
 */
export function repairReviewFile(text: string, file: string, options: ParseReviewOptions = {}): ParsedReviewFile {
  const kept: string[] = [];
  let inBase = false;
  for (const line of splitLines(text)) {
    if (MARKER.test(line)) {
      inBase = line.startsWith('|||||||');
      kept.push('');
    } else {
      // Blank placeholders keep line numbers the same as the user's file.
      kept.push(inBase ? '' : line);
    }
  }
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const chosen = new Map<string, { decision: Decision; line: number }>();
  let header: ReviewHeader | null = null;
  kept.forEach((raw, i) => {
    const line = i + 1;
    const read = readLine(raw, true);
    if (read.kind === 'blank') return;
    if (read.kind === 'error') errors.push({ file, line, severity: 'error', message: read.message });
    else if (read.kind === 'header') header ??= read.header;
    else {
      const { decision } = read;
      const before = chosen.get(decision.key);
      if (before) {
        const newer = instant(decision) >= instant(before.decision);
        const [win, lose] = newer ? [{ decision, line }, before] : [before, { decision, line }];
        warnings.push({
          file,
          line: win.line,
          severity: 'warning',
          message: `${decision.key}: kept line ${win.line} (${win.decision.decidedAt}), dropped line ${lose.line} (${lose.decision.decidedAt})`,
        });
        chosen.set(decision.key, win);
      } else {
        chosen.set(decision.key, { decision, line });
      }
    }
  });
  if (errors.length) return refusal(file, errors);
  const decisions = new Map<string, Decision>();
  const lines = new Map<string, number>();
  for (const [key, { decision, line }] of chosen) {
    decisions.set(key, decision);
    lines.set(key, line);
    warnings.push(...decisionWarnings(decision, file, line, options.reasons));
  }
  return { ok: true, file: { header: header ?? NEW_HEADER, decisions, lines }, problems: warnings };
}
