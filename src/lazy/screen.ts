/** Screening's implementation: the Screen Papers flow, the decide, tag, note and undo commands, and resolving conflicts; loaded on the first screening command (dist/screen.js). */
import * as vscode from 'vscode';
import type { Group } from '../core/group';
import { conflicts, type DecisionChange } from '../core/review';
import type { ReviewStatus } from '../core/reviewFile';
import { Commands, ContextKeys } from '../commands';
import type { pickPapers } from '../pick';
import type { ReviewStore } from '../reviewStore';
import type { DigestStore } from '../store';

import type { ScreeningSource, ScreeningState } from '../features/screen';

/** A command's argument: a key, keys, a tree node (paper, claim or group), or nothing. */
export type Target = string | string[] | { kind?: string; paper?: { key: string }; group?: Group } | undefined;

const STATUS_WORDS: Record<ReviewStatus, string> = { included: 'Included', excluded: 'Excluded', maybe: 'Maybe', unscreened: 'Cleared' };

function groupKeys(group: Group): string[] {
  return [...group.papers.map((p) => p.key), ...group.groups.flatMap(groupKeys)];
}

/** The keys a command acts on: the tree's multi-selection when there is one, else its first argument. */
function keysOf(arg: Target, selection?: unknown): string[] | undefined {
  if (Array.isArray(selection) && selection.length > 1) {
    const keys = selection.flatMap((node: Target) => keysOf(node) ?? []);
    if (keys.length) return [...new Set(keys)];
  }
  if (typeof arg === 'string') return [arg];
  if (Array.isArray(arg)) return arg.filter((k) => typeof k === 'string');
  if (arg && typeof arg === 'object') {
    if (arg.paper) return [arg.paper.key];
    if (arg.group) return groupKeys(arg.group);
  }
  return undefined;
}

/** The flow: the set being screened, where it is, and its status bar item. */
export class Screening implements ScreeningState {
  active = false;
  queue: string[] = [];
  private index = 0;
  private readonly item = vscode.window.createStatusBarItem('litdigest.screening', vscode.StatusBarAlignment.Left, 49);

  constructor(
    private readonly store: DigestStore,
    private readonly reviews: ReviewStore,
  ) {
    this.item.name = 'LitDigest Screening';
    this.item.command = Commands.stopScreening;
  }

  get current(): string | undefined {
    return this.active ? this.queue[this.index] : undefined;
  }

  private unscreened(key: string): boolean {
    return (this.reviews.decision(key)?.status ?? 'unscreened') === 'unscreened';
  }

  async start(keys: string[]): Promise<void> {
    this.queue = [...new Set(keys)].filter((k) => this.store.paper(k));
    if (!this.queue.length) {
      void vscode.window.showInformationMessage('No papers to screen: the tree shows none. Clear the filter, or load a digest.');
      return;
    }
    const first = this.queue.findIndex((k) => this.unscreened(k));
    if (first === -1) void vscode.window.showInformationMessage(`All ${this.queue.length} papers of this set are screened; showing the first to review.`);
    this.index = Math.max(first, 0);
    this.active = true;
    await vscode.commands.executeCommand('setContext', ContextKeys.screening, true);
    await this.show();
  }

  async stop(): Promise<void> {
    this.active = false;
    this.item.hide();
    await vscode.commands.executeCommand('setContext', ContextKeys.screening, false);
  }

  /** Moves by `step` papers (next/previous), staying inside the set. */
  async move(step: number): Promise<void> {
    if (!this.active) return;
    this.index = Math.min(Math.max(this.index + step, 0), this.queue.length - 1);
    await this.show();
  }

  /** After a decision on the current paper: the next unscreened paper after it, wrapping round; stays when none is left. */
  async advance(): Promise<void> {
    const n = this.queue.length;
    for (let i = 1; i <= n; i++) {
      const j = (this.index + i) % n;
      if (this.unscreened(this.queue[j])) {
        this.index = j;
        return this.show();
      }
    }
    this.update();
    void vscode.window.showInformationMessage(`Screening done: all ${n} papers of this set are decided. Undo (u) still works; Stop Screening ends the flow.`);
  }

  /** Shows `key` if it is in the set (after an undo). */
  async goTo(key: string): Promise<void> {
    const i = this.queue.indexOf(key);
    if (!this.active || i === -1) return;
    this.index = i;
    await this.show();
  }

  update(): void {
    if (!this.active) return;
    const left = this.queue.filter((k) => this.unscreened(k)).length;
    this.item.text = `$(checklist) Screening ${this.index + 1}/${this.queue.length} · ${left} unscreened`;
    this.item.tooltip = 'LitDigest screening: i include · e exclude · m maybe · n next · p previous · u undo. Click to stop.';
    this.item.accessibilityInformation = {
      label: `Screening paper ${this.index + 1} of ${this.queue.length}, ${left} unscreened. Activate to stop screening.`,
    };
    this.item.show();
  }

  private async show(): Promise<void> {
    this.update();
    await vscode.commands.executeCommand(Commands.openDetails, this.queue[this.index]);
  }

  dispose(): void {
    this.item.dispose();
  }
}

async function pickReason(reasons: readonly string[]): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick(
    reasons.map((r) => ({ label: r })),
    { title: 'Exclude: why?', placeHolder: 'The reason (litdigest.exclusionReasons); Escape cancels' },
  );
  return picked?.label;
}

/** What screening uses of the extension bundle: its stores, the tree's shown keys, and the paper picker (which shares its state). */
export interface ScreenHost {
  store: DigestStore;
  reviews: ReviewStore;
  tree: ScreeningSource;
  pickPapers: typeof pickPapers;
}

