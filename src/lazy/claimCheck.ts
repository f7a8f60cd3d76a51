/** The claim check's reading of a draft (core/claimCheck.ts, with the evidence-table markers it skips), loaded on the first check (dist/claimCheck.js). */
export { checkClaims, sentenceId } from '../core/claimCheck';
