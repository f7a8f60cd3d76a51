/** The documents whose citation keys LitDigest completes, hovers and checks, as a VS Code selector. */
import type * as vscode from 'vscode';
import { CITING_LANGUAGES } from '../core/languages';

/** Every language of the core list whose keys a reader resolves, on disk or unsaved. */
export const CITING_SELECTOR: vscode.DocumentSelector = CITING_LANGUAGES.filter((l) => l.resolvesKeys).flatMap(({ id: language }) => [
  { language, scheme: 'file' },
  { language, scheme: 'untitled' },
]);
