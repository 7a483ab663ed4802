import { h, type Child } from '../dom.js';

/** A column: its header and how a row renders in it. */
export interface Column<Row> {
  label: string;
  cell: (row: Row) => Child;
  numeric?: boolean;
}

/** A data table with a caption (read by screen readers) and proper header cells. */
export function table<Row>(caption: string, columns: Column<Row>[], rows: Row[], options: { empty: string; testId?: string; rowAttributes?: (row: Row) => Record<string, string> } = { empty: '' }): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'empty', 'data-testid': options.testId }, options.empty);
  return h('div', { class: 'table-wrap' }, h('table', { 'data-testid': options.testId },
    h('caption', { class: 'sr-only' }, caption),
    h('thead', {}, h('tr', {}, columns.map((column) => h('th', { scope: 'col', class: column.numeric ? 'numeric' : false }, column.label)))),
    h('tbody', {}, rows.map((row) => h('tr', options.rowAttributes?.(row) ?? {}, columns.map((column) => h('td', { class: column.numeric ? 'numeric' : false }, column.cell(row))))))));
}

/** A small coloured label. */
export const badge = (text: string, kind = '') => h('span', { class: `badge ${kind}` }, text);

/** A section with a heading and content. */
export const section = (title: string, ...content: Child[]) => h('section', { class: 'card' }, h('h2', {}, title), ...content);

/** An error message in place of content. */
export const errorNote = (error: unknown) => h('p', { class: 'error', role: 'alert' }, error instanceof Error ? error.message : String(error));
