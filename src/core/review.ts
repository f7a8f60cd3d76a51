/** Screening: deciding with undo, conflicts between reviewers, agreement (Cohen's kappa), PRISMA 2020 counts and query filters on decisions. */
import type { Library } from './library';
import type { ClaimCorrection, Decision, Decisions, HardwareCorrection, ReviewStatus } from './reviewFile';
import { REVIEW_STATUSES } from './reviewNames';

/**
 * A change to one paper's decision; fields left out stay as they are. `reason: null`, `note: null`
 * (or `''`) clear. Giving a reason without a status excludes the paper; moving a paper out of
 * `excluded` drops its reason. `tags` replaces the tags (trimmed, unique, sorted). `hardware` and
 * `claims` replace the paper's corrections (`null`, or one with nothing in it, clears them; see
 * `correctionChange` in corrections.ts); changing only them leaves `decidedAt` and sets `correctedAt`.
 */
export interface DecisionChange {
  status?: ReviewStatus;
  reason?: string | null;
  tags?: readonly string[];
  note?: string | null;
  reviewer?: string | null;
  resolvedBy?: string | null;
  hardware?: HardwareCorrection | null;
  claims?: ClaimCorrection | null;
}

/** One paper's decision before and after a step (undefined: no decision, i.e. unscreened). */
export interface DecisionStep {
  key: string;
  before: Decision | undefined;
  after: Decision | undefined;
}

/** One undoable step: every paper it changed. Empty when the change changed nothing. */
export interface UndoRecord {
  changes: readonly DecisionStep[];
}

/** A new state and the record that undoes the step that made it. */
export interface Stepped {
  state: Map<string, Decision>;
  undo: UndoRecord;
}

// Fields that mean something beyond the bookkeeping; a decision with none of them is just "unscreened".
const BOOKKEEPING = new Set(['key', 'status', 'decidedAt', 'reviewer', 'resolvedBy', 'tags', 'correctedAt']);
const CORRECTIONS = ['hardware', 'claims'] as const;

function normalizeTags(tags: readonly string[]): string[] {
  const unique = [...new Set(tags.map((t) => t.trim()).filter((t) => t !== ''))];
  return unique.sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()) || (a < b ? -1 : a > b ? 1 : 0));
}

function withOptional(d: Decision, field: 'reason' | 'note' | 'reviewer' | 'resolvedBy', value: string | null | undefined): void {
  if (value === undefined) return;
  if (value === null || value === '') delete d[field];
  else d[field] = value;
}

/** Compares two decisions, ignoring when they were made, and the fields in `ignored`. */
function sameContent(a: Decision | undefined, b: Decision | undefined, ignored: readonly string[] = []): boolean {
  if (!a || !b) return a === b;
  const skip = new Set(['decidedAt', 'correctedAt', ...ignored]);
  const strip = (d: Decision) =>
    JSON.stringify(
      Object.entries(d)
        .filter(([field]) => !skip.has(field))
        .sort(([x], [y]) => (x < y ? -1 : 1)),
    );
  return strip(a) === strip(b);
}

/** Whether a correction says nothing: no list with anything in it (unknown fields of a newer LitDigest count as something). */
function emptyCorrection(c: HardwareCorrection | ClaimCorrection): boolean {
  return Object.entries(c).every(([, value]) => value === undefined || (Array.isArray(value) && value.length === 0));
}

function withCorrections(d: Decision, change: DecisionChange): void {
  if (change.hardware !== undefined) {
    if (change.hardware === null || emptyCorrection(change.hardware)) delete d.hardware;
    else d.hardware = change.hardware;
  }
  if (change.claims !== undefined) {
    if (change.claims === null || emptyCorrection(change.claims)) delete d.claims;
    else d.claims = change.claims;
  }
}

/** Whether a decision says nothing beyond "unscreened" and can be dropped from the file. */
function isEmpty(d: Decision): boolean {
  return d.status === 'unscreened' && d.tags.length === 0 && Object.keys(d).every((field) => BOOKKEEPING.has(field));
}

