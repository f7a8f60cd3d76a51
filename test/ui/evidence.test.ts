/** UI test: a writer inserts an evidence table into the Markdown and the LaTeX draft from the Command Palette, then lets the claim check correct a number. */
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { useWorkbench } from './workbench';

/** Where the README's picture of an inserted table goes (committed; kept small by shooting the editor alone). */
const MEDIA = join(__dirname, '..', '..', '..', 'media', 'evidence-table.png');

describe('LitDigest evidence table as a writer uses it', function () {
  const opened = useWorkbench({ name: 'evidence' });

  async function editorShows(pattern: RegExp, what: string): Promise<string> {
    for (let tries = 0; ; tries++) {
      const text = await opened().activeEditorText();
      if (pattern.test(text)) return text;
      assert.ok(tries < 100, `${what}; the editor shows:\n${text}`);
      await opened().page.waitForTimeout(100);
    }
  }

  /**
   * Insert Evidence Table from the palette for the papers of `query`, accepting the metrics and columns it offers
   * (speedup; paper, hardware, value, baseline). `atMetrics` runs while the metrics picker shows.
   */
  async function insertTableFor(query: string, atMetrics: () => Promise<void> = async () => {}): Promise<void> {
    await opened().runCommand('LitDigest: Insert Evidence Table');
    // The palette's rows linger a moment after our picker takes the widget over: wait for ours.
    await opened().quickInput().locator('.monaco-list-row', { hasText: 'Included papers' }).first().waitFor();
    const sources = await opened().quickPickItems();
    assert.ok(
      sources.some((s) => /Papers matching a query/.test(s)),
      sources.join(' | '),
    );
    // The picker gives way to an input box in the same widget, so it never hides in between.
    await opened()
      .quickInput()
      .locator('.monaco-list-row', { has: opened().page.locator('.label-name', { hasText: 'Papers matching a query' }) })
      .first()
      .click();
    await opened().quickInput().locator('.quick-input-message', { hasText: 'as in Search Papers' }).waitFor();
    await opened().quickInput().locator('input').fill(query);
    await opened().page.keyboard.press('Enter');
    // Metrics: speedup comes ticked; Enter accepts. Columns: paper, hardware, value and baseline come ticked.
    await opened().quickInput().locator('.monaco-list-row', { hasText: 'speedup' }).first().waitFor();
    await atMetrics();
    await opened().page.keyboard.press('Enter');
    await opened().quickInput().locator('.monaco-list-row', { hasText: 'Baseline it is compared against' }).first().waitFor();
    await opened().page.keyboard.press('Enter');
    await opened().quickInput().waitFor({ state: 'hidden' });
  }

  it('inserts the speedup table of the speculative decoding papers into draft.md from the palette', async () => {
    await opened().openViewContainer('LitDigest');
    assert.deepEqual(await opened().waitForActivation('litdigest.litdigest'), []);
    await opened().treeItem('Speculative decoding (', opened().viewPane('Papers')).waitFor();
    await opened().openFile('draft.md');
    await opened().goToEndOfDocument();
    await opened().insertText('\nMeasured speedups of speculative decoding:\n\n');
    await insertTableFor('topic:speculative-decoding', () =>
      opened()
        .screenshot('metrics picker')
        .then(() => undefined),
    );
    const text = await editorShows(/<!-- litdigest:end -->/, 'no table in the editor');
    assert.match(text, /\| Paper \| Hardware \| Value \| Baseline \|/);
    assert.match(text, /\| Speculative Decoding with Big Little Decoder \[@speculative-pyss\] \| NVIDIA T4 \| 2\.12x \|/);
    await opened().waitForWorkspaceFile('references.bib', /@misc\{speculative-pyss,/);
    await opened().screenshot('evidence table inserted');
    // The README's picture: the editor alone, without the side bar.
    await opened().page.keyboard.press('Control+B');
    await opened().activeEditor().screenshot({ path: MEDIA });
    await opened().page.keyboard.press('Control+B');
  });

  it('inserts the same table into draft.tex as a booktabs tabular citing with \\cite', async () => {
    await opened().openFile('draft.tex');
    // Under "Related work", before \printbibliography.
    await opened().page.keyboard.press('Control+End');
    for (let i = 0; i < 3; i++) await opened().page.keyboard.press('ArrowUp');
    await opened().insertText('Measured speedups:\n');
    await insertTableFor('topic:speculative-decoding');
    const text = await editorShows(/% litdigest:end/, 'no table in draft.tex');
    assert.match(text, /\\begin\{tabular\}/);
    assert.match(text, /\\toprule/);
    assert.match(text, /Speculative Decoding with Big Little Decoder \\cite\{speculative-pyss\} & NVIDIA T4 & 2\.12x/);
    // The table sits where the cursor was, before \printbibliography, which stays the document's last command but one.
    assert.match(text, /% litdigest:end[\s\S]*\\printbibliography\n\\end\{document\}/);
    await opened().screenshot('evidence table inserted into LaTeX');
    await opened().openFile('draft.md');
  });

  it('marks a number the cited paper does not state, and Use the paper’s words puts the claim in its place', async () => {
    await opened().goToEndOfDocument();
    await opened().insertText('\nBiLD runs 3.1× faster [@speculative-pyss].');
    const squiggle = opened().activeEditor().locator('.squiggly-info');
    await squiggle.first().waitFor({ timeout: 15_000 });
    await opened().screenshot('claim check diagnostic');
    // Put the cursor on 3.1× and open the quick fixes (Ctrl+.).
    await opened().page.keyboard.press('End');
    for (let i = 0; i < 'faster [@speculative-pyss].'.length + 3; i++) await opened().page.keyboard.press('ArrowLeft');
    await opened().page.keyboard.press('Control+.');
    const fix = opened().page.locator('.action-widget .monaco-list-row', { hasText: "Use the paper's words" }).first();
    await fix.waitFor();
    await opened().screenshot('claim check quick fixes');
    // The preferred fix comes focused; a click would land on the menu's pointer block, so choose it with Enter as a person would.
    assert.match((await fix.getAttribute('class')) ?? '', /\bfocused\b/);
    await opened().page.keyboard.press('Enter');
    await editorShows(/On an NVIDIA T4 GPU, our framework achieves a speedup of up to 2\.12x speedup/, "the paper's words did not replace the sentence");
    await opened().screenshot('the paper’s words in place');
  });
});
