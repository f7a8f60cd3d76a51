/** The sidebar tree: papers grouped by topic, hardware, year, source page, screening status or tag, with a filter, and each paper's claims. */
import * as vscode from 'vscode';
import { GROUP_MODES, groupByDecision, groupPapers, type Group, type GroupMode } from '../core/group';
import { searchLibrary } from '../core/library';
import type { Paper } from '../core/model';
import { conflicts } from '../core/review';
import type { Decision, ReviewStatus } from '../core/reviewFile';
import type { ReviewStore } from '../reviewStore';
import { Commands, ContextKeys } from '../commands';
import type { DigestStore } from '../store';

/** Tree elements are plain data; `getTreeItem` turns them into TreeItems. */
export type TreeNode =
  { kind: 'group'; group: Group } | { kind: 'paper'; paper: Paper; parentId: string } | { kind: 'claim'; paper: Paper; index: number; parentId: string };

const GROUP_BY_STATE = 'litdigest.groupBy';
/** The tree's groupings: the core's, and those by screening decision. */
type TreeMode = GroupMode | 'status' | 'tag';
const TREE_MODES: readonly string[] = [...GROUP_MODES, 'status', 'tag'];
// Theme icons and colours, so the status follows every theme (and high contrast).
const STATUS_ICONS: Record<ReviewStatus, [string, string | undefined]> = {
  unscreened: ['book', undefined],
  included: ['pass-filled', 'testing.iconPassed'],
  excluded: ['circle-slash', 'testing.iconFailed'],
  maybe: ['question', 'testing.iconQueued'],
};
const FILTER_LIMIT = 100_000;

class PaperTreeProvider implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: Group[] | undefined;
  mode: TreeMode;
  filter = '';
  firstGroupsAt: number | undefined;

  constructor(
    private readonly store: DigestStore,
    private readonly state: vscode.Memento,
    private readonly reviews?: ReviewStore,
  ) {
    const saved = state.get<string>(GROUP_BY_STATE);
    this.mode = TREE_MODES.includes(saved ?? '') ? (saved as TreeMode) : 'topic';
  }

  private readonly decisionOf = (key: string): Decision | undefined => this.reviews?.decision(key);

  refresh(): void {
    this.roots = undefined;
    this.changed.fire();
  }

  async setMode(mode: TreeMode): Promise<void> {
    this.mode = mode;
    await this.state.update(GROUP_BY_STATE, mode);
    await vscode.commands.executeCommand('setContext', ContextKeys.groupBy, mode);
    this.refresh();
  }

  /** The papers shown: all, or those matching the filter. */
  shownPapers(): Paper[] {
    if (!this.filter) return this.store.library.papers;
    const matching = new Set(searchLibrary(this.store.library, this.filter, FILTER_LIMIT, this.decisionOf).hits.map((h) => h.paper));
    // Keep library order, so groups read the same with and without a filter.
    return this.store.library.papers.filter((p) => matching.has(p));
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) {
      // Empty states come from viewsWelcome, which VS Code shows when the root has no children.
      if (!this.store.loaded) return [];
      this.roots ??= this.groups();
      if (this.roots.length && this.firstGroupsAt === undefined) this.firstGroupsAt = performance.now();
      return this.roots.map((group) => ({ kind: 'group', group }));
    }
    if (node.kind === 'group') {
      return [
        ...node.group.groups.map((group): TreeNode => ({ kind: 'group', group })),
        ...node.group.papers.map((paper): TreeNode => ({ kind: 'paper', paper, parentId: node.group.id })),
      ];
    }
    if (node.kind === 'paper')
      return node.paper.claims.map((_, index): TreeNode => ({ kind: 'claim', paper: node.paper, index, parentId: `${node.parentId}/${node.paper.key}` }));
    return [];
  }

  /** The keys shown, in tree order: what Screen Papers screens. */
  shownKeys(): string[] {
    return this.shownPapers().map((p) => p.key);
  }

  private groups(): Group[] {
    if (this.mode !== 'status' && this.mode !== 'tag') return groupPapers(this.shownPapers(), this.mode, this.store.taxonomy);
    const open =
      this.reviews && this.mode === 'status' ? conflicts(this.reviews.reviewers, this.reviews.resolutions).filter((c) => !c.resolution || c.stale) : [];
    return groupByDecision(this.shownPapers(), this.mode, this.decisionOf, new Set(open.map((c) => c.key)));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'group': {
        const item = new vscode.TreeItem(`${node.group.label} (${node.group.count})`, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.group.id;
        item.contextValue = 'group';
        return item;
      }
      case 'paper': {
        const { paper } = node;
        const item = new vscode.TreeItem(paper.title, paper.claims.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `${node.parentId}/${paper.key}`;
        item.description = [
          paper.hardware
            .map((h) => h.name)
            .slice(0, 2)
            .join(', '),
          paper.year ?? '',
        ]
          .filter(Boolean)
          .join(' · ');
        const decision = this.decisionOf(paper.key);
        const status = decision?.status ?? 'unscreened';
        if (decision)
          item.description = [
            status === 'excluded' && decision.reason ? `excluded: ${decision.reason}` : status,
            ...decision.tags.map((t) => `#${t}`),
            item.description,
          ]
            .filter(Boolean)
            .join(' · ');
        item.tooltip = tooltip(paper, decision);
        item.contextValue = 'paper';
        const [icon, colour] = STATUS_ICONS[status];
        item.iconPath = new vscode.ThemeIcon(icon, colour ? new vscode.ThemeColor(colour) : undefined);
        item.accessibilityInformation = { label: `${paper.title}, ${status}${decision?.reason ? ` (${decision.reason})` : ''}` };
        item.command = { command: Commands.openDetails, title: 'Open Details', arguments: [paper.key] };
        return item;
      }
      case 'claim': {
        const claim = node.paper.claims[node.index];
        const item = new vscode.TreeItem(`${claim.metric} ${claim.value}`, vscode.TreeItemCollapsibleState.None);
        item.id = `${node.parentId}/claim-${node.index}`;
        item.description = claim.text;
        item.tooltip = claim.text;
        item.contextValue = 'claim';
        item.iconPath = new vscode.ThemeIcon('quote');
        return item;
      }
    }
  }
}

