/** Search queries with reference-manager field filters: `hw:fpga topic:speculative year:>=2025 org:nvidia words…`. */
import type { Paper } from './model';
import { decisionFilter, type DecisionField } from './review';
import type { Decision } from './reviewFile';

/** A parsed query: free text for the full-text index, and filters every hit must pass. */
export interface Query {
  text: string;
  filters: ((paper: Paper) => boolean)[];
  /** Filter terms that could not be read, e.g. `year:soon`; shown to the user, otherwise ignored. */
  invalid: string[];
}

const FIELD = /(?:^|\s)(hw|hardware|topic|year|org|key|author|venue|doi|arxiv):("[^"]*"|\S*)/gi;
const YEAR = /^(>=|<=|>|<|=)?(\d{4})$|^(\d{4})\.\.(\d{4})$/;

const contains = (haystack: string, needle: string) => haystack.toLowerCase().includes(needle.toLowerCase());

/** A paper's decision by key, for the `status:`, `tag:`, `reason:` and `note:` filters (undefined: unscreened). */
export type DecisionLookup = (key: string) => Decision | undefined;

const DECISION_TERM = /(?:^|\s)(status|tag|reason|note):("[^"]*"|\S*)/gi;

/** The decision filters of `input` (see `decisionFilter`), and the text without them. */
function decisionTerms(input: string, decisionOf: DecisionLookup): Query {
  const filters: Query['filters'] = [];
  const invalid: string[] = [];
  const text = input.replace(DECISION_TERM, (whole, field: string, rawValue: string) => {
    const test = decisionFilter(field.toLowerCase() as DecisionField, rawValue.replace(/^"|"$/g, ''));
    if (test) filters.push((p) => test(decisionOf(p.key)));
    else invalid.push(whole.trim());
    return ' ';
  });
  return { text, filters, invalid };
}

/**
 * Splits field filters from free text. Filters: `hw:` (hardware name or class, substring),
 * `topic:` (topic id, substring), `year:2025`, `year:>=2024`, `year:2023..2025` (a paper without a
 * year never passes), `org:` (substring), `key:` (prefix of the key or of a key the user's bibliography gives it),
 * `author:` (substring of an author's name, "family, given" or "given family"), `venue:` (substring), `doi:` and
 * `arxiv:` (prefix, case ignored). Quotes allow spaces: `hw:"jetson orin"`, `author:"van der berg"`.
 * Decision filters read `decisionOf` (default: every paper unscreened): `status:included`,
 * `tag:kv` (a whole tag), `reason:"off topic"` and `note:` (substrings); an unknown status is invalid.
 */
export function parseQuery(input: string, decisionOf: DecisionLookup = () => undefined): Query {
  const decided = decisionTerms(input, decisionOf);
  const filters: Query['filters'] = decided.filters;
  const invalid: string[] = decided.invalid;
  const text = decided.text.replace(FIELD, (whole, rawField: string, rawValue: string) => {
    const field = rawField.toLowerCase();
    const value = rawValue.replace(/^"|"$/g, '');
    if (!value) {
      invalid.push(whole.trim());
      return ' ';
    }
    switch (field) {
      case 'hw':
      case 'hardware':
        filters.push((p) => p.hardware.some((h) => contains(h.name, value) || contains(h.class, value)));
        break;
      case 'topic':
        filters.push((p) => p.topics.some((t) => contains(t, value)));
        break;
      case 'org':
        filters.push((p) => p.org !== null && contains(p.org, value));
        break;
      case 'key':
        filters.push((p) => p.key.startsWith(value.toLowerCase()) || p.sources.some((s) => s.bibKey?.toLowerCase().startsWith(value.toLowerCase())));
        break;
      case 'author':
        filters.push((p) => !!p.authorNames?.some((n) => contains(`${n.family}, ${n.given}`, value) || contains(`${n.given} ${n.family}`, value)));
        break;
      case 'venue':
        filters.push((p) => !!p.venue && contains(p.venue, value));
        break;
      case 'doi':
        filters.push((p) => !!p.doi && p.doi.startsWith(value.toLowerCase().replace(/^https?:\/\/(dx\.)?doi\.org\//, '')));
        break;
      case 'arxiv':
        filters.push(
          (p) =>
            !!p.arxiv &&
            p.arxiv.toLowerCase().startsWith(
              value
                .toLowerCase()
                .replace(/^arxiv:/, '')
                .replace(/v\d+$/, ''),
            ),
        );
        break;
      case 'year': {
        const m = YEAR.exec(value);
        if (!m) {
          invalid.push(whole.trim());
          break;
        }
        filters.push(yearFilter(m));
        break;
      }
    }
    return ' ';
  });
  return { text: text.replace(/\s+/g, ' ').trim(), filters, invalid };
}

function yearFilter(m: RegExpExecArray): (p: Paper) => boolean {
  if (m[3]) {
    const [from, to] = [Number(m[3]), Number(m[4])];
    return (p) => p.year !== null && p.year >= from && p.year <= to;
  }
  const year = Number(m[2]);
  const op = m[1] ?? '=';
  return (p) =>
    p.year !== null &&
    (op === '>=' ? p.year >= year : op === '<=' ? p.year <= year : op === '>' ? p.year > year : op === '<' ? p.year < year : p.year === year);
}

/** Whether a paper passes every filter of the query. */
export function passesFilters(paper: Paper, query: Query): boolean {
  return query.filters.every((f) => f(paper));
}
