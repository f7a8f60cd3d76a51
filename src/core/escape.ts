/** Escaping digest text so that a document in LaTeX, pandoc Markdown or Typst shows it as written and runs none of it. */

/**
 * Whitespace runs become one space and other control characters go: a claim or a title is inserted
 * inline, and a blank line inside it would end the author's paragraph.
 */
function inline(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\t\n\v\f\r ]+/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '');
}

/** A piece of page text: `kept` pieces are already LaTeX and pass through; the others are plain text to escape. */
export interface LatexSegment {
  text: string;
  kept: boolean;
}

/**
 * Math commands a `$…$` span may use and still be kept: LaTeX's own symbols, fonts and fractions,
 * none of which reads a file, writes one or defines anything.
 */
const MATH_COMMANDS = new Set(
  (
    'alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi varpi rho varrho sigma varsigma ' +
    'tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega ell hbar partial nabla infty ' +
    'times cdot div pm mp ast star circ bullet cap cup wedge vee oplus otimes leq geq le ge neq ne approx sim simeq cong equiv ' +
    'propto ll gg in notin subset subseteq supset supseteq mid parallel perp to rightarrow leftarrow Rightarrow Leftarrow ' +
    'leftrightarrow uparrow downarrow mapsto ldots cdots vdots dots prime sum prod int log ln exp min max lim sup inf arg det ' +
    'sin cos tan frac sqrt mathrm mathbf mathit mathsf mathtt mathcal hat bar tilde vec dot overline underline'
  ).split(' '),
);

/**
 * Whether `content` (between two `$`) is math that is safe to keep: non-empty, no space just inside
 * the dollars (so `4$ and 5$` is money, not math), ASCII only, balanced braces, a `^` or `_` always
 * followed by what it raises, and every command in {@link MATH_COMMANDS} or an escaped `\{ \} \% \, \; \!`.
 * It starts with a letter, digit, command or bracket: math that opens with an operator (`$*a$`, `$-3$`) is typeset
 * with a space before it, so pandoc's text would not be the paper's.
 */
