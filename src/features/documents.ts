/** The document languages LitDigest cites into, shared by completion, hover and diagnostics. */
import type * as vscode from 'vscode';

/** Markdown-like and LaTeX documents, on disk or unsaved. */
export const CITING_LANGUAGES = ['markdown', 'quarto', 'rmd', 'latex', 'tex'];

export const CITING_SELECTOR: vscode.DocumentSelector = CITING_LANGUAGES.flatMap((language) => [
  { language, scheme: 'file' },
  { language, scheme: 'untitled' },
]);
