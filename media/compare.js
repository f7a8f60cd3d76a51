// Compare page script: sorts the table by a clicked column (here, in the page) and turns buttons into messages for the host.
(function () {
  const vscode = acquireVsCodeApi();
  const table = document.querySelector('table');
  const body = table && table.tBodies[0];

  // The same order as sortCompareRows on the host: numbers by value, titles as text, empty cells last, ties kept.
  function sortBy(column, descending) {
    if (!table || !body) return;
    const headers = Array.from(table.tHead.rows[0].cells);
    const index = headers.findIndex((th) => th.getAttribute('data-column') === column);
    if (index < 0) return;
    const rows = Array.from(body.rows).map((row, i) => ({ row, i, key: row.cells[index].getAttribute('data-sort') || '' }));
    const numeric = column !== 'title';
    const sign = descending ? -1 : 1;
    rows.sort((a, b) => {
      if (a.key === '' || b.key === '') return a.key === b.key ? a.i - b.i : a.key === '' ? 1 : -1;
      const c = numeric ? Number(a.key) - Number(b.key) : a.key.localeCompare(b.key);
      return c ? sign * c : a.i - b.i;
    });
    for (const r of rows) body.appendChild(r.row);
    for (const th of headers) {
      if (th === headers[index]) th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      else th.removeAttribute('aria-sort');
    }
  }

  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-action]') : null;
    if (!button) return;
    const action = button.getAttribute('data-action');
    if (action === 'sort') {
      const column = button.getAttribute('data-column');
      const th = button.closest('th');
      // A first click on a metric puts the largest first; titles start A→Z. A second click reverses.
      const current = th && th.getAttribute('aria-sort');
      const descending = current ? current === 'ascending' : column !== 'title';
      sortBy(column, descending);
      vscode.postMessage({ type: 'sort', column, descending });
    } else if (action === 'openDetails' || action === 'cite') vscode.postMessage({ type: action, paperId: button.getAttribute('data-paper') });
    else if (action === 'insertTable' || action === 'saveCsv') vscode.postMessage({ type: action });
  });
  vscode.postMessage({ type: 'ready' });
})();
