/** Reviewer corrections of hardware and claims: changing them one action at a time and merging the team's (corrected.ts applies them to a paper). */
import { findVerbatim } from './highlight';
import type { Paper } from './model';
import type { ReviewerDecisions } from './review';
import type { ClaimCorrection, CorrectedTarget, Decision, HardwareCorrection } from './reviewFile';
import { splitSentences } from './sentences';
import type { HardwareClass } from './vocabulary';

/** A paper's corrections as stored on its line of a reviewer file (`hardware`, `claims`). */
export interface PaperCorrections {
  hardware?: HardwareCorrection;
  claims?: ClaimCorrection;
}

/** Corrections by citation key. */
export type CorrectionsByKey = ReadonlyMap<string, PaperCorrections>;

/** One thing a reviewer corrects. Removing names a target by name and class, a claim by its sentence. */
export type CorrectionAction =
  | { kind: 'addHardware'; target: CorrectedTarget }
  | { kind: 'removeHardware'; target: { name: string; class: HardwareClass } }
  | { kind: 'addClaim'; text: string }
  | { kind: 'removeClaim'; text: string };

/** Whether two sentences are the same claim: white space squeezed and trimmed (a page may wrap them differently). */
export const sameSentence = (a: string, b: string): boolean => a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();
/** Whether two targets are the same: their classes are, and their names are, case and spacing aside. */
export const sameTarget = (a: { name: string; class: string }, b: { name: string; class: string }): boolean =>
  a.class === b.class && a.name.replace(/\s+/g, ' ').trim().toLowerCase() === b.name.replace(/\s+/g, ' ').trim().toLowerCase();

/** A paper's corrections on a decision line, or undefined when it has none. */
export function correctionsOf(decision: Decision | undefined): PaperCorrections | undefined {
  if (!decision || (!decision.hardware && !decision.claims)) return undefined;
  return { ...(decision.hardware ? { hardware: decision.hardware } : {}), ...(decision.claims ? { claims: decision.claims } : {}) };
}

function withoutEmpty<T extends { add?: unknown[]; remove?: unknown[] }>(c: T): T {
  const out = { ...c };
  if (!out.add?.length) delete out.add;
  if (!out.remove?.length) delete out.remove;
  return out;
}

/**
 * The corrections after one action, as the `hardware` and `claims` of a `DecisionChange` (the one
 * the action touches; the other is left out). Adding takes the item off the removed list and puts
 * it on the added one; removing does the reverse, so the last word on an item wins. Removing keeps
 * the item on the removed list even when this reviewer had added it, since extraction or another
 * reviewer may give it too. Fields of the stored correction this version does not know are kept.
 */
export function correctionChange(
  current: PaperCorrections | undefined,
  action: CorrectionAction,
): Pick<PaperCorrections, 'hardware'> | Pick<PaperCorrections, 'claims'> {
  switch (action.kind) {
    case 'addHardware':
    case 'removeHardware': {
      const before = current?.hardware ?? {};
      const add = (before.add ?? []).filter((t) => !sameTarget(t, action.target));
      const remove = (before.remove ?? []).filter((t) => !sameTarget(t, action.target));
      if (action.kind === 'addHardware') add.push(action.target);
      else remove.push({ name: action.target.name, class: action.target.class });
      return { hardware: withoutEmpty({ ...before, add, remove }) };
    }
    case 'addClaim':
    case 'removeClaim': {
      const before = current?.claims ?? {};
      const add = (before.add ?? []).filter((t) => !sameSentence(t, action.text));
      const remove = (before.remove ?? []).filter((t) => !sameSentence(t, action.text));
      (action.kind === 'addClaim' ? add : remove).push(action.text);
      return { claims: withoutEmpty({ ...before, add, remove }) };
    }
  }
}

/** Applies one reviewer's corrections on top of what earlier ones left, with `correctionChange`'s rule (the last word on an item wins). */
function fold(into: PaperCorrections, c: PaperCorrections): PaperCorrections {
  let out = into;
  for (const target of c.hardware?.add ?? []) out = { ...out, ...correctionChange(out, { kind: 'addHardware', target }) };
  for (const target of c.hardware?.remove ?? []) out = { ...out, ...correctionChange(out, { kind: 'removeHardware', target }) };
  for (const text of c.claims?.add ?? []) out = { ...out, ...correctionChange(out, { kind: 'addClaim', text }) };
  for (const text of c.claims?.remove ?? []) out = { ...out, ...correctionChange(out, { kind: 'removeClaim', text }) };
  return out;
}

const timeOf = (d: Decision) => Date.parse(d.correctedAt ?? d.decidedAt) || 0;

/**
 * The team's corrections by key: every reviewer's, merged in the order they were made
 * (`correctedAt`, then reviewer name), so that where two reviewers disagree on an item (one
 * removes a target another added) the later one wins. Pass one reviewer's decisions alone for
 * theirs only. Papers nobody corrected are left out.
 */
export function teamCorrections(reviewers: ReviewerDecisions): Map<string, PaperCorrections> {
  const byKey = new Map<string, { reviewer: string; decision: Decision }[]>();
  for (const [reviewer, decisions] of reviewers) {
    for (const decision of decisions.values()) {
      if (!correctionsOf(decision)) continue;
      const list = byKey.get(decision.key);
      if (list) list.push({ reviewer, decision });
      else byKey.set(decision.key, [{ reviewer, decision }]);
    }
  }
  const out = new Map<string, PaperCorrections>();
  for (const [key, list] of byKey) {
    if (list.length === 1) {
      out.set(key, correctionsOf(list[0].decision)!);
      continue;
    }
    list.sort((a, b) => timeOf(a.decision) - timeOf(b.decision) || (a.reviewer < b.reviewer ? -1 : a.reviewer > b.reviewer ? 1 : 0));
    out.set(
      key,
      list.reduce<PaperCorrections>((acc, { decision }) => fold(acc, correctionsOf(decision)!), {}),
    );
  }
  return out;
}

/** Why `text` cannot be added as a claim of `abstract` (blank, not in the abstract, already a claim), or null when it can. */
export function claimSentenceProblem(paper: Pick<Paper, 'abstract' | 'claims'>, text: string): string | null {
  if (!text.trim()) return 'Type or pick a sentence of the abstract.';
  if (!findVerbatim(paper.abstract, text)) return 'Not found in the abstract: a claim must be a sentence of the abstract, copied exactly (spacing aside).';
  if (paper.claims.some((c) => sameSentence(c.text, text))) return 'Already a claim of this paper.';
  return null;
}

/** The sentences of `paper`'s abstract that are not claims yet: what a reviewer may add as one. */
export function candidateClaims(paper: Pick<Paper, 'abstract' | 'claims'>): string[] {
  return splitSentences(paper.abstract)
    .map((s) => s.text.trim())
    .filter((t) => t && !paper.claims.some((c) => sameSentence(c.text, t)));
}
