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
  /** Open an untitled Markdown draft to cite into, in the active editor group (the walkthrough's Cite step runs it to the side). */
  openDraft: 'litdigest.openDraft',
} as const;

/** Context keys the manifest's `when` clauses read. */
export const ContextKeys = {
  groupBy: 'litdigest.groupBy',
  filtered: 'litdigest.filtered',
  loaded: 'litdigest.loaded',
  empty: 'litdigest.empty',
} as const;
