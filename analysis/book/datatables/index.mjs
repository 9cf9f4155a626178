// The interactive tables of the book: DataTables 2 on jQuery, and nothing else, served from _static/dt_bundle.js.
//
// The literature tables are written by itables (analysis.literature.tables), whose pages import
// `{ ITable, jQuery }` from dt_bundle.js. itables ships a bundle with every DataTables extension (buttons,
// JSZip, search panes, ...): 619 kB that every page with a table loaded and none used. This module offers
// the same two names for the options the book's tables use; an option it does not know stops the table
// with an error in the console (which the browser tests count), so a new option cannot pass unnoticed.
//
// Rebuild with `npm run build:datatables` (esbuild, versions pinned in package-lock.json).

import jQuery from 'jquery';
import DataTable from 'datatables.net-dt';

const NOT_NUMBERS = { '___NaN___': NaN, '___Infinity___': Infinity, '___-Infinity___': -Infinity };

const UNSUPPORTED = ['data', 'keys_to_be_evaluated', 'column_filters', 'selected_rows', 'initComplete'];

function readRows(json) {
    return JSON.parse(json, (key, value) => (typeof value === 'string' && value in NOT_NUMBERS) ? NOT_NUMBERS[value] : value);
}

// Sort on a click on a column's sort icon only, so that a header's text can be selected and copied.
function sortOnIconOnly(api) {
    for (const th of api.table().container().querySelectorAll('thead th')) {
        if (th.colSpan > 1) {
            th.setAttribute('data-dt-order', 'disable');  // no sorting on a header over several columns
        } else if (th.textContent.trim() === '') {
            th.replaceChildren();
            th.setAttribute('data-dt-order', 'disable');
        } else {
            th.setAttribute('data-dt-order', 'icon-only');
            const icon = th.querySelector('span.dt-column-order');
            if (icon) api.order.listener(icon, api.column(th).index('visible'));
        }
    }
}

class ITable {
    constructor(table, options) {
        const {
            data_json, table_html, classes, style, table_style, caption, downsampling_warning,
            text_in_header_can_be_selected, filtered_row_count, ...settings
        } = options;
        const unknown = UNSUPPORTED.filter(name => name in options);
        if (unknown.length) {
            throw new Error(`dt_bundle.js (analysis/book/datatables) does not support the table option(s) ${unknown.join(', ')}`);
        }
        if (table_html) table.innerHTML = table_html;
        for (const name of classes || []) table.classList.add(name);
        for (const [property, value] of Object.entries(style || {})) table.style.setProperty(property, value);
        if (table_style) {
            const sheet = document.createElement('style');
            sheet.id = `${table.id}-style`;
            sheet.textContent = table_style;
            table.appendChild(sheet);
        }
        if (data_json) settings.data = readRows(data_json);
        if (text_in_header_can_be_selected) settings.initComplete = function () { sortOnIconOnly(this.api()); };
        if (downsampling_warning) {
            settings.infoCallback = (s, start, end, max, total, text) => `${text} (${downsampling_warning})`;
        }
        this.table = table;
        this.filtered_row_count = filtered_row_count;
        this.dt = new DataTable(table, settings);
        if (caption !== undefined) this.dt.caption(caption);
    }

    destroy() {
        if (this.dt) {
            this.dt.destroy();
            this.table.replaceChildren();
            this.dt = null;
        }
    }
}

export { ITable, jQuery, DataTable };
export default DataTable;