/** Plain text, so nothing in a digest can become a link or a command in the tooltip. */
function tooltip(paper: Paper, decision?: Decision): string {
  const first = paper.claims[0];
  const screened = decision
    ? [
        `${decision.status}${decision.reason ? `: ${decision.reason}` : ''}`,
        decision.tags.length ? `tags: ${decision.tags.join(', ')}` : '',
        decision.note ?? '',
      ]
        .filter(Boolean)
        .join('\n')
    : '';
  return [paper.title, `${paper.key}${paper.date ? ` · ${paper.date}` : ''}`, screened, first ? `“${first.text}”` : ''].filter(Boolean).join('\n\n');
}

/** The tree's data, as integration tests read it: roots, children and items. */
export type PaperTree = Pick<vscode.TreeDataProvider<TreeNode>, 'getChildren' | 'getTreeItem'> & {
  readonly mode: TreeMode;
  readonly filter: string;
  /** The keys shown now (filter applied), in library order. */
  shownKeys(): string[];
  /** `performance.now()` when the tree first returned groups, for `npm run bench:vscode`. */
  readonly firstGroupsAt: number | undefined;
};

export function registerTree(context: vscode.ExtensionContext, store: DigestStore, reviews?: ReviewStore): PaperTree {
  const provider = new PaperTreeProvider(store, context.workspaceState, reviews);
  // canSelectMany: a decision applies to the whole selection (the commands get it as their second argument).
  const view = vscode.window.createTreeView('litdigest.papers', { treeDataProvider: provider, showCollapseAll: true, canSelectMany: true });
  const showFilter = () => {
    view.message = provider.filter
      ? `Filtered by “${provider.filter}”: ${provider.shownPapers().length} of ${store.library.papers.length} papers. Clear the filter with the title-bar button.`
      : undefined;
  };
  const setFilter = async (filter: string) => {
    provider.filter = filter;
    await vscode.commands.executeCommand('setContext', ContextKeys.filtered, !!filter);
    provider.refresh();
    showFilter();
  };
  void vscode.commands.executeCommand('setContext', ContextKeys.groupBy, provider.mode);
  context.subscriptions.push(
    view,
    store.onDidChange(() => {
      void vscode.commands.executeCommand('setContext', ContextKeys.loaded, true);
      void vscode.commands.executeCommand('setContext', ContextKeys.empty, store.library.papers.length === 0);
      provider.refresh();
      showFilter();
    }),
    vscode.commands.registerCommand(Commands.groupByTopic, () => provider.setMode('topic')),
    vscode.commands.registerCommand(Commands.groupByHardware, () => provider.setMode('hardware')),
    vscode.commands.registerCommand(Commands.groupByYear, () => provider.setMode('year')),
    vscode.commands.registerCommand(Commands.groupBySource, () => provider.setMode('source')),
    vscode.commands.registerCommand(Commands.groupByStatus, () => provider.setMode('status')),
    vscode.commands.registerCommand(Commands.groupByTag, () => provider.setMode('tag')),
    reviews?.onDidChange(() => {
      provider.refresh();
      showFilter();
    }) ?? { dispose() {} },
    vscode.commands.registerCommand(Commands.filter, async (query?: string) => {
      const value =
        typeof query === 'string'
          ? query
          : await vscode.window.showInputBox({
              title: 'Filter the LitDigest tree',
              value: provider.filter,
              prompt: 'Words to search for, and filters such as hw:fpga topic:speculative year:>=2025 org:nvidia status:unscreened tag:kv',
            });
      if (value !== undefined) await setFilter(value.trim());
    }),
    vscode.commands.registerCommand(Commands.clearFilter, () => setFilter('')),
  );
  return provider;
}
