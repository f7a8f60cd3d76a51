// Details page script: turns button clicks into messages for the extension host, and does nothing else.
(function () {
  const vscode = acquireVsCodeApi();
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-action]') : null;
    if (!button) return;
    const action = button.getAttribute('data-action');
    const paperId = button.getAttribute('data-paper');
    if (action === 'insertCitation' || action === 'copyBibtex' || action === 'copyReference') vscode.postMessage({ type: action, paperId });
    else if (action === 'insertClaim') vscode.postMessage({ type: action, paperId, claimIndex: Number(button.getAttribute('data-claim')) });
    else if (action === 'openLink') vscode.postMessage({ type: action, url: button.getAttribute('data-url') });
    else if (action === 'decide') vscode.postMessage({ type: action, paperId, status: button.getAttribute('data-status') });
    else if (action === 'editTags' || action === 'editNote') vscode.postMessage({ type: action, paperId });
  });
  vscode.postMessage({ type: 'ready' });
})();
