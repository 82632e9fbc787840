// Trend charts: agreements in force per year by family and by obligation type,
// and defense cooperation agreements by category; each as a table, a PNG and an SVG.
import * as echarts from 'echarts/core';
import { LineChart, BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, MarkLineComponent, ToolboxComponent } from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import { api, qs } from '../api.js';
import { words, KIND_COLORS, errorBox, esc, table, saveFile } from '../ui.js';

echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, MarkLineComponent, ToolboxComponent, CanvasRenderer, SVGRenderer]);

function series(map, type, stack, colors) {
  return Object.entries(map)
    .filter(([, v]) => v.some((x) => x > 0))
    .map(([k, v]) => ({ name: words(k), type, stack, data: v, showSymbol: false, areaStyle: stack ? {} : undefined, itemStyle: colors?.[k] ? { color: colors[k] } : undefined, emphasis: { focus: 'series' } }));
}

// The last year of each dated source, marked on the time axis: counts after it
// rest on the sources still kept current.
function sourceEnds(meta, years) {
  const ends = new Map();
  for (const src of meta.sources) {
    if (src.agreements && src.span && years.includes(src.span[1])) {
      ends.set(src.span[1], [...(ends.get(src.span[1]) || []), src.source]);
    }
  }
  return [...ends.entries()].map(([y, names]) => ({ xAxis: String(y), label: { formatter: `${names.join(', ')} ends`, color: '#1d2433' } }));
}

function option(el, years, s, marks, forFile = false) {
  const withMarks = marks.length && s.length
    ? [{ ...s[0], markLine: { symbol: 'none', silent: true, lineStyle: { color: '#1d2433', type: 'dashed' }, data: marks } }, ...s.slice(1)]
    : s;
  return {
    animation: false,
    tooltip: { trigger: 'axis', order: 'valueDesc' },
    // A file shows every series in its legend, and no controls.
    legend: { type: forFile ? 'plain' : 'scroll', top: 0 },
    ...(forFile ? {} : {
      toolbox: { right: 10, top: 24, feature: { saveAsImage: { title: 'PNG', name: el.id, pixelRatio: 2 } } },
      dataZoom: [{ type: 'slider', bottom: 8, height: 18 }],
    }),
    grid: { left: 50, right: 20, top: forFile ? 72 : 56, bottom: forFile ? 30 : 60 },
    xAxis: { type: 'category', data: years.map(String) },
    yAxis: { type: 'value', minInterval: 1 },
    series: withMarks,
  };
}

function chart(el, years, s, marks = []) {
  const c = echarts.init(el);
  c.setOption(option(el, years, s, marks));
  return c;
}

// The chart as an SVG document: the same option drawn by ECharts' SVG renderer
// on the server-side path (no canvas, no element), at a print-friendly size.
function chartSvg(el, years, s, marks) {
  const c = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 1000, height: 520 });
  try {
    c.setOption({ ...option(el, years, s, marks, true), backgroundColor: '#fff' });
    return c.renderToSVGString();
  } finally {
    c.dispose();
  }
}

// PNG and SVG downloads under a chart: buttons, so a keyboard reaches them.
function downloads(el, c, years, s, marks, title) {
  const bar = document.createElement('div');
  bar.className = 'chart-tools';
  bar.innerHTML = `<button type="button" class="link-button png">Download PNG <span class="visually-hidden">of ${esc(title)}</span></button>
    <button type="button" class="link-button svg">Download SVG <span class="visually-hidden">of ${esc(title)}</span></button>`;
  bar.querySelector('.png').addEventListener('click', () => {
    const a = document.createElement('a');
    a.href = c.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
    a.download = `${el.id}.png`;
    document.body.append(a);
    a.click();
    a.remove();
  });
  bar.querySelector('.svg').addEventListener('click', () => saveFile(`${el.id}.svg`, 'image/svg+xml', chartSvg(el, years, s, marks)));
  el.after(bar);
}

