/* argmap page · tree.js: The thread tree view (and the comment network): vis records, level of detail, lazy views,
 * switching views and folding.
 */
/* global $, ARG_MAX, BIG, DX, EDGES, K, KIND, LABEL_CHARS, LAZY, LINE_CHARS, LINK, N, NODES, PAGE, SOURCE_DX, STANCE, TIMINGS, UNIT, VROOT, applyClaimVisibility, childrenOf, claimShown, clip, collapsed, computeVisible, depthOf, descendantCount, editMarks, extra, fmtScore, isComment, legendFor, linksOf, makeClaimView, moreOn, moreY, mostDebated, narrowed, overflow, parentOf, preorder, revealMore, revealPath, roots, select, selectClaims, showPanel, shownKids, stanceKey, state, treeY, visClaim, wrap */
/* exported switchView, unfoldTo */
// ---------------------------------------------------------------- vis records
function baseLabel(n) {
  var node = NODES[n];
  if (!isComment[n]) return clip(node.l || node.t, node.k === "topic" ? 30 : 36);
  var mark = STANCE[stanceKey(n)].mark;
  if (editMarks.comments.has(n) || NODES[n].h) mark = "✎" + (mark ? " " + mark : ""); // edited by hand
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
      (editMarks.comments.has(n) ? " (edited)" : st !== "root" && typeof node.sc === "number" ? " " + fmtScore(node.sc) : "");
  } else {
    head = KIND[node.k] ? KIND[node.k].name : node.k;
  }
  return head + "\n" + clip(node.t, 220);
}
function visNode(n, view, seed) {
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
    rec.font = { color: root ? "#ffffff" : PAGE.ink };
    rec.borderWidth = editMarks.comments.has(n) ? 4 : 2;
    rec.shapeProperties = { borderDashes: st.dashes, borderRadius: 4 };
    rec.x = view === "tree" ? node.x : node.rx;
    rec.y = view === "tree" ? (LAZY ? treeY[n] : node.y) : node.ry;
  } else {
    var kind = KIND[node.k] || KIND.source;
    rec.shape = kind.shape;
    rec.size = node.k === "topic" ? 22 : 13;
    rec.color = { background: kind.color, border: kind.color, highlight: { background: kind.color, border: "#111" } };
    rec.font = { color: PAGE.ink, size: node.k === "topic" ? 16 : 12, strokeWidth: 3, strokeColor: "#ffffff" };
    var xy = view === "tree" ? sourceBeside(n) : linkedCentre(n);
    rec.x = xy[0];
    rec.y = xy[1];
  }
  if (seed && seed[n]) { rec.x = seed[n].x; rec.y = seed[n].y; } // redrawn after an edit: stays put
  return rec;
}
/** Where the thread tree draws source ``n``: right of the comments that cite it (those shown), at
 *  their mean height, a little apart from the other sources they cite. */
