/** Formatted references and in-text citations in any CSL style, by citeproc-js (imported only here, loaded lazily by callers). */
import CSL from 'citeproc';
import type { Problem } from './model';

/** A CSL-JSON item (`toCslJson` of cite.ts writes them from papers); `id` is the citation key. */
export interface CslItem {
  id: string;
  type: string;
  [field: string]: unknown;
}

/** One cited item of a citation cluster, as pandoc's `[see @a, p. 3]` or `[-@a]` says it. */
export interface CiteRef {
  id: string;
  /** The locator's value (`3`, `3-5`) with its CSL `label` (`page` by default, `chapter`, `section`…). */
  locator?: string;
  label?: string;
  prefix?: string;
  suffix?: string;
  /** `[-@a]`: the year only, without the author. */
  suppressAuthor?: boolean;
  /** `@a says`: the author in the sentence, the rest in brackets after it (pandoc's author-in-text). */
  inText?: boolean;
}

/** What to format: the items, the style and locale texts (`.csl` and `locales-xx-XX.xml`, read by the caller). */
export interface FormatRequest {
  items: readonly CslItem[];
  /** The `.csl` style's XML text. */
  style: string;
  /**
   * Locale files' XML texts; the first is the language used, the others are fallbacks citeproc-js asks for
   * (en-US, which every style's terms fall back to). Empty: the style's terms must be all it needs.
   */
  locales: readonly string[];
  /** In-text citations to render, in document order (numbering and disambiguation follow it). Default: none. */
  clusters?: readonly (readonly CiteRef[])[];
  /** `text` (default) or `html` (escaped; entries as `<div class="csl-entry">`). */
  output?: 'text' | 'html';
  /** Whether to make the reference list (default true); it lists the items cited, else all `items`. */
  bibliography?: boolean;
  /** Names the style in problems (its file path, or a shipped style's name). */
  styleName?: string;
}

/** The formatted text: one string per cluster, one per reference-list entry (in the style's order), and problems. */
export interface Formatted {
  citations: string[];
  bibliography: { id: string; text: string }[];
  problems: Problem[];
}

const CSL_NS = 'http://purl.org/net/xbiblio/csl';

/**
 * Why `style` cannot be used as a CSL style, as problems naming `file` (empty: it can): not XML, not a CSL
 * `<style>`, a dependent style (it only points at a parent, which would have to be used instead), no citation layout,
 * or what citeproc-js said when it failed to read it with `locales` (see {@link FormatRequest.locales}).
 */
export function checkStyle(style: string, file: string, locales: readonly string[]): Problem[] {
  const problem = (message: string): Problem[] => [{ file, line: 0, severity: 'error', message }];
  const start = style.replace(/^\uFEFF/, '').trimStart();
  if (!start.startsWith('<')) return problem('not an XML file (a CSL style is XML starting with <?xml or <style)');
  const root = /<style\b[^>]*>/.exec(start);
  if (!root || !root[0].includes(CSL_NS)) return problem(`not a CSL style (no <style xmlns="${CSL_NS}"> element)`);
  if (/<link\b[^>]*rel="independent-parent"/.test(style) && !/<citation\b/.test(style))
    return problem('a dependent CSL style (it only names its parent style): use the parent style’s .csl file');
  if (!/<citation\b/.test(style)) return problem('not a usable CSL style: it has no <citation> element');
  try {
    engineFor(style, locales);
  } catch (error) {
    return problem(`citeproc-js could not read it: ${error instanceof Error ? error.message : String(error)}`);
  }
  return [];
}

interface Engine {
  engine: InstanceType<typeof CSL.Engine>;
  items: Map<string, CslItem>;
}

// Building an engine parses the style (seconds for APA or Chicago on a busy machine, see `npm run bench`): the last few are kept, keyed by style and locales.
const engines = new Map<string, Engine>();
const ENGINE_CACHE = 6;

/** The `xml:lang` a locale file declares (`en-US`), or '' when it declares none. */
function localeLang(locale: string): string {
  return /<locale\b[^>]*xml:lang="([^"]+)"/.exec(locale)?.[1] ?? '';
}

function engineFor(style: string, locales: readonly string[]): Engine {
  const cacheKey = `${locales.map(localeLang).join(',')}\u0000${style}`;
  const cached = engines.get(cacheKey);
  if (cached) return cached;
  const items = new Map<string, CslItem>();
  const byLang = new Map(locales.map((l) => [localeLang(l), l]));
  const lang = localeLang(locales[0] ?? '') || 'en-US';
  const engine = new CSL.Engine(
    {
      // citeproc-js asks for the style's language and for en-US; a language without its file gets the closest one given.
      retrieveLocale: (want) => byLang.get(want) ?? [...byLang].find(([have]) => have.slice(0, 2) === want.slice(0, 2))?.[1] ?? locales[0],
      retrieveItem: (id) => items.get(id),
    },
    style,
    lang,
    true,
  );
  const made = { engine, items };
  if (engines.size >= ENGINE_CACHE) engines.delete(engines.keys().next().value as string);
  engines.set(cacheKey, made);
  return made;
}