function applyChange(before: Decision | undefined, key: string, change: DecisionChange, now: string): Decision | undefined {
  const next: Decision = { ...(before ?? { key, status: 'unscreened', tags: [], decidedAt: now }), key };
  if (change.status !== undefined) next.status = change.status;
  else if (change.reason) next.status = 'excluded';
  withOptional(next, 'reason', change.reason);
  if (next.status !== 'excluded') delete next.reason;
  if (change.tags !== undefined) next.tags = normalizeTags(change.tags);
  withOptional(next, 'note', change.note);
  withOptional(next, 'reviewer', change.reviewer);
  withOptional(next, 'resolvedBy', change.resolvedBy);
  withCorrections(next, change);
  if (isEmpty(next)) return undefined;
  if (sameContent(before, next)) return before;
  // A correction is not a decision: it leaves decidedAt (which tells when a resolution went stale) and sets correctedAt.
  if (!before || !sameContent(before, next, CORRECTIONS)) next.decidedAt = now;
  if (CORRECTIONS.some((field) => JSON.stringify(before?.[field]) !== JSON.stringify(next[field]))) next.correctedAt = now;
  if (!next.hardware && !next.claims) delete next.correctedAt;
  return next;
}

/**
 * Applies one change to several papers as one undoable step (e.g. excluding a selection).
 * `now` is the ISO time recorded as `decidedAt` of each changed paper. A paper whose change
 * leaves it as it was is not in the record, and keeps its `decidedAt`; a paper changed back to
 * a bare `unscreened` loses its decision (its line leaves the file).
 */
export function setDecisions(state: Decisions, keys: Iterable<string>, change: DecisionChange, now: string): Stepped {
  const next = new Map(state);
  const changes: DecisionStep[] = [];
  for (const key of new Set(keys)) {
    const before = state.get(key);
    const after = applyChange(before, key, change, now);
    if (after === before) continue;
    if (after) next.set(key, after);
    else next.delete(key);
    changes.push({ key, before, after });
  }
  return { state: changes.length ? next : new Map(state), undo: { changes } };
}

/** Applies a change to one paper's decision as one undoable step; see `setDecisions`. */
export function setDecision(state: Decisions, key: string, change: DecisionChange, now: string): Stepped {
  return setDecisions(state, [key], change, now);
}

/**
 * Undoes a step: each paper it changed gets its decision from before the step back, whatever it
 * became since (e.g. after a reload). Returns the state and the record that redoes the step.
 */
export function undo(state: Decisions, record: UndoRecord): Stepped {
  const next = new Map(state);
  for (const { key, before } of record.changes) {
    if (before) next.set(key, before);
    else next.delete(key);
  }
  return { state: next, undo: { changes: [...record.changes].reverse().map(({ key, before, after }) => ({ key, before: after, after: before })) } };
}

/** The keys a step changed: what a writer passes to `mergeForWrite` as `changedKeys` (with those of earlier unsaved steps). */
export function changedKeys(record: UndoRecord): string[] {
  return record.changes.map((c) => c.key);
}

/**
 * Records the final decision of a conflict in the resolutions state, with who resolved it
 * (`resolvedBy`), as one undoable step.
 */
export function resolveConflict(resolutions: Decisions, key: string, change: DecisionChange, resolver: string, now: string): Stepped {
  return setDecision(resolutions, key, { ...change, resolvedBy: resolver }, now);
}

/** Each reviewer's decisions, by reviewer name. */
export type ReviewerDecisions = ReadonlyMap<string, Decisions>;

/** A paper the reviewers disagree on: each reviewer's decision (status, reason, …), sorted by reviewer. */
export interface Conflict {
  key: string;
  decisions: { reviewer: string; decision: Decision }[];
  /** The recorded resolution, if any. */
  resolution?: Decision;
  /** A reviewer changed the paper after it was resolved: the resolution may need another look. */
  stale: boolean;
}

