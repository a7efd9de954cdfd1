// Backchannel map page. Every string from the data is placed with textContent or
// drawn on the canvas: nothing from the data is ever parsed as HTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("bc-data").textContent);
  window.backchannel = { data: data, firstDrawMs: null };

  function text(el, value) { el.textContent = value == null ? "" : String(value); return el; }
  function tip(value) {
    var el = document.createElement("div");
    el.className = "bc-tip";
    return text(el, value);
  }

  text(document.getElementById("bc-title"), data.title);
  var sub = text(document.getElementById("bc-subtitle"), data.subtitle);
  if (/CONFIDENTIAL/.test(data.subtitle)) sub.className = "bc-warning";
  document.title = data.title;
  text(document.getElementById("bc-notes"), (data.notes || []).join("  "));

  data.nodes.forEach(function (n) { if (typeof n.title === "string") n.title = tip(n.title); });
  data.edges.forEach(function (e, i) { e.id = "e" + i; if (typeof e.title === "string") e.title = tip(e.title); });

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.network = network;  // as pyvis pages do
  network.once("afterDrawing", function () { window.backchannel.firstDrawMs = performance.now(); });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
  });

  // legend: parties, shapes, tracks, edges
  var legend = document.getElementById("bc-legend");
  function section(title) {
    var h = text(document.createElement("h2"), title);
    var ul = document.createElement("ul");
    legend.appendChild(h); legend.appendChild(ul);
    return ul;
  }
  function item(ul, swatch, label) {
    var li = document.createElement("li");
    li.appendChild(swatch); li.appendChild(text(document.createElement("span"), label));
    ul.appendChild(li);
  }
  function box(colour, radius, border) {
    var s = document.createElement("span");
    s.className = "bc-swatch";
    s.style.background = colour;
    s.style.borderRadius = radius || "0";
    if (border) s.style.border = border;
    return s;
  }
  function line(colour, style) {
    var s = document.createElement("span");
    s.className = "bc-line";
    s.style.borderTopColor = colour;
    s.style.borderTopStyle = style;
    return s;
  }
  var parties = section("Party (colour)");
  data.legend.forEach(function (entry) { item(parties, box(entry.colour, "50%"), entry.label); });
  var shapes = section("Kind (shape)");
  item(shapes, box("#ddd", "50%"), "person");
  item(shapes, box("#ddd"), "organization");
  var diamond = box("#fff3b0"); diamond.style.transform = "rotate(45deg) scale(0.8)";
  item(shapes, diamond, "event");
  item(shapes, box("#fff", "0", "4px double #d62728"), "non-engageable group (restricted)");
  item(shapes, box("#fff", "50%", "4px solid #ffbf00"), "contact on a channel");
  var tracks = section("Track (border)");
  item(tracks, box("#fff", "50%", "3px solid #333"), "Track 1 / 1.5");
  item(tracks, box("#fff", "50%", "2px dashed #333"), "Track 2");
  item(tracks, box("#fff", "50%", "2px dotted #333"), "Track 3");
  var links = section("Links (width = strength)");
  item(links, line("#7f7f7f", "solid"), "tie");
  item(links, line("#9aa7b8", "dashed"), "affiliation");
  item(links, line("#8e44ad", "solid"), "influence");
  item(links, line("#c9a227", "dotted"), "took part in event");
  item(links, line("#d62728", "dashed"), "hostile tie");

  // search by name, ignoring case and accents
  function fold(s) {
    return String(s).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/ø/gi, "o").toLowerCase();
  }
  var names = document.getElementById("bc-names");
  data.nodes.forEach(function (n) {
    var opt = document.createElement("option");
    opt.value = n.name;
    names.appendChild(opt);
  });
  var search = document.getElementById("bc-search");
  function find() {
    var q = fold(search.value.trim());
    if (!q) return;
    var hit = data.nodes.find(function (n) { return fold(n.name) === q; }) ||
              data.nodes.find(function (n) { return fold(n.name).indexOf(q) >= 0; });
    if (hit) {
      network.selectNodes([hit.id]);
      network.focus(hit.id, { scale: 1.3, animation: false });
    }
  }
  search.addEventListener("change", find);
  search.addEventListener("keydown", function (e) { if (e.key === "Enter") find(); });
})();
