/** Correct Hardware and Claims…'s choices, loaded on its first use (dist/correct.js): the action picker, its checks and its wording. */
import * as vscode from 'vscode';
import { candidateClaims, claimSentenceProblem, sameSentence, sameTarget, type CorrectionAction, type PaperCorrections } from '../core/corrections';
import { findVerbatim } from '../core/highlight';
import type { Paper } from '../core/model';
import { CorrectedTargetSchema } from '../core/reviewFile';
import { DEFAULT_CATALOG } from '../core/catalog';
import { HARDWARE_CLASSES, type HardwareCatalog, type HardwareClass } from '../core/vocabulary';

type ActionItem = vscode.QuickPickItem & { run?: () => Promise<CorrectionAction | undefined> };

const short = (text: string, max = 90) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The paper's wording of `name`, or of one of the catalogue entry's aliases, as it stands in the abstract or title; '' when none is found. */
function wordingIn(paper: Paper, names: readonly string[]): string {
  for (const text of [paper.abstract, paper.title]) {
    for (const name of names) {
      const span = findVerbatim(text, name, true);
      if (span) return text.slice(span.start, span.end);
    }
  }
  return '';
}

/** Asks for the paper's own wording of a target (optional), checked against the title and abstract. */
async function askWording(paper: Paper, name: string, guess: string): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: `${name}: the paper's wording`,
    prompt: 'The words of the abstract (or title) that name it, to highlight in the details; empty for none',
    value: guess,
    validateInput: (value) =>
      !value.trim() || findVerbatim(paper.abstract, value, true) || findVerbatim(paper.title, value, true)
        ? undefined
        : 'Not found in the abstract or title: copy the words exactly, or leave this empty',
  });
}

/** Picks a hardware class for a name of the reviewer's own. */
async function pickClass(name: string): Promise<HardwareClass | undefined> {
  const picked = await vscode.window.showQuickPick(
    HARDWARE_CLASSES.map((c) => ({ label: c })),
    { title: `The class of “${name}”` },
  );
  return picked?.label;
}

/** Picks a device of the catalogue (a family asks for its model), or takes the typed text as a name of the reviewer's own. */
async function pickTarget(paper: Paper, catalog: HardwareCatalog): Promise<CorrectionAction | undefined> {
  type DeviceItem = vscode.QuickPickItem & { device?: HardwareCatalog['devices'][number]; typed?: string };
  const seen = new Set<string>();
  const devices: DeviceItem[] = [];
  for (const cls of HARDWARE_CLASSES) {
    const of = catalog.devices.filter((d) => d.class === cls && !seen.has(`${d.class}\0${d.name}`) && seen.add(`${d.class}\0${d.name}`));
    if (!of.length) continue;
    devices.push({ label: cls, kind: vscode.QuickPickItemKind.Separator });
    for (const d of of) devices.push({ label: d.name, description: d.class, detail: d.aliases.slice(0, 4).join(', ') || undefined, device: d });
  }
  const quickPick = vscode.window.createQuickPick<DeviceItem>();
  quickPick.title = `Add a hardware target to ${paper.key}`;
  quickPick.placeholder = 'Pick a device or class of the catalogue, or type a name of your own';
  quickPick.matchOnDescription = true;
  quickPick.items = devices;
  quickPick.onDidChangeValue((value) => {
    const typed = value.trim();
    quickPick.items = typed ? [{ label: `$(add) Add “${typed}” (choose its class next)`, typed, alwaysShow: true }, ...devices] : devices;
  });
  const chosen = await new Promise<DeviceItem | undefined>((resolve) => {
    quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0]));
    quickPick.onDidHide(() => resolve(undefined));
    quickPick.show();
  });
  quickPick.dispose();
  if (!chosen) return undefined;
  let name: string;
  let cls: HardwareClass;
  let guesses: string[];
  if (chosen.typed !== undefined) {
    name = chosen.typed;
    const picked = await pickClass(name);
    if (!picked) return undefined;
    cls = picked;
    guesses = [name];
  } else if (chosen.device) {
    const device = chosen.device;
    cls = device.class;
    name = device.name;
    if (name.includes('{model}')) {
      const model = await vscode.window.showInputBox({ title: name, prompt: 'The model, as the catalogue names it (e.g. 4090, Orin Nano)' });
      if (!model?.trim()) return undefined;
      name = name.replace('{model}', model.trim()).replace(/\s+/g, ' ');
    }
    guesses = [name, ...device.aliases, ...device.exact];
  } else return undefined;
  const phrase = await askWording(paper, name, wordingIn(paper, guesses));
  if (phrase === undefined) return undefined;
  return { kind: 'addHardware', target: { name, class: cls, ...(phrase.trim() ? { phrase: phrase.trim() } : {}) } };
}

