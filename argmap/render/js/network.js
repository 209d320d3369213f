/* argmap page · network.js: The argument network: claims coloured by role, supports / attacks between them, and the
 * panel's claim highlighting.
 */
/* global $, BIG, DATA, PAGE, RELATION, ROLE, LABEL_CHARS, LAZY, LINE_CHARS, LIST_CAP, N, NODES, STANCE, VROOT, claimEditor, clip, commonOptions, computeVisible, editMarks, editing, el, fmtScore, lastVisible, lazyChanges, lazySetup, levelOfDetail, pickTarget, relationEditor, select, settleSteps, stanceKey, startNet, state, views, wrap */
/* exported applyRelationFilter, claimIndex, claimSection, commentText, idOf, makeClaimView, selectClaims */
// ---------------------------------------------------------------- claims (issue #17)
// DATA.claims: [comment index, start, end, role, score, id] (UTF-16 offsets into the comment's
// text); DATA.claim_edges: [source claim, target claim, kind, score, via]. The panel highlights a
// comment's claims (DOM text nodes only); the argument network shows claims grouped by comment.
var CLAIMS = DATA.claims || [];
var CLAIM_EDGES = DATA.claim_edges || [];
var K = CLAIMS.length;
var claimsOf = new Array(N); // comment -> [claim indices], in text order
var claimIn, claimOut; // claim -> [claim edge indices] into it / out of it (holes for none)
(function () {
  for (var k = 0; k < K; k++) {
    var c = CLAIMS[k][0];
    (claimsOf[c] = claimsOf[c] || []).push(k);
    // ids arrive as the number after "claim:<comment id>:" when they have that form
    if (typeof CLAIMS[k][5] === "number") CLAIMS[k][5] = "claim:" + NODES[c].id + ":" + CLAIMS[k][5];
  }
})();
/** claimsOf, claimIn and claimOut again (after an edit moved claims or relations). */
function indexClaimEdges() {
  claimsOf = new Array(N);
  for (var k = 0; k < K; k++) (claimsOf[CLAIMS[k][0]] = claimsOf[CLAIMS[k][0]] || []).push(k);
  claimsOf.forEach(function (ks) { ks.sort(function (a, b) { return CLAIMS[a][1] - CLAIMS[b][1]; }); });
  claimIn = new Array(K);
  claimOut = new Array(K);
  CLAIM_EDGES.forEach(function (e, j) {
    (claimOut[e[0]] = claimOut[e[0]] || []).push(j);
    (claimIn[e[1]] = claimIn[e[1]] || []).push(j);
  });
}
indexClaimEdges();
/** Claim ``k`` is drawn: its comment is shown and no edit marked it as no claim. */
function claimShown(k, visible) {
  return !!visible[CLAIMS[k][0]] && !editMarks.dropped[k] && state.roles[roleOf(k)] !== false;
}
/** Relation ``e`` passes the probability slider. */
function relationShown(e) {
  if (state.relKinds[e[2]] === false) return false;
  return !(state.minRelation > 0) || e[4] === "human" || (typeof e[3] === "number" && e[3] >= state.minRelation);
}

// ---------------------------------------------------------------- one claim's argument (big networks)
// Up to ARG_MAX claims the network shows them all, with text at the default zoom. Beyond, it opens
// on one claim's argument: the most-debated claim (or the one selected), what supports and attacks
// it and what supports and attacks those (ARG_DEPTH steps), as a tree: the claim on top, its
// supporters to the left of its attackers under it. "Whole network" is one click away.
var ARG_MAX = 150, ARG_DEPTH = 2, ARG_FAN = 12;
var argRoot = -1; // claim the argument view is about; -1: the whole network
/** The claim most argued about: of the 50 with the most shown relations into them, the one whose
 *  argument (what answers it, two steps out) is largest. */
