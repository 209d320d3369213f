/* argmap page logic.
 *
 * The data comes from <script type="application/json" id="argmap-data"> (escaped by the Python
 * side) and is only ever rendered with textContent, DOM properties and plain-text vis-network
 * tooltips — never as markup. Links are made only for http(s) URLs.
 *
 * Two views share one filter/fold state:
 *   tree — comments at positions precomputed in Python, physics off from the start;
 *   net  — comments, sources and topics, seeded from a radial layout, physics until it settles,
 *          then off. Built on first use. When the thread has claims it shows the claims instead
 *          (coloured by role, supports / attacks between them, grouped by comment).
 */
(function () {
  "use strict";

  var T0 = performance.now();
  var DATA = JSON.parse(document.getElementById("argmap-data").textContent);
  var TIMINGS = { start: Math.round(T0), parsed: Math.round(performance.now() - T0) };
  var NODES = DATA.nodes;
  var EDGES = DATA.edges;
  var N = NODES.length;
  var BIG = N > 1500;
  var LABEL_CHARS = 46;
  var LINE_CHARS = 26;
  var LIST_CAP = 200;
  var UNIT = DATA.meta.format === "article" ? "claims" : "comments";

  var STANCE = {
    support: { color: "#2e8b3e", tint: "#e3f3e6", dashes: false, mark: "✔", name: "support" },
    attack: { color: "#d1293d", tint: "#fbe4e7", dashes: [9, 5], mark: "✘", name: "attack" },
    neutral: { color: "#8a9099", tint: "#eef0f3", dashes: [2, 4], mark: "•", name: "neutral" },
    query: { color: "#2f6fdf", tint: "#e3ecfb", dashes: [10, 4, 2, 4], mark: "?", name: "query" },
    root: { color: "#34495e", tint: "#34495e", dashes: false, mark: "◆", name: "opening post" },
    none: { color: "#b8c0ca", tint: "#f4f5f7", dashes: false, mark: "", name: "no stance" }
  };
  var KIND = {
    comment: { shape: "box", name: "comment" },
    paragraph: { shape: "ellipse", name: "paragraph" },
    source: { shape: "diamond", name: "source", color: "#8e44ad" },
    topic: { shape: "hexagon", name: "topic", color: "#e08a00" }
  };
  var LINK = {
    cites: { color: "#8e44ad", dashes: [1, 3], width: 1.2, opacity: 0.9, length: 120 },
    about: { color: "#e08a00", dashes: [6, 3], width: 1, opacity: 0.45, length: 260 }
  };

  // ---------------------------------------------------------------- structure
  var isComment = new Uint8Array(N);
  var indexOf = new Map();
  var parentOf = new Int32Array(N).fill(-1);
  var childrenOf = [];
  var linksOf = []; // comment -> [source/topic indices]; source/topic -> [comment indices]
  var i;
  for (i = 0; i < N; i++) {
    indexOf.set(NODES[i].id, i);
    isComment[i] = NODES[i].k === "comment" || NODES[i].k === "paragraph" ? 1 : 0;
    childrenOf.push([]);
    linksOf.push([]);
  }
  EDGES.forEach(function (e) {
    if (e[2] === "reply") {
      if (parentOf[e[0]] < 0) {
        parentOf[e[0]] = e[1];
        childrenOf[e[1]].push(e[0]);
      }
    } else {
      linksOf[e[0]].push(e[1]);
      linksOf[e[1]].push(e[0]);
    }
  });
  // Comments in pre-order (parents before replies) and their depth in the reply tree.
  var preorder = [];
  var depthOf = new Int32Array(N);
  (function () {
    var seen = new Uint8Array(N);
    function walk(root) {
      var stack = [root];
      depthOf[root] = 0;
      while (stack.length) {
        var n = stack.pop();
        if (seen[n]) continue;
        seen[n] = 1;
        preorder.push(n);
        var kids = childrenOf[n];
        for (var k = kids.length - 1; k >= 0; k--) {
          depthOf[kids[k]] = depthOf[n] + 1;
          stack.push(kids[k]);
        }
      }
    }
    for (var j = 0; j < N; j++) if (isComment[j] && parentOf[j] < 0) walk(j);
    for (j = 0; j < N; j++) if (isComment[j] && !seen[j]) walk(j); // cycles, if any
  })();
  var descendantCount = new Int32Array(N);
  for (i = preorder.length - 1; i >= 0; i--) {
    var p = parentOf[preorder[i]];
    if (p >= 0) descendantCount[p] += descendantCount[preorder[i]] + 1;
  }

  // ---------------------------------------------------------------- big fan-outs ("N more replies")
  // In the outline layout (big threads) a comment shows its first FAN replies and the page starts
  // with at most BUDGET comments, revealed level by level as a forum page does; the rest wait
  // behind one "N more replies" node per comment, which reveals the next MORE_STEP on click.
  // Selecting a hidden comment (search, outline, panel links) reveals it and its ancestors. Only
  // what is shown is handed to vis-network (LAZY views), so its cost follows what is on screen.
  var LAZY = !!DATA.layout && DATA.layout.align === "outline";
  var DX = (DATA.layout && DATA.layout.dx) || 110;
  var DY = (DATA.layout && DATA.layout.dy) || 58;
  var FAN = 10, BUDGET = 300, MORE_STEP = 50, MORE_BUDGET = 200, MATCH_CAP = 1500;
  // The opening posts of a forest are the replies of a virtual comment VROOT (index N).
  var VROOT = N;
  var roots = preorder.filter(function (n) { return parentOf[n] < 0; });
  childrenOf[VROOT] = roots;
  var childIndex = new Int32Array(N);
  for (i = 0; i <= N; i++) for (var ci = 0; ci < childrenOf[i].length; ci++) childIndex[childrenOf[i][ci]] = ci;
  var shownKids = new Int32Array(N + 1); // replies of each comment revealed in order (a prefix) ...
  var extra = new Set(); // ... and those revealed one by one
  var extraCount = new Int32Array(N + 1); // per comment: how many of its replies are in ``extra``
  function up(n) { return parentOf[n] < 0 ? VROOT : parentOf[n]; }
  function revealed(n) {
    return !LAZY || childIndex[n] < shownKids[up(n)] || extra.has(n);
  }
  function hiddenKids(p) { return LAZY ? childrenOf[p].length - shownKids[p] - extraCount[p] : 0; }
  /** Reveal replies level by level below ``starts``, at most FAN more per comment, ``budget`` in all. */
  function revealFrom(starts, budget) {
    var queue = starts.slice(), head = 0, used = 0;
    while (head < queue.length && used < budget) {
      var n = queue[head++], kids = childrenOf[n], k = shownKids[n], got = 0;
      while (k < kids.length && got < FAN && used < budget) {
        if (extra.delete(kids[k])) extraCount[n]--;
        else { got++; used++; }
        queue.push(kids[k]);
        k++;
      }
      shownKids[n] = k;
    }
  }
  /** Reveal ``n`` and its ancestors; true when something was hidden. */
  function revealPath(n) {
    var changed = false;
    for (var c = n; c >= 0; c = parentOf[c]) {
      if (!revealed(c)) { extra.add(c); extraCount[up(c)]++; changed = true; }
    }
    return changed;
  }
  /** The next MORE_STEP hidden replies of ``p`` (and some of theirs). */
  function revealMore(p) {
    var kids = childrenOf[p], k = shownKids[p], starts = [];
    while (k < kids.length && starts.length < MORE_STEP) {
      if (extra.delete(kids[k])) extraCount[p]--; else starts.push(kids[k]);
      k++;
    }
    shownKids[p] = k;
    revealFrom(starts, MORE_BUDGET);
  }
  if (LAZY) revealFrom([VROOT], BUDGET);

  function stanceKey(n) {
    if (!isComment[n]) return null;
    if (parentOf[n] < 0) return "root";
    return STANCE[NODES[n].s] && NODES[n].s !== "root" && NODES[n].s !== "none" ? NODES[n].s : "none";
  }

  // ---------------------------------------------------------------- small helpers
  function $(id) { return document.getElementById(id); }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function clip(text, n) {
    var s = String(text || "").slice(0, 3 * n + 40).replace(/\s+/g, " ").trim();
    return s.length <= n ? s : s.slice(0, n - 1).trimEnd() + "…";
  }
  function when(seconds) {
    if (typeof seconds !== "number" || !isFinite(seconds)) return null;
    var d = new Date(seconds * 1000);
    return isNaN(d.getTime()) ? null : d.toISOString().slice(0, 16).replace("T", " ") + " UTC";
  }
  function safeHref(u) {
    if (typeof u !== "string" || !/^https?:\/\//i.test(u)) return null;
    try {
      var url = new URL(u);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (err) {
      return null;
    }
  }
  /** Break ``text`` into at most two lines of ``width`` characters (vis-network's own wrapping
   *  measures the text word by word, which dominates load time on big threads). */
  function wrap(text, width) {
    if (text.length <= width) return text;
    var cut = text.lastIndexOf(" ", width);
    if (cut < width / 2) cut = width;
    var rest = text.slice(cut).trim();
    return text.slice(0, cut).trim() + "\n" + (rest.length > width ? rest.slice(0, width - 1).trimEnd() + "…" : rest);
  }
  function fmtScore(x) { return typeof x === "number" ? x.toFixed(2) : "–"; }

  // ---------------------------------------------------------------- vis records
  function baseLabel(n) {
    var node = NODES[n];
    if (!isComment[n]) return clip(node.l || node.t, node.k === "topic" ? 30 : 36);
    var mark = STANCE[stanceKey(n)].mark;
    return wrap((mark ? mark + " " : "") + clip(node.l || node.t, LABEL_CHARS), LINE_CHARS);
  }
  function labelOf(n) {
    return collapsed.has(n) ? baseLabel(n) + "  [+" + descendantCount[n] + "]" : baseLabel(n);
  }
  function preview(n) {
    var node = NODES[n];
    var head;
    if (isComment[n]) {
      var st = stanceKey(n);
      head = (node.a ? node.a : "anonymous") + " · " + STANCE[st].name +
        (st !== "root" && typeof node.sc === "number" ? " " + fmtScore(node.sc) : "");
    } else {
      head = KIND[node.k] ? KIND[node.k].name : node.k;
    }
    return head + "\n" + clip(node.t, 220);
  }
  function visNode(n, view) {
    var node = NODES[n];
    var rec = { id: n, label: labelOf(n), title: preview(n), hidden: false };
    if (isComment[n]) {
      var st = STANCE[stanceKey(n)];
      var root = stanceKey(n) === "root";
      rec.shape = KIND[node.k].shape;
      rec.color = {
        background: st.tint, border: st.color,
        highlight: { background: root ? "#1f2d3a" : "#fff8c4", border: "#111" },
        hover: { background: root ? "#2c3e50" : "#fffbe0", border: st.color }
      };
      rec.font = { color: root ? "#ffffff" : "#1d232b" };
      rec.borderWidth = 2;
      rec.shapeProperties = { borderDashes: st.dashes, borderRadius: 4 };
      rec.x = view === "tree" ? node.x : node.rx;
      rec.y = view === "tree" ? (LAZY ? treeY[n] : node.y) : node.ry;
    } else {
      var kind = KIND[node.k] || KIND.source;
      rec.shape = kind.shape;
      rec.size = node.k === "topic" ? 22 : 13;
      rec.color = { background: kind.color, border: kind.color, highlight: { background: kind.color, border: "#111" } };
      rec.font = { color: "#1d232b", size: node.k === "topic" ? 16 : 12, strokeWidth: 3, strokeColor: "#ffffff" };
      var xy = linkedCentre(n);
      rec.x = xy[0];
      rec.y = xy[1];
    }
    return rec;
  }
  function linkedCentre(n) {
    var ls = linksOf[n];
    var x = 0, y = 0, c = 0;
    for (var k = 0; k < ls.length; k++) {
      if (isComment[ls[k]]) { x += NODES[ls[k]].rx; y += NODES[ls[k]].ry; c++; }
    }
    var jitter = ((n * 7919) % 200) - 100;
    return c ? [x / c * 1.15 + jitter, y / c * 1.15 - jitter] : [jitter * 5, -jitter * 5];
  }
  function visEdge(e, k) {
    var rec = { id: k, from: e[0], to: e[1], arrows: { to: { enabled: e[2] === "reply", scaleFactor: 0.55 } } };
    if (e[2] === "reply") {
      var st = STANCE[e[3]] && e[3] !== "root" && e[3] !== "none" ? STANCE[e[3]] : STANCE.none;
      rec.color = { color: st.color, highlight: st.color, hover: st.color };
      rec.dashes = st.dashes;
      rec.width = 2;
      rec.title = st.name + (typeof e[4] === "number" ? " " + fmtScore(e[4]) : "");
    } else {
      var l = LINK[e[2]] || LINK.cites;
      rec.color = { color: l.color, highlight: l.color, hover: l.color, opacity: l.opacity };
      rec.dashes = l.dashes;
      rec.width = l.width;
      rec.length = l.length;
    }
    return rec;
  }

  // ---------------------------------------------------------------- state and filters
  var collapsed = new Set();
  var state = {
    q: "", topic: "", minScore: 0, depth: null, view: "tree", selected: -1,
    stances: { support: true, attack: true, neutral: true, query: true, root: true, none: true },
    kinds: { comment: true, paragraph: true, source: true, topic: true }
  };
  var haystack = null;
  function searchText(n) {
    if (!haystack) haystack = new Array(N);
    if (haystack[n] === undefined) {
      haystack[n] = ((NODES[n].t || "") + "\n" + (NODES[n].a || "") + "\n" + (NODES[n].l || "")).toLowerCase();
    }
    return haystack[n];
  }
  function passes(n) {
    var node = NODES[n];
    if (!state.kinds[node.k]) return false;
    if (!state.stances[stanceKey(n)]) return false;
    if (state.topic && node.tp !== state.topic) return false;
    if (state.minScore > 0 && stanceKey(n) !== "root" && !(typeof node.sc === "number" && node.sc >= state.minScore)) return false;
    return !state.q || searchText(n).indexOf(state.q) >= 0;
  }
  function narrowed() {
    if (state.q || state.topic || state.minScore > 0) return true;
    for (var s in state.stances) if (!state.stances[s]) return true;
    return false;
  }
  /** visible[n] = 1 when node n should be drawn (in whichever view holds it). */
  var overflow = 0; // matches not drawn (over MATCH_CAP)
  var moreOn = new Uint8Array(N + 1); // comment shows a "N more replies" node
  var treeY = new Float64Array(N); // outline rows of what is shown (LAZY)
  var moreY = new Float64Array(N + 1);
  function computeVisible() {
    var visible = new Uint8Array(N);
    var folded = new Uint8Array(N);
    var narrow = narrowed();
    var matches = 0;
    overflow = 0;
    for (var k = 0; k < preorder.length; k++) {
      var n = preorder[k];
      var p = parentOf[n];
      folded[n] = p >= 0 && (folded[p] || collapsed.has(p)) ? 1 : 0;
      if (state.depth !== null && depthOf[n] > state.depth) folded[n] = 1;
      if (!narrow && !revealed(n)) folded[n] = 1;
      visible[n] = !folded[n] && passes(n) ? 1 : 0;
      if (LAZY && narrow && visible[n]) {
        if (matches >= MATCH_CAP) { visible[n] = 0; overflow++; } else matches++;
      }
    }
    for (k = 0; k < preorder.length; k++) {
      n = preorder[k];
      moreOn[n] = LAZY && !narrow && visible[n] && !collapsed.has(n) && hiddenKids(n) > 0 &&
        (state.depth === null || depthOf[n] < state.depth) ? 1 : 0;
    }
    moreOn[VROOT] = LAZY && !narrow && hiddenKids(VROOT) > 0 ? 1 : 0;
    if (LAZY) relayout(visible, folded);
    for (n = 0; n < N; n++) {
      if (isComment[n]) continue;
      var node = NODES[n];
      if (!state.kinds[node.k] || (state.topic && node.k === "topic" && node.l !== state.topic)) continue;
      var ok = !narrow || (state.q && searchText(n).indexOf(state.q) >= 0);
      for (var j = 0; !ok && j < linksOf[n].length; j++) ok = visible[linksOf[n][j]] === 1;
      visible[n] = ok ? 1 : 0;
    }
    return visible;
  }

  /** Outline rows for what is shown, in reading order, a "more" node after its comment's replies. */
  function relayout(visible, folded) {
    var row = 0, stack = moreOn[VROOT] ? [-VROOT - 1] : [];
    for (var r = roots.length - 1; r >= 0; r--) stack.push(roots[r]);
    while (stack.length) {
      var n = stack.pop();
      if (n < 0) { moreY[-n - 1] = row++ * DY; continue; }
      if (folded[n]) continue;
      if (visible[n]) treeY[n] = row++ * DY;
      if (moreOn[n]) stack.push(-n - 1);
      for (var k = childrenOf[n].length - 1; k >= 0; k--) stack.push(childrenOf[n][k]);
    }
  }

  // ---------------------------------------------------------------- views
  var views = {};
  var lastVisible = null;
  function commonOptions() {
    return {
      autoResize: true,
      layout: { improvedLayout: false, randomSeed: 7 },
      nodes: { font: { size: 14, face: "system-ui, sans-serif", multi: false }, margin: 8, scaling: { label: { drawThreshold: 6 } } },
      edges: { selectionWidth: 1.5, smooth: false },
      interaction: {
        hover: !BIG, tooltipDelay: 250, hideEdgesOnDrag: BIG, hideEdgesOnZoom: BIG,
        keyboard: { enabled: true, bindToWindow: false }, multiselect: false
      }
    };
  }
  // ---------------------------------------------------------------- level of detail
  // Zoomed out below LOD_SCALE (where labels are too small to draw anyway), or with more than
  // LOD_NODES nodes in view (too many to read), a view is drawn as an overview: one filled rectangle per node and one plain line per edge, batched by colour, no
  // dashes, arrows or text. vis-network still runs its drawing code, but its paint calls are
  // muted for that frame: rasterising dashed lines and rounded boxes is what made big overviews
  // slow. Reads vis-network's body (nodes and edges with their positions and colours).
  var LOD_SCALE = 0.4, LOD_NODES = 200; // below this zoom, or with more nodes than this in view
  var LOD_EDGES = 300; // edges drawn, above which lines are drawn solid
  var PAINT = ["fill", "stroke", "fillText", "strokeText", "fillRect", "strokeRect", "drawImage"];
  function noop() {}
  function drawOverview(network, ctx) {
    var body = network.body, scale = network.getScale(), lines = {}, boxes = {}, id, c;
    for (id in body.edges) {
      var e = body.edges[id];
      if (!e.connected || e.options.hidden || !e.from || !e.to || e.from.options.hidden || e.to.options.hidden) continue;
      c = (e.options.color && e.options.color.color) || "#8a9099";
      (lines[c] = lines[c] || []).push(e.from.x, e.from.y, e.to.x, e.to.y);
    }
    for (id in body.nodes) {
      var n = body.nodes[id];
      if (n.options.hidden) continue;
      c = (n.options.color && n.options.color.border) || "#8a9099";
      var w = (n.shape && n.shape.width) || 160, h = (n.shape && n.shape.height) || 36;
      (boxes[c] = boxes[c] || []).push(n.x - w / 2, n.y - h / 2, w, h);
    }
    ctx.save();
    ctx.setLineDash([]);
    ctx.lineWidth = Math.max(1, 1 / scale);
    Object.keys(lines).forEach(function (col) {
      var l = lines[col];
      ctx.beginPath();
      for (var k = 0; k < l.length; k += 4) { ctx.moveTo(l[k], l[k + 1]); ctx.lineTo(l[k + 2], l[k + 3]); }
      ctx.strokeStyle = col;
      ctx.stroke();
    });
    Object.keys(boxes).forEach(function (col) {
      var b = boxes[col];
      ctx.beginPath();
      for (var k = 0; k < b.length; k += 4) ctx.rect(b[k], b[k + 1], b[k + 2], b[k + 3]);
      ctx.fillStyle = col;
      ctx.fill();
    });
    network.getSelectedNodes().forEach(function (sid) {
      var n = body.nodes[sid];
      if (!n) return;
      var w = (n.shape && n.shape.width) || 160, h = (n.shape && n.shape.height) || 36;
      ctx.lineWidth = 3 / scale;
      ctx.strokeStyle = "#111111";
      ctx.strokeRect(n.x - w / 2, n.y - h / 2, w, h);
    });
    ctx.restore();
  }
  function crowded(network) {
    var box = network.body.container.getBoundingClientRect();
    var a = network.DOMtoCanvas({ x: 0, y: 0 }), b = network.DOMtoCanvas({ x: box.width, y: box.height });
    var ids = network.body.nodeIndices, seen = 0;
    for (var k = 0; k < ids.length; k++) {
      var n = network.body.nodes[ids[k]];
      if (n.x >= a.x && n.x <= b.x && n.y >= a.y && n.y <= b.y && ++seen > LOD_NODES) return true;
    }
    return false;
  }
  function levelOfDetail(network) {
    var muted = null;
    network.on("beforeDrawing", function (ctx) {
      if (network.getScale() >= LOD_SCALE && !crowded(network)) {
        // vis-network draws every edge, in view or not: with many, dashes (the costly part) go
        if (network.body.edgeIndices.length > LOD_EDGES) { ctx.setLineDash = noop; muted = ["setLineDash"]; }
        return;
      }
      drawOverview(network, ctx);
      PAINT.forEach(function (m) { ctx[m] = noop; });
      muted = PAINT;
    });
    network.on("afterDrawing", function (ctx) {
      if (!muted) return;
      muted.forEach(function (m) { delete ctx[m]; });
      muted = null;
    });
  }

  /** Layout iterations for ``n`` nodes: about 30,000 node steps in all (25 to 300 iterations),
   *  run five at a time so that the page keeps answering while the network settles. */
  function settleSteps(n) { return Math.max(25, Math.min(300, Math.round(30000 / Math.max(n, 1)))); }
  function makeView(name) {
    var tStart = performance.now();
    var members = [];
    for (var n = 0; n < N; n++) if (name === "net" || isComment[n]) members.push(n);
    var drawn = [];
    EDGES.forEach(function (e, k) {
      // Big threads: topic links are listed in the panel, not drawn (thousands of long lines to a
      // handful of hubs hide everything else and double the layout work).
      if (e[2] === "reply" || (name === "net" && !(BIG && e[2] === "about"))) drawn.push(k);
    });
    var view = { name: name, members: members, hidden: new Uint8Array(N), labels: {} };
    var first = null;
    if (LAZY) {
      lazySetup(view, drawn.map(function (k) { return EDGES[k]; }),
        function (j) { return visEdge(EDGES[drawn[j]], drawn[j]); });
      first = lazyChanges(view, lastVisible || computeVisible());
    }
    var nodeRecs = first ? first.addN : members.map(function (m) { return visNode(m, name); });
    var shown = nodeRecs.length;
    var tBuild = performance.now();
    var nodes = new vis.DataSet(nodeRecs);
    var edges = new vis.DataSet(first ? first.addE : drawn.map(function (k) { return visEdge(EDGES[k], k); }));
    var options = commonOptions();
    if (name === "tree") {
      options.physics = { enabled: false };
      options.nodes.fixed = { x: false, y: false };
      if (!BIG && preorder.length < 400) {
        options.edges.smooth = { enabled: true, type: "cubicBezier", forceDirection: "horizontal", roundness: 0.45 };
      }
    } else {
      var iterations = settleSteps(shown);
      options.physics = {
        enabled: true, solver: "barnesHut",
        barnesHut: {
          gravitationalConstant: BIG ? -6000 : -8000, centralGravity: BIG ? 0.12 : 0.2, springLength: 160,
          springConstant: 0.04, damping: 0.35, avoidOverlap: BIG ? 0 : 1, theta: BIG ? 0.9 : 0.5
        },
        stabilization: { enabled: true, iterations: iterations, updateInterval: 5, fit: true },
        minVelocity: 1.5
      };
    }
    var container = $(name === "tree" ? "graph-tree" : "graph-net");
    var tNet = performance.now();
    var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
    TIMINGS[name + "Records"] = Math.round(tBuild - tStart);
    TIMINGS[name + "DataSets"] = Math.round(tNet - tBuild);
    TIMINGS[name + "Network"] = Math.round(performance.now() - tNet);
    view.network = network;
    view.nodes = nodes;
    view.edges = edges;
    levelOfDetail(network);
    network.on("click", function (params) {
      if (!params.nodes.length) return;
      var v = params.nodes[0];
      if (typeof v === "string" && v.indexOf("more:") === 0) {
        revealMore(Number(v.slice(5)));
        refresh();
        return;
      }
      select(v, { focus: false });
    });
    network.on("doubleClick", function (params) {
      if (params.nodes.length && isComment[params.nodes[0]]) toggleFold(params.nodes[0]);
    });
    views[name] = view;
    if (!LAZY) applyVisibility(view, lastVisible || computeVisible(), true);
    return view;
  }

  // ---------------------------------------------------------------- lazy views (only what is shown)
  /** ``ends``: [from, to] of every edge the view may draw; ``make(j)``: edge j's vis record
   *  (made when both its ends are shown). */
  function lazySetup(view, ends, make) {
    var size = N + K;
    view.lazy = true;
    view.present = new Uint8Array(size);
    view.hidden = new Uint8Array(size).fill(1);
    view.ys = new Float64Array(size);
    view.ends = ends;
    view.makeEdge = make;
    view.edgeIds = new Array(ends.length);
    view.incident = new Array(size);
    ends.forEach(function (e, j) {
      (view.incident[e[0]] = view.incident[e[0]] || []).push(j);
      (view.incident[e[1]] = view.incident[e[1]] || []).push(j);
    });
    view.moreOn = new Uint8Array(N + 1);
    view.moreLabel = {};
    view.moreYs = new Float64Array(N + 1);
  }
  /** What to add, remove and update in a lazy view's DataSets so that it holds what ``visible`` shows. */
  function lazyChanges(view, visible) {
    var out = { addN: [], remN: [], updN: [], addE: [], remE: [] };
    var changed = [];
    var m = view.members;
    for (var k = 0; k < m.length; k++) {
      var v = m[k];
      var want = view.claims ? visible[CLAIMS[v - N][0]] : visible[v];
      if (want && !view.present[v]) {
        var rec = view.claims ? visClaim(v - N) : visNode(v, view.name);
        out.addN.push(rec);
        view.present[v] = 1;
        view.ys[v] = rec.y;
        changed.push(v);
        if (!view.claims) { if (collapsed.has(v)) view.labels[v] = rec.label; else delete view.labels[v]; }
      } else if (!want && view.present[v]) {
        out.remN.push(v);
        view.present[v] = 0;
        changed.push(v);
      } else if (want && !view.claims) {
        var upd = null;
        var label = collapsed.has(v) ? labelOf(v) : null;
        if ((view.labels[v] || null) !== label) {
          upd = { id: v, label: labelOf(v) };
          if (label) view.labels[v] = label; else delete view.labels[v];
        }
        if (view.name === "tree" && view.ys[v] !== treeY[v]) {
          upd = upd || { id: v };
          upd.x = NODES[v].x;
          upd.y = treeY[v];
          view.ys[v] = treeY[v];
        }
        if (upd) out.updN.push(upd);
      }
      view.hidden[v] = want ? 0 : 1;
    }
    changed.forEach(function (v) {
      (view.incident[v] || []).forEach(function (j) {
        var on = view.present[view.ends[j][0]] && view.present[view.ends[j][1]];
        if (on && view.edgeIds[j] === undefined) {
          var e = view.makeEdge(j);
          view.edgeIds[j] = e.id;
          out.addE.push(e);
        } else if (!on && view.edgeIds[j] !== undefined) {
          out.remE.push(view.edgeIds[j]);
          view.edgeIds[j] = undefined;
        }
      });
    });
    if (view.name === "tree") moreChanges(view, out);
    return out;
  }
  function moreX(p) { return p === VROOT ? (roots.length ? NODES[roots[0]].x : 0) : NODES[p].x + DX; }
  function moreLabel(p) {
    var kids = childrenOf[p], h = 0, c = 0;
    for (var k = shownKids[p]; k < kids.length; k++) {
      if (!extra.has(kids[k])) { h++; c += descendantCount[kids[k]] + 1; }
    }
    var what = p === VROOT ? (h === 1 ? "thread" : "threads") : (h === 1 ? "reply" : "replies");
    return "+ " + h + " more " + what + (c > h ? "\n(" + c + " comments)" : "");
  }
  /** The "N more replies" nodes of the tree view, one after the shown replies of each comment. */
  function moreChanges(view, out) {
    for (var p = 0; p <= N; p++) {
      var want = moreOn[p];
      if (!want && !view.moreOn[p]) continue;
      var id = "more:" + p;
      if (want) {
        var label = moreLabel(p);
        if (!view.moreOn[p]) {
          out.addN.push({
            id: id, label: label, title: "Show the next replies", shape: "box", x: moreX(p), y: moreY[p],
            color: { background: "#ffffff", border: "#2f6fdf", highlight: { background: "#e3ecfb", border: "#111" },
              hover: { background: "#e3ecfb", border: "#2f6fdf" } },
            font: { color: "#2f6fdf" }, borderWidth: 1, shapeProperties: { borderDashes: [4, 3], borderRadius: 10 }
          });
          if (p < N) out.addE.push({ id: "me:" + p, from: id, to: p, color: { color: "#9aa7b8" }, dashes: [2, 4], width: 1 });
        } else if (view.moreLabel[p] !== label || view.moreYs[p] !== moreY[p]) {
          out.updN.push({ id: id, label: label, x: moreX(p), y: moreY[p] });
        }
        view.moreLabel[p] = label;
        view.moreYs[p] = moreY[p];
      } else {
        out.remN.push(id);
        if (p < N) out.remE.push("me:" + p);
      }
      view.moreOn[p] = want;
    }
  }
  function applyChanges(view, c) {
    if (c.remE.length) view.edges.remove(c.remE);
    if (c.remN.length) view.nodes.remove(c.remN);
    if (c.addN.length) view.nodes.add(c.addN);
    if (c.updN.length) view.nodes.update(c.updN);
    if (c.addE.length) view.edges.add(c.addE);
  }

  function applyVisibility(view, visible, force) {
    if (view.lazy) { applyChanges(view, lazyChanges(view, visible)); return; }
    if (view.claims) { applyClaimVisibility(view, visible, force); return; }
    var nodeUpdates = [];
    var m = view.members;
    for (var k = 0; k < m.length; k++) {
      var n = m[k];
      var hide = visible[n] ? 0 : 1;
      var label = collapsed.has(n) ? labelOf(n) : null;
      var labelChanged = (view.labels[n] || null) !== label;
      if (hide !== view.hidden[n] || labelChanged || (force && hide)) {
        var upd = { id: n, hidden: !!hide };
        if (labelChanged) {
          upd.label = labelOf(n);
          if (label) view.labels[n] = label; else delete view.labels[n];
        }
        nodeUpdates.push(upd);
        view.hidden[n] = hide;
      }
    }
    if (nodeUpdates.length) view.nodes.update(nodeUpdates);
  }

  function refresh() {
    var visible = computeVisible();
    lastVisible = visible;
    Object.keys(views).forEach(function (name) { applyVisibility(views[name], visible, false); });
    var shown = 0, total = 0, side = 0;
    for (var n = 0; n < N; n++) {
      if (isComment[n]) { total++; shown += visible[n]; } else side += visible[n];
    }
    $("shown").textContent = "Showing " + shown + " of " + total + " " + UNIT +
      (side ? " and " + side + " sources/topics" : "") +
      (overflow ? "; " + overflow + " more matches not drawn (narrow the search)" : "");
    document.body.setAttribute("data-visible", String(shown));
  }

  function switchView(name) {
    state.view = name;
    $("graph-tree").hidden = name !== "tree";
    $("graph-net").hidden = name !== "net";
    [["view-tree", "tree"], ["view-net", "net"]].forEach(function (b) {
      $(b[0]).classList.toggle("on", b[1] === name);
      $(b[0]).setAttribute("aria-pressed", String(b[1] === name));
    });
    if (!views[name]) {
      if (name === "net") startNet(); else makeView(name);
    } else {
      views[name].network.redraw();
    }
    if (state.selected >= 0 && views[name] && views[name].claims) {
      selectClaims(views[name], state.selected, { focus: false });
    } else if (state.selected >= 0 && views[name] && !views[name].hidden[state.selected]) {
      views[name].network.selectNodes(views[name].members.indexOf(state.selected) >= 0 ? [state.selected] : []);
    }
  }

  function startNet() {
    var bar = $("progress");
    bar.hidden = false;
    $("progress-text").textContent = "Laying out the network…";
    window.argmap.netReady = false;
    // Let the progress note paint before the (synchronous) stabilisation starts.
    setTimeout(function () {
      var t0 = performance.now();
      var view = K ? makeClaimView() : makeView("net");
      view.network.on("stabilizationProgress", function (p) {
        $("progress-bar").style.width = Math.round((100 * p.iterations) / p.total) + "%";
      });
      function settled() {
        view.network.setOptions({ physics: { enabled: false } });
        bar.hidden = true;
        view.network.once("afterDrawing", function () {
          window.argmap.netReady = true;
          window.argmap.netLayoutMs = Math.round(performance.now() - t0);
        });
        view.network.redraw();
      }
      if (!view.nodes.length) settled(); // nothing shown yet: nothing to settle
      else view.network.once("stabilizationIterationsDone", settled);
    }, 30);
  }

  // ---------------------------------------------------------------- folding
  function toggleFold(n) {
    if (!childrenOf[n].length) return;
    if (collapsed.has(n)) collapsed.delete(n); else collapsed.add(n);
    refresh();
    if (state.selected === n) showPanel(n);
  }
  function unfoldTo(n) {
    var changed = false;
    for (var p = parentOf[n]; p >= 0; p = parentOf[p]) {
      if (collapsed.delete(p)) changed = true;
    }
    if (state.depth !== null && depthOf[n] > state.depth) {
      state.depth = null;
      $("f-depth").value = "";
      changed = true;
    }
    if (revealPath(n)) changed = true;
    if (changed) refresh();
  }

  // ---------------------------------------------------------------- selection and panel
  function select(n, opts) {
    opts = opts || {};
    state.selected = n;
    if (isComment[n]) unfoldTo(n);
    showPanel(n);
    if (opts.claim !== undefined) focusClaim(opts.claim);
    var view = views[state.view];
    if (!view) return;
    if (view.claims) { selectClaims(view, n, opts); return; }
    var inView = view.members.indexOf(n) >= 0 && !view.hidden[n];
    view.network.selectNodes(inView ? [n] : []);
    if (inView && opts.focus !== false) {
      view.network.focus(n, { scale: Math.max(view.network.getScale(), 0.8), animation: BIG ? false : { duration: 350 } });
    }
  }
  function nodeButton(n) {
    var b = el("button");
    b.type = "button";
    if (isComment[n]) {
      var st = stanceKey(n);
      b.appendChild(el("span", STANCE[st].mark || "·", "chip " + st));
    } else {
      b.appendChild(el("span", NODES[n].k === "topic" ? "#" : "◇", "chip none"));
    }
    b.appendChild(el("span", clip(NODES[n].l || NODES[n].t, 70)));
    b.addEventListener("click", function () { select(n, {}); });
    return b;
  }
  function nodeList(title, items) {
    var frag = document.createDocumentFragment();
    frag.appendChild(el("h3", title + " (" + items.length + ")"));
    var ul = el("ul");
    items.slice(0, LIST_CAP).forEach(function (m) {
      var li = el("li");
      li.appendChild(nodeButton(m));
      ul.appendChild(li);
    });
    if (items.length > LIST_CAP) ul.appendChild(el("li", "… and " + (items.length - LIST_CAP) + " more", "hint"));
    frag.appendChild(ul);
    return frag;
  }
  function sourceItem(s) {
    var li = el("li");
    var node = NODES[s];
    var href = safeHref(node.u);
    if (href) {
      var a = el("a", node.t);
      a.href = href;
      a.target = "_blank";
      a.rel = "noopener noreferrer nofollow";
      li.appendChild(a);
    } else {
      li.appendChild(el("span", node.t));
      li.appendChild(el("span", " (" + (node.sk || "source") + ", not a link)", "hint"));
    }
    return li;
  }
  function addRow(dl, term, value) {
    if (value === null || value === undefined || value === "") return;
    dl.appendChild(el("dt", term));
    var dd = el("dd");
    if (value instanceof Node) dd.appendChild(value); else dd.textContent = String(value);
    dl.appendChild(dd);
  }
  function showPanel(n) {
    var body = $("panel-body");
    var node = NODES[n];
    while (body.firstChild) body.removeChild(body.firstChild);
    $("panel-empty").hidden = true;
    body.hidden = false;
    var dl = el("dl");
    if (isComment[n]) {
      var st = stanceKey(n);
      body.appendChild(el("h2", (node.k === "paragraph" ? "Paragraph" : "Comment") + (node.a ? " by " + node.a : "")));
      var stance = el("span");
      stance.appendChild(el("span", STANCE[st].mark || "·", "chip " + st));
      stance.appendChild(document.createTextNode(" " + STANCE[st].name +
        (st !== "root" && typeof node.sc === "number" ? " (score " + fmtScore(node.sc) + ")" : "")));
      addRow(dl, "Author", node.a);
      addRow(dl, "Time", when(node.c));
      addRow(dl, "Votes", node.v);
      addRow(dl, st === "root" ? "Role" : "Stance", stance);
      addRow(dl, "Topic", node.tp);
      addRow(dl, "Depth", depthOf[n]);
      addRow(dl, "Id", node.id);
      body.appendChild(dl);
      body.appendChild(commentText(n));
      body.appendChild(claimSection(n));
      var sources = linksOf[n].filter(function (m) { return NODES[m].k === "source"; });
      if (sources.length) {
        body.appendChild(el("h3", "Sources cited (" + sources.length + ")"));
        var ul = el("ul");
        sources.forEach(function (s) { ul.appendChild(sourceItem(s)); });
        body.appendChild(ul);
      }
      if (parentOf[n] >= 0) body.appendChild(nodeList("Replying to", [parentOf[n]]));
      if (childrenOf[n].length) {
        var replies = descendantCount[n] + (descendantCount[n] === 1 ? " reply" : " replies");
        var fold = el("button", (collapsed.has(n) ? "Unfold " : "Fold ") + replies);
        fold.type = "button";
        fold.id = "fold";
        fold.addEventListener("click", function () { toggleFold(n); });
        body.appendChild(nodeList("Replies", childrenOf[n]));
        body.appendChild(fold);
      }
    } else if (node.k === "source") {
      body.appendChild(el("h2", "Source"));
      addRow(dl, "Kind", node.sk);
      body.appendChild(dl);
      var list = el("ul");
      list.appendChild(sourceItem(n));
      body.appendChild(list);
      body.appendChild(nodeList("Cited by", linksOf[n]));
    } else {
      body.appendChild(el("h2", "Topic: " + (node.l || "")));
      body.appendChild(el("div", node.t, "text"));
      body.appendChild(nodeList("Comments about it", linksOf[n]));
    }
  }

  // ---------------------------------------------------------------- header and controls
  function header() {
    var meta = DATA.meta;
    var c = DATA.counts;
    $("title").textContent = meta.title || meta.thread_id || "Argument map";
    $("title").title = meta.title || "";
    var counts = $("counts");
    // [count, one, many, class]: "1 query", "2 queries"
    [[c.comments, UNIT.slice(0, -1), UNIT, ""], [c.supports, "support", "supports", "support"],
      [c.attacks, "attack", "attacks", "attack"], [c.neutral, "neutral", "neutral", ""],
      [c.queries, "query", "queries", ""], [c.sources, "source", "sources", ""], [c.topics, "topic", "topics", ""]]
      .forEach(function (row) {
        var li = el("li", null, row[3]);
        li.appendChild(el("b", row[0]));
        li.appendChild(document.createTextNode(" " + (row[0] === 1 ? row[1] : row[2])));
        counts.appendChild(li);
      });
  }
  function checkbox(parent, key, label, group) {
    var lab = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = key;
    box.setAttribute("data-filter", group);
    box.addEventListener("change", function () { state[group][key] = box.checked; refresh(); });
    lab.appendChild(box);
    lab.appendChild(document.createTextNode(label));
    parent.appendChild(lab);
  }
  function controls() {
    ["support", "attack", "neutral", "query", "root", "none"].forEach(function (s) {
      checkbox($("f-stance"), s, (STANCE[s].mark ? STANCE[s].mark + " " : "") + STANCE[s].name, "stances");
    });
    var present = {};
    NODES.forEach(function (n) { present[n.k] = true; });
    ["comment", "paragraph", "source", "topic"].forEach(function (k) {
      if (present[k]) checkbox($("f-kind"), k, KIND[k].name, "kinds");
    });
    var topics = {};
    NODES.forEach(function (n) { if (n.tp) topics[n.tp] = (topics[n.tp] || 0) + 1; });
    Object.keys(topics).sort().forEach(function (t) {
      var o = el("option", clip(t, 40) + " (" + topics[t] + ")");
      o.value = t;
      $("f-topic").appendChild(o);
    });
    var timer = null;
    $("search").addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { state.q = $("search").value.trim().toLowerCase(); refresh(); }, BIG ? 250 : 80);
    });
    $("search").addEventListener("keydown", function (ev) {
      if (ev.key !== "Enter") return;
      clearTimeout(timer);
      state.q = $("search").value.trim().toLowerCase();
      refresh();
      for (var k = 0; k < preorder.length; k++) {
        if (lastVisible[preorder[k]]) { select(preorder[k], {}); break; }
      }
    });
    $("f-topic").addEventListener("change", function () { state.topic = $("f-topic").value; refresh(); });
    $("f-score").addEventListener("input", function () {
      state.minScore = parseFloat($("f-score").value) || 0;
      $("f-score-out").textContent = state.minScore.toFixed(2);
      refresh();
    });
    $("f-depth").addEventListener("change", function () {
      var v = $("f-depth").value;
      state.depth = v === "" ? null : parseInt(v, 10);
      refresh();
    });
    $("reset").addEventListener("click", reset);
    $("png").addEventListener("click", savePng);
    $("fit").addEventListener("click", function () {
      var v = views[state.view];
      if (v) v.network.fit({ animation: BIG ? false : { duration: 300 } });
    });
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "/" && document.activeElement !== $("search")) {
        ev.preventDefault();
        $("search").focus();
      }
    });
    $("view-tree").addEventListener("click", function () { switchView("tree"); });
    $("view-net").addEventListener("click", function () { switchView("net"); });
  }
  function reset() {
    state.q = "";
    state.topic = "";
    state.minScore = 0;
    state.depth = null;
    collapsed.clear();
    Object.keys(state.stances).forEach(function (k) { state.stances[k] = true; });
    Object.keys(state.kinds).forEach(function (k) { state.kinds[k] = true; });
    $("search").value = "";
    $("f-topic").value = "";
    $("f-score").value = "0";
    $("f-score-out").textContent = "0.00";
    $("f-depth").value = "";
    document.querySelectorAll("input[data-filter]").forEach(function (b) { b.checked = true; });
    refresh();
  }

  // ---------------------------------------------------------------- claims (issue #17)
  // DATA.claims: [comment index, start, end, role, score, id] (UTF-16 offsets into the comment's
  // text); DATA.claim_edges: [source claim, target claim, kind, score, via]. The panel highlights a
  // comment's claims (DOM text nodes only); the argument network shows claims grouped by comment.
  var CLAIMS = DATA.claims || [];
  var CLAIM_EDGES = DATA.claim_edges || [];
  var K = CLAIMS.length;
  var ROLE = {
    main_claim: { name: "main claim", color: "#34495e", tint: "#dfe5ec" },
    claim: { name: "claim", color: "#b7791f", tint: "#fdf1d8" },
    premise: { name: "premise", color: "#1f7a8c", tint: "#dcf0f4" }
  };
  var RELATION = { supports: STANCE.support, attacks: STANCE.attack };
  var claimsOf = new Array(N); // comment -> [claim indices], in text order
  var claimIn = new Array(K); // claim -> [claim edge indices] into it (holes for none)
  var claimOut = new Array(K); // claim -> [claim edge indices] out of it
  (function () {
    for (var k = 0; k < K; k++) {
      var c = CLAIMS[k][0];
      (claimsOf[c] = claimsOf[c] || []).push(k);
      // ids arrive as the number after "claim:<comment id>:" when they have that form
      if (typeof CLAIMS[k][5] === "number") CLAIMS[k][5] = "claim:" + NODES[c].id + ":" + CLAIMS[k][5];
    }
    CLAIM_EDGES.forEach(function (e, j) {
      (claimOut[e[0]] = claimOut[e[0]] || []).push(j);
      (claimIn[e[1]] = claimIn[e[1]] || []).push(j);
    });
  })();
  function roleOf(k) { return ROLE[CLAIMS[k][3]] ? CLAIMS[k][3] : "claim"; }
  function claimText(k) { return String(NODES[CLAIMS[k][0]].t || "").slice(CLAIMS[k][1], CLAIMS[k][2]); }
  /** Id of vis node ``v``: a node index below N, a claim (N + claim index) above. */
  var claimIds = null;
  /** N + claim index of claim id ``id`` (``claim:<comment>:<n>``), or undefined. */
  function claimIndex(id) {
    if (!claimIds) {
      claimIds = new Map();
      for (var k = 0; k < K; k++) claimIds.set(CLAIMS[k][5], N + k);
    }
    return claimIds.get(id);
  }
  function idOf(v) {
    if (typeof v === "string" && v.indexOf("more:") === 0) {
      return Number(v.slice(5)) === VROOT ? "more:threads" : "more:" + NODES[Number(v.slice(5))].id;
    }
    v = Number(v);
    return v < N ? NODES[v].id : CLAIMS[v - N][5];
  }

  /** The comment's text with its claims in <mark> elements coloured by role (text nodes only). */
  function commentText(n) {
    var box = el("div", null, "text");
    var text = String(NODES[n].t || "");
    var pos = 0;
    (claimsOf[n] || []).forEach(function (k) {
      var a = CLAIMS[k][1], b = CLAIMS[k][2];
      if (a < pos || b <= a || b > text.length) return;
      if (a > pos) box.appendChild(document.createTextNode(text.slice(pos, a)));
      var mark = el("mark", text.slice(a, b), "claim role-" + roleOf(k));
      mark.setAttribute("data-claim", String(k));
      mark.title = ROLE[roleOf(k)].name + " " + fmtScore(CLAIMS[k][4]);
      mark.addEventListener("click", function () { focusClaim(k); });
      box.appendChild(mark);
      pos = b;
    });
    if (pos < text.length) box.appendChild(document.createTextNode(text.slice(pos)));
    return box;
  }
  function roleChip(k) { return el("span", ROLE[roleOf(k)].name, "role role-" + roleOf(k)); }
  /** A button that opens claim ``k``'s comment with ``k`` highlighted. */
  function claimButton(k, kind) {
    var b = el("button");
    b.type = "button";
    if (kind) {
      var rel = RELATION[kind] || STANCE.none;
      b.appendChild(el("span", rel.mark, "chip " + (kind === "supports" ? "support" : "attack")));
    }
    var who = NODES[CLAIMS[k][0]].a;
    b.appendChild(el("span", (who ? who + ": " : "") + clip(claimText(k), 110)));
    b.setAttribute("data-goto", CLAIMS[k][5]);
    b.addEventListener("click", function () { select(CLAIMS[k][0], { claim: k }); });
    return b;
  }
  /** Per claim of comment ``n``: its role and text, the other comments' claims that support or
   *  attack it, and what it answers in other comments. */
  function claimSection(n) {
    var frag = document.createDocumentFragment();
    var mine = claimsOf[n] || [];
    if (!mine.length) return frag;
    frag.appendChild(el("h3", "Claims (" + mine.length + ")"));
    var ul = el("ul", null, "claims");
    mine.forEach(function (k) {
      var li = el("li", null, "claim-item");
      li.setAttribute("data-claim", String(k));
      var head = el("div", null, "claim-head");
      head.appendChild(roleChip(k));
      head.appendChild(el("span", clip(claimText(k), 160)));
      li.appendChild(head);
      var incoming = (claimIn[k] || []).filter(function (j) { return CLAIMS[CLAIM_EDGES[j][0]][0] !== n; });
      var outgoing = (claimOut[k] || []).filter(function (j) { return CLAIMS[CLAIM_EDGES[j][1]][0] !== n; });
      [[incoming, 0, "Answered by"], [outgoing, 1, "Answers"]].forEach(function (group) {
        if (!group[0].length) return;
        li.appendChild(el("div", group[2], "hint"));
        var sub = el("ul", null, "claim-links");
        group[0].slice(0, LIST_CAP).forEach(function (j) {
          var item = el("li");
          item.appendChild(claimButton(CLAIM_EDGES[j][group[1]], CLAIM_EDGES[j][2]));
          sub.appendChild(item);
        });
        li.appendChild(sub);
      });
      ul.appendChild(li);
    });
    frag.appendChild(ul);
    return frag;
  }
  /** Mark claim ``k`` (of the comment in the panel) and scroll it into view. */
  function focusClaim(k) {
    document.querySelectorAll("#panel-body .focus").forEach(function (x) { x.classList.remove("focus"); });
    document.querySelectorAll('#panel-body [data-claim="' + k + '"]').forEach(function (x) {
      x.classList.add("focus");
      if (x.scrollIntoView) x.scrollIntoView({ block: "nearest" });
    });
  }

  function visClaim(k) {
    var c = CLAIMS[k][0];
    var role = ROLE[roleOf(k)];
    var st = STANCE[stanceKey(c)];
    var j = (claimsOf[c] || []).indexOf(k);
    var who = NODES[c].a ? NODES[c].a : "anonymous";
    return {
      id: N + k, label: wrap(clip(claimText(k), LABEL_CHARS), LINE_CHARS), hidden: false, shape: "box",
      title: role.name + " " + fmtScore(CLAIMS[k][4]) + " · " + who + " (" + st.name + ")\n" + clip(claimText(k), 220),
      color: { background: role.tint, border: role.color, highlight: { background: "#fff8c4", border: "#111" },
        hover: { background: "#fffbe0", border: role.color } },
      font: { color: "#1d232b" }, borderWidth: CLAIMS[k][3] === "main_claim" ? 3 : 2,
      shapeProperties: { borderRadius: 4 },
      x: NODES[c].rx * 1.6 + 40 * Math.cos(j * 2.4), y: NODES[c].ry * 1.6 + 40 * Math.sin(j * 2.4) + 30 * j
    };
  }
  function visClaimEdge(e, j) {
    var rel = RELATION[e[2]] || STANCE.none;
    return {
      id: "r" + j, from: N + e[0], to: N + e[1], arrows: { to: { enabled: true, scaleFactor: 0.6 } },
      color: { color: rel.color, highlight: rel.color, hover: rel.color }, dashes: rel.dashes,
      width: e[4] === "premise" ? 1.5 : 2.5, length: e[4] === "premise" ? 70 : 200,
      title: e[2] + " " + fmtScore(e[3]) + " (" + (e[4] || "") + ")"
    };
  }
  /** The argument network with claims: claim nodes coloured by role, supports / attacks between
   *  them, each comment's claims held together (invisible springs) and drawn on a tinted box. */
  function makeClaimView() {
    var members = [], ends = [];
    for (var k = 0; k < K; k++) members.push(N + k);
    CLAIM_EDGES.forEach(function (e) { ends.push([N + e[0], N + e[1]]); });
    claimsOf.forEach(function (ks) { // invisible springs that hold each comment's claims together
      for (var a = 1; a < ks.length; a++) ends.push([N + ks[a - 1], N + ks[a]]);
    });
    function make(j) {
      if (j < CLAIM_EDGES.length) return visClaimEdge(CLAIM_EDGES[j], j);
      return { id: "g" + (ends[j][1] - N), from: ends[j][0], to: ends[j][1], hidden: true, length: 50 };
    }
    var view = { name: "net", claims: true, members: members, hidden: new Uint8Array(N + K) };
    var first = null;
    var edgeRecs = null;
    if (LAZY) {
      lazySetup(view, ends, make);
      first = lazyChanges(view, lastVisible || computeVisible());
    } else {
      edgeRecs = ends.map(function (e, j) { return make(j); });
    }
    var nodeRecs = first ? first.addN : members.map(function (v) { return visClaim(v - N); });
    var shown = nodeRecs.length;
    var nodes = new vis.DataSet(nodeRecs);
    var edges = new vis.DataSet(first ? first.addE : edgeRecs);
    var options = commonOptions();
    options.physics = {
      enabled: true, solver: "barnesHut",
      barnesHut: { gravitationalConstant: -5000, centralGravity: 0.15, springLength: 120, springConstant: 0.05,
        damping: 0.4, avoidOverlap: shown > 1500 ? 0 : 0.6, theta: shown > 1500 ? 0.9 : 0.5 },
      stabilization: { enabled: true, iterations: settleSteps(shown), updateInterval: 5, fit: true },
      minVelocity: 1.5
    };
    var network = new vis.Network($("graph-net"), { nodes: nodes, edges: edges }, options);
    view.network = network;
    view.nodes = nodes;
    view.edges = edges;
    levelOfDetail(network);
    network.on("click", function (params) {
      var v = params.nodes.length ? Number(params.nodes[0]) : -1;
      if (v >= N) select(CLAIMS[v - N][0], { focus: false, claim: v - N });
    });
    if (shown <= 3000) network.on("beforeDrawing", function (ctx) { drawCommentGroups(view, ctx); });
    views.net = view;
    if (!LAZY) applyClaimVisibility(view, lastVisible || computeVisible(), true);
    return view;
  }
  /** A tinted box (the comment's stance colour) behind each comment's visible claims. */
  function drawCommentGroups(view, ctx) {
    var pos = view.network.getPositions();
    claimsOf.forEach(function (ks, c) {
      var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      ks.forEach(function (k) {
        var p = pos[N + k];
        if (!p || view.hidden[N + k]) return;
        x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y); x1 = Math.max(x1, p.x); y1 = Math.max(y1, p.y);
      });
      if (x0 === Infinity) return;
      var st = STANCE[stanceKey(c)];
      ctx.save();
      ctx.globalAlpha = 0.45;
      ctx.fillStyle = stanceKey(c) === "root" ? "#dfe5ec" : st.tint;
      ctx.strokeStyle = st.color;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.rect(x0 - 95, y0 - 28, x1 - x0 + 190, y1 - y0 + 56);
      ctx.fill();
      ctx.stroke();
      ctx.restore();
    });
  }
  function applyClaimVisibility(view, visible, force) {
    var updates = [];
    for (var k = 0; k < K; k++) {
      var hide = visible[CLAIMS[k][0]] ? 0 : 1;
      if (hide !== view.hidden[N + k] || (force && hide)) {
        updates.push({ id: N + k, hidden: !!hide });
        view.hidden[N + k] = hide;
      }
    }
    if (updates.length) view.nodes.update(updates);
  }
  /** Select comment ``n``'s claims (or just ``opts.claim``) in the claim network. */
  function selectClaims(view, n, opts) {
    var ks = opts.claim !== undefined ? [opts.claim] : (claimsOf[n] || []);
    var ids = ks.map(function (k) { return N + k; }).filter(function (v) { return !view.hidden[v]; });
    view.network.selectNodes(ids);
    if (ids.length && opts.focus !== false) {
      view.network.focus(ids[0], { scale: Math.max(view.network.getScale(), 0.8), animation: BIG ? false : { duration: 350 } });
    }
  }

  // ---------------------------------------------------------------- image (Save PNG)
  var LEGEND_W = 250; // CSS px, right of the drawing
  /** Draw ``dashes`` (false or a dash list) as a line from (x1, y) to (x2, y). */
  function legendLine(g, x1, x2, y, color, dashes, width) {
    g.save();
    g.strokeStyle = color;
    g.lineWidth = width;
    g.setLineDash(dashes || []);
    g.beginPath();
    g.moveTo(x1, y);
    g.lineTo(x2, y);
    g.stroke();
    g.restore();
  }
  function legendShape(g, kind, x, y, fill, stroke) {
    g.save();
    g.fillStyle = fill;
    g.strokeStyle = stroke || fill;
    g.lineWidth = 1;
    g.beginPath();
    if (kind === "comment") {
      g.rect(x - 17, y - 6, 34, 12);
    } else if (kind === "paragraph") {
      g.ellipse(x, y, 17, 7, 0, 0, 2 * Math.PI);
    } else if (kind === "source") {
      g.moveTo(x, y - 8); g.lineTo(x + 8, y); g.lineTo(x, y + 8); g.lineTo(x - 8, y); g.closePath();
    } else {
      g.moveTo(x - 6, y - 7); g.lineTo(x + 6, y - 7); g.lineTo(x + 12, y); g.lineTo(x + 6, y + 7);
      g.lineTo(x - 6, y + 7); g.lineTo(x - 12, y); g.closePath();
    }
    g.fill();
    g.stroke();
    g.restore();
  }
  /** The legend as drawing steps: [kind, ...args]; run twice (measure, then draw). */
  function legendRows() {
    var rows = [["title", DATA.meta.title || DATA.meta.thread_id || "Argument map"], ["gap"],
      ["head", "Stance toward the parent (colour, mark, line)"]];
    ["support", "attack", "neutral", "query"].forEach(function (s) { rows.push(["stance", s]); });
    rows.push(["root"], ["head", "Shape: node kind"]);
    ["comment", "paragraph", "source", "topic"].forEach(function (k) { rows.push(["kind", k]); });
    rows.push(["head", "Lines"], ["reply"], ["link", "cites", "cites a source"], ["link", "about", "is about a topic"]);
    return rows;
  }
  function drawLegend(g, x0, width) {
    var y = 14;
    var ink = "#1d232b", muted = "#5b6572";
    g.textBaseline = "middle";
    legendRows().forEach(function (row) {
      var label = null;
      if (row[0] === "title") {
        g.font = "600 15px system-ui, sans-serif";
        g.fillStyle = ink;
        g.fillText(clip(row[1], 30), x0 + 12, y + 8, width - 24);
        y += 22;
        return;
      }
      if (row[0] === "gap") { y += 4; return; }
      if (row[0] === "head") {
        g.font = "600 11px system-ui, sans-serif";
        g.fillStyle = muted;
        g.fillText(row[1], x0 + 12, y + 10, width - 24);
        y += 22;
        return;
      }
      var cy = y + 9, sx = x0 + 14;
      if (row[0] === "stance") {
        var st = STANCE[row[1]];
        legendLine(g, sx, sx + 40, cy, st.color, st.dashes, 3);
        g.fillStyle = st.color;
        g.beginPath();
        g.arc(sx + 54, cy, 8, 0, 2 * Math.PI);
        g.fill();
        g.fillStyle = "#ffffff";
        g.font = "700 10px system-ui, sans-serif";
        g.textAlign = "center";
        g.fillText(st.mark, sx + 54, cy + 1);
        g.textAlign = "left";
        label = st.name;
      } else if (row[0] === "root") {
        g.fillStyle = STANCE.root.color;
        g.fillRect(sx + 6, cy - 5, 30, 10);
        label = STANCE.root.mark + " opening post (no parent)";
      } else if (row[0] === "kind") {
        var k = KIND[row[1]];
        legendShape(g, row[1], sx + 20, cy, k.color || "#dfe3e8", k.color || "#555555");
        label = k.name + (row[1] === "paragraph" ? " (of an article)" : row[1] === "source" ? " (URL, footnote, outlet)" : "");
      } else if (row[0] === "reply") {
        legendLine(g, sx, sx + 40, cy, "#555555", false, 2);
        g.fillStyle = "#555555";
        g.beginPath();
        g.moveTo(sx, cy); g.lineTo(sx + 7, cy - 4); g.lineTo(sx + 7, cy + 4); g.closePath();
        g.fill();
        label = "reply → parent (style = stance)";
      } else if (row[0] === "link") {
        var l = LINK[row[1]];
        legendLine(g, sx, sx + 40, cy, l.color, l.dashes, 1.5);
        label = row[2];
      }
      g.font = "12px system-ui, sans-serif";
      g.fillStyle = ink;
      g.fillText(label, sx + 70, cy, width - 96);
      y += 20;
    });
    return y + 10;
  }
  /** The current view as a new canvas: white background, the drawing as shown, the legend on the
   *  right. ``opts.fit``: fit the whole view first. */
  function imageCanvas(opts) {
    var view = views[state.view];
    var src = $(state.view === "tree" ? "graph-tree" : "graph-net").querySelector("canvas");
    if (!view || !src) throw new Error("nothing drawn yet");
    if (opts && opts.fit) view.network.fit({ animation: false });
    view.network.redraw();
    var ratio = src.clientWidth ? src.width / src.clientWidth : 1;
    var probe = document.createElement("canvas").getContext("2d");
    var legendH = drawLegend(probe, 0, LEGEND_W);
    var out = document.createElement("canvas");
    out.width = src.width + Math.round(LEGEND_W * ratio);
    out.height = Math.max(src.height, Math.round(legendH * ratio));
    var g = out.getContext("2d");
    g.fillStyle = "#ffffff";
    g.fillRect(0, 0, out.width, out.height);
    g.drawImage(src, 0, 0);
    g.save();
    g.scale(ratio, ratio);
    var x0 = src.width / ratio;
    g.fillStyle = "#f6f7f9";
    g.fillRect(x0, 0, LEGEND_W, out.height / ratio);
    g.strokeStyle = "#d9dee5";
    g.beginPath();
    g.moveTo(x0 + 0.5, 0);
    g.lineTo(x0 + 0.5, out.height / ratio);
    g.stroke();
    drawLegend(g, x0, LEGEND_W);
    g.restore();
    return out;
  }
  function imageName() {
    var base = String(DATA.meta.thread_id || "argmap").replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 80);
    return (base || "argmap") + "-" + state.view + ".png";
  }
  /** Save the current view (with its legend) as a PNG download. */
  function savePng() {
    var canvas = imageCanvas();
    var name = imageName();
    function download(url, bytes) {
      var a = el("a");
      a.href = url;
      a.download = name;
      a.hidden = true;
      document.body.appendChild(a);
      a.click();
      a.remove();
      window.argmap.lastPng = { name: name, url: url, width: canvas.width, height: canvas.height, bytes: bytes };
    }
    if (canvas.toBlob && window.URL && URL.createObjectURL) {
      canvas.toBlob(function (blob) {
        var url = URL.createObjectURL(blob);
        download(url, blob.size);
        setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
      }, "image/png");
    } else {
      download(canvas.toDataURL("image/png"), null);
    }
  }

  // ---------------------------------------------------------------- start
  window.argmap = {
    ready: false,
    netReady: false,
    state: state,
    /** Open node ``id`` in the side panel and focus it in the current view ({focus: false}: stay put). */
    select: function (id, opts) {
      if (indexOf.has(id)) select(indexOf.get(id), opts || {});
      else if (claimIndex(id) !== undefined) select(CLAIMS[claimIndex(id) - N][0], { claim: claimIndex(id) - N });
    },
    switchView: switchView,
    /** The current view with its legend as a PNG data URL ({fit: true}: the whole view, not the zoomed part). */
    png: function (opts) { return imageCanvas(opts || {}).toDataURL("image/png"); },
    /** Click "Save PNG" from a script: the download's name, size and URL land in ``lastPng``. */
    savePng: savePng,
    lastPng: null,
    /** Re-apply the filters now (the controls call this; scripts may too after changing state). */
    refresh: refresh,
    /** The vis.Network of the current view. */
    network: function () { return views[state.view] ? views[state.view].network : null; },
    /** Ids of the nodes drawn in the current view (for tests and scripts). */
    visibleIds: function () {
      var v = views[state.view];
      if (!v) return [];
      return v.members.filter(function (n) { return !v.hidden[n]; }).map(idOf);
    },
    /** Current positions of the drawn nodes in the current view, keyed by id. */
    positions: function () {
      var v = views[state.view];
      var out = {};
      if (!v) return out;
      var pos = v.network.getPositions();
      Object.keys(pos).forEach(function (k) { out[idOf(k)] = [Math.round(pos[k].x), Math.round(pos[k].y)]; });
      return out;
    },
    /** Show the next hidden replies of comment ``id`` (what its "N more replies" node does; null:
     *  the next threads of a forest). */
    more: function (id) {
      var p = id === null ? VROOT : indexOf.get(id);
      if (p !== undefined && hiddenKids(p) > 0) { revealMore(p); refresh(); }
    },
    /** Ids of the "N more replies" nodes shown (``more:`` + the comment's id; ``more:threads``). */
    moreIds: function () {
      var out = [];
      for (var p = 0; p < N; p++) if (moreOn[p]) out.push("more:" + NODES[p].id);
      if (moreOn[VROOT]) out.push("more:threads");
      return out;
    },
    /** Canvas position of a node (for tests): {x, y} in CSS pixels within the graph element. */
    domPosition: function (id) {
      var v = views[state.view];
      var n = indexOf.has(id) ? indexOf.get(id) : claimIndex(id);
      if (n === undefined && String(id).indexOf("more:") === 0) {
        var m = String(id).slice(5);
        if (m === "threads") n = "more:" + VROOT; else if (indexOf.has(m)) n = "more:" + indexOf.get(m);
      }
      if (!v || n === undefined) return null;
      return v.network.canvasToDOM(v.network.getPositions([n])[n]);
    }
  };
  window.argmap.timings = TIMINGS;
  window.argmap.data = DATA; // parsed once; the Outline view reads it too
  header();
  controls();
  refresh();
  TIMINGS.setup = Math.round(performance.now() - T0);
  var tree = makeView("tree");
  var tDraw = performance.now();
  $("noscript-note").hidden = true;
  tree.network.once("afterDrawing", function () {
    window.argmap.ready = true;
    window.argmap.readyMs = Math.round(performance.now());
    TIMINGS.firstDraw = Math.round(performance.now() - tDraw);
    document.body.setAttribute("data-ready", "1");
  });
  tree.network.fit({ animation: false });
  if (tree.network.getScale() < 0.55 && preorder.length) {
    // Too big to read whole: start readable at the top left (the opening post) instead of a speck.
    var minX = Infinity, minY = Infinity;
    preorder.forEach(function (n) { minX = Math.min(minX, NODES[n].x); minY = Math.min(minY, LAZY ? treeY[n] : NODES[n].y); });
    var box = $("graph-tree").getBoundingClientRect();
    var scale = 0.75;
    tree.network.moveTo({
      position: { x: minX - 100 + (box.width / 2 - 24) / scale, y: minY - 24 + (box.height / 2 - 24) / scale },
      scale: scale, animation: false
    });
  }
  if (N === 0) {
    $("noscript-note").hidden = false;
    $("noscript-note").textContent = "This thread has no comments.";
    window.argmap.ready = true;
  }
})();

