// Screening Summary page script: turns the two buttons into messages for the extension host, and does nothing else.
(function () {
  const vscode = acquireVsCodeApi();
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-action]') : null;
    if (!button) return;
    const action = button.getAttribute('data-action');
    if (action === 'copyMarkdown' || action === 'saveCsv') vscode.postMessage({ type: action });
  });
  vscode.postMessage({ type: 'ready' });
})();
