// gridpin map: draws the street, its cases, hot spots and sweep routes from the JSON in
// #gridpin-data (written by `gridpin map`, described in Sources/GridLedger/MapData.swift) on one
// canvas. Plain JavaScript, no libraries. Coordinates are metres east and north in a local plane.
'use strict';
(function () {
  const scriptStart = performance.now();
  const data = JSON.parse(document.getElementById('gridpin-data').textContent);
  const canvas = document.getElementById('map');
  const ctx = canvas.getContext('2d');
  const tip = document.getElementById('tip');
  const L = data.layers, C = data.cases, S = data.sweeps, n = C.count;
  const X = Float64Array.from(C.x), Y = Float64Array.from(C.y);

  // ---- Styles ----------------------------------------------------------------------------
  const BACKGROUND = '#eceae4';
  const GRID_RAMP = ['rgba(0,0,0,0)', 'rgba(253,208,162,.45)', 'rgba(253,174,107,.5)', 'rgba(253,141,60,.5)', 'rgba(230,85,13,.5)', 'rgba(166,54,3,.5)'];
  const ROADS = { main: ['#e09a2c', 3], secondary: ['#efc545', 2.2], branch: ['#a3a09a', 1.4], alley: ['#c9c5bc', 1] };
  const DAY_COLOURS = ['#1f5fbf', '#c62828', '#2e7d32', '#6a1b9a', '#ef6c00', '#00838f', '#ad1457', '#4e342e'];
  const LAYERS = [
    ['grids', '网格（按未结案件着色）', 'Grids, shaded by open cases'],
    ['communities', '社区边界', 'Community edges'],
    ['compounds', '小区', 'Residential compounds'],
    ['roads', '道路', 'Roads'],
    ['markets', '农贸市场及周边', 'Markets and surroundings'],
    ['sites', '建筑工地', 'Construction sites'],
    ['schools', '学校及周边', 'Schools and their zones'],
    ['venues', '公共场所', 'Public venues'],
    ['hotspots', '热点', 'Hot spots'],
    ['cases', '案卷', 'Cases'],
    ['sweeps', '整治路线', 'Sweep routes'],
  ];
  const shown = {};
  for (const [key] of LAYERS) shown[key] = true;
  const hiddenCategory = new Set();

  const statusKey = s => data.statuses[s][0];
  const dayColour = day => DAY_COLOURS[Math.max(0, S.days.indexOf(day)) % DAY_COLOURS.length];
  const maxOpen = Math.max(1, ...L.grids.map(g => g.open));
  const gridClass = open => (open === 0 ? 0 : Math.min(5, Math.ceil((5 * open) / maxOpen)));

  // ---- Bounding boxes, for skipping what is off screen -------------------------------------
  function boxOf(parts) {
    const b = [Infinity, Infinity, -Infinity, -Infinity];
    for (const p of parts) {
      for (let i = 0; i < p.length; i += 2) {
        if (p[i] < b[0]) b[0] = p[i];
        if (p[i + 1] < b[1]) b[1] = p[i + 1];
        if (p[i] > b[2]) b[2] = p[i];
        if (p[i + 1] > b[3]) b[3] = p[i + 1];
      }
    }
    return b;
  }
  function box(f, key) {
    const cached = '_' + key;
    if (!f[cached]) f[cached] = boxOf(f[key]);
    return f[cached];
  }
  const extent = box(L.boundary[0], 'rings').slice();
  const grow = (x, y) => {
    extent[0] = Math.min(extent[0], x); extent[1] = Math.min(extent[1], y);
    extent[2] = Math.max(extent[2], x); extent[3] = Math.max(extent[3], y);
  };
  for (let i = 0; i < n; i++) grow(X[i], Y[i]);
  for (const r of S.routes) { const b = box(r, 'lines'); grow(b[0], b[1]); grow(b[2], b[3]); }
  for (const s of S.stops) grow(s.x, s.y);

  // ---- The view: centre (metres) and scale (CSS pixels per metre) ---------------------------
  const view = { x: 0, y: 0, s: 1 };
  let W = 0, H = 0, dpr = 1;
  const sx = x => (x - view.x) * view.s + W / 2;
  const sy = y => H / 2 - (y - view.y) * view.s;
  const wx = screenX => (screenX - W / 2) / view.s + view.x;
  const wy = screenY => view.y - (screenY - H / 2) / view.s;
  const px = p => p / view.s; // CSS pixels in metres

  function resize() {
    dpr = window.devicePixelRatio || 1;
    W = canvas.clientWidth; H = canvas.clientHeight;
    canvas.width = Math.round(W * dpr); canvas.height = Math.round(H * dpr);
  }
  function fit() {
    const pad = 40, right = W > 700 ? 300 : 0;
    view.s = Math.min((W - right - 2 * pad) / Math.max(1, extent[2] - extent[0]), (H - 2 * pad) / Math.max(1, extent[3] - extent[1]));
    view.x = (extent[0] + extent[2]) / 2 + right / 2 / view.s;
    view.y = (extent[1] + extent[3]) / 2;
  }
  function zoomAt(cx, cy, factor) {
    const x = wx(cx), y = wy(cy);
    view.s = Math.min(200, Math.max(0.01, view.s * factor));
    view.x = x - (cx - W / 2) / view.s;
    view.y = y + (cy - H / 2) / view.s;
  }
  const worldTransform = () => {
    const k = view.s * dpr;
    ctx.setTransform(k, 0, 0, -k, (W / 2 - view.x * view.s) * dpr, (H / 2 + view.y * view.s) * dpr);
  };
  const screenTransform = () => ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  const onScreen = b => !(b[2] < wx(0) || b[0] > wx(W) || b[3] < wy(H) || b[1] > wy(0));

  // ---- Drawing --------------------------------------------------------------------------
  function trace(parts, closed) {
    ctx.beginPath();
    for (const p of parts) {
      ctx.moveTo(p[0], p[1]);
      for (let i = 2; i < p.length; i += 2) ctx.lineTo(p[i], p[i + 1]);
      if (closed) ctx.closePath();
    }
  }

  /** Fills and outlines the areas (`key`: rings or zone) on screen; returns how many. */
  function areas(list, fill, stroke, width, dash, key) {
    key = key || 'rings';
    let count = 0;
    ctx.setLineDash(dash ? dash.map(px) : []);
    ctx.lineWidth = px(width);
    for (const f of list) {
      if (!onScreen(box(f, key))) continue;
      trace(f[key], true);
      if (fill) { ctx.fillStyle = typeof fill === 'function' ? fill(f) : fill; ctx.fill('evenodd'); }
      if (stroke) { ctx.strokeStyle = stroke; ctx.stroke(); }
      count++;
    }
    ctx.setLineDash([]);
    return count;
  }

  /** Roads by class, narrow ones first; as wide as they are when zoomed in. */
  function roads() {
    let count = 0;
    ctx.lineCap = 'round'; ctx.lineJoin = 'round';
    for (const cls of ['alley', 'branch', 'secondary', 'main']) {
      const [colour, minPx] = ROADS[cls];
      for (const r of L.roads) {
        if (r.class !== cls || !onScreen(box(r, 'lines'))) continue;
        trace(r.lines, false);
        ctx.strokeStyle = colour;
        ctx.lineWidth = Math.max(px(minPx), r.width);
        ctx.stroke();
        count++;
      }
    }
    return count;
  }

  function communityNames() {
    screenTransform();
    ctx.font = '600 13px system-ui, sans-serif'; ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
    ctx.lineWidth = 3; ctx.strokeStyle = 'rgba(255,255,255,.85)'; ctx.fillStyle = '#333';
    for (const c of L.communities) {
      const b = box(c, 'rings');
      const x = sx((b[0] + b[2]) / 2), y = sy((b[1] + b[3]) / 2);
      ctx.strokeText(c.name, x, y); ctx.fillText(c.name, x, y);
    }
    worldTransform();
  }

  // Cases by category, each split into closed or void (drawn faded, first) and open.
  const groups = new Map();
  for (let i = 0; i < n; i++) {
    const c = C.category[i];
    if (!groups.has(c)) groups.set(c, [[], []]);
    const done = statusKey(C.status[i]) === 'closed' || statusKey(C.status[i]) === 'void';
    groups.get(c)[done ? 0 : 1].push(i);
  }
  // Each list from the top of the map down, so that stamping dots walks the image's memory in order.
  for (const lists of groups.values()) for (const list of lists) list.sort((a, b) => Y[b] - Y[a]);
  const radius = () => Math.max(2, Math.min(6, 2.6 + Math.log2(view.s)));

  /** The pixels of a dot of radius r (device pixels) around its centre pixel: offsets, coverage
   *  (anti-aliased edge) and how white each is (a thin rim, when `rim`). */
  function stampOf(r, rim) {
    const dx = [], dy = [], cover = [], white = [];
    const R = Math.ceil(r + 1);
    for (let y = -R; y <= R; y++) {
      for (let x = -R; x <= R; x++) {
        const d = Math.hypot(x, y), c = Math.min(1, r + 0.5 - d);
        if (c <= 0) continue;
        dx.push(x); dy.push(y); cover.push(c);
        white.push(rim ? Math.min(1, Math.max(0, d - (r - 1.2 * dpr))) : 0);
      }
    }
    return { n: dx.length, R, dx, dy, cover, white };
  }
  const rgb = hex => [1, 3, 5].map(k => parseInt(hex.slice(k, k + 2), 16));
  const dotLayer = document.createElement('canvas');
  let image = null; // the dots' pixels, kept while the canvas keeps its size

  /** The cases as dots coloured by category, stamped pixel by pixel into an image laid over the
   *  map (far faster than a path per dot at 100,000 cases); returns how many are on screen. */
  function points() {
    const w = canvas.width, h = canvas.height;
    if (!image || image.width !== w || image.height !== h) image = ctx.createImageData(w, h); else image.data.fill(0);
    const pixels = image.data;
    const k = view.s * dpr, ox = (W / 2 - view.x * view.s) * dpr, oy = (H / 2 + view.y * view.s) * dpr;
    const st = stampOf(radius() * dpr, n <= 20000 || view.s > 4);
    let count = 0;
    for (const pass of [0, 1]) {
      const alpha = pass === 0 ? 0.4 : 0.95;
      for (const [cat, lists] of groups) {
        if (hiddenCategory.has(cat)) continue;
        const [cr, cg, cb] = rgb(data.categories[cat][3]);
        for (const i of lists[pass]) {
          const cx = Math.round(X[i] * k + ox), cy = Math.round(oy - Y[i] * k);
          if (cx < -st.R || cy < -st.R || cx >= w + st.R || cy >= h + st.R) continue;
          count++;
          for (let j = 0; j < st.n; j++) {
            const x = cx + st.dx[j], y = cy + st.dy[j];
            if (x < 0 || y < 0 || x >= w || y >= h) continue;
            // "source over" on straight (not premultiplied) colour
            const o = (y * w + x) * 4, a = st.cover[j] * alpha, wh = st.white[j];
            const da = (pixels[o + 3] / 255) * (1 - a), oa = a + da;
            pixels[o] = ((cr + (255 - cr) * wh) * a + pixels[o] * da) / oa;
            pixels[o + 1] = ((cg + (255 - cg) * wh) * a + pixels[o + 1] * da) / oa;
            pixels[o + 2] = ((cb + (255 - cb) * wh) * a + pixels[o + 2] * da) / oa;
            pixels[o + 3] = oa * 255;
          }
        }
      }
    }
    if (dotLayer.width !== w || dotLayer.height !== h) { dotLayer.width = w; dotLayer.height = h; }
    dotLayer.getContext('2d').putImageData(image, 0, 0);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(dotLayer, 0, 0);
    worldTransform();
    return count;
  }

  function hotspots() {
    let count = 0;
    ctx.setLineDash([px(6), px(3)]);
    ctx.lineWidth = px(2);
    for (const h of data.hotspots) {
      if (!onScreen(box(h, 'rings'))) continue;
      trace(h.rings, true);
      ctx.globalAlpha = 0.22; ctx.fillStyle = h.fill; ctx.fill('evenodd');
      ctx.globalAlpha = 1; ctx.strokeStyle = h.fill; ctx.stroke();
      count++;
    }
    ctx.setLineDash([]);
    return count;
  }

  /** Sweep routes in their day's colour, and numbered stops; returns [routes, stops]. */
  function sweeps() {
    let routes = 0, stops = 0;
    ctx.lineCap = 'round'; ctx.lineJoin = 'round';
    for (const r of S.routes) {
      if (!onScreen(box(r, 'lines'))) continue;
      trace(r.lines, false);
      ctx.strokeStyle = '#fff'; ctx.lineWidth = px(7); ctx.stroke();
      ctx.strokeStyle = dayColour(r.day); ctx.lineWidth = px(4); ctx.stroke();
      routes++;
    }
    screenTransform();
    ctx.font = '700 11px system-ui, sans-serif'; ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
    for (const s of S.stops) {
      const x = sx(s.x), y = sy(s.y);
      if (x < -10 || y < -10 || x > W + 10 || y > H + 10) continue;
      ctx.beginPath(); ctx.arc(x, y, 9, 0, 2 * Math.PI);
      ctx.fillStyle = dayColour(s.day); ctx.fill();
      ctx.lineWidth = 2; ctx.strokeStyle = '#fff'; ctx.stroke();
      ctx.fillStyle = '#fff'; ctx.fillText(String(s.stop), x, y + 0.5);
      stops++;
    }
    worldTransform();
    return [routes, stops];
  }

  /** Draws everything; returns how many features of each layer were drawn. */
  function draw() {
    const d = {};
    screenTransform();
    ctx.fillStyle = BACKGROUND; ctx.fillRect(0, 0, W, H);
    worldTransform();
    d.boundary = areas(L.boundary, '#fbfaf7', null, 0);
    if (shown.grids) d.grids = areas(L.grids, g => GRID_RAMP[gridClass(g.open)], '#bdb7aa', 0.6);
    if (shown.markets) d.marketZones = areas(L.markets, 'rgba(46,125,50,.07)', '#2e7d32', 1, [5, 4], 'zone');
    if (shown.schools) d.schoolZones = areas(L.schools, 'rgba(40,80,200,.07)', '#2850c8', 1, [5, 4], 'zone');
    if (shown.compounds) d.compounds = areas(L.compounds, 'rgba(120,110,95,.12)', '#8d8474', 0.8);
    if (shown.roads) d.roads = roads();
    if (shown.markets) d.markets = areas(L.markets, '#86c98f', '#2e7d32', 1);
    if (shown.sites) d.sites = areas(L.sites, '#dcb98e', '#8b5a2b', 1, [3, 2]);
    if (shown.schools) d.schools = areas(L.schools, '#a4b9f2', '#2850c8', 1);
    if (shown.venues) d.venues = areas(L.venues, '#dcb0dc', '#8e44ad', 1);
    if (shown.communities) d.communities = areas(L.communities, null, '#444', 2.2);
    areas(L.boundary, null, '#222', 2.5);
    if (shown.hotspots) d.hotspots = hotspots();
    if (shown.cases) d.cases = points();
    if (shown.sweeps) [d.routes, d.stops] = sweeps();
    if (shown.communities) communityNames();
    return d;
  }

  // ---- Redrawing: a full draw, or while moving a shifted copy of the last one when that was slow
  const snapshot = document.createElement('canvas');
  let snapView = null, lastDrawMs = 0, pending = false, timer = 0;
  function full() {
    const t = performance.now();
    const drawn = draw();
    lastDrawMs = performance.now() - t;
    snapshot.width = canvas.width; snapshot.height = canvas.height;
    snapshot.getContext('2d').drawImage(canvas, 0, 0);
    snapView = { x: view.x, y: view.y, s: view.s };
    scaleBar();
    return drawn;
  }
  function shifted() {
    const k = view.s / snapView.s;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = BACKGROUND; ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.setTransform(k, 0, 0, k, (W / 2 * (1 - k) + (snapView.x - view.x) * view.s) * dpr,
      (H / 2 * (1 - k) + (view.y - snapView.y) * view.s) * dpr);
    ctx.drawImage(snapshot, 0, 0);
    scaleBar();
  }
  function redraw() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      if (lastDrawMs < 25) { full(); return; }
      shifted();
      clearTimeout(timer);
      timer = setTimeout(full, 150);
    });
  }

  function scaleBar() {
    const target = 120 / view.s; // metres in about 120 px
    const p = Math.pow(10, Math.floor(Math.log10(target)));
    const m = [5, 2, 1].map(k => k * p).find(v => v <= target) || p;
    document.getElementById('scale-bar').style.width = Math.round(m * view.s) + 'px';
    document.getElementById('scale-text').textContent = m >= 1000 ? m / 1000 + ' km' : m + ' m';
  }

  // ---- Finding what is under the pointer ---------------------------------------------------
  // A grid of 10 m cells listing the cases in each (counting sort: start offsets, then indices).
  const CELL = 10;
  const cols = Math.max(1, Math.ceil((extent[2] - extent[0]) / CELL) + 1);
  const rows = Math.max(1, Math.ceil((extent[3] - extent[1]) / CELL) + 1);
  const col = x => Math.min(cols - 1, Math.max(0, Math.floor((x - extent[0]) / CELL)));
  const row = y => Math.min(rows - 1, Math.max(0, Math.floor((y - extent[1]) / CELL)));
  const start = new Int32Array(cols * rows + 1), cellItems = new Int32Array(n);
  for (let i = 0; i < n; i++) start[row(Y[i]) * cols + col(X[i]) + 1]++;
  for (let k = 0; k < cols * rows; k++) start[k + 1] += start[k];
  const fill = start.slice(0, cols * rows);
  for (let i = 0; i < n; i++) cellItems[fill[row(Y[i]) * cols + col(X[i])]++] = i;

  function nearestCase(x, y, r) {
    let best = -1, bestD = r * r;
    for (let rr = row(y - r); rr <= row(y + r); rr++) {
      for (let cc = col(x - r); cc <= col(x + r); cc++) {
        const k = rr * cols + cc;
        for (let j = start[k]; j < start[k + 1]; j++) {
          const i = cellItems[j];
          if (hiddenCategory.has(C.category[i])) continue;
          const d = (X[i] - x) * (X[i] - x) + (Y[i] - y) * (Y[i] - y);
          if (d < bestD) { bestD = d; best = i; }
        }
      }
    }
    return best;
  }

  function inside(rings, x, y) {
    let c = false;
    for (const p of rings) {
      for (let i = 0, j = p.length - 2; i < p.length; j = i, i += 2) {
        if ((p[i + 1] > y) !== (p[j + 1] > y) && x < ((p[j] - p[i]) * (y - p[i + 1])) / (p[j + 1] - p[i + 1]) + p[i]) c = !c;
      }
    }
    return c;
  }

  const pad2 = v => String(v).padStart(2, '0');
  function localTime(minutes) {
    const t = new Date((minutes * 60 + data.utcOffset) * 1000);
    return t.getUTCFullYear() + '-' + pad2(t.getUTCMonth() + 1) + '-' + pad2(t.getUTCDate()) + ' ' + pad2(t.getUTCHours()) + ':' + pad2(t.getUTCMinutes());
  }
  function unitNames(set) {
    if (!set) return '—';
    return set.split(';').map(id => (data.units[id] ? id + ' ' + data.units[id][0] + ' ' + data.units[id][1] : id)).join('; ');
  }

  function caseLines(i) {
    const cat = data.categories[C.category[i]], st = data.statuses[C.status[i]];
    return [
      C.prefix + C.number[i],
      cat[0] + ' ' + cat[1] + ' ' + cat[2],
      '状态 Status: ' + st[1] + ' ' + st[0] + (C.overdue[i] ? '（逾期 overdue）' : ''),
      '牵头 Lead: ' + unitNames(data.unitSets[C.lead[i]]),
      '配合 Support: ' + unitNames(data.unitSets[C.support[i]]),
      '期限 Due: ' + localTime(C.due[i]),
    ];
  }

  /** What to say about the point under (cx, cy): a stop, a case, a hot spot or a grid. */
  function describe(cx, cy, reach) {
    const x = wx(cx), y = wy(cy);
    if (shown.sweeps) {
      for (const s of S.stops) {
        if (Math.hypot(sx(s.x) - cx, sy(s.y) - cy) <= 10) {
          return ['第' + s.day + '天 第' + s.stop + '站 Day ' + s.day + ', stop ' + s.stop, s.label, s.description].filter(Boolean);
        }
      }
    }
    if (shown.cases) {
      const i = nearestCase(x, y, px(reach));
      if (i >= 0) return caseLines(i);
    }
    if (shown.hotspots) {
      for (const h of data.hotspots) if (inside(h.rings, x, y)) return [h.title, h.description];
    }
    for (const g of L.grids) {
      if (inside(g.rings, x, y)) return [g.code + ' ' + g.name + ' ' + g.nameEn, '未结案件 Open cases: ' + g.open];
    }
    return null;
  }

  function showTip(cx, cy, reach) {
    const lines = describe(cx, cy, reach);
    if (!lines) { tip.style.display = 'none'; return; }
    tip.replaceChildren(...lines.map((text, k) => {
      const div = document.createElement('div');
      div.textContent = text;
      if (k === 0) div.className = 'head';
      return div;
    }));
    tip.style.display = 'block';
    const w = tip.offsetWidth, h = tip.offsetHeight;
    tip.style.left = Math.min(cx + 14, W - w - 6) + 'px';
    tip.style.top = (cy + 14 + h > H ? cy - h - 10 : cy + 14) + 'px';
  }

  // ---- Pan and zoom: mouse wheel, drag, pinch; hover or tap for details --------------------
  const pointers = new Map();
  let moved = 0;
  canvas.addEventListener('pointerdown', e => {
    try { canvas.setPointerCapture(e.pointerId); } catch (_) { /* a synthetic event (a check) has no pointer to capture */ }
    pointers.set(e.pointerId, [e.offsetX, e.offsetY]);
    moved = 0;
    canvas.classList.add('dragging');
  });
  canvas.addEventListener('pointermove', e => {
    const p = pointers.get(e.pointerId);
    if (!p) { if (e.pointerType === 'mouse') showTip(e.offsetX, e.offsetY, 8); return; }
    const dx = e.offsetX - p[0], dy = e.offsetY - p[1];
    moved += Math.abs(dx) + Math.abs(dy);
    if (pointers.size === 1) {
      view.x -= dx / view.s; view.y += dy / view.s;
    } else if (pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      const before = [a.slice(), b.slice()];
      p[0] = e.offsetX; p[1] = e.offsetY;
      const d0 = Math.hypot(before[0][0] - before[1][0], before[0][1] - before[1][1]);
      const d1 = Math.hypot(a[0] - b[0], a[1] - b[1]);
      const m0 = [(before[0][0] + before[1][0]) / 2, (before[0][1] + before[1][1]) / 2];
      zoomAt(m0[0], m0[1], d0 > 0 ? d1 / d0 : 1);
      view.x -= ((a[0] + b[0]) / 2 - m0[0]) / view.s; view.y += ((a[1] + b[1]) / 2 - m0[1]) / view.s;
    }
    p[0] = e.offsetX; p[1] = e.offsetY;
    tip.style.display = 'none';
    redraw();
  });
  const release = e => {
    if (!pointers.delete(e.pointerId)) return;
    if (pointers.size === 0) canvas.classList.remove('dragging');
    if (moved < 6 && e.pointerType !== 'mouse') showTip(e.offsetX, e.offsetY, 16);
  };
  canvas.addEventListener('pointerup', release);
  canvas.addEventListener('pointercancel', release);
  canvas.addEventListener('pointerleave', e => { if (!pointers.size && e.pointerType === 'mouse') tip.style.display = 'none'; });
  canvas.addEventListener('wheel', e => {
    e.preventDefault();
    zoomAt(e.offsetX, e.offsetY, Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.002)));
    tip.style.display = 'none';
    redraw();
  }, { passive: false });
  canvas.addEventListener('dblclick', e => { zoomAt(e.offsetX, e.offsetY, 2); redraw(); });
  window.addEventListener('resize', () => { resize(); full(); });

  // ---- Panel: layer toggles, categories, legend ----------------------------------------------
  function element(tag, className, text) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }
  function legendRow(swatchClass, colour, text, count) {
    const r = element('div', 'row');
    const sw = element('span', 'swatch ' + swatchClass);
    sw.style.background = colour;
    r.append(sw, element('span', '', text));
    if (count !== undefined) r.append(element('span', 'count', count.toLocaleString()));
    return r;
  }
  const layerCounts = {
    grids: L.grids.length, communities: L.communities.length, compounds: L.compounds.length, roads: L.roads.length,
    markets: L.markets.length, sites: L.sites.length, schools: L.schools.length, venues: L.venues.length,
    hotspots: data.hotspots.length, cases: n, sweeps: S.stops.length,
  };
  const layersBox = document.getElementById('layers');
  for (const [key, zh, en] of LAYERS) {
    const label = element('label');
    const check = element('input');
    check.type = 'checkbox'; check.checked = true;
    check.addEventListener('change', () => { shown[key] = check.checked; full(); });
    label.append(check, element('span', '', zh + ' ' + en), element('span', 'count', layerCounts[key].toLocaleString()));
    layersBox.append(label);
  }
  const categoryBox = document.getElementById('categories');
  const perCategory = [...groups].map(([cat, lists]) => [cat, lists[0].length + lists[1].length]).sort((a, b) => b[1] - a[1]);
  for (const [cat, count] of perCategory) {
    const c = data.categories[cat];
    const r = legendRow('dot', c[3], c[0] + ' ' + c[1] + ' ' + c[2], count);
    r.style.cursor = 'pointer';
    r.addEventListener('click', () => {
      if (hiddenCategory.has(cat)) hiddenCategory.delete(cat); else hiddenCategory.add(cat);
      r.classList.toggle('off', hiddenCategory.has(cat));
      full();
    });
    categoryBox.append(r);
  }
  const legend = document.getElementById('legend');
  legend.append(element('div', '', '网格未结案件 Open cases per grid'));
  legend.append(legendRow('', '#fbfaf7', '0'));
  for (let k = 1; k <= 5; k++) {
    const lo = Math.floor((maxOpen * (k - 1)) / 5) + 1, hi = Math.floor((maxOpen * k) / 5);
    if (hi >= lo) legend.append(legendRow('', GRID_RAMP[k], lo === hi ? String(lo) : lo + '–' + hi));
  }
  for (const [cls, zh] of data.roadClasses) legend.append(legendRow('line', ROADS[cls][0], zh + ' ' + cls + ' road'));
  legend.append(legendRow('', '#86c98f', '农贸市场 Market (虚线：周边 dashed: surroundings)'));
  legend.append(legendRow('', '#dcb98e', '建筑工地 Construction site'));
  legend.append(legendRow('', '#a4b9f2', '学校 School (虚线：周边 dashed: its zone)'));
  legend.append(legendRow('', '#dcb0dc', '公共场所 Public venue'));
  legend.append(legendRow('', 'rgba(120,110,95,.3)', '小区 Residential compound'));
  if (data.hotspots.length) legend.append(legendRow('', 'rgba(215,48,31,.4)', '热点 Hot spot (DBSCAN)'));
  for (const day of S.days) legend.append(legendRow('dot', dayColour(day), '第' + day + '天路线与站点 Day ' + day + ' route and stops'));
  legend.append(element('div', '', '淡色圆点：已结案或作废 Faded dots: closed or void'));
  document.getElementById('toggle').addEventListener('click', () => document.getElementById('panel').classList.toggle('hidden'));

  let open = 0, overdue = 0;
  for (let i = 0; i < n; i++) {
    const k = statusKey(C.status[i]);
    if (k !== 'closed' && k !== 'void') open++;
    overdue += C.overdue[i];
  }
  document.getElementById('title').textContent = data.title;
  document.getElementById('summary').textContent = n.toLocaleString() + ' 件案卷 cases · ' + open.toLocaleString() + ' 未结 open · ' +
    overdue.toLocaleString() + ' 逾期 overdue' + (data.hotspots.length ? ' · ' + data.hotspots.length + ' 热点 hot spots' : '') +
    ' · 截至 as of ' + data.now.slice(0, 16).replace('T', ' ');

  // ---- First draw, and what it drew for checks (`make map-check`) -----------------------
  resize();
  fit();
  const drawn = full();
  // Milliseconds since the page was opened: when this script started, and when the first draw ended.
  drawn.scriptStart = Math.round(scriptStart);
  drawn.drawMs = Math.round(lastDrawMs);
  drawn.ms = Math.round(performance.now());
  drawn.errors = window.gridpinErrors || [];
  document.getElementById('stats').textContent = JSON.stringify(drawn);
  // For checks that drive the page (bench/map): what was drawn, and where case i is on screen.
  window.gridpin = { drawn, screenOf: i => [sx(X[i]), sy(Y[i])] };
})();
