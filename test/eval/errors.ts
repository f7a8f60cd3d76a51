/**
 * `node out/test/eval/errors.js [--set=dev|test|seeds]`: every hardware-class and claim error the extractor makes on the
 * tuning sets (dev and test v1 by default), with the paper id and the sentence it is in, for grouping errors by kind.
 */
import { extractClaims, extractHardware } from '../../src/core/extract';
import { splitSentences } from '../../src/core/sentences';
import { type Case, knowledgeCases, norm, seedCases } from './cases';

const only = process.argv.find((a) => a.startsWith('--set='))?.slice(6);
const sets: [string, Case[]][] = [];
if (!only || only === 'dev') sets.push(['dev', knowledgeCases('dev')]);
if (!only || only === 'test') sets.push(['test v1', knowledgeCases('test')]);
if (only === 'seeds') sets.push(['seeds', seedCases()]);

/** The sentence of the abstract (or the title) where `phrase` first stands, or a note that it is nowhere. */
function sentenceWith(c: Case, phrase: string): string {
  if (c.title.toLowerCase().includes(phrase.toLowerCase())) return `[title] ${c.title}`;
  const s = splitSentences(c.abstract).find((x) => x.text.toLowerCase().includes(phrase.toLowerCase()));
  return s ? s.text : '(not in the text)';
}

for (const [name, cases] of sets) {
  console.log(`\n======== ${name}`);
  for (const c of cases) {
    const lines: string[] = [];
    const hardware = extractHardware(c.title, c.abstract);
    const found = new Set<string>(hardware.map((h) => h.class));
    for (const cls of found)
      if (!c.classes.has(cls))
        for (const h of hardware.filter((x) => x.class === cls)) lines.push(`  HW+ ${cls} "${h.phrase}" (${h.name}) :: ${sentenceWith(c, h.phrase ?? h.name)}`);
    for (const cls of c.classes) if (!found.has(cls)) lines.push(`  HW- ${cls} (found: ${[...found].join(', ') || 'none'})`);
    const claims = extractClaims(c.abstract);
    const key = (t: string) => (c.prefixOnly ? norm(t).slice(0, 90) : norm(t));
    const labelled = new Set(c.claims.map((l) => key(l.text)));
    const mine = new Set(claims.map((f) => key(f.text)));
    for (const f of claims) if (!labelled.has(key(f.text))) lines.push(`  CL+ ${f.text}`);
    for (const l of c.claims)
      if (!mine.has(key(l.text))) {
        const near = claims.find((f) => key(f.text).includes(key(l.text).slice(0, 40)) || key(l.text).includes(key(f.text).slice(0, 40)));
        lines.push(`  CL- ${l.text}${near ? `\n      (found instead: ${near.text})` : ''}`);
      }
    if (lines.length) console.log(`${c.where}  ${c.title.slice(0, 80)}  [labelled: ${[...c.classes].join(', ') || 'none'}]\n${lines.join('\n')}`);
  }
}
