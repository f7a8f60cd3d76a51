/** Test helper: runs the real pandoc over many texts at once, each its own paragraph, and gives back each one's output. */
import { spawnSync } from 'node:child_process';

/** Runs pandoc with `args` on `input`; fails with what to install when pandoc is missing. */
export function pandoc(input: string, args: string[]): string {
  const run = spawnSync('pandoc', args, { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw new Error(`pandoc could not run (${run.error.message}): install pandoc ≥ 2.17 (apt-get install pandoc); CI installs it`);
  if (run.status !== 0) throw new Error(`pandoc ${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout;
}

/** A paragraph no text under test can contain, numbered so every text's output is found again. */
const marker = (i: number) => `LDMARK${i}Q`;

/**
 * Each text as `pandoc -f from -t plain` renders it, with whitespace runs made one space. The texts are
 * read in one run, separated by marker paragraphs; a text that leaks into its neighbours (an unclosed
 * brace or comment) makes a marker vanish, which fails loudly instead of shifting every later result.
 */
export function renderPlain(texts: readonly string[], from: 'latex' | 'markdown'): string[] {
  if (!texts.length) return [];
  const input = texts.map((t, i) => `${marker(i)}\n\n${t}\n\n`).join('') + marker(texts.length);
  const out = pandoc(input, ['-f', from, '-t', 'plain', '--wrap=none']);
  const results: string[] = [];
  for (let i = 0; i < texts.length; i++) {
    const start = out.indexOf(marker(i));
    const end = out.indexOf(marker(i + 1));
    if (start < 0 || end < start) throw new Error(`pandoc lost the paragraph of text ${i}: ${JSON.stringify(texts[i])}`);
    results.push(normalise(out.slice(start + marker(i).length, end)));
  }
  return results;
}

/** Whitespace runs become one space, ends trimmed. */
export function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The one change a reader is meant to make: straight quotes typeset as curly ones (TeX and
 * pandoc's `smart` pair them as they see fit), so both sides of a comparison map every quote back to straight.
 */
export function straightQuotes(text: string): string {
  return text.replace(/[‘’]/g, "'").replace(/[“”]/g, '"');
}
