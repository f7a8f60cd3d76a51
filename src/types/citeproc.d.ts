/** The part of citeproc-js (npm `citeproc`, which ships no types) that src/core/format.ts uses. */
declare module 'citeproc' {
  interface CiteprocSys {
    retrieveLocale(lang: string): string | undefined;
    retrieveItem(id: string): unknown;
  }
  interface CiteprocCite {
    id: string;
    locator?: string;
    label?: string;
    prefix?: string;
    suffix?: string;
    'suppress-author'?: boolean;
    'author-only'?: boolean;
  }
  interface BibliographyMeta {
    entry_ids: string[][];
    bibliography_errors: unknown[];
  }
  interface CiteprocEngine {
    setOutputFormat(format: 'text' | 'html' | 'rtf'): void;
    updateItems(ids: string[]): void;
    makeCitationCluster(cites: CiteprocCite[]): string;
    makeBibliography(): [BibliographyMeta, string[]] | false;
    opt: { xclass?: string };
  }
  const CSL: { Engine: new (sys: CiteprocSys, style: string, lang?: string, forceLang?: boolean) => CiteprocEngine };
  export default CSL;
}
