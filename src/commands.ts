/** Every command id of the extension, declared once; package.json mirrors it (checked by manifest.test.ts). */
export const Commands = {
  /** Reload every digest now. */
  refresh: 'litdigest.refresh',
  /** Search papers in a QuickPick as you type; Enter opens details. */
  search: 'litdigest.search',
  /** Open the details webview of a paper (argument: key; else pick one). */
  openDetails: 'litdigest.openDetails',
  /** Insert citations of picked papers at every cursor (argument: key or keys). */
  insertCitation: 'litdigest.insertCitation',
  /** Insert a paper's claim, verbatim, with its citation (arguments: key, claim index). */
  insertClaim: 'litdigest.insertClaim',
  /** Copy a paper's BibTeX entry to the clipboard (argument: key). */
  copyBibtex: 'litdigest.copyBibtex',
  /** Write the entries cited in the current document, or all papers, as BibTeX or CSL-JSON. */
  exportBibliography: 'litdigest.exportBibliography',
  /** Add a cited paper's entry to the document's bibliography (arguments: document URI, key). */
  addToBibliography: 'litdigest.addToBibliography',
  /** Group the tree by topic. */
  groupByTopic: 'litdigest.groupByTopic',
  /** Group the tree by hardware class, then device. */
  groupByHardware: 'litdigest.groupByHardware',
  /** Group the tree by year. */
  groupByYear: 'litdigest.groupByYear',
  /** Group the tree by the digest page each paper came from. */
  groupBySource: 'litdigest.groupBySource',
  /** Narrow the tree to papers matching a query. */
  filter: 'litdigest.filter',
  /** Show every paper in the tree again. */
  clearFilter: 'litdigest.clearFilter',
  /** Group the tree by screening status, with a Conflicts group when reviewers disagree. */
  groupByStatus: 'litdigest.groupByStatus',
  /** Group the tree by screening tag. */
  groupByTag: 'litdigest.groupByTag',
  /** Screen the papers of the tree's filter (or a group, or all) one by one, from the first unscreened. */
  screenPapers: 'litdigest.screenPapers',
  /** Stop the screening flow (the single-key bindings turn off). */
  stopScreening: 'litdigest.stopScreening',
  /** Include a paper (arguments: key, tree node or selection; else the paper being screened). */
  include: 'litdigest.include',
  /** Exclude a paper with a reason picked from litdigest.exclusionReasons (arguments as include). */
  exclude: 'litdigest.exclude',
  /** Mark a paper maybe (arguments as include). */
  maybe: 'litdigest.maybe',
  /** Clear a paper's decision back to unscreened (arguments as include). */
  clearDecision: 'litdigest.clearDecision',
  /** Show the next paper of the screening set. */
  nextPaper: 'litdigest.nextPaper',
  /** Show the previous paper of the screening set. */
  previousPaper: 'litdigest.previousPaper',
  /** Undo this window's last decision or resolution. */
  undoDecision: 'litdigest.undoDecision',
  /** Set a paper's tags (comma-separated input). */
  editTags: 'litdigest.editTags',
  /** Set a paper's note. */
  editNote: 'litdigest.editNote',
  /** Correct a paper's hardware or claims in this reviewer's file (arguments: key or tree node, and optionally the correction; else pick). */
  correct: 'litdigest.correct',
  /** Record the final decision of a paper the reviewers disagree on (argument: key; else pick a conflict). */
  resolveConflict: 'litdigest.resolveConflict',
  /** Show the PRISMA 2020 counts and agreement in a webview. */
  showScreeningSummary: 'litdigest.showScreeningSummary',
  /** Open an untitled Markdown draft to cite into, in the active editor group (the walkthrough's Cite step runs it to the side). */
  openDraft: 'litdigest.openDraft',
  /** Show papers × metrics (speedup, latency, …) with hardware per cell, for a tree group, the tree's selection or picked papers. */
  comparePapers: 'litdigest.comparePapers',
  /** List the papers of a chosen set (topic, hardware, included, filter) that the open document does not cite yet. */
  uncitedPapers: 'litdigest.uncitedPapers',
  /** Insert a table of the claims of a tree group (argument: group node), the filter, the included papers or picked papers (issue 15). */
  insertEvidenceTable: 'litdigest.insertEvidenceTable',
  /** Regenerate the evidence table at the cursor, or every one in the document, in place. */
  refreshEvidenceTable: 'litdigest.refreshEvidenceTable',
  /** Claim check quick fix: replace a citing sentence with the paper's claim, as Insert Claim writes it (arguments: URI, start, end, key, claim index). */
  useClaimWords: 'litdigest.useClaimWords',
  /** Claim check quick fix: stop checking a sentence of a document (arguments: URI, sentence text). */
  ignoreClaimCheck: 'litdigest.ignoreClaimCheck',
  /** Copy the formatted reference of papers in the citation style, as plain text (argument: key or keys; else pick several). */
  copyFormattedReference: 'litdigest.copyFormattedReference',
  /** Write the formatted reference list of the papers the active document cites, between marker comments (again: refreshed in place). */
  insertReferenceList: 'litdigest.insertReferenceList',
} as const;

/** Context keys the manifest's `when` clauses read. */
export const ContextKeys = {
  groupBy: 'litdigest.groupBy',
  filtered: 'litdigest.filtered',
  loaded: 'litdigest.loaded',
  empty: 'litdigest.empty',
  /** True while the Screen Papers flow runs: the single-key bindings i/e/m/n/p/u act only then. */
  screening: 'litdigest.screening',
} as const;