const decided = (d: Decision | undefined): d is Decision => d !== undefined && d.status !== 'unscreened';
const reviewerNames = (reviewers: ReviewerDecisions) => [...reviewers.keys()].sort();

function allKeys(maps: Iterable<Decisions>): string[] {
  const keys = new Set<string>();
  for (const m of maps) for (const k of m.keys()) keys.add(k);
  return [...keys].sort();
}

/**
 * Papers on which reviewers who decided (anything but `unscreened`) chose different statuses,
 * sorted by key; a paper only one reviewer has decided is not a conflict. Two exclusions with
 * different reasons are not a conflict (the statuses agree). Resolved conflicts are listed too,
 * with their `resolution`.
 */
export function conflicts(reviewers: ReviewerDecisions, resolutions: Decisions = new Map()): Conflict[] {
  const names = reviewerNames(reviewers);
  const out: Conflict[] = [];
  for (const key of allKeys(reviewers.values())) {
    const decisions = names.flatMap((reviewer) => {
      const decision = reviewers.get(reviewer)?.get(key);
      return decided(decision) ? [{ reviewer, decision }] : [];
    });
    if (new Set(decisions.map((d) => d.decision.status)).size < 2) continue;
    const resolution = resolutions.get(key);
    const stale = resolution !== undefined && decisions.some((d) => Date.parse(d.decision.decidedAt) > Date.parse(resolution.decidedAt));
    out.push(resolution ? { key, decisions, resolution, stale } : { key, decisions, stale });
  }
  return out;
}

/** Where a paper's final decision comes from. */
export type FinalBasis = 'resolved' | 'agreed' | 'single' | 'conflict';

/** A paper's screening outcome across reviewers: `conflict` until someone resolves it. */
export interface FinalDecision {
  key: string;
  status: ReviewStatus | 'conflict';
  reason?: string;
  basis: FinalBasis;
}

/**
 * Each paper's outcome: its resolution if there is one; else the status every reviewer who
 * decided it gave (`agreed`, or `single` when only one did; for an exclusion, the reason of the
 * first such reviewer by name that gave one); else `conflict`. Papers nobody decided are left out
 * (they are unscreened).
 */
export function finalDecisions(reviewers: ReviewerDecisions, resolutions: Decisions = new Map()): Map<string, FinalDecision> {
  const names = reviewerNames(reviewers);
  const out = new Map<string, FinalDecision>();
  for (const key of allKeys([...reviewers.values(), resolutions])) {
    const resolution = resolutions.get(key);
    if (decided(resolution)) {
      out.set(key, { key, status: resolution.status, ...(resolution.reason ? { reason: resolution.reason } : {}), basis: 'resolved' });
      continue;
    }
    const given = names.map((n) => reviewers.get(n)?.get(key)).filter(decided);
    if (!given.length) continue;
    if (new Set(given.map((d) => d.status)).size > 1) {
      out.set(key, { key, status: 'conflict', basis: 'conflict' });
      continue;
    }
    const reason = given.find((d) => d.reason)?.reason;
    out.set(key, { key, status: given[0].status, ...(reason ? { reason } : {}), basis: given.length > 1 ? 'agreed' : 'single' });
  }
  return out;
}

/**
 * The team's decision of each paper as query filters read it (`status:`, `tag:`, `reason:`, `note:`), for the command
 * line, which has no reviewer of its own: the final status (a paper reviewers disagree on counts as unscreened),
 * every reviewer's tags, and the first note and reason in reviewer order. Undefined for a paper nobody touched.
 */