// The same numbers as a table (every tenth year and the last), for keyboards,
// screen readers and copying.
function dataTable(years, map, name, total) {
  const keys = Object.keys(map).filter((k) => map[k].some((x) => x > 0));
  const idx = years.map((y, i) => i).filter((i) => years[i] % 10 === 0 || i === years.length - 1);
  const rows = idx.map((i) => `<tr><td>${years[i]}</td>${keys.map((k) => `<td class="num">${map[k][i]}</td>`).join('')}${total ? `<td class="num"><strong>${total[i]}</strong></td>` : ''}</tr>`);
  return `<details class="table-view"><summary>Table of the data</summary>${table(['Year', ...keys.map((k) => esc(words(k))), ...(total ? ['Total'] : [])], rows, `trend-${name}`, name)}</details>`;
}

export default async function trends(app, _m, params) {
  const from = params.get('from') || '1816';
  app.innerHTML = `<h1>Trends</h1>
    <p class="lead">Agreements in force in each year (at any time in the year), as the lifecycle engine computes them from each record. Dashed lines mark the last year of a source's data.</p>
    <section class="card"><h2>By main family</h2><p class="muted small">Each agreement counted once, under its main family (the first of mutual defense, offense, neutrality, nonaggression, consultation, defense cooperation, sectors, presence): the layers add up to the agreements in force, <span id="total-now"></span>.</p><div id="c-family" class="chart" role="img" aria-label="Stacked chart of agreements in force per year by main family"></div><div id="t-family"></div></section>
    <section class="card"><h2>By obligation type</h2><p class="muted small">Agreements with at least one directed obligation of the type: an agreement with several types is in several lines.</p><div id="c-kind" class="chart" role="img" aria-label="Chart of agreements in force per year by obligation type"></div><div id="t-kind"></div></section>
    <section class="card"><h2>Defense cooperation agreements by category</h2><p class="muted small">General (framework) DCAs and sector agreements; an agreement of several sectors is in each.</p><div id="c-dca" class="chart" role="img" aria-label="Chart of defense cooperation agreements in force per year by category"></div><div id="t-dca"></div></section>`;
  let t;
  let meta;
  try {
    [t, meta] = await Promise.all([api(`/trends${qs({ from })}`), api('/meta')]);
  } catch (e) {
    app.innerHTML += errorBox(e);
    return;
  }
  const marks = sourceEnds(meta, t.years);
  const family = series(t.by_main_family, 'line', 'f');
  family.push({ name: 'total', type: 'line', data: t.total, showSymbol: false, lineStyle: { width: 0 }, itemStyle: { color: '#1d2433' }, tooltip: { show: true } });
  const now = t.years.length - 1;
  app.querySelector('#total-now').textContent = `${t.total[now].toLocaleString()} in ${t.years[now]}`;
  const drawn = [
    ['#c-family', family, 'agreements in force by main family'],
    ['#c-kind', series(t.by_obligation, 'line', null, KIND_COLORS), 'agreements in force by obligation type'],
    ['#c-dca', series(t.dca_by_category, 'line', null), 'DCAs in force by category'],
  ];
  const charts = drawn.map(([sel, s, title]) => {
    const el = app.querySelector(sel);
    const c = chart(el, t.years, s, marks);
    downloads(el, c, t.years, s, marks, title);
    return c;
  });
  app.querySelector('#t-family').innerHTML = dataTable(t.years, t.by_main_family, 'by main family', t.total);
  app.querySelector('#t-kind').innerHTML = dataTable(t.years, t.by_obligation, 'by obligation type');
  app.querySelector('#t-dca').innerHTML = dataTable(t.years, t.dca_by_category, 'DCAs by category');
  app.querySelector('#c-family').dataset.total = String(t.total[now]);
  const resize = () => charts.forEach((c) => c.resize());
  window.addEventListener('resize', resize);
  return () => { window.removeEventListener('resize', resize); charts.forEach((c) => c.dispose()); };
}
