/**
 * A stand-in BibTeX parser for the tests of src/core/sources/bibtex.ts until `parseBibtex`
 * (src/core/bibtex.ts, branch wt/bibtex) is merged: entries with key, type, line and raw field
 * values; `@string`/`@comment`/`@preamble` skipped; an entry whose braces never close is a problem.
 */
import type { Problem } from '../../src/core/model';
import type { BibEntryLike } from '../../src/core/sources/bibtex';

/** Parses `text` into entries of the shape `readBibtex` takes. */
export function parseBibtexStandIn(text: string, file: string): { entries: BibEntryLike[]; problems: Problem[] } {
  const entries: BibEntryLike[] = [];
  const problems: Problem[] = [];
  const strings = new Map<string, string>();
  const lineAt = (offset: number) => text.slice(0, offset).split('\n').length;
  const at = /@(\w+)\s*([{(])/g;
  let m: RegExpExecArray | null;
  while ((m = at.exec(text))) {
    const type = m[1].toLowerCase();
    const open = at.lastIndex - 1;
    const close = matching(text, open);
    if (close < 0) {
      problems.push({ file, line: lineAt(m.index), severity: 'error', message: `@${type} never closes` });
      break;
    }
    at.lastIndex = close + 1;
    if (type === 'comment' || type === 'preamble') continue;
    const body = text.slice(open + 1, close);
    if (type === 'string') {
      const s = /^\s*(\w+)\s*=\s*([\s\S]*)$/.exec(body);
      if (s) strings.set(s[1].toLowerCase(), value(s[2], strings));
      continue;
    }
    const comma = body.indexOf(',');
    const key = (comma < 0 ? body : body.slice(0, comma)).trim();
    const fields: Record<string, string> = {};
    let rest = comma < 0 ? '' : body.slice(comma + 1);
    for (;;) {
      const f = /^\s*,?\s*([\w-]+)\s*=\s*/.exec(rest);
      if (!f) break;
      rest = rest.slice(f[0].length);
      const end = valueEnd(rest);
      fields[f[1].toLowerCase()] = value(rest.slice(0, end), strings);
      rest = rest.slice(end);
    }
    entries.push({ key, type, line: lineAt(m.index), fields });
  }
  return { entries, problems };
}

function matching(text: string, open: number): number {
  const closer = text[open] === '(' ? ')' : '}';
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{' || (closer === ')' && text[i] === '(')) depth++;
    else if (text[i] === '}' || (closer === ')' && text[i] === ')')) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function valueEnd(rest: string): number {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === '"' && depth === 0) quoted = !quoted;
    else if (c === ',' && depth === 0 && !quoted) return i;
  }
  return rest.length;
}

function value(raw: string, strings: Map<string, string>): string {
  return raw
    .split(/\s*#\s*/)
    .map((part) => {
      const p = part.trim();
      if (/^\{[\s\S]*\}$/.test(p) || /^"[\s\S]*"$/.test(p)) return p.slice(1, -1);
      return strings.get(p.toLowerCase()) ?? p;
    })
    .join('');
}