export function teamDecisionOf(reviewers: ReviewerDecisions, resolutions: Decisions = new Map()): (key: string) => Decision | undefined {
  const final = finalDecisions(reviewers, resolutions);
  const names = reviewerNames(reviewers);
  return (key) => {
    const given = names.map((n) => reviewers.get(n)?.get(key)).filter((d): d is Decision => d !== undefined);
    const outcome = final.get(key);
    if (!given.length && !outcome) return undefined;
    const status = outcome && outcome.status !== 'conflict' ? outcome.status : 'unscreened';
    const note = given.find((d) => d.note)?.note;
    const reason = outcome?.reason ?? given.find((d) => d.reason)?.reason;
    return {
      key,
      status,
      tags: [...new Set(given.flatMap((d) => d.tags))],
      decidedAt:
        given
          .map((d) => d.decidedAt)
          .sort()
          .at(-1) ??
        resolutions.get(key)?.decidedAt ??
        '',
      ...(note ? { note } : {}),
      ...(reason && status === 'excluded' ? { reason } : {}),
    };
  };
}

/** The statuses kappa is computed over: the decided ones. */
export const DECIDED_STATUSES = ['included', 'excluded', 'maybe'] as const satisfies readonly ReviewStatus[];
type DecidedStatus = (typeof DECIDED_STATUSES)[number];

/** Agreement between two reviewers over the papers both decided. */
export interface Agreement {
  a: string;
  b: string;
  /** Papers both decided (status other than `unscreened`). */
  compared: number;
  agreed: number;
  disagreed: number;
  /** Papers only one of them decided. */
  onlyA: number;
  onlyB: number;
  /** `matrix[statusOfA][statusOfB]`: counts over the compared papers. */
  matrix: Record<DecidedStatus, Record<DecidedStatus, number>>;
  /** Observed agreement p_o = agreed / compared; null when nothing was compared. */
  observed: number | null;
  /** Agreement expected by chance p_e = Σ_s (rowₛ/n)(colₛ/n); null when nothing was compared. */
  expected: number | null;
  /** Cohen's kappa (p_o − p_e) / (1 − p_e); null when nothing was compared or p_e = 1 (both used one status only). */
  kappa: number | null;
}

/** Counts and Cohen's kappa for two reviewers' decisions, over the statuses included, excluded and maybe. */
export function agreement(a: Decisions, b: Decisions, names: [string, string] = ['a', 'b']): Agreement {
  const zero = () => ({ included: 0, excluded: 0, maybe: 0 });
  const matrix = { included: zero(), excluded: zero(), maybe: zero() };
  let onlyA = 0;
  let onlyB = 0;
  for (const key of allKeys([a, b])) {
    const [da, db] = [a.get(key), b.get(key)];
    if (decided(da) && decided(db)) matrix[da.status as DecidedStatus][db.status as DecidedStatus]++;
    else if (decided(da)) onlyA++;
    else if (decided(db)) onlyB++;
  }
  const n = DECIDED_STATUSES.reduce((sum, s) => sum + DECIDED_STATUSES.reduce((row, t) => row + matrix[s][t], 0), 0);
  const agreed = DECIDED_STATUSES.reduce((sum, s) => sum + matrix[s][s], 0);
  let observed: number | null = null;
  let expected: number | null = null;
  let kappa: number | null = null;
  if (n > 0) {
    observed = agreed / n;
    expected = DECIDED_STATUSES.reduce((sum, s) => {
      const row = DECIDED_STATUSES.reduce((r, t) => r + matrix[s][t], 0);
      const col = DECIDED_STATUSES.reduce((c, t) => c + matrix[t][s], 0);
      return sum + (row / n) * (col / n);
    }, 0);
    kappa = expected === 1 ? null : (observed - expected) / (1 - expected);
  }
  return { a: names[0], b: names[1], compared: n, agreed, disagreed: n - agreed, onlyA, onlyB, matrix, observed, expected, kappa };
}

/** `agreement` for every pair of reviewers, in name order. */
export function pairwiseAgreement(reviewers: ReviewerDecisions): Agreement[] {
  const names = reviewerNames(reviewers);
  const out: Agreement[] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      out.push(agreement(reviewers.get(names[i]) ?? new Map(), reviewers.get(names[j]) ?? new Map(), [names[i], names[j]]));
    }
  }
  return out;
}