/**
 * The screening flow and its commands' handlers, by command name (`Commands`). Each decide command takes a key, keys, a
 * tree node or the tree's multi-selection; with none it acts on the paper being screened, else asks for papers.
 */
export function screeningCommands({ store, reviews, tree, pickPapers }: ScreenHost) {
  const screening = new Screening(store, reviews);

  const targets = async (arg: Target, selection: unknown, title: string): Promise<string[] | undefined> => {
    const keys = keysOf(arg, selection);
    if (keys?.length) return keys;
    if (screening.current) return [screening.current];
    return (await pickPapers(store, title, true))?.map((p) => p.key);
  };

  const apply = async (keys: string[], change: DecisionChange, what: string): Promise<boolean> => {
    const result = await reviews.decide(keys, change);
    if (!result.ok) {
      void vscode.window.showErrorMessage(result.message, ...(result.problems.length ? ['Show Problems'] : [])).then((choice) => {
        if (choice) store.output.show(true);
      });
      return false;
    }
    vscode.window.setStatusBarMessage(`LitDigest: ${what} ${keys.length === 1 ? keys[0] : `${keys.length} papers`}`, 3000);
    return true;
  };

  const decide = (status: ReviewStatus) => async (arg?: Target, selection?: unknown) => {
    const keys = await targets(arg, selection, `${STATUS_WORDS[status]}: which papers?`);
    if (!keys?.length) return;
    const change: DecisionChange = { status };
    if (status === 'excluded') {
      const reason = await pickReason(reviews.reasons);
      if (reason === undefined) return;
      change.reason = reason;
    }
    const current = screening.current;
    if (!(await apply(keys, change, STATUS_WORDS[status]))) return;
    if (current && keys.includes(current) && status !== 'unscreened') await screening.advance();
    else screening.update();
  };

  return {
    screening,
    handlers: {
      screenPapers: async (arg?: Target) => {
        await store.whenReady();
        const fromGroup = arg && typeof arg === 'object' && !Array.isArray(arg) && arg.group ? groupKeys(arg.group) : undefined;
        await screening.start(fromGroup ?? (Array.isArray(arg) ? arg : tree.shownKeys()));
      },
      stopScreening: () => screening.stop(),
      include: decide('included'),
      exclude: decide('excluded'),
      maybe: decide('maybe'),
      clearDecision: decide('unscreened'),
      nextPaper: () => screening.move(1),
      previousPaper: () => screening.move(-1),
      undoDecision: async () => {
        const result = await reviews.undo();
        if (!result.ok) return void vscode.window.showInformationMessage(result.message);
        vscode.window.setStatusBarMessage(`LitDigest: undid the decision on ${result.keys.join(', ')}`, 3000);
        if (result.keys[0]) await screening.goTo(result.keys[0]);
      },
      editTags: async (arg?: Target, selection?: unknown) => {
        const keys = await targets(arg, selection, 'Tag which papers?');
        if (!keys?.length) return;
        const value = await vscode.window.showInputBox({
          title: `Tags of ${keys.length === 1 ? keys[0] : `${keys.length} papers`}`,
          value: (reviews.decision(keys[0])?.tags ?? []).join(', '),
          prompt: 'Comma-separated tags, e.g. kv-cache, fpga; empty removes them',
        });
        if (value === undefined) return;
        await apply(keys, { tags: value.split(',') }, 'Tagged');
      },
      editNote: async (arg?: Target) => {
        const [key] = (await targets(arg, undefined, 'Note on which paper?')) ?? [];
        if (!key) return;
        const value = await vscode.window.showInputBox({
          title: `Note on ${key}`,
          value: reviews.decision(key)?.note ?? '',
          prompt: 'A note (Markdown); empty removes it',
        });
        if (value === undefined) return;
        await apply([key], { note: value }, 'Noted');
      },
      resolveConflict: async (arg?: Target) => {
        const open = conflicts(reviews.reviewers, reviews.resolutions);
        let key = keysOf(arg)?.[0];
        if (!key) {
          if (!open.length) return void vscode.window.showInformationMessage('No screening conflicts: the reviewers agree on every paper they both decided.');
          const picked = await vscode.window.showQuickPick(
            open.map((c) => ({
              label: c.key,
              description: c.resolution ? `resolved: ${c.resolution.status}${c.stale ? ' (changed since)' : ''}` : 'open',
              detail: c.decisions.map((d) => `${d.reviewer}: ${d.decision.status}${d.decision.reason ? ` (${d.decision.reason})` : ''}`).join(' · '),
            })),
            { title: 'Resolve which conflict?', matchOnDetail: true },
          );
          key = picked?.label;
        }
        if (!key) return;
        const conflict = open.find((c) => c.key === key);
        const status = await vscode.window.showQuickPick(
          (['included', 'excluded', 'maybe'] as const).map((s) => ({ label: STATUS_WORDS[s], status: s })),
          {
            title: `Final decision on ${key}`,
            placeHolder: conflict
              ? conflict.decisions.map((d) => `${d.reviewer}: ${d.decision.status}`).join(' · ')
              : 'The reviewers do not disagree on this paper',
          },
        );
        if (!status) return;
        const change: DecisionChange = { status: status.status };
        if (status.status === 'excluded') {
          const reason = await pickReason(reviews.reasons);
          if (reason === undefined) return;
          change.reason = reason;
        }
        const result = await reviews.resolve(key, change);
        if (!result.ok) return void vscode.window.showErrorMessage(result.message);
        vscode.window.setStatusBarMessage(`LitDigest: ${key} resolved as ${status.status} by ${reviews.reviewer}`, 3000);
      },
    },
  };
}