function mostDebated() {
  var direct = [];
  for (var k = 0; k < K; k++) {
    if (editMarks.dropped[k]) continue;
    var n = (claimIn[k] || []).filter(function (j) { return relationShown(CLAIM_EDGES[j]); }).length;
    if (n) direct.push([n, k]);
  }
  if (!direct.length) return K ? 0 : -1;
  direct.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
  var best = direct[0][1], size = 0;
  direct.slice(0, 50).forEach(function (d) {
    var rows = argumentRows(d[1]).length;
    if (rows > size) { size = rows; best = d[1]; }
  });
  return best;
}
/** The argument of claim ``root``: [claim, parent claim, edge index, depth] rows, breadth first. */
function argumentRows(root) {
  var rows = [[root, -1, -1, 0]], seen = new Set([root]);
  for (var h = 0; h < rows.length; h++) {
    var k = rows[h][0], d = rows[h][3];
    if (d >= ARG_DEPTH) continue;
    var into = (claimIn[k] || []).filter(function (j) {
      var s = CLAIM_EDGES[j][0];
      return relationShown(CLAIM_EDGES[j]) && !seen.has(s) && !editMarks.dropped[s];
    });
    // supporters first, then attackers; the most probable first within each
    into.sort(function (a, b) {
      var ea = CLAIM_EDGES[a], eb = CLAIM_EDGES[b];
      return (ea[2] === eb[2] ? 0 : ea[2] === "supports" ? -1 : 1) || ((eb[3] || 0) - (ea[3] || 0));
    });
    into.slice(0, ARG_FAN).forEach(function (j) {
      var s = CLAIM_EDGES[j][0];
      seen.add(s);
      rows.push([s, k, j, d + 1]);
    });
  }
  return rows;
}
/** Positions for argument rows, read as a pro / con tree: the claim on top, what supports it in
 *  a column on the left and what attacks it on the right, each followed by what answers it
 *  (indented, its own supporters before its attackers). */