/** Papers per status among `keys` (default: the decided keys); a key without a decision is unscreened. */
export function statusCounts(
  decisions: ReadonlyMap<string, { status: ReviewStatus | 'conflict' }>,
  keys?: Iterable<string>,
): Record<ReviewStatus | 'conflict', number> {
  const counts = { unscreened: 0, included: 0, excluded: 0, maybe: 0, conflict: 0 };
  for (const key of keys ?? decisions.keys()) counts[decisions.get(key)?.status ?? 'unscreened']++;
  return counts;
}

/** One source of records for PRISMA's identification box. */
export interface PrismaSource {
  /** A file name, a database or listing name. */
  name: string;
  /** What it is: `digest`, `bibliography`, `listing`, or anything the caller names. */
  kind: string;
  /** Records identified in it, duplicates included. */
  records: number;
}

/** What PRISMA counts need from the library: records per source and the keys left after merging duplicates. */
export interface PrismaInput {
  sources: readonly PrismaSource[];
  /** The papers after duplicates were merged: one key each. */
  keys: readonly string[];
  /** Duplicates removed by the merge. Default: records identified minus `keys.length` (never below 0). */
  duplicatesRemoved?: number;
}

/**
 * What PRISMA counts need, taken from a loaded library: one source per digest file with the
 * records (entries) read from it, duplicates included, and the keys of the merged papers. The CLI
 * and the Screening Summary both use it, so they count the same.
 */
export function prismaInputOf(library: Pick<Library, 'fileReports' | 'papers'>): PrismaInput {
  return {
    sources: library.fileReports.map((r) => ({ name: r.name, kind: 'digest', records: r.entries })),
    keys: library.papers.map((p) => p.key),
  };
}

/** The PRISMA 2020 flow counts this data supports (identification and screening of records). */
export interface PrismaCounts {
  identified: { total: number; bySource: PrismaSource[] };
  duplicatesRemoved: number;
  /** Records after duplicates were removed: those to screen. */
  records: number;
  /** Records with a decision (included, excluded, maybe or in conflict). */
  screened: number;
  unscreened: number;
  /** Screened, but undecided: `maybe`. */
  maybe: number;
  /** Screened, but reviewers disagree and nobody resolved it. */
  conflicts: number;
  excluded: { total: number; byReason: { reason: string; count: number }[] };
  included: number;
  /** Decisions kept for papers no longer in any source; not counted above. */
  decisionsWithoutRecord: number;
}

/** The reason PRISMA counts show for an exclusion without one. */
export const NO_REASON = 'no reason given';

/**
 * PRISMA 2020 counts for the library and the outcomes: one reviewer's `Decisions`, or
 * `finalDecisions(...)` for several. Reasons are listed by count, then name.
 */
export function prismaCounts(input: PrismaInput, decisions: ReadonlyMap<string, { status: ReviewStatus | 'conflict'; reason?: string }>): PrismaCounts {
  const total = input.sources.reduce((sum, s) => sum + s.records, 0);
  const keys = new Set(input.keys);
  const counts = statusCounts(decisions, keys);
  const reasons = new Map<string, number>();
  for (const key of keys) {
    const d = decisions.get(key);
    if (d?.status === 'excluded') reasons.set(d.reason ?? NO_REASON, (reasons.get(d.reason ?? NO_REASON) ?? 0) + 1);
  }
  let orphans = 0;
  for (const key of decisions.keys()) if (!keys.has(key)) orphans++;
  return {
    identified: { total, bySource: input.sources.map((s) => ({ ...s })) },
    duplicatesRemoved: input.duplicatesRemoved ?? Math.max(0, total - keys.size),
    records: keys.size,
    screened: keys.size - counts.unscreened,
    unscreened: counts.unscreened,
    maybe: counts.maybe,
    conflicts: counts.conflict,
    excluded: {
      total: counts.excluded,
      byReason: [...reasons].map(([reason, count]) => ({ reason, count })).sort((x, y) => y.count - x.count || (x.reason < y.reason ? -1 : 1)),
    },
    included: counts.included,
    decisionsWithoutRecord: orphans,
  };
}