/* ---------------------------------------------------------------- Outline view (key points)
 *
 * Topics → key points (claims, authors, supporting / attacking replies) → their claims; a claim
 * opens its comment in the thread tree. Built on first use from DATA.kp, with textContent only.
 */
(function () {
  "use strict";

  var built = false;
  var KP_STEP = 50; // key points listed per topic at first, and per click on "Show more"
  var TOPIC_STEP = 20; // topics listed at first, and per click
  function $(id) { return document.getElementById(id); }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function build() {
    var data = (window.argmap && window.argmap.data) || JSON.parse(document.getElementById("argmap-data").textContent);
    var box = $("outline");
    var kps = data.kp || [];
    box.appendChild(el("h2", "Key points"));
    if (!kps.length) {
      box.appendChild(el("p", "No key points: no claim is made more than once in this thread.", "hint"));
      return;
    }
    var topics = {};
    var order = [];
    kps.forEach(function (k) {
      var t = k.tp || "no topic";
      if (!topics[t]) { topics[t] = []; order.push(t); }
      topics[t].push(k);
    });
    sections(0);
    /** Topics ``from`` … ``from + TOPIC_STEP``, then a button for the rest. */
    function sections(from) {
      order.slice(from, from + TOPIC_STEP).forEach(function (t) {
        var sec = el("section", null, "ol-topic");
        sec.appendChild(el("h3", t));
        var ul = el("ul", null, "ol-kps");
        sec.appendChild(ul);
        box.appendChild(sec);
        listed(ul, topics[t], 0);
      });
      if (order.length > from + TOPIC_STEP) {
        var b = el("button", "Show " + Math.min(TOPIC_STEP, order.length - from - TOPIC_STEP) + " more of " +
          (order.length - from - TOPIC_STEP) + " topics", "ol-more");
        b.type = "button";
        b.addEventListener("click", function () { b.remove(); sections(from + TOPIC_STEP); });
        box.appendChild(b);
      }
    }
    /** Key points ``from`` … ``from + KP_STEP`` of ``kps`` into ``ul``, then a button for the rest. */
    function listed(ul, kps, from) {
      kps.slice(from, from + KP_STEP).forEach(function (k) { ul.appendChild(keyPoint(k)); });
      if (kps.length > from + KP_STEP) {
        var li = el("li", null, "ol-more");
        var b = el("button", "Show " + Math.min(KP_STEP, kps.length - from - KP_STEP) + " more of " +
          (kps.length - from - KP_STEP) + " key points");
        b.type = "button";
        b.addEventListener("click", function () { li.remove(); listed(ul, kps, from + KP_STEP); });
        li.appendChild(b);
        ul.appendChild(li);
      }
    }
    function keyPoint(k) {
      var li = el("li", null, "ol-kp");
      li.setAttribute("data-kp", k.id);
      var det = el("details");
      var sum = el("summary");
      sum.appendChild(el("span", k.t, "ol-text"));
      var meta = el("span", null, "ol-meta");
      meta.appendChild(el("span", plural(k.n, "claim", "claims")));
      meta.appendChild(el("span", plural(k.na, "author", "authors")));
      meta.appendChild(el("span", "✔ " + k.su, "chip support ol-pro")).title = "claims of replies supporting it";
      meta.appendChild(el("span", "✘ " + k.at, "chip attack ol-con")).title = "claims of replies attacking it";
      sum.appendChild(meta);
      det.appendChild(sum);
      // A key point's claims are listed when it is first opened (thousands of key points stay
      // cheap); the click comes before the <details> opens, so they are there when it does.
      sum.addEventListener("click", function () {
        if (!det.querySelector(".ol-claims")) det.appendChild(claimList(k));
      });
      li.appendChild(det);
      return li;
    }
    function claimList(k) {
      var claims = el("ol", null, "ol-claims");
      (k.cl || []).forEach(function (c) {
        var node = data.nodes[c[0]];
        if (!node) return;
        var item = el("li");
        var b = el("button", c[1], "ol-claim");
        b.type = "button";
        b.title = "open the comment" + (node.a ? " by " + node.a : "");
        b.setAttribute("data-comment", node.id);
        b.addEventListener("click", function () { openComment(node.id); });
        item.appendChild(b);
        if (typeof c[2] === "number") item.appendChild(el("span", c[2].toFixed(2), "ol-score"));
        claims.appendChild(item);
      });
      return claims;
    }
  }

  function show(on) {
    $("outline").hidden = !on;
    var b = $("view-outline");
    b.classList.toggle("on", on);
    b.setAttribute("aria-pressed", String(on));
    if (on) {
      ["graph-tree", "graph-net"].forEach(function (id) { $(id).hidden = true; });
      ["view-tree", "view-net"].forEach(function (id) {
        $(id).classList.remove("on");
        $(id).setAttribute("aria-pressed", "false");
      });
    }
  }

  function openComment(id) {
    show(false);
    if (window.argmap) {
      window.argmap.switchView("tree");
      window.argmap.select(id, {});
    }
  }

  var button = $("view-outline");
  if (!button) return;
  button.addEventListener("click", function () {
    if (!built) { build(); built = true; }
    show(true);
  });
  ["view-tree", "view-net"].forEach(function (id) {
    $(id).addEventListener("click", function () { show(false); });
  });
  if (window.argmap) window.argmap.outline = { show: function () { button.click(); }, openComment: openComment };
})();
