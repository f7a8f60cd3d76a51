/** Reviewer corrections applied to a paper (they win over extraction): added claims are read by extraction, so this lives with the builder. */
import { DEFAULT_CATALOG } from './catalog';
import { sameSentence, sameTarget, type PaperCorrections } from './corrections';
import { extractClaims } from './extract';
import { findVerbatim } from './highlight';
import type { Claim, HardwareTarget, Paper } from './model';
import type { HardwareCatalog } from './vocabulary';

/**
 * A claim for a sentence a reviewer marked as one: what extraction reads from the sentence alone
 * (value, unit, direction, baseline, device), or, when it reads no number, the sentence with
 * metric `other` and an empty value.
 */
export function claimFromSentence(text: string, catalog: HardwareCatalog = DEFAULT_CATALOG): Claim {
  const read = extractClaims(text, catalog).find((c) => sameSentence(c.text, text));
  return read ? { ...read, text } : { text, metric: 'other', value: '', number: null, unit: null, direction: null, baseline: null, hardware: null };
}

/**
 * The paper with its corrections applied; the same object when they change nothing. Removed
 * targets (by name and class, case aside) and claims (by sentence, spacing aside) leave; added
 * targets join after the extracted ones (one already there is not repeated); added claims are
 * read with `claimFromSentence` and take their place in abstract order (a sentence no longer in
 * the abstract goes last). Never throws.
 */
export function applyCorrections(paper: Paper, corrections: PaperCorrections | undefined, catalog: HardwareCatalog = DEFAULT_CATALOG): Paper {
  if (!corrections) return paper;
  let hardware: HardwareTarget[] = paper.hardware;
  const h = corrections.hardware;
  if (h?.remove?.length || h?.add?.length) {
    hardware = paper.hardware.filter((t) => !h.remove?.some((r) => sameTarget(r, t)));
    for (const t of h.add ?? []) {
      if (!hardware.some((k) => sameTarget(k, t))) hardware.push({ name: t.name, class: t.class, ...(t.phrase ? { phrase: t.phrase } : {}) });
    }
  }
  let claims: Claim[] = paper.claims;
  const c = corrections.claims;
  if (c?.remove?.length || c?.add?.length) {
    claims = paper.claims.filter((k) => !c.remove?.some((r) => sameSentence(r, k.text)));
    const added = (c.add ?? []).filter((t) => !claims.some((k) => sameSentence(k.text, t))).map((t) => claimFromSentence(t, catalog));
    if (added.length) {
      const at = (k: Claim) => findVerbatim(paper.abstract, k.text)?.start ?? Infinity;
      claims = [...claims, ...added]
        .map((k, i) => ({ k, i, at: at(k) }))
        .sort((a, b) => a.at - b.at || a.i - b.i)
        .map((x) => x.k);
    }
  }
  const same = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (same(hardware, paper.hardware) && same(claims, paper.claims)) return paper;
  return { ...paper, hardware, claims };
}