/** Picks a sentence of the abstract that is not a claim yet, or takes typed text (checked: it must be in the abstract). */
async function pickClaim(paper: Paper): Promise<CorrectionAction | undefined> {
  type SentenceItem = vscode.QuickPickItem & { text: string };
  const sentences: SentenceItem[] = candidateClaims(paper).map((text) => ({ label: short(text), detail: text.length > 90 ? text : undefined, text }));
  const quickPick = vscode.window.createQuickPick<SentenceItem>();
  quickPick.title = `Add a claim to ${paper.key}`;
  quickPick.placeholder = 'Pick a sentence of the abstract, or paste one';
  quickPick.matchOnDetail = true;
  quickPick.items = sentences;
  quickPick.onDidChangeValue((value) => {
    const typed = value.trim();
    quickPick.items = typed
      ? [{ label: '$(add) Use the text typed above', description: short(typed, 60), text: typed, alwaysShow: true }, ...sentences]
      : sentences;
  });
  const chosen = await new Promise<SentenceItem | undefined>((resolve) => {
    quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0]));
    quickPick.onDidHide(() => resolve(undefined));
    quickPick.show();
  });
  quickPick.dispose();
  return chosen ? { kind: 'addClaim', text: chosen.text } : undefined;
}

/** What the reviewer may do to `paper`: remove each target or claim, restore what reviewers removed, add either. */
function actionItems(paper: Paper, corrections: PaperCorrections | undefined, catalog: HardwareCatalog): ActionItem[] {
  const removedTargets = (corrections?.hardware?.remove ?? []).filter((r) => !paper.hardware.some((h) => sameTarget(r, h)));
  const removedClaims = (corrections?.claims?.remove ?? []).filter((t) => !paper.claims.some((c) => sameSentence(c.text, t)));
  const now = (action: CorrectionAction) => () => Promise.resolve(action);
  return [
    { label: 'Hardware', kind: vscode.QuickPickItemKind.Separator },
    ...paper.hardware.map((h) => ({
      label: `$(trash) Remove ${h.name}`,
      description: `${h.class}${h.phrase && h.phrase !== h.name ? ` · “${h.phrase}”` : ''}`,
      run: now({ kind: 'removeHardware', target: { name: h.name, class: h.class } }),
    })),
    ...removedTargets.map((r) => ({
      label: `$(discard) Restore ${r.name}`,
      description: `${r.class} · removed by a reviewer`,
      run: now({ kind: 'addHardware', target: { name: r.name, class: r.class } }),
    })),
    { label: '$(add) Add a hardware target…', run: () => pickTarget(paper, catalog) },
    { label: 'Claims', kind: vscode.QuickPickItemKind.Separator },
    ...paper.claims.map((c) => ({
      label: `$(circle-slash) Not a claim: ${short(c.text, 70)}`,
      description: [c.metric, c.value].filter(Boolean).join(' '),
      detail: c.text.length > 70 ? c.text : undefined,
      run: now({ kind: 'removeClaim', text: c.text }),
    })),
    ...removedClaims.map((t) => ({
      label: `$(discard) A claim after all: ${short(t, 70)}`,
      description: 'marked "not a claim"',
      run: now({ kind: 'addClaim', text: t }),
    })),
    { label: '$(add) Add a claim (a sentence of the abstract)…', run: () => pickClaim(paper) },
  ];
}

/** Why `action` cannot apply to `paper` (bad shape, a claim not in the abstract), or null. */
export function actionProblem(paper: Paper, action: CorrectionAction): string | null {
  switch (action?.kind) {
    case 'addHardware':
    case 'removeHardware':
      return CorrectedTargetSchema.safeParse(action.target).success ? null : 'A hardware target needs a name and one of the hardware classes.';
    case 'addClaim':
      return claimSentenceProblem(paper, typeof action.text === 'string' ? action.text : '');
    case 'removeClaim':
      return typeof action.text === 'string' && action.text.trim() ? null : 'Name the claim by its sentence.';
    default:
      return 'Unknown correction: addHardware, removeHardware, addClaim or removeClaim.';
  }
}

/** The correction in words, for the status bar. */
export function describeAction(action: CorrectionAction): string {
  switch (action.kind) {
    case 'addHardware':
      return `added ${action.target.name}`;
    case 'removeHardware':
      return `removed ${action.target.name}`;
    case 'addClaim':
      return 'added a claim';
    case 'removeClaim':
      return 'marked a sentence "not a claim"';
  }
}

/** Asks which correction to make to `paper` (its current `corrections`, the library's `catalog`, default the shipped one); undefined when cancelled. */
export async function chooseCorrection(
  paper: Paper,
  corrections: PaperCorrections | undefined,
  catalog: HardwareCatalog = DEFAULT_CATALOG,
): Promise<CorrectionAction | undefined> {
  const picked = await vscode.window.showQuickPick(actionItems(paper, corrections, catalog), {
    title: `Correct ${paper.key}: ${short(paper.title, 60)}`,
    placeHolder: 'Remove or add a hardware target or a claim; LitDigest: Undo Last Decision takes it back',
    matchOnDescription: true,
  });
  return picked?.run?.();
}
