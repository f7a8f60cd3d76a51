/** LitDigest: Compare Papers: a papers × metrics webview for a tree group, a tree selection or picked papers, with Cite, Details, CSV and table (registered here; src/lazy/compare.ts loaded on first use). */
import * as vscode from 'vscode';
import type { Group } from '../core/group';
import { papersOfGroup } from '../core/cited';
import type { Paper } from '../core/model';
import type { ComparePage } from '../webview/compare';
import { Commands } from '../commands';
import { acceptMessage, createPanel, pageNowShows, saveTextAs, showPage } from '../panels';
import { pickPapers } from '../pick';
import type { DigestStore } from '../store';

/** What the tests read: the page the open panel shows (undefined while it is closed) and the last CSV written. */
export interface CompareView {
  readonly shown: ComparePage | undefined;
  readonly lastCsv: string | undefined;
}

/** A command's argument: a key, keys, a tree node (group or paper), or nothing. */
type Target = string | string[] | { kind?: string; paper?: Paper; group?: Group } | undefined;

/** The papers and heading a command compares: the tree's multi-selection, a group node, keys; undefined to ask. */
function targetOf(arg: Target, selection: unknown, store: DigestStore): { heading: string; papers: Paper[] } | undefined {
  const nodes = Array.isArray(selection) && selection.length > 1 ? (selection as Target[]) : undefined;
  if (nodes) {
    const papers = nodes.flatMap((n) => (n && typeof n === 'object' && !Array.isArray(n) ? (n.paper ? [n.paper] : n.group ? papersOfGroup(n.group) : []) : []));
    return { heading: `${nodes.length} selected items`, papers };
  }
  if (typeof arg === 'string') arg = [arg];
  if (Array.isArray(arg)) {
    const papers = arg.map((k) => store.paper(k)).filter((p): p is Paper => !!p);
    return { heading: papers.length === 1 ? papers[0].title : `${papers.length} papers`, papers };
  }
  if (arg?.group) return { heading: arg.group.label, papers: papersOfGroup(arg.group) };
  return undefined;
}

/** Registers Compare Papers; the panel (src/lazy/compare.ts) is loaded with the first comparison and follows library reloads. Returns what the tests read. */
export function registerCompare(context: vscode.ExtensionContext, store: DigestStore): CompareView {
  let panel: import('../lazy/compare').ComparePanel | undefined;
  context.subscriptions.push(
    { dispose: () => panel?.dispose() },
    store.onDidChange(() => panel?.refresh()),
    vscode.commands.registerCommand(Commands.comparePapers, async (arg?: Target, selection?: unknown) => {
      await store.whenReady();
      const target = targetOf(arg, selection, store) ?? (await pick(store));
      if (!target) return;
      if (target.papers.length === 0) {
        void vscode.window.showInformationMessage('LitDigest has none of these papers loaded: nothing to compare.');
        return;
      }
      // The panel gets panels.ts's functions from this bundle rather than bundling its own copy.
      panel ??= new (await import('../lazy/compare')).ComparePanel(context.extensionUri, store, {
        createPanel,
        showPage,
        pageNowShows,
        saveTextAs,
        acceptMessage,
      });
      panel.show(target.heading, target.papers);
    }),
  );
  return {
    get shown() {
      return panel?.shown;
    },
    get lastCsv() {
      return panel?.lastCsv;
    },
  };
}
async function pick(store: DigestStore): Promise<{ heading: string; papers: Paper[] } | undefined> {
  const papers = await pickPapers(store, 'Compare which papers? (tick several)', true);
  return papers && { heading: papers.length === 1 ? papers[0].title : `${papers.length} papers`, papers };
}