function isSafeMath(content: string): boolean {
  if (!content || /^\s|\s$/.test(content) || !/^[A-Za-z0-9\\([{]/.test(content)) return false;
  if (!/^[A-Za-z0-9 +\-*/=<>()[\]|.,;:!'^_{}\\]*$/.test(content)) return false;
  let depth = 0;
  for (let i = 0; i < content.length; i++) {
    const c = content[i];
    if (c === '\\') {
      const name = /^[A-Za-z]+/.exec(content.slice(i + 1))?.[0];
      if (name) {
        if (!MATH_COMMANDS.has(name)) return false;
        i += name.length;
      } else if (/[{}%,;!]/.test(content[i + 1] ?? '')) i++;
      else return false;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth < 0) return false;
    else if ((c === '^' || c === '_') && /^$|[}^_]/.test(content[i + 1] ?? '')) return false;
  }
  return depth === 0;
}

/**
 * Splits page text into what is already LaTeX and what is not. Kept: an escaped special `\% \& \_ \# \$ \{ \}`,
 * and a `$…$` span whose content passes the math check (see {@link escapeForLatex}) and whose closing
 * `$` is not followed by a digit. Everything else, every other backslash included, is plain text.
 */
export function latexSegments(text: string): LatexSegment[] {
  const segments: LatexSegment[] = [];
  let plain = '';
  const keep = (piece: string) => {
    if (plain) segments.push({ text: plain, kept: false });
    plain = '';
    segments.push({ text: piece, kept: true });
  };
  for (let i = 0; i < text.length;) {
    const c = text[i];
    if (c === '\\' && /[%&_#${}]/.test(text[i + 1] ?? '')) {
      keep(text.slice(i, i + 2));
      i += 2;
      continue;
    }
    if (c === '$') {
      const close = text.indexOf('$', i + 1);
      if (close > 0 && text[close - 1] !== '\\' && !/\d/.test(text[close + 1] ?? '') && isSafeMath(text.slice(i + 1, close))) {
        keep(text.slice(i, close + 1));
        i = close + 1;
        continue;
      }
    }
    plain += c;
    i++;
  }
  if (plain) segments.push({ text: plain, kept: false });
  return segments;
}

const LATEX_SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '%': '\\%',
  '&': '\\&',
  '#': '\\#',
  _: '\\_',
  $: '\\$',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  // In the OT1 encoding pdflatex starts with, < > | in text print as ¡ ¿ —.
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  // \textbar is right for LaTeX but pandoc (2.17) drops it; math | prints the same bar in both.
  '|': '$|$',
};

/** Escapes plain text for LaTeX: every special becomes a command that prints it. */
function escapeLatexText(text: string): string {
  return (
    text
      .replace(/[\\{}%&#_$~^<>|]/g, (c) => LATEX_SPECIALS[c])
      // `--` and `---` would print as dashes, and !` ?` as ¡ ¿.
      .replace(/-(?=-)/g, '-{}')
      .replace(/([!?])(?=`)/g, '$1{}')
  );
}

/**
 * Escapes page text for a LaTeX document so that it prints as written and runs nothing. What is
 * already LaTeX stays LaTeX: `\%`, `\&`, `\_`, `\#`, `\$`, `\{`, `\}`, and balanced math such as
 * `$\times$`, `$3.1\times$` or `$O(n^2)$` whose commands are harmless symbols (see {@link latexSegments}).
 * Every other backslash, as in `\input{…}`, `\write18` or `\def`, prints as a backslash; so do
 * `% & # _ { } ~ ^ < > |` and a lone `$`. Hyphen runs stay hyphens. Quotes and apostrophes are left
 * for TeX to typeset as curly quotes. Whitespace runs become one space; a leading `[` or `*` is
 * braced so a command before the insertion cannot take it as an argument.
 */
export function escapeForLatex(text: string): string {
  const escaped = latexSegments(inline(text).trim())
    .map((s) => (s.kept ? s.text : escapeLatexText(s.text)))
    .join('');
  return /^[[*]/.test(escaped) ? `{${escaped[0]}}${escaped.slice(1)}` : escaped;
}

/**
 * Escapes text for pandoc Markdown (also Quarto and R Markdown) so that the built document shows it
 * as written: a backslash before `\ \` * _ [ ] < > @ $ ~ ^ | &` wherever they are, before the
 * second and later `-` of a run (no dashes) and `.` of a run (no ellipsis), before a `!` that ends the
 * text (a citation after it would become an image), and before what would start a block at a line's
 * start (`# + - = : % ( >` and list numbers such as `1.` or `iv)`). Quotes are left for pandoc to
 * make curly. Whitespace runs become one space: the text is inserted inline.
 */
export function escapeForMarkdown(text: string): string {
  const escaped = inline(text)
    .trim()
    .replace(/[\\`*_[\]<>@$~^|&]/g, '\\$&')
    .replace(/(?<=-)-/g, '\\-')
    .replace(/(?<=\.)\./g, '\\.')
    .replace(/!$/, '\\!');
  return escaped.replace(/^[#+\-=:%(]/, '\\$&').replace(/^(\d+|[A-Za-z]|[ivxlcdmIVXLCDM]+)([.)])(?= |$)/, '$1\\$2');
}

/**
 * Escapes text for Typst markup: a backslash before `\ # $ * _ @ < > [ ] \` ~ /` wherever they are,
 * before the second and later `-` and `.` of a run and a `-` before `?` (Typst's dash, ellipsis and
 * soft-hyphen shorthands), and before what would start a block at a line's start (`= + -` and list
 * numbers such as `1.`). Whitespace runs become one space.
 */
export function escapeForTypst(text: string): string {
  const escaped = inline(text)
    .trim()
    .replace(/[\\#$*_@<>[\]`~/]/g, '\\$&')
    .replace(/(?<=-)-/g, '\\-')
    .replace(/-(?=\?)/g, '\\-')
    .replace(/(?<=\.)\./g, '\\.');
  return escaped.replace(/^[=+-]/, '\\$&').replace(/^(\d+)\./, '$1\\.');
}

/**
 * A CSV field: quoted when it holds a comma, quote or line break (RFC 4180); a field that a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a leading `'`.
 */
export function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
