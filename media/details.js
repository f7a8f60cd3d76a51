// Details page script: turns button clicks into messages for the extension host, and shows where a listed target or claim was found.
(function () {
  const vscode = acquireVsCodeApi();
  /** Scrolls to the first mark of `id` and flashes every mark of it (the class is removed first so a second click flashes again). */
  function showMark(id) {
    const marks = [...document.querySelectorAll('mark[data-marks]')].filter((m) => m.getAttribute('data-marks').split(' ').includes(id));
    if (!marks.length) return;
    marks[0].scrollIntoView({ block: 'center', behavior: 'smooth' });
    for (const mark of marks) {
      mark.classList.remove('flash');
      void mark.offsetWidth;
      mark.classList.add('flash');
    }
  }
  document.addEventListener('click', (event) => {
    const jump = event.target instanceof Element ? event.target.closest('button[data-jump]') : null;
    if (jump) return showMark(jump.getAttribute('data-jump'));
    const button = event.target instanceof Element ? event.target.closest('button[data-action]') : null;
    if (!button) return;
    const action = button.getAttribute('data-action');
    const paperId = button.getAttribute('data-paper');
    if (action === 'insertCitation' || action === 'copyBibtex' || action === 'openDetails' || action === 'copyReference') vscode.postMessage({ type: action, paperId });
    else if (action === 'insertClaim') vscode.postMessage({ type: action, paperId, claimIndex: Number(button.getAttribute('data-claim')) });
    else if (action === 'openLink') vscode.postMessage({ type: action, url: button.getAttribute('data-url') });
    else if (action === 'decide') vscode.postMessage({ type: action, paperId, status: button.getAttribute('data-status') });
    else if (action === 'editTags' || action === 'editNote' || action === 'correct') vscode.postMessage({ type: action, paperId });
  });
  document.addEventListener('animationend', (event) => {
    if (event.target instanceof Element) event.target.classList.remove('flash');
  });
  vscode.postMessage({ type: 'ready' });
})();
