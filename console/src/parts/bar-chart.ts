import { h, svg } from '../dom.js';

/** One bar: its label and value. */
export interface Bar {
  label: string;
  value: number;
}

/** A round upper bound for the axis (1, 2 or 5 times a power of ten). */
function niceMaximum(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((step) => step * power >= value) ?? 10) * power;
}

/**
 * An SVG bar chart drawn by hand (no chart library): vertical bars over time, or horizontal bars
 * for categories. Each bar has a <title> tooltip; the figure's caption names it for screen readers.
 */
export function barChart(title: string, bars: Bar[], format: (value: number) => string, options: { horizontal?: boolean; testId?: string; width?: number } = {}): HTMLElement {
  const figure = h('figure', { class: 'chart', 'data-testid': options.testId });
  const caption = h('figcaption', {}, title);
  if (bars.length === 0 || bars.every((bar) => bar.value === 0)) {
    figure.append(caption, h('p', { class: 'empty' }, '—'));
    return figure;
  }
  const maximum = niceMaximum(Math.max(...bars.map((bar) => bar.value)));
  const width = options.width ?? 720;
  const chart = options.horizontal ? horizontal(bars, maximum, format, width) : vertical(bars, maximum, format, width);
  chart.setAttribute('role', 'img');
  chart.setAttribute('aria-label', `${title}: ${bars.map((bar) => `${bar.label} ${format(bar.value)}`).join(', ')}`);
  figure.append(caption, chart);
  return figure;
}

function bar(x: number, y: number, barWidth: number, barHeight: number, tooltip: string): SVGElement {
  return svg('rect', { x, y, width: Math.max(barWidth, 0), height: Math.max(barHeight, 0), rx: 2, class: 'bar' }, svg('title', {}, tooltip));
}

function vertical(bars: Bar[], maximum: number, format: (value: number) => string, width: number): SVGElement {
  const height = 200;
  const left = 56;
  const bottom = 28;
  const plotHeight = height - bottom - 10;
  const slot = (width - left - 8) / bars.length;
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'bar-chart' });
  for (const fraction of [0, 0.5, 1]) {
    const y = 10 + plotHeight * (1 - fraction);
    root.append(svg('line', { x1: left, x2: width - 8, y1: y, y2: y, class: 'grid' }),
      svg('text', { x: left - 6, y: y + 4, 'text-anchor': 'end', class: 'axis' }, format(maximum * fraction)));
  }
  const labelEvery = Math.ceil(bars.length / 10);
  bars.forEach((item, index) => {
    const barHeight = (item.value / maximum) * plotHeight;
    const x = left + index * slot + slot * 0.15;
    root.append(bar(x, 10 + plotHeight - barHeight, slot * 0.7, barHeight, `${item.label}: ${format(item.value)}`));
    if (index % labelEvery === 0) root.append(svg('text', { x: x + slot * 0.35, y: height - 8, 'text-anchor': 'middle', class: 'axis' }, item.label));
  });
  return root;
}

function horizontal(bars: Bar[], maximum: number, format: (value: number) => string, width: number): SVGElement {
  const row = 26;
  const left = 170;
  const right = 90;
  const height = bars.length * row + 8;
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'bar-chart' });
  bars.forEach((item, index) => {
    const y = 4 + index * row;
    const barWidth = (item.value / maximum) * (width - left - right);
    const label = item.label.length > 24 ? `${item.label.slice(0, 23)}…` : item.label;
    root.append(svg('text', { x: left - 8, y: y + 16, 'text-anchor': 'end', class: 'axis' }, label),
      bar(left, y + 3, barWidth, row - 8, `${item.label}: ${format(item.value)}`),
      svg('text', { x: left + barWidth + 6, y: y + 16, class: 'value' }, format(item.value)));
  });
  return root;
}
