/** The Compare page's table, HTML and CSV, loaded when the first comparison opens (dist/compare.js). */
export { compareTable } from '../core/metrics';
export { compareCsv, renderCompareHtml } from '../webview/compare';
export { CompareMessage } from '../webview/compareProtocol';
