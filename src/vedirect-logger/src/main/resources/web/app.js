'use strict';
// The logger's page (docs/web-page.md): live cards from /events, history from /api/history, the logger from
// /api/logger and /status. Read-only: it only GETs. Everything it loads comes from the logger itself.
(() => {
  const devicesEl = document.getElementById('devices');
  const chartsEl = document.getElementById('charts');
  const connection = document.getElementById('connection');
  const cards = new Map();   // device name -> { el, recordAt (performance.now() of its last record) }
  const plots = new Map();   // device name -> [uPlot]
  let range = '24h';
  // Whether there is a store to ask: without one the history API is a 404, which a browser logs as an error.
  const storeOn = fetch('api/logger').then(r => r.json()).then(l => l.store.on, () => true);
  // The history answers the charts were drawn from, by "device/range": for the page's tests and users' scripts.
  window.vedirectHistory = {};

  function make(tag, attrs, text) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function age(seconds) {
    if (seconds < 90) return Math.max(0, Math.round(seconds)) + ' s ago';
    if (seconds < 5400) return Math.round(seconds / 60) + ' min ago';
    if (seconds < 172800) return Math.round(seconds / 3600) + ' h ago';
    return Math.round(seconds / 86400) + ' days ago';
  }

  function newCard(name) {
    const el = make('article', { class: 'card', 'data-device': name });
    const h = make('h2');
    h.append(make('span', {}, name), make('span', { class: 'badge state' }));
    el.append(h, make('div', { class: 'ident' }), make('div', { class: 'age' }), make('div', { class: 'values' }));
    const empty = devicesEl.querySelector('.empty');
    if (empty) empty.remove();
    const after = [...devicesEl.children].find(c => c.dataset.device > name);
    devicesEl.insertBefore(el, after || null);
    const entry = { el, recordAt: null };
    cards.set(name, entry);
    loadHistory(name);
    return entry;
  }

  function showCard(c) {
    const entry = cards.get(c.name) || newCard(c.name);
    const el = entry.el;
    const state = el.querySelector('.state');
    state.textContent = c.up ? 'UP' : 'DOWN';
    state.className = 'badge state ' + (c.up ? 'up' : 'down');
    state.title = c.problem || '';
    el.querySelector('.ident').textContent = [c.product, c.serial && 'serial ' + c.serial, c.port].filter(Boolean).join(' · ');
    entry.recordAt = c.ageMillis == null ? null : performance.now() - c.ageMillis;
    const values = el.querySelector('.values');
    for (const v of c.values) {
      let reading = values.querySelector(`[data-label="${CSS.escape(v.label)}"]`);
      if (!reading) {
        const box = make('div', { class: 'value', title: `${v.name} (${v.label})` });
        const line = make('span', { class: 'reading' });
        reading = make('span', { 'data-device': c.name, 'data-label': v.label });
        line.append(reading, ' ', make('span', { class: 'unit' }, v.unit));
        box.append(make('span', { class: 'name' }, v.name), line);
        values.append(box);
      }
      if (reading.textContent !== v.text) reading.textContent = v.text;
    }
    tickAges();
  }

  function tickAges() {
    const now = performance.now();
    for (const { el, recordAt } of cards.values()) {
      el.querySelector('.age').textContent = recordAt == null ? 'no record yet' : 'last record ' + age((now - recordAt) / 1000);
    }
  }
  setInterval(tickAges, 1000);

  function listen() {
    const events = new EventSource('events');
    events.addEventListener('card', e => showCard(JSON.parse(e.data)));
    events.onopen = () => { connection.textContent = 'live'; connection.className = 'badge up'; };
    events.onerror = () => {
      const closed = events.readyState === EventSource.CLOSED;
      connection.textContent = closed ? 'not live (too many pages open?): reload later' : 'reconnecting…';
      connection.className = 'badge down';
    };
  }

  // ---- History -------------------------------------------------------------------------------------------------

  function colours() {
    const style = getComputedStyle(document.documentElement);
    return { text: style.getPropertyValue('--muted').trim(), line: style.getPropertyValue('--line').trim(),
      accent: style.getPropertyValue('--accent').trim(), band: style.getPropertyValue('--band').trim() };
  }

  async function loadHistory(name) {
    const asked = range;
    let box = chartsEl.querySelector(`.device-charts[data-device="${CSS.escape(name)}"]`);
    if (!box) {
      box = make('div', { class: 'device-charts', 'data-device': name });
      box.append(make('h3', {}, name), make('div', { class: 'plots' }));
      const after = [...chartsEl.children].find(c => c.dataset.device > name);
      chartsEl.insertBefore(box, after || null);
    }
    const plotsEl = box.querySelector('.plots');
    if (!await storeOn) {
      plotsEl.replaceChildren(make('p', { class: 'empty' }, 'No history: the record store is off (store.folder is empty).'));
      return;
    }
    const answer = await fetch(`api/history?device=${encodeURIComponent(name)}&range=${asked}`);
    if (asked !== range) return;
    if (!answer.ok) {
      plotsEl.replaceChildren(make('p', { class: 'empty' }, await answer.text()));
      return;
    }
    const history = await answer.json();
    window.vedirectHistory[name + '/' + asked] = history;
    draw(name, plotsEl, history);
  }

  function draw(name, plotsEl, history) {
    (plots.get(name) || []).forEach(p => p.destroy());
    plotsEl.replaceChildren();
    const c = colours();
    const width = Math.max(200, plotsEl.clientWidth);
    const made = [];
    const labels = Object.keys(history.series);
    if (!labels.length) plotsEl.append(make('p', { class: 'empty' }, 'No record in this range yet.'));
    for (const label of labels) {
      const s = history.series[label];
      const points = s.avg.filter(v => v != null).length;
      const chart = make('div', { class: 'chart', 'data-device': name, 'data-label': label, 'data-range': history.range,
        'data-points': points, 'data-first-record': history.firstRecord == null ? '' : history.firstRecord });
      plotsEl.append(chart);
      const axis = { stroke: c.text, grid: { stroke: c.line, width: 1 }, ticks: { stroke: c.line, width: 1 } };
      made.push(new uPlot({
        title: `${s.name} (${s.unit || label})`, width, height: 160,
        scales: { x: { time: true } },
        axes: [axis, { ...axis, size: 55 }],
        series: [{},
          { label: 'min', stroke: c.band, width: 1 },
          // Few points (a logger that has just begun): each as a dot, since a lone point draws no line.
          { label: 'average', stroke: c.accent, width: 1.5, points: { show: points < 60, size: 5, fill: c.accent } },
          { label: 'max', stroke: c.band, width: 1 }],
        bands: [{ series: [3, 1], fill: c.band }],
      }, [history.time, s.min, s.avg, s.max], chart));
    }
    plots.set(name, made);
  }

  function loadAllHistory() {
    for (const name of cards.keys()) loadHistory(name);
  }

  // Drawn again as often as its buckets make it worth it: a 31-day history costs the logger a second of a Pi's CPU.
  const REFRESH = { '24h': 60000, '7d': 300000, '31d': 900000 };
  let refresh = setInterval(loadAllHistory, REFRESH[range]);
  document.querySelectorAll('.ranges button').forEach(button => button.addEventListener('click', () => {
    range = button.dataset.range;
    document.querySelectorAll('.ranges button').forEach(b => b.setAttribute('aria-pressed', String(b === button)));
    loadAllHistory();
    clearInterval(refresh);
    refresh = setInterval(loadAllHistory, REFRESH[range]);
  }));
  // The charts follow their box's width (a phone turned, a window resized).
  let chartsWidth = 0;
  new ResizeObserver(() => {
    if (chartsEl.clientWidth === chartsWidth) return;
    chartsWidth = chartsEl.clientWidth;
    for (const list of plots.values()) list.forEach(p => p.setSize({ width: Math.max(200, p.root.parentElement.clientWidth), height: 160 }));
  }).observe(chartsEl);
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', loadAllHistory);

  // ---- The logger ----------------------------------------------------------------------------------------------

  function row(tbody, cells) {
    const tr = make('tr');
    cells.forEach(([text, cls]) => tr.append(make('td', cls ? { class: cls } : {}, text)));
    tbody.append(tr);
  }

  function counters(values) {
    return Object.entries(values || {}).map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(', ');
  }

  // The alarms raised now (docs/alarms.md), from /status: shown above the cards only while there are any.
  function showAlarms(alarms) {
    const section = document.getElementById('alarms');
    const body = section.querySelector('tbody');
    body.replaceChildren();
    for (const a of alarms) {
      const tr = make('tr', { 'data-device': a.device, 'data-alarm': a.alarm });
      [[a.device], [a.alarm, 'down'], [a.value || ''], ['since ' + new Date(a.since).toLocaleString()]]
        .forEach(([text, cls]) => tr.append(make('td', cls ? { class: cls } : {}, text)));
      body.append(tr);
    }
    section.hidden = alarms.length === 0;
  }

  async function loadLogger() {
    try {
      const [logger, status] = await Promise.all([fetch('api/logger').then(r => r.json()), fetch('status').then(r => r.json())]);
      const hours = logger.uptimeSeconds / 3600;
      const store = logger.store.on ? `store ${logger.store.stored} records written since the start` + (logger.store.problem ? ` (${logger.store.problem})` : '') : 'store off';
      document.getElementById('about').textContent =
        `version ${logger.version} · up ${hours < 48 ? hours.toFixed(1) + ' h' : (hours / 24).toFixed(1) + ' days'} · ${store}`;
      const destinations = document.querySelector('#destinations tbody');
      destinations.replaceChildren();
      for (const d of logger.destinations) {
        const uploads = (status.uploads || {})[d.name];
        const detail = d.name === 'csv' && d.on ? `lines ${d.count}` : counters(uploads);
        row(destinations, [[d.name], d.on ? (d.problem ? ['error: ' + d.problem, 'down'] : ['OK', 'up']) : ['off'], [detail]]);
      }
      // What the record store holds for the destinations that take every record (docs/store.md): their backlog.
      const forwarded = (status.store && status.store.destinations) || {};
      for (const [name, f] of Object.entries(forwarded)) {
        const waiting = f.backlogRecords > 0 ? `backlog ${f.backlogRecords} records since ${f.backlogOldest}` : 'no backlog';
        row(destinations, [[name + ' (store)'], [f.backlogRecords > 0 ? 'waiting' : 'OK', f.backlogRecords > 0 ? 'down' : 'up'],
          [`${waiting}, sent ${f.sent}` + (f.droppedUndelivered ? `, dropped undelivered ${f.droppedUndelivered}` : '')]]);
      }
      showAlarms(status.alarms || []);
      const files = document.querySelector('#route-files tbody');
      files.replaceChildren();
      for (const [file, state] of Object.entries(logger.routeFiles)) {
        row(files, [[file], [state, state.startsWith('UP') ? 'up' : state.startsWith('DOWN') ? 'down' : '']]);
      }
    } catch (e) {
      document.getElementById('about').textContent = 'the logger does not answer: ' + e.message;
    }
  }
  loadLogger();
  setInterval(loadLogger, 10000);
  listen();
})();