function argumentLayout(rows) {
  var kids = {}, pos = {}, root = rows[0][0];
  rows.forEach(function (r) { if (r[1] >= 0) (kids[r[1]] = kids[r[1]] || []).push(r); });
  pos[root] = { x: 0, y: 0 };
  var y = { supports: 110, attacks: 110 };
  (kids[root] || []).forEach(function (r) {
    var side = CLAIM_EDGES[r[2]][2] === "attacks" ? "attacks" : "supports", x = side === "attacks" ? 300 : -300;
    (function place(row, depth) {
      pos[row[0]] = { x: x + depth * 70, y: y[side] };
      y[side] += 62;
      (kids[row[0]] || []).forEach(function (c) { place(c, depth + 1); });
    })(r, 0);
    y[side] += 14;
  });
  return pos;
}
function argumentMode() { return K > ARG_MAX && argRoot >= 0; }
/** Open the argument of claim ``k`` (-1: the most debated), or the whole network (null). */
function showArgument(k) {
  argRoot = k === null ? -2 : k >= 0 ? k : mostDebated(); // -2: the whole network, by choice
  if (views.net) { views.net.network.destroy(); delete views.net; }
  if (state.view === "net") startNet();
}
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
    var dropped = editMarks.dropped[k];
    var mark = el("mark", text.slice(a, b), "claim role-" + roleOf(k) + (dropped ? " dropped" : "") +
      (editMarks.claims.has(k) ? " edited" : ""));
    mark.setAttribute("data-claim", String(k));
    mark.title = (dropped ? "no claim (edited)" : ROLE[roleOf(k)].name + " " + fmtScore(CLAIMS[k][4]));
    mark.addEventListener("click", function () { if (!pickTarget(CLAIMS[k][0], { claim: k })) focusClaim(k); });
    box.appendChild(mark);
    pos = b;
  });
  if (pos < text.length) box.appendChild(document.createTextNode(text.slice(pos)));
  return box;
}
function roleChip(k) { return el("span", ROLE[roleOf(k)].name, "role role-" + roleOf(k)); }
/** A button that opens claim ``k``'s comment with ``k`` highlighted. */
function claimButton(k, kind, score) {
  var b = el("button");
  b.type = "button";
  if (kind) {
    var rel = RELATION[kind] || STANCE.none;
    b.appendChild(el("span", rel.mark, "chip " + (kind === "supports" ? "support" : "attack")));
  }
  var who = NODES[CLAIMS[k][0]].a;
  b.appendChild(el("span", (who ? who + ": " : "") + clip(claimText(k), 110)));
  if (score !== undefined) {
    var p = el("span", score === "human" ? "✎ you" : "p " + fmtScore(score), "rel-score");
    p.title = score === "human" ? "set by hand" : "probability of this " + kind + " link";
    b.appendChild(p);
  }
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
    head.appendChild(editMarks.dropped[k] ? el("span", "no claim", "role role-none") : roleChip(k));
    head.appendChild(el("span", clip(claimText(k), 160), editMarks.dropped[k] ? "dropped" : null));
    if (editMarks.claims.has(k)) head.appendChild(el("span", "✎", "edited-mark")).title = "edited";
    li.appendChild(head);
    if (editing) li.appendChild(claimEditor(k));
    var incoming = (claimIn[k] || []).filter(function (j) { return CLAIMS[CLAIM_EDGES[j][0]][0] !== n; });
    var outgoing = (claimOut[k] || []).filter(function (j) { return CLAIMS[CLAIM_EDGES[j][1]][0] !== n; });
    [[incoming, 0, "Answered by"], [outgoing, 1, "Answers"]].forEach(function (group) {
      if (!group[0].length) return;
      li.appendChild(el("div", group[2], "hint"));
      var sub = el("ul", null, "claim-links");
      group[0].slice(0, LIST_CAP).forEach(function (j) {
        var item = el("li");
        var e = CLAIM_EDGES[j];
        if (!relationShown(e)) item.className = "below-slider";
        item.appendChild(claimButton(e[group[1]], e[2], e[4] === "human" ? "human" : e[3]));
        if (editing) item.appendChild(relationEditor(e[0], e[1], e[2]));
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

function visClaim(k, seed) {
  var c = CLAIMS[k][0];
  var role = ROLE[roleOf(k)];
  var st = STANCE[stanceKey(c)];
  var j = (claimsOf[c] || []).indexOf(k);
  var who = NODES[c].a ? NODES[c].a : "anonymous";
  return {
    id: N + k, label: (editMarks.claims.has(k) ? "✎ " : "") + wrap(clip(claimText(k), LABEL_CHARS), LINE_CHARS),
    hidden: false, shape: "box",
    title: role.name + " " + fmtScore(CLAIMS[k][4]) + (editMarks.claims.has(k) ? " (edited)" : "") + " · " + who +
      " (" + st.name + ")\n" + clip(claimText(k), 220),
    color: { background: role.tint, border: role.color, highlight: { background: "#fff8c4", border: "#111" },
      hover: { background: "#fffbe0", border: role.color } },
    font: { color: PAGE.ink }, borderWidth: CLAIMS[k][3] === "main_claim" ? 3 : 2,
    shapeProperties: { borderRadius: 4 },
    x: seed && seed[N + k] ? seed[N + k].x : NODES[c].rx * 1.6 + 40 * Math.cos(j * 2.4),
    y: seed && seed[N + k] ? seed[N + k].y : NODES[c].ry * 1.6 + 40 * Math.sin(j * 2.4) + 30 * j
  };
}
/** A relation's arrow: colour and dashes by kind, width by probability (human links full width),
 *  hidden below the probability slider. */
function visClaimEdge(e, j) {
  var rel = RELATION[e[2]] || STANCE.none;
  var human = e[4] === "human";
  var p = human ? 1 : typeof e[3] === "number" ? e[3] : 0.5;
  return {
    id: "r" + j, from: N + e[0], to: N + e[1], arrows: { to: { enabled: true, scaleFactor: 0.5 + 0.4 * p } },
    color: { color: rel.color, highlight: rel.color, hover: rel.color, opacity: 0.35 + 0.65 * p }, dashes: rel.dashes,
    width: 0.8 + 3.2 * p, length: e[4] === "premise" ? 70 : 200, hidden: !relationShown(e),
    label: human ? "✎" : undefined, font: human ? { size: 14, strokeWidth: 3, strokeColor: "#ffffff" } : undefined,
    title: e[2] + (human ? " (set by hand)" : " · probability " + fmtScore(e[3]) + " (" + (e[4] || "") + ")")
  };
}
/** Show or hide the relation arrows of the claim network after the slider moved. */
function applyRelationFilter() {
  var v = views.net;
  if (!v || !v.claims) return;
  var ups = [];
  CLAIM_EDGES.forEach(function (e, j) { if (v.edges.get("r" + j)) ups.push({ id: "r" + j, hidden: !relationShown(e) }); });
  if (ups.length) v.edges.update(ups);
}
/** The argument network with claims: claim nodes coloured by role, supports / attacks between
 *  them, each comment's claims held together (invisible springs) and drawn on a tinted box. */
function makeClaimView(seed) {
  var members = [], ends = [];
  for (var k = 0; k < K; k++) members.push(N + k);
  CLAIM_EDGES.forEach(function (e) { ends.push([N + e[0], N + e[1]]); });
  claimsOf.forEach(function (ks) { // invisible springs that hold each comment's claims together
    for (var a = 1; a < ks.length; a++) ends.push([N + ks[a - 1], N + ks[a]]);
  });
  var make = function (j) {
    if (j < CLAIM_EDGES.length) return visClaimEdge(CLAIM_EDGES[j], j);
    return { id: "g" + (ends[j][1] - N), from: ends[j][0], to: ends[j][1], hidden: true, length: 50 };
  };
  var view = { name: "net", claims: true, members: members, hidden: new Uint8Array(N + K), seed: seed || null };
  var arg = null;
  if (K > ARG_MAX && argRoot === -1) argRoot = mostDebated(); // big: open on one argument
  if (argumentMode()) {
    // one claim's argument: its rows only, laid out as a tree, nothing moves
    var rows = argumentRows(argRoot);
    arg = argumentLayout(rows);
    members = rows.map(function (r) { return N + r[0]; });
    ends = rows.filter(function (r) { return r[2] >= 0; }).map(function (r) { return [N + r[0], N + r[1]]; });
    var only = rows.filter(function (r) { return r[2] >= 0; }).map(function (r) { return r[2]; });
    make = function (j) { return visClaimEdge(CLAIM_EDGES[only[j]], only[j]); };
    view.members = members;
    view.argument = argRoot;
    seed = {};
    members.forEach(function (v) { seed[v] = arg[v - N]; });
    view.seed = seed;
  }
  var first = null;
  var edgeRecs = null;
  if (LAZY && !arg) {
    lazySetup(view, ends, make);
    first = lazyChanges(view, lastVisible || computeVisible());
  } else {
    edgeRecs = ends.map(function (e, j) { return make(j); });
  }
  var nodeRecs = first ? first.addN : members.map(function (v) { return visClaim(v - N, seed); });
  var shown = nodeRecs.length;
  var nodes = new vis.DataSet(nodeRecs);
  var edges = new vis.DataSet(first ? first.addE : edgeRecs);
  var options = commonOptions();
  // Up to ARG_MAX claims (and in one argument) the boxes carry their text at the default zoom.
  if (arg || shown <= ARG_MAX) options.nodes.scaling = { label: { drawThreshold: 3 } };
  // Redrawn after an edit (``seed``: the positions it had): nothing moves, nothing settles.
  options.physics = seed ? { enabled: false } : {
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
  if (shown <= 3000 && !arg) network.on("beforeDrawing", function (ctx) { drawCommentGroups(view, ctx); });
  views.net = view;
  if (!LAZY || arg) applyClaimVisibility(view, lastVisible || computeVisible(), true);
  argumentBar(view);
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
    ctx.fillStyle = stanceKey(c) === "root" ? ROLE.main_claim.tint : st.tint;
    ctx.strokeStyle = st.color;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.rect(x0 - 95, y0 - 28, x1 - x0 + 190, y1 - y0 + 56);
    ctx.fill();
    ctx.stroke();
    ctx.restore();
  });
}
/** The note over the network: which argument it shows, and the button to the other view. */
function argumentBar(view) {
  var bar = $("arg-bar");
  while (bar.firstChild) bar.removeChild(bar.firstChild);
  bar.hidden = K <= ARG_MAX;
  if (bar.hidden) return;
  var b = el("button", null, "arg-switch");
  b.type = "button";
  if (view.argument !== undefined) {
    bar.appendChild(el("span", "The argument of “" + clip(claimText(view.argument), 70) + "”: what supports ✔ and attacks ✘ it, " +
      ARG_DEPTH + " steps out (" + view.members.length + " of " + K + " claims). "));
    b.textContent = "Whole network";
    b.addEventListener("click", function () { showArgument(null); });
  } else {
    bar.appendChild(el("span", "The whole network: " + K + " claims. "));
    b.textContent = "One argument";
    b.addEventListener("click", function () { showArgument(-1); });
  }
  bar.appendChild(b);
}
function applyClaimVisibility(view, visible, force) {
  var updates = [];
  for (var k = 0; k < K; k++) {
    if (!view.members || (view.argument !== undefined && view.members.indexOf(N + k) < 0)) continue;
    var hide = claimShown(k, visible) ? 0 : 1;
    if (hide !== view.hidden[N + k] || (force && hide)) {
      updates.push({ id: N + k, hidden: !!hide });
      view.hidden[N + k] = hide;
    }
  }
  if (updates.length) view.nodes.update(updates);
}
/** Select comment ``n``'s claims (or just ``opts.claim``) in the claim network. */
function selectClaims(view, n, opts) {
  if (view.argument !== undefined && opts.claim !== undefined && view.members.indexOf(N + opts.claim) < 0) {
    showArgument(opts.claim); // a claim outside this argument: open its own
    return;
  }
  var ks = opts.claim !== undefined ? [opts.claim] : (claimsOf[n] || []);
  var ids = ks.map(function (k) { return N + k; }).filter(function (v) { return !view.hidden[v]; });
  view.network.selectNodes(ids);
  if (ids.length && opts.focus !== false) {
    view.network.focus(ids[0], { scale: Math.max(view.network.getScale(), 0.8), animation: BIG ? false : { duration: 350 } });
  }
}
