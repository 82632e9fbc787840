// Trend charts: agreements in force per year by family and by obligation type,
// and defense cooperation agreements by category.
import * as echarts from 'echarts/core';
import { LineChart, BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent, DataZoomComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { api, qs } from '../api.js';
import { words, KIND_COLORS, errorBox } from '../ui.js';

echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, CanvasRenderer]);

function series(map, type, stack, colors) {
  return Object.entries(map)
    .filter(([, v]) => v.some((x) => x > 0))
    .map(([k, v]) => ({ name: words(k), type, stack, data: v, showSymbol: false, areaStyle: stack ? {} : undefined, itemStyle: colors?.[k] ? { color: colors[k] } : undefined, emphasis: { focus: 'series' } }));
}

function chart(el, years, s, opts = {}) {
  const c = echarts.init(el);
  c.setOption({
    animation: false,
    tooltip: { trigger: 'axis', order: 'valueDesc' },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 50, right: 20, top: 44, bottom: 60 },
    dataZoom: [{ type: 'slider', bottom: 8, height: 18 }],
    xAxis: { type: 'category', data: years },
    yAxis: { type: 'value', minInterval: 1 },
    series: s,
  });
  return c;
}

export default async function trends(app, _m, params) {
  const from = params.get('from') || '1816';
  app.innerHTML = `<h1>Trends</h1>
    <p class="lead">Agreements in force in each year (at any time in the year), as the lifecycle engine computes them from each record.</p>
    <section class="card"><h2>By family</h2><div id="c-family" class="chart"></div></section>
    <section class="card"><h2>By obligation type</h2><p class="muted small">Agreements with at least one directed obligation of the type.</p><div id="c-kind" class="chart"></div></section>
    <section class="card"><h2>Defense cooperation agreements by category</h2><p class="muted small">General (framework) DCAs and sector agreements.</p><div id="c-dca" class="chart"></div></section>`;
  let t;
  try {
    t = await api(`/trends${qs({ from })}`);
  } catch (e) {
    app.innerHTML += errorBox(e);
    return;
  }
  const charts = [
    chart(app.querySelector('#c-family'), t.years, series(t.by_family, 'line', 'f')),
    chart(app.querySelector('#c-kind'), t.years, series(t.by_obligation, 'line', null, KIND_COLORS)),
    chart(app.querySelector('#c-dca'), t.years, series(t.dca_by_category, 'bar', 'd')),
  ];
  const resize = () => charts.forEach((c) => c.resize());
  window.addEventListener('resize', resize);
  return () => { window.removeEventListener('resize', resize); charts.forEach((c) => c.dispose()); };
}
