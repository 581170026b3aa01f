// Small SVG charts drawn from the API's numbers: bars per minute (stacked by series) and
// horizontal bars for counts. Each chart is an image with a text summary for screen readers,
// and its numbers are in a table folded beneath it.
import { count, h, isoText, s } from './dom.js';

const PALETTE = ['#0b5cad', '#c2202f', '#1a7f37', '#9a6700', '#6f42c1', '#0a7e8c', '#b35900', '#59636e'];
const WIDTH = 600;
const HEIGHT = 160;
const PAD = { left: 44, right: 8, top: 8, bottom: 20 };

const colorOf = (index) => PALETTE[index % PALETTE.length];

function legend(series) {
  return h(
    'ul',
    { class: 'legend' },
    series.map((one, index) =>
      h(
        'li',
        {},
        s(
          'svg',
          { class: 'swatch', width: 10, height: 10, 'aria-hidden': 'true' },
          s('rect', { width: 10, height: 10, fill: colorOf(index) }),
        ),
        one.name,
      ),
    ),
  );
}

function dataTable(caption, minutes, series, format) {
  return h(
    'details',
    {},
    h('summary', {}, `Numbers of ${caption.toLowerCase()}`),
    h(
      'div',
      { class: 'scroll' },
      h(
        'table',
        { 'aria-label': caption },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'Minute (UTC)'),
            series.map((one) => h('th', { scope: 'col', class: 'num' }, one.name)),
          ),
        ),
        h(
          'tbody',
          {},
          minutes.map((minute, i) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, isoText(minute)),
              series.map((one) => h('td', { class: 'num' }, format(one.values[i] ?? 0))),
            ),
          ),
        ),
      ),
    ),
  );
}

/**
 * Bars per minute, stacked by series. `minutes` are ISO strings, each series' values line up
 * with them; `stacked: false` draws each series as a line instead (for averages).
 */
export function minuteChart({ caption, minutes, series, unit = '', stacked = true, format = count }) {
  const totals = minutes.map((_, i) =>
    stacked
      ? series.reduce((sum, one) => sum + (one.values[i] ?? 0), 0)
      : Math.max(0, ...series.map((one) => one.values[i] ?? 0)),
  );
  const top = Math.max(1, ...totals);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const step = minutes.length > 0 ? plotW / minutes.length : plotW;
  const y = (value) => PAD.top + plotH - (value / top) * plotH;
  const marks = [];
  if (stacked) {
    minutes.forEach((_, i) => {
      let base = 0;
      series.forEach((one, index) => {
        const value = one.values[i] ?? 0;
        if (value <= 0) return;
        marks.push(
          s('rect', {
            x: PAD.left + i * step + 1,
            y: y(base + value),
            width: Math.max(1, step - 2),
            height: y(base) - y(base + value),
            fill: colorOf(index),
          }),
        );
        base += value;
      });
    });
  } else {
    series.forEach((one, index) => {
      const points = minutes
        .map((_, i) => `${PAD.left + i * step + step / 2},${y(one.values[i] ?? 0)}`)
        .join(' ');
      marks.push(s('polyline', { points, fill: 'none', stroke: colorOf(index), 'stroke-width': 2 }));
    });
  }
  const axis = [
    s('line', {
      x1: PAD.left,
      y1: PAD.top + plotH,
      x2: WIDTH - PAD.right,
      y2: PAD.top + plotH,
      stroke: 'currentColor',
      'stroke-opacity': 0.4,
    }),
    s(
      'text',
      { x: PAD.left - 4, y: PAD.top + 10, 'text-anchor': 'end', 'font-size': 11, fill: 'currentColor' },
      format(top),
    ),
    s(
      'text',
      { x: PAD.left - 4, y: PAD.top + plotH, 'text-anchor': 'end', 'font-size': 11, fill: 'currentColor' },
      '0',
    ),
  ];
  if (minutes.length > 0) {
    axis.push(
      s(
        'text',
        { x: PAD.left, y: HEIGHT - 4, 'font-size': 11, fill: 'currentColor' },
        isoText(minutes[0]).slice(11, 16),
      ),
    );
    axis.push(
      s(
        'text',
        { x: WIDTH - PAD.right, y: HEIGHT - 4, 'text-anchor': 'end', 'font-size': 11, fill: 'currentColor' },
        isoText(minutes.at(-1)).slice(11, 16),
      ),
    );
  }
  const sums = series.map((one) => `${one.name} ${format(one.values.reduce((a, b) => a + b, 0))}`).join(', ');
  const label =
    minutes.length === 0
      ? `${caption}: nothing yet`
      : `${caption} over ${minutes.length} minutes${unit ? ` (${unit})` : ''}: ${stacked ? 'in all ' : 'peaks '}${stacked ? sums : series.map((one) => `${one.name} ${format(Math.max(0, ...one.values))}`).join(', ')}`;
  return h(
    'figure',
    { class: 'chart' },
    h('figcaption', {}, caption),
    s('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': label }, axis, marks),
    legend(series),
    dataTable(caption, minutes, series, format),
  );
}

/** Horizontal bars, one per row: `rows` is [{ name, value }]. */
export function barChart({ caption, rows, format = count }) {
  const top = Math.max(1, ...rows.map((row) => row.value));
  const rowH = 22;
  const height = Math.max(rowH, rows.length * rowH);
  const bars = rows.map((row, i) => [
    s('text', { x: 0, y: i * rowH + 15, 'font-size': 12, fill: 'currentColor' }, row.name),
    s('rect', {
      x: 110,
      y: i * rowH + 4,
      width: Math.max(1, (row.value / top) * (WIDTH - 180)),
      height: rowH - 8,
      fill: colorOf(i),
    }),
    s(
      'text',
      { x: 116 + (row.value / top) * (WIDTH - 180), y: i * rowH + 15, 'font-size': 12, fill: 'currentColor' },
      format(row.value),
    ),
  ]);
  const label = `${caption}: ${rows.map((row) => `${row.name} ${format(row.value)}`).join(', ') || 'none'}`;
  return h(
    'figure',
    { class: 'chart' },
    h('figcaption', {}, caption),
    s('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': label }, bars),
  );
}
