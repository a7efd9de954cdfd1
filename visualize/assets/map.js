// Backchannel map page: draws the network on one canvas from positions computed in Python.
// Every string from the data is placed with textContent or drawn on the canvas: nothing from
// the data is ever parsed as HTML. No request leaves the page.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("bc-data").textContent);
  var N = data.nodes, E = data.edges;
  var bc = window.backchannel = { data: data, firstDrawMs: null, day: data.day, selected: null, labelsDrawn: 0 };

  function $(id) { return document.getElementById(id); }
  function text(el, value) { el.textContent = value == null ? "" : String(value); return el; }
  function cut(s, n) { s = String(s == null ? "" : s); return s.length > n ? s.slice(0, n - 1) + "\u2026" : s; }
  function iso(d) { return new Date(d * 864e5).toISOString().slice(0, 10); }

  text($("bc-title"), cut(data.title, 300)).title = cut(data.title, 300);
  var sub = text($("bc-subtitle"), data.subtitle);
  if (data.warning) sub.className = "bc-warning";
  document.title = cut(data.title, 200);
  text($("bc-notes"), (data.notes || []).join("  "));

  // ---- view ----
  var main = $("bc-main"), canvas = $("bc-canvas"), ctx = canvas.getContext("2d");
  var W = 0, H = 0, dpr = 1, view = { s: 1, x: 0, y: 0 };
  var SX = new Float64Array(N.length), SY = new Float64Array(N.length), SR = new Float64Array(N.length);
  var shown = new Uint8Array(N.length);
  var FADED = "rgba(160,160,160,0.22)", ANSWER = "#D55E00";
  var DASH = { solid: [], dashed: [6, 4], dotted: [1.5, 3], dashdot: [8, 3, 2, 3] };

  function resize() {
    dpr = window.devicePixelRatio || 1;
    W = main.clientWidth; H = main.clientHeight;
    canvas.width = Math.max(1, Math.round(W * dpr)); canvas.height = Math.max(1, Math.round(H * dpr));
  }
  function fit() {
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (var i = 0; i < N.length; i++) {
      var n = N[i];
      if (n.x < x0) x0 = n.x; if (n.x > x1) x1 = n.x; if (n.y < y0) y0 = n.y; if (n.y > y1) y1 = n.y;
    }
    if (!isFinite(x0)) { x0 = y0 = 0; x1 = y1 = 1; }
    var pad = 40, s = Math.min((W - 2 * pad) / Math.max(x1 - x0, 1), (H - 2 * pad) / Math.max(y1 - y0, 1));
    view.s = Math.max(Math.min(s, 2.5), 1e-4);
    view.x = W / 2 - view.s * (x0 + x1) / 2; view.y = H / 2 - view.s * (y0 + y1) / 2;
  }

  // ---- patterns (party colours past the palette) ----
  var patternCache = {};
  function paint(c, fill, pat) {
    if (!pat) return fill;
    var key = fill + pat;
    if (!patternCache[key]) {
      var t = document.createElement("canvas"); t.width = t.height = 8;
      var p = t.getContext("2d");
      p.fillStyle = fill; p.fillRect(0, 0, 8, 8);
      p.fillStyle = p.strokeStyle = "rgba(0,0,0,0.6)"; p.lineWidth = 1.4;
      if (pat === "stripes") { p.beginPath(); p.moveTo(-2, 10); p.lineTo(10, -2); p.moveTo(-2, 2); p.lineTo(2, -2); p.moveTo(6, 10); p.lineTo(10, 6); p.stroke(); }
      else if (pat === "dots") { p.beginPath(); p.arc(4, 4, 1.6, 0, 7); p.fill(); }
      else if (pat === "grid") { p.beginPath(); p.moveTo(0, 4); p.lineTo(8, 4); p.moveTo(4, 0); p.lineTo(4, 8); p.stroke(); }
      else if (pat === "rings") { p.beginPath(); p.arc(4, 4, 2.4, 0, 7); p.stroke(); }
      patternCache[key] = t;
    }
    return c.createPattern(patternCache[key], "repeat");
  }

  // ---- shapes, shared by the map and the legend ----
  function shapePath(c, shape, x, y, r) {
    c.beginPath();
    if (shape === "square") c.rect(x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8);
    else if (shape === "diamond") { c.moveTo(x, y - r * 1.25); c.lineTo(x + r * 1.25, y); c.lineTo(x, y + r * 1.25); c.lineTo(x - r * 1.25, y); c.closePath(); }
    else c.arc(x, y, r, 0, 2 * Math.PI);
  }
  // the answer (channels, bridges) is the map's day's: on another day the slider shows, it is dimmed
  function offDay() { return !!data.answer && bc.day !== data.day; }
  function drawNode(c, n, x, y, r, faded, dim) {
    shapePath(c, n.shape, x, y, r);
    c.fillStyle = faded ? FADED : paint(c, n.fill, r >= 3 ? n.pat : "");
    c.fill();
    if (r >= 1.5) {
      var bw = Math.min(n.bw, Math.max(1, r / 2));
      c.strokeStyle = faded && n.bs !== "double" ? FADED : n.bc;
      c.lineWidth = n.bs === "double" ? Math.max(1, bw / 3) : bw;
      c.setLineDash(n.bs === "dashed" ? [4, 3] : n.bs === "dotted" ? [1, 2.5] : []);
      c.lineCap = n.bs === "dotted" ? "round" : "butt";
      c.stroke();
      if (n.bs === "double") { shapePath(c, n.shape, x, y, r + bw * 0.7); c.stroke(); }
      c.setLineDash([]);
    }
    if (n.mark) {
      var rr = r + 3, lw = 2.5, col = ANSWER, alpha = c.globalAlpha;
      if (dim && n.mark !== "focus") c.globalAlpha = alpha * 0.3;
      if (n.mark === "contact") { rr = r + 4; lw = 4; }
      if (n.mark === "focus") { col = "#000"; rr = r + 5; lw = 2.5; }
      shapePath(c, "circle", x, y, rr); c.strokeStyle = col; c.lineWidth = lw; c.stroke();
      if (n.mark === "focus") { shapePath(c, "circle", x, y, rr + 4); c.lineWidth = 1; c.stroke(); }
      if (n.mark === "contact") {  // a star above the node
        c.fillStyle = ANSWER; c.font = "bold " + Math.round(12 + r) + "px system-ui, sans-serif";
        c.textAlign = "center"; c.textBaseline = "bottom"; c.fillText("\u2605", x, y - rr);
      }
      c.globalAlpha = alpha;
    }
    if (n.sv) drawBadge(c, n.sv, x + r * 0.9 + 3, y - r * 0.9 - 3);
  }
  // a badge on a node or link resting on records marked restricted (R) or confidential (C)
  var SV = { restricted: "R", confidential: "C" };
  function drawBadge(c, sv, x, y) {
    var h = 11, w = 11;
    c.fillStyle = "#000"; c.fillRect(x - w / 2, y - h / 2, w, h);
    c.strokeStyle = "#fff"; c.lineWidth = 1; c.strokeRect(x - w / 2, y - h / 2, w, h);
    c.fillStyle = "#fff"; c.font = "bold 9px system-ui, 'DejaVu Sans', sans-serif";
    c.textAlign = "center"; c.textBaseline = "middle"; c.fillText(SV[sv] || "?", x, y + 0.5);
  }
  function drawArrow(c, x0, y0, x1, y1, size) {
    var a = Math.atan2(y1 - y0, x1 - x0);
    c.beginPath(); c.moveTo(x1, y1);
    c.lineTo(x1 - size * Math.cos(a - 0.4), y1 - size * Math.sin(a - 0.4));
    c.lineTo(x1 - size * Math.cos(a + 0.4), y1 - size * Math.sin(a + 0.4));
    c.closePath(); c.fill();
  }

  // ---- what is visible on the day ----
  function live(o) { return (o.t0 == null || o.t0 <= bc.day) && (o.t1 == null || bc.day <= o.t1); }
  // edges batched by style: one path per colour, width and dash; a faded batch by its links' own colour
  // too, drawn again off the answer's day (a faded influence link batched with a tie of the same strength
  // was drawn in the tie's grey there: found by a second reader)
  var groups = {};
  E.forEach(function (e, i) {
    var key = (e.f ? "0" : e.h ? "2" : "1") + "|" + (e.f ? FADED + "|" + e.c : e.c) + "|" + e.w + "|" + e.d;
    (groups[key] = groups[key] || { c: e.f ? FADED : e.c, base: e.c, f: !!e.f, w: e.w, d: e.d, h: !!e.h, a: [] }).a.push(i);
  });
  var groupKeys = Object.keys(groups).sort();
  // labels: the answer's actors first, then the best-linked (links of the map's day, then of any day), not
  // the largest shape first (a map recipient found one-member organizations named and hubs of 300 ties not)
  var labelOrder = N.map(function (_, i) { return i; });
  var degree = new Float64Array(N.length), degreeEver = new Float64Array(N.length);
  E.forEach(function (e) {
    degreeEver[e.s]++; degreeEver[e.t]++;
    if ((e.t0 == null || e.t0 <= data.day) && (e.t1 == null || data.day <= e.t1)) { degree[e.s]++; degree[e.t]++; }
  });
  var rankOf = { contact: 5, focus: 5, rank: 4, path: 3 };
  labelOrder.sort(function (a, b) {
    var ma = rankOf[N[a].mark] || 0, mb = rankOf[N[b].mark] || 0;  // (lp: the question's ends, named first)
    return ((N[b].lp || 0) - (N[a].lp || 0)) || (mb - ma) || (degree[b] - degree[a]) ||
      (degreeEver[b] - degreeEver[a]) || (N[b].r - N[a].r) || (a - b);
  });

  function draw() {
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, W, H);
    var s = view.s, k = Math.max(Math.min(s, 1.6), 0.35);
    for (var i = 0; i < N.length; i++) {
      var n = N[i];
      SX[i] = n.x * s + view.x; SY[i] = n.y * s + view.y; SR[i] = Math.max(n.r * k, 1.5);
      shown[i] = (n.kind !== "event" || n.t0 == null || n.t0 <= bc.day) ? 1 : 0;
    }
    var dense = E.length > 5000 && s < 0.5, dim = offDay();
    groupKeys.forEach(function (key) {
      var g = groups[key];
      ctx.globalAlpha = (dense ? 0.35 : 1) * (dim && g.h ? 0.3 : 1);
      // (off the answer's day nothing else fades either: the rest is not known to be off the answer then)
      var colour = dim && g.f ? g.base : g.c;
      ctx.strokeStyle = colour; ctx.fillStyle = colour;
      ctx.lineWidth = dense ? Math.max(0.4, g.w * 0.25) : Math.max(0.5, g.w * Math.min(k, 1) * 0.7);
      ctx.setLineDash(dense ? [] : DASH[g.d] || []);
      ctx.beginPath();
      var arrows = [];
      for (var j = 0; j < g.a.length; j++) {
        var e = E[g.a[j]];
        if (!live(e) || !shown[e.s] || !shown[e.t]) continue;
        ctx.moveTo(SX[e.s], SY[e.s]); ctx.lineTo(SX[e.t], SY[e.t]);
        if (e.a && s > 0.6) arrows.push(e);
      }
      ctx.stroke();
      ctx.setLineDash([]);
      arrows.forEach(function (e) {
        var dx = SX[e.t] - SX[e.s], dy = SY[e.t] - SY[e.s], len = Math.sqrt(dx * dx + dy * dy) || 1;
        var back = SR[e.t] + 2;
        drawArrow(ctx, SX[e.s], SY[e.s], SX[e.t] - dx / len * back, SY[e.t] - dy / len * back, 4 + ctx.lineWidth * 2);
      });
    });
    ctx.globalAlpha = 1;
    var badges = 0;
    if (!dense) {  // the link's badge at its middle
      for (var b = 0; b < E.length; b++) {
        var eb = E[b];
        if (!eb.sv || !live(eb) || !shown[eb.s] || !shown[eb.t]) continue;
        var mx = (SX[eb.s] + SX[eb.t]) / 2, my = (SY[eb.s] + SY[eb.t]) / 2;
        if (mx < -10 || my < -10 || mx > W + 10 || my > H + 10) continue;
        drawBadge(ctx, eb.sv, mx, my); badges++;
      }
    }
    var order = [];
    for (i = 0; i < N.length; i++) if (shown[i] && N[i].faded) order.push(i);
    for (i = 0; i < N.length; i++) if (shown[i] && !N[i].faded) order.push(i);
    order.forEach(function (i) {
      if (SX[i] < -30 || SY[i] < -30 || SX[i] > W + 30 || SY[i] > H + 30) return;
      drawNode(ctx, N[i], SX[i], SY[i], SR[i], N[i].faded && !dim, dim);
      if (N[i].sv) badges++;
    });
    bc.badgesDrawn = badges;
    drawLabels();
    buildGrid();
  }

  // labels: the most important first, none over another, cut with an ellipsis in Python
  var widths = {};
  function drawLabels() {
    var occupied = {}, cell = 10, count = 0, limit = N.length > 1000 ? 300 : 2000;
    ctx.font = "12px system-ui, 'DejaVu Sans', sans-serif"; ctx.direction = "ltr";
    ctx.textAlign = "left"; ctx.textBaseline = "middle"; ctx.lineJoin = "round";
    var labelled = [];
    function isFree(x, y, w) {
      var cx0 = Math.floor(x / cell), cx1 = Math.floor((x + w) / cell), cy0 = Math.floor((y - 7) / cell), cy1 = Math.floor((y + 7) / cell);
      for (var cx = cx0; cx <= cx1; cx++) for (var cy = cy0; cy <= cy1; cy++) if (occupied[cx + "," + cy]) return false;
      return true;
    }
    function take(x, y, w) {
      var cx0 = Math.floor(x / cell), cx1 = Math.floor((x + w) / cell), cy0 = Math.floor((y - 7) / cell), cy1 = Math.floor((y + 7) / cell);
      for (var cx = cx0; cx <= cx1; cx++) for (var cy = cy0; cy <= cy1; cy++) occupied[cx + "," + cy] = 1;
    }
    for (var o = 0; o < labelOrder.length && count < limit; o++) {
      var i = labelOrder[o], n = N[i];
      if (!shown[i]) continue;
      var answer = !!(n.mark || n.lp);  // (the answer's actors are named whatever the zoom: a new user found them unnamed)
      if (SX[i] < -200 || SY[i] < -10 || SX[i] > W + 200 || SY[i] > H + 10) continue;
      if (N.length > 200 && !answer && view.s < 0.9 && SR[i] < 6 && count >= 30) continue;  // the 30 best-linked only
      var w = widths[i]; if (w == null) w = widths[i] = ctx.measureText(n.label).width;
      // right of the node, else left, above, below; an actor of the answer on its right all the same
      var spots = [[SX[i] + SR[i] + 4, SY[i]], [SX[i] - SR[i] - 4 - w, SY[i]], [SX[i] - w / 2, SY[i] - SR[i] - 9],
                   [SX[i] - w / 2, SY[i] + SR[i] + 9]];
      var at = null;
      for (var k = 0; k < spots.length; k++) if (isFree(spots[k][0], spots[k][1], w)) { at = spots[k]; break; }
      if (at === null) { if (!answer) continue; at = spots[0]; }
      var x = at[0], y = at[1];
      take(x, y, w);
      ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,0.9)"; ctx.strokeText(n.label, x, y);
      ctx.fillStyle = n.faded && !offDay() ? "rgba(60,60,60,0.45)" : "#222"; ctx.fillText(n.label, x, y);
      labelled.push(i);
      count++;
    }
    bc.labelsDrawn = count;
    bc.labelled = labelled;
  }

  // ---- hit testing: a grid of the nodes on screen ----
  var grid = {};
  function buildGrid() {
    grid = {};
    for (var i = 0; i < N.length; i++) {
      if (!shown[i] || SX[i] < -20 || SY[i] < -20 || SX[i] > W + 20 || SY[i] > H + 20) continue;
      var key = Math.floor(SX[i] / 24) + "," + Math.floor(SY[i] / 24);
      (grid[key] = grid[key] || []).push(i);
    }
  }
  function nodeAt(x, y) {
    var best = -1, bd = Infinity, gx = Math.floor(x / 24), gy = Math.floor(y / 24);
    for (var a = gx - 1; a <= gx + 1; a++) for (var b = gy - 1; b <= gy + 1; b++) {
      (grid[a + "," + b] || []).forEach(function (i) {
        var d = Math.hypot(SX[i] - x, SY[i] - y);
        if (d <= SR[i] + 5 && d < bd) { bd = d; best = i; }
      });
    }
    return best;
  }
  function edgeAt(x, y) {
    if (E.length > 5000) return -1;
    var best = -1, bd = 5;
    for (var j = 0; j < E.length; j++) {
      var e = E[j];
      if (!live(e) || !shown[e.s] || !shown[e.t]) continue;
      var ax = SX[e.s], ay = SY[e.s], dx = SX[e.t] - ax, dy = SY[e.t] - ay, l2 = dx * dx + dy * dy || 1;
      var u = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / l2));
      var d = Math.hypot(ax + u * dx - x, ay + u * dy - y);
      if (d < bd) { bd = d; best = j; }
    }
    return best;
  }

  // ---- tooltip ----
  var tipEl = $("bc-tip");
  function showTip(heading, rows, x, y) {
    tipEl.textContent = "";
    var b = document.createElement("b"); b.dir = "auto"; text(b, cut(heading, 200)); tipEl.appendChild(b);
    rows.forEach(function (r) {
      var d = document.createElement("div"), k = document.createElement("span"), v = document.createElement("bdi");
      k.className = "k"; text(k, r[0] + ": "); text(v, cut(r[1], 600));
      d.appendChild(k); d.appendChild(v); tipEl.appendChild(d);
    });
    tipEl.style.display = "block";
    var left = Math.min(x + 14, W - tipEl.offsetWidth - 4), top = Math.min(y + 14, H - tipEl.offsetHeight - 4);
    tipEl.style.left = Math.max(0, left) + "px"; tipEl.style.top = Math.max(0, top) + "px";
    bc.tooltip = tipEl.textContent;
  }
  function hideTip() { tipEl.style.display = "none"; }
  function hover(x, y) {
    var i = nodeAt(x, y);
    if (i >= 0) { showTip(N[i].name, N[i].info, x, y); bc.hovered = i; return; }
    var j = edgeAt(x, y);
    if (j >= 0) { showTip(E[j].info[0][1], E[j].info.slice(1), x, y); bc.hovered = -1; return; }
    hideTip();
  }

  // ---- pan, zoom, touch ----
  var pointers = {}, drag = null, pinch = null, frame = 0;
  function redraw() { if (!frame) frame = requestAnimationFrame(function () { frame = 0; draw(); }); }
  function zoomAt(x, y, f) {
    var s = Math.max(1e-4, Math.min(view.s * f, 40));
    view.x = x - (x - view.x) * s / view.s; view.y = y - (y - view.y) * s / view.s; view.s = s; redraw();
  }
  function local(ev) { var r = canvas.getBoundingClientRect(); return [ev.clientX - r.left, ev.clientY - r.top]; }
  canvas.addEventListener("pointerdown", function (ev) {
    var p = local(ev); pointers[ev.pointerId] = p;
    var ids = Object.keys(pointers);
    if (ids.length === 2) { var a = pointers[ids[0]], b = pointers[ids[1]]; pinch = Math.hypot(a[0] - b[0], a[1] - b[1]); drag = null; }
    else drag = { x: p[0], y: p[1], vx: view.x, vy: view.y, moved: false };
    try { canvas.setPointerCapture(ev.pointerId); } catch (err) { /* synthetic events */ }
  });
  canvas.addEventListener("pointermove", function (ev) {
    var p = local(ev);
    if (pointers[ev.pointerId]) pointers[ev.pointerId] = p;
    var ids = Object.keys(pointers);
    if (ids.length === 2 && pinch) {
      var a = pointers[ids[0]], b = pointers[ids[1]], d = Math.hypot(a[0] - b[0], a[1] - b[1]);
      zoomAt((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, d / pinch); pinch = d; return;
    }
    if (drag && pointers[ev.pointerId]) {
      if (Math.abs(p[0] - drag.x) + Math.abs(p[1] - drag.y) > 3) drag.moved = true;
      if (drag.moved) { view.x = drag.vx + p[0] - drag.x; view.y = drag.vy + p[1] - drag.y; hideTip(); redraw(); return; }
    }
    hover(p[0], p[1]);
  });
  function up(ev) {
    var p = local(ev);
    if (drag && !drag.moved) { var i = nodeAt(p[0], p[1]); select(i >= 0 ? i : null, false); hover(p[0], p[1]); }
    delete pointers[ev.pointerId]; drag = null; if (Object.keys(pointers).length < 2) pinch = null;
  }
  canvas.addEventListener("pointerup", up);
  canvas.addEventListener("pointercancel", up);
  canvas.addEventListener("pointerleave", function () { hideTip(); });
  canvas.addEventListener("wheel", function (ev) {
    ev.preventDefault(); var p = local(ev); zoomAt(p[0], p[1], Math.exp(-ev.deltaY * 0.0015));
  }, { passive: false });
  $("bc-in").addEventListener("click", function () { zoomAt(W / 2, H / 2, 1.5); });
  $("bc-out").addEventListener("click", function () { zoomAt(W / 2, H / 2, 1 / 1.5); });
  $("bc-fit").addEventListener("click", function () { fit(); redraw(); });
  window.addEventListener("resize", function () { resize(); redraw(); });

  function select(i, centre) {
    bc.selected = i == null ? null : N[i].id;
    if (i != null && centre) {
      view.s = Math.max(view.s, 1.2);
      view.x = W / 2 - N[i].x * view.s; view.y = H / 2 - N[i].y * view.s;
      draw();
      showTip(N[i].name, N[i].info, SX[i], SY[i]);
    }
  }

  // ---- search by name, ignoring case and accents ----
  function fold(s) {
    return String(s).normalize("NFKD").replace(/[\u0300-\u036f\u200b-\u200f\u2060-\u206f\ufeff]/g, "")
      .replace(/[ıİ]/g, "i").replace(/[øØ]/g, "o").replace(/ß/g, "ss").replace(/[æÆ]/g, "ae").toLowerCase();
  }
  var names = $("bc-names");
  N.slice(0, 5000).forEach(function (n) {
    var opt = document.createElement("option"); opt.value = cut(n.name, 120); names.appendChild(opt);
  });
  var search = $("bc-search"), found = $("bc-found");
  // by name or alias (as kg search: a nickname, an abbreviation): a whole name or alias first, then one
  // beginning with what is typed, then one holding it; of equals, the best-linked. Nothing found is said.
  var folded = N.map(function (n) {
    return [fold(cut(n.name, 120))].concat((n.aka || []).map(function (a) { return fold(cut(a, 120)); }));
  });
  function find() {
    var q = fold(search.value.trim());
    text(found, "");
    if (!q) return;
    var hit = -1, best = 9;
    for (var i = 0; i < N.length; i++) {
      for (var k = 0; k < folded[i].length; k++) {
        var f = folded[i][k], at = f.indexOf(q);
        if (at < 0) continue;
        var tier = (f === q ? 0 : at === 0 ? 2 : 4) + (k === 0 ? 0 : 1);  // (a name before an alias)
        if (tier < best || (tier === best && degree[i] > degree[hit])) { best = tier; hit = i; }
      }
    }
    bc.found = hit >= 0 ? N[hit].id : null;
    if (hit >= 0) select(hit, true);
    else text(found, "no name or alias matches \u201c" + cut(search.value.trim(), 60) + "\u201d");
  }
  search.addEventListener("change", find);
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") find(); });

  // ---- the date slider ----
  var slider = $("bc-slider"), dayEl = $("bc-day");
  slider.min = data.span[0]; slider.max = data.span[1]; slider.value = data.day;
  var answerDay = $("bc-answer-day");
  function setDay(d) {
    bc.day = Math.round(d); slider.value = bc.day;
    text(dayEl, iso(bc.day) + (bc.day === data.day ? " (the map's day)" : ""));
    // the highlighted answer was computed for the map's day only: said, and dimmed, on any other
    bc.answerDimmed = offDay();
    answerDay.hidden = !bc.answerDimmed;
    text(answerDay, bc.answerDimmed ? "answer as of " + iso(data.day) + " (dimmed: not computed for this day)" : "");
    var count = 0; for (var j = 0; j < E.length; j++) if (live(E[j])) count++;
    bc.liveEdges = count;
    redraw();
  }
  bc.setDay = function (d) { setDay(typeof d === "string" ? Date.parse(d) / 864e5 : d); draw(); };
  slider.addEventListener("input", function () { setDay(+slider.value); });
  $("bc-reset").addEventListener("click", function () { setDay(data.day); });

  // ---- legend: the same swatches the map draws ----
  var legend = $("bc-legend-body");
  function swatch(item) {
    var c = document.createElement("canvas"), w = 34, h = 22;
    c.width = w * dpr; c.height = h * dpr; c.style.width = w + "px"; c.style.height = h + "px";
    var g = c.getContext("2d"); g.scale(dpr, dpr);
    if (item.node && item.node.sv) drawNode(g, item.node, w / 2 - 4, h / 2 + 3, 5, false);  // (room for the badge)
    else if (item.node) drawNode(g, item.node, w / 2, h / 2, Math.min(item.node.r || 6, 7), false);
    else {
      var e = item.edge; g.strokeStyle = g.fillStyle = e.c; g.lineWidth = Math.min(e.w, 5) * 0.7;
      g.setLineDash(DASH[e.d] || []); g.beginPath(); g.moveTo(2, h / 2); g.lineTo(w - 4, h / 2); g.stroke();
      g.setLineDash([]); if (e.a) drawArrow(g, 2, h / 2, w - 2, h / 2, 7);
      if (e.sv) drawBadge(g, e.sv, w / 2, h / 2);
    }
    return c;
  }
  data.legend.forEach(function (section) {
    legend.appendChild(text(document.createElement("h2"), section.title));
    var ul = document.createElement("ul");
    section.items.forEach(function (item) {
      var li = document.createElement("li"), label = text(document.createElement("span"), cut(item.label, 60));
      label.dir = "auto"; label.title = cut(item.label, 300);
      li.appendChild(swatch(item)); li.appendChild(label); ul.appendChild(li);
    });
    legend.appendChild(ul);
  });
  if (window.matchMedia && window.matchMedia("(max-width: 600px)").matches) $("bc-legend").open = false;

  // ---- first draw ----
  resize(); fit(); setDay(data.day); draw();
  bc.firstDrawMs = performance.now();
  bc.nodeCount = N.length; bc.edgeCount = E.length;
  bc.screen = function () {  // where each drawn node is on the page, for tests
    var r = canvas.getBoundingClientRect(), out = [];
    for (var i = 0; i < N.length; i++) if (shown[i] && SX[i] >= 0 && SY[i] >= 0 && SX[i] <= W && SY[i] <= H) out.push([N[i].id, r.left + SX[i], r.top + SY[i]]);
    return out;
  };
  bc.fit = function () { fit(); draw(); };
})();