/** The query fields that filter on decisions: `status:`, `tag:`, `reason:`, `note:`. */
export const DECISION_FIELDS = ['status', 'tag', 'reason', 'note'] as const;
/** One of `DECISION_FIELDS`. */
export type DecisionField = (typeof DECISION_FIELDS)[number];

/**
 * A query filter on a paper's decision (undefined: no decision, which is `unscreened`), or null
 * when the value cannot be used (an unknown status, an empty value) so the query can report it.
 * `status:` is one of the statuses; `tag:` matches a whole tag; `reason:` and `note:` match a
 * substring. All ignore case. A paper without a decision passes only `status:unscreened`.
 */
export function decisionFilter(field: DecisionField, value: string): ((decision: Decision | undefined) => boolean) | null {
  const v = value.trim().toLowerCase();
  if (!v) return null;
  switch (field) {
    case 'status': {
      const status = REVIEW_STATUSES.find((s) => s === v);
      if (!status) return null;
      return (d) => (d?.status ?? 'unscreened') === status;
    }
    case 'tag':
      return (d) => d !== undefined && d.tags.some((t) => t.toLowerCase() === v);
    case 'reason':
      return (d) => d?.status === 'excluded' && d.reason !== undefined && d.reason.toLowerCase().includes(v);
    case 'note':
      return (d) => d?.note !== undefined && d.note.toLowerCase().includes(v);
  }
}

/** What `litdigest review [--json] [--reviewer NAME]` prints: counts, agreement, conflicts, PRISMA counts and the decisions. */
export interface ReviewSummary {
  /** The reviewer asked for, or null for the whole team. */
  reviewer: string | null;
  /** Papers per status for each reviewer (the one asked for, or all, by name), over the library's keys. */
  reviewers: { name: string; counts: Record<ReviewStatus, number> }[];
  /** Of the reviewer asked for, or of the team's `finalDecisions`. */
  prisma: PrismaCounts;
  /** Every pair of reviewers; empty for one reviewer. */
  agreement: Agreement[];
  /** Open and resolved conflicts; empty for one reviewer. */
  conflicts: Conflict[];
  /** Each decision with its reviewer, sorted by key then reviewer, papers no longer in the library included. */
  decisions: Decision[];
}

/**
 * The summary of a review for the CLI and any report. `only` restricts it to one reviewer (a
 * name not in `reviewers` gives an empty review: the caller should check and list the names).
 */
export function summarizeReview(input: PrismaInput, reviewers: ReviewerDecisions, resolutions: Decisions = new Map(), only?: string): ReviewSummary {
  const names = only !== undefined ? [only] : reviewerNames(reviewers);
  const chosen = new Map(names.map((n) => [n, reviewers.get(n) ?? new Map<string, Decision>()]));
  const counts = (d: Decisions) => {
    const { conflict: _c, ...byStatus } = statusCounts(d, input.keys);
    return byStatus;
  };
  const decisions = names
    .flatMap((name) => [...(chosen.get(name)?.values() ?? [])].map((d) => ({ ...d, reviewer: d.reviewer ?? name })))
    .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : x.reviewer < y.reviewer ? -1 : x.reviewer > y.reviewer ? 1 : 0));
  const team = only === undefined;
  return {
    reviewer: only ?? null,
    reviewers: names.map((name) => ({ name, counts: counts(chosen.get(name) ?? new Map()) })),
    prisma: prismaCounts(input, team ? finalDecisions(chosen, resolutions) : (chosen.get(only) ?? new Map())),
    agreement: team ? pairwiseAgreement(chosen) : [],
    conflicts: team ? conflicts(chosen, resolutions) : [],
    decisions,
  };
}
