/** Citations in VS Code's Markdown preview: the markdown-it plugin of previewPlugin.ts, fed by the library and the citation style. */
import type { MarkdownIt } from 'markdown-it';
import * as vscode from 'vscode';
import type { CslItem } from '../core/format';
import { loadReferences, loadedReferences, onDidForgetStyles } from '../csl';
import type { CitationContext } from '../previewPlugin';
import type { DigestStore } from '../store';

/** What `activate` returns for VS Code's Markdown extension (`contributes."markdown.markdownItPlugins"`). */
export interface MarkdownItExtension {
  extendMarkdownIt(md: MarkdownIt): MarkdownIt;
}

/**
 * Registers what keeps the preview current and returns the plugin hook. markdown-it renders synchronously, so a render
 * before the formatter and style are loaded shows citations as written (marked pending), starts the load, and the
 * preview is refreshed when it is done; it is refreshed again when the library or the style settings change.
 */
export function registerPreview(context: vscode.ExtensionContext, store: DigestStore): MarkdownItExtension {
  let used = false;
  let loading: Promise<unknown> | undefined;
  const refresh = () => void vscode.commands.executeCommand('markdown.preview.refresh');
  const load = () =>
    (loading ??= loadReferences().then(refresh, (e: unknown) => {
      store.log(`citation style could not be loaded: ${e instanceof Error ? e.message : String(e)}`);
    }));
  context.subscriptions.push(
    onDidForgetStyles(() => {
      loading = undefined;
      if (used) void load();
    }),
    store.onDidChange(() => {
      if (used) refresh();
    }),
  );
  // The plugin's chunk, required when VS Code first asks for the plugin: the plugin calls `citationContext`, so it is here by then.
  let code: typeof import('../lazy/preview') | undefined;
  const citationContext = (): CitationContext => {
    used = true;
    const references = loadedReferences();
    if (!references) void load();
    return {
      // The key as the document writes it: the paper's own, or the one the user's bibliography gives it.
      item: (key) => {
        const paper = store.paper(key);
        return paper && code ? { ...(code.toCslJson(paper) as CslItem), id: key } : undefined;
      },
      format: references && ((request) => references.format(request)),
      style: references?.style ?? '',
      locales: references?.locales ?? [],
      styleName: references?.styleName ?? '',
    };
  };
  return {
    extendMarkdownIt(md) {
      // VS Code asks for the plugin when its Markdown engine first renders, and wants it at once: the plugin's chunk
      // (dist/preview.js in the extension) is required here, synchronously, rather than at activation.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      code ??= require('../lazy/preview') as typeof import('../lazy/preview');
      code.citationsPlugin(md, citationContext);
      return md;
    },
  };
}