function sourceBeside(n) {
  var ls = linksOf[n], x = -Infinity, y = 0, c = 0;
  for (var k = 0; k < ls.length; k++) {
    var m = ls[k];
    if (!isComment[m] || (lastVisible && !lastVisible[m])) continue;
    x = Math.max(x, NODES[m].x);
    y += LAZY ? treeY[m] : NODES[m].y;
    c++;
  }
  if (!c) return [0, 0];
  var first = ls[0], rank = 0;
  for (k = 0; k < linksOf[first].length && linksOf[first][k] !== n; k++) if (NODES[linksOf[first][k]].k === "source") rank++;
  return [x + SOURCE_DX, y / c + rank * 30];
}
/** A node of the tree view at its place: comments from the layout, sources beside their citers. */
function treeXY(v) {
  return isComment[v] ? [NODES[v].x, LAZY ? treeY[v] : NODES[v].y] : sourceBeside(v);
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
    c = (e.options.color && e.options.color.color) || STANCE.neutral.color;
    (lines[c] = lines[c] || []).push(e.from.x, e.from.y, e.to.x, e.to.y);
  }
  for (id in body.nodes) {
    var n = body.nodes[id];
    if (n.options.hidden) continue;
    c = (n.options.color && n.options.color.border) || STANCE.neutral.color;
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
function makeView(name, seed) {
  var tStart = performance.now();
  var members = [];
  // The tree draws comments and, beside the comments that cite them, sources (not topics).
  for (var n = 0; n < N; n++) if (name === "net" || isComment[n] || NODES[n].k === "source") members.push(n);
  var drawn = [];
  EDGES.forEach(function (e, k) {
    // Big threads: topic links are listed in the panel, not drawn (thousands of long lines to a
    // handful of hubs hide everything else and double the layout work).
    if (e[2] === "reply" || e[2] === "cites" || (name === "net" && !(BIG && e[2] === "about"))) drawn.push(k);
  });
  var view = { name: name, members: members, hidden: new Uint8Array(N), labels: {}, seed: seed || null };
  var first = null;
  if (LAZY) {
    lazySetup(view, drawn.map(function (k) { return EDGES[k]; }),
      function (j) { return visEdge(EDGES[drawn[j]], drawn[j]); });
    first = lazyChanges(view, lastVisible || computeVisible());
  }
  var nodeRecs = first ? first.addN : members.map(function (m) { return visNode(m, name, seed); });
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
  } else if (seed) {
    options.physics = { enabled: false }; // redrawn after an edit: nothing moves
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
  view.xs = new Float64Array(size);
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
    var want = view.claims ? claimShown(v - N, visible) : visible[v];
    if (want && !view.present[v]) {
      var rec = view.claims ? visClaim(v - N, view.seed) : visNode(v, view.name, view.seed);
      out.addN.push(rec);
      view.present[v] = 1;
      view.xs[v] = rec.x;
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
      if (view.name === "tree") {
        var xy = treeXY(v);
        if (view.ys[v] !== xy[1] || view.xs[v] !== xy[0]) {
          upd = upd || { id: v };
          upd.x = xy[0];
          upd.y = xy[1];
          view.xs[v] = xy[0];
          view.ys[v] = xy[1];
        }
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
          color: { background: "#ffffff", border: STANCE.query.color, highlight: { background: STANCE.query.tint, border: "#111" },
            hover: { background: STANCE.query.tint, border: STANCE.query.color } },
          font: { color: STANCE.query.color }, borderWidth: 1, shapeProperties: { borderDashes: [4, 3], borderRadius: 10 }
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
  // A big thread opens on its first part: say why, and how to see the rest.
  var partial = LAZY && !narrowed() && (moreOn[VROOT] || moreOn.some(function (x) { return x; }));
  $("shown-why").hidden = !partial;
  $("shown-why").textContent = partial ? "A big thread opens on its first replies, level by level, as a forum page " +
    "does. Click a “+ N more replies” box to show more, or search: matches are shown wherever they are." : "";
  document.body.setAttribute("data-visible", String(shown));
}

function switchView(name) {
  state.view = name;
  $("graph-tree").hidden = name !== "tree";
  $("graph-net").hidden = name !== "net";
  legendFor(name === "net" && K > 0 ? "argument" : "thread");
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

/** A claim network small enough to read opens readable: at a zoom where its boxes show their text,
 *  on its most debated claim ("Fit to screen" shows it all). */
function readable(view) {
  if (view.claims && view.argument !== undefined) { // one argument: its claim on top, readable
    var top = view.network.getPositions([N + view.argument])[N + view.argument];
    var box = view.network.body.container.getBoundingClientRect();
    view.network.moveTo({ position: { x: top.x, y: top.y - 60 + box.height / 2 / 0.8 }, scale: 0.8, animation: false });
    return;
  }
  if (!view.claims || view.members.length > ARG_MAX) return;
  if (view.network.getScale() >= 0.55) return;
  var k = mostDebated();
  var at = k >= 0 ? view.network.getPositions([N + k])[N + k] : null;
  if (at) view.network.moveTo({ position: at, scale: 0.55, animation: false });
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
      readable(view);
      view.network.once("afterDrawing", function () {
        window.argmap.netReady = true;
        window.argmap.netLayoutMs = Math.round(performance.now() - t0);
      });
      view.network.redraw();
    }
    if (!view.nodes.length || view.seed) settled(); // nothing shown, or laid out already: nothing to settle
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