function toCite(ref: CiteRef, mode?: 'author-only' | 'suppress-author'): { id: string } & Record<string, unknown> {
  const cite: { id: string } & Record<string, unknown> = { id: ref.id };
  if (ref.locator) Object.assign(cite, { locator: ref.locator, label: ref.label ?? 'page' });
  if (ref.prefix) cite.prefix = ref.prefix;
  if (ref.suffix) cite.suffix = ref.suffix;
  if (mode) cite[mode] = true;
  else if (ref.suppressAuthor) cite['suppress-author'] = true;
  return cite;
}

// citeproc-js writes text output's non-breaking and thin spaces as they are; references are compared and shown as
// text, where an ordinary space is what a reader types.
const tidy = (text: string) => text.replace(/[\u00a0\u2009\u202f]/g, ' ').trim();

/**
 * Formats `request.clusters` as in-text citations and the reference list in `request.style`. Refs whose id is
 * not among the items are left out of their cluster (a cluster of only unknown ids gives '') and reported once
 * each as a warning. A style that cannot be used gives no text and {@link checkStyle}'s problems; an item
 * citeproc-js fails on is reported and left out. Never throws.
 * Cost: the first call per style and locale builds an engine (under 0.1 s for IEEE, ~5 s for APA on a busy 2-core
 * machine); later calls reuse it (2–5 ms per reference with its citation, `npm run bench`).
 */
export function formatReferences(request: FormatRequest): Formatted {
  const output = request.output ?? 'text';
  const file = request.styleName ?? 'style';
  const problems: Problem[] = [];
  const styleProblems = checkStyle(request.style, file, request.locales);
  if (styleProblems.length) return { citations: (request.clusters ?? []).map(() => ''), bibliography: [], problems: styleProblems };
  const { engine, items } = engineFor(request.style, request.locales);
  // One engine serves both outputs: switching is cheap, building another would parse the style again.
  engine.setOutputFormat(output);
  items.clear();
  for (const item of request.items) items.set(item.id, item);
  const clusters = (request.clusters ?? []).map((cluster) => cluster.filter((ref) => items.has(ref.id)));
  const unknown = new Set(
    (request.clusters ?? [])
      .flat()
      .filter((ref) => !items.has(ref.id))
      .map((ref) => ref.id),
  );
  for (const id of unknown) problems.push({ file, line: 0, severity: 'warning', message: `no reference for the key ${id}` });
  // Numeric styles number in order of first citation, and disambiguation looks at every cited item: register them first.
  const cited = [...new Set(clusters.flat().map((ref) => ref.id))];
  const registered = request.clusters ? cited : request.items.map((item) => item.id);
  try {
    engine.updateItems(registered);
  } catch (error) {
    problems.push({ file, line: 0, severity: 'error', message: `citeproc-js failed on these references: ${String(error)}` });
    return { citations: clusters.map(() => ''), bibliography: [], problems };
  }
  const citations = clusters.map((cluster) => {
    if (!cluster.length) return '';
    try {
      // pandoc's author-in-text (`@a says`): the names as a sentence's subject, then the rest as a citation of its own.
      if (cluster[0].inText) {
        const [first, ...rest] = cluster;
        const author = engine.makeCitationCluster([toCite(first, 'author-only')]);
        const tail = engine.makeCitationCluster([toCite(first, 'suppress-author'), ...rest.map((r) => toCite(r))]);
        // A numeric style has no author form (citeproc-js says NO_PRINTED_FORM): pandoc then prints the citation alone.
        return tidy(/NO_PRINTED_FORM/.test(author) || !author.trim() ? tail : `${author} ${tail}`);
      }
      return tidy(engine.makeCitationCluster(cluster.map((r) => toCite(r))));
    } catch (error) {
      problems.push({ file, line: 0, severity: 'error', message: `citeproc-js failed on ${cluster.map((r) => r.id).join(', ')}: ${String(error)}` });
      return '';
    }
  });
  const bibliography: Formatted['bibliography'] = [];
  if (request.bibliography !== false && registered.length) {
    const made = engine.makeBibliography();
    if (made) {
      const [meta, entries] = made;
      entries.forEach((text, i) => bibliography.push({ id: meta.entry_ids[i]?.[0] ?? '', text: output === 'text' ? tidy(text) : text.trim() }));
    }
  }
  return { citations, bibliography, problems };
}
