/* argmap page · filters.js: Filters and state: search, stance, kind, topic, score and depth filters, the header counts
 * and the controls that drive them.
 */
/* global $, BIG, CLAIM_EDGES, DATA, DY, EDGES, FIRST_SPARE, K, KIND, LABELS, LAZY, MATCH_CAP, N, NODES, RELATION, ROLE, STANCE, UNIT, VROOT, applyRelationFilter, childrenOf, clip, depthOf, editMarks, edits, el, hiddenKids, isComment, lastVisible, linksOf, parentOf, preorder, refresh, revealed, roots, savePng, select, showPanel, stanceKey, switchView, views */
/* exported computeVisible, controls, forgetTexts, header, legendFor, overflow */
// ---------------------------------------------------------------- state and filters
var collapsed = new Set();
// The relation slider starts at the threshold the map was drawn with (graph attribute
// ``min_relation_score``), else 0.
var MIN_RELATION = typeof DATA.meta.min_relation_score === "number" ? DATA.meta.min_relation_score : 0;
var state = {
  q: "", topic: "", minScore: 0, depth: null, view: "tree", selected: -1, minRelation: MIN_RELATION,
  stances: allOn(Object.keys(STANCE)), roles: allOn(LABELS.role), relKinds: allOn(LABELS.relation),
  kinds: allOn(Object.keys(KIND))
};
/** ``{key: true}`` for each key: a filter that lets everything through. */
function allOn(keys) {
  var on = {};
  keys.forEach(function (k) { on[k] = true; });
  return on;
}
var haystack = null;
/** Search texts are read again (an edit changed them). */
function forgetTexts() { haystack = null; }
function searchText(n) {
  if (!haystack) haystack = new Array(N);
  if (haystack[n] === undefined) {
    haystack[n] = ((NODES[n].t || "") + "\n" + (NODES[n].a || "") + "\n" + (NODES[n].l || "")).toLowerCase();
  }
  return haystack[n];
}
function passes(n) {
  var node = NODES[n];
  if (editMarks.gone[n]) return false; // merged into the comment before it
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

// ---------------------------------------------------------------- header and controls
/** Stance counts of the reply edges as they are now (after edits). */
function liveCounts() {
  var c = Object.assign({}, DATA.counts, { supports: 0, attacks: 0, neutral: 0, queries: 0 });
  c.comments -= editMarks.gone.reduce(function (a, b) { return a + b; }, 0);
  for (var m = FIRST_SPARE; m < N; m++) c.comments += isComment[m]; // made by splits
  var key = { support: "supports", attack: "attacks", neutral: "neutral", query: "queries" };
  EDGES.forEach(function (e) { if (e[2] === "reply" && e[1] >= 0 && key[e[3]]) c[key[e[3]]]++; });
  return c;
}
function header() {
  var meta = DATA.meta;
  var c = liveCounts();
  $("title").textContent = meta.title || meta.thread_id || "Argument map";
  $("title").title = meta.title || "";
  var counts = $("counts");
  while (counts.firstChild) counts.removeChild(counts.firstChild);
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
  if (edits.length) {
    var li = el("li", null, "edited");
    li.appendChild(el("b", "✎ " + edits.length));
    li.appendChild(document.createTextNode(edits.length === 1 ? " edit" : " edits"));
    counts.appendChild(li);
  }
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
  Object.keys(STANCE).forEach(function (s) {
    checkbox($("f-stance"), s, (STANCE[s].mark ? STANCE[s].mark + " " : "") + STANCE[s].name, "stances");
  });
  var present = {};
  NODES.forEach(function (n) { present[n.k] = true; });
  Object.keys(KIND).forEach(function (k) {
    if (present[k]) checkbox($("f-kind"), k, KIND[k].name, "kinds");
  });
  if (K) {
    LABELS.role.forEach(function (r) { checkbox($("f-role"), r, ROLE[r].name, "roles"); });
    LABELS.relation.forEach(function (r) {
      checkbox($("f-relkind"), r, RELATION[r].mark + " " + r, "relKinds");
    });
    $("f-relkind").addEventListener("change", applyRelationFilter);
  }
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
  if (CLAIM_EDGES.length) {
    $("f-rel").value = String(MIN_RELATION);
    $("f-rel-out").textContent = MIN_RELATION.toFixed(2);
    $("f-rel").addEventListener("input", function () {
      state.minRelation = parseFloat($("f-rel").value) || 0;
      $("f-rel-out").textContent = state.minRelation.toFixed(2);
      applyRelationFilter();
      if (state.selected >= 0) showPanel(state.selected);
    });
  }
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
/** The legend and the filters of a view: the thread's (stance, node kinds, reply lines) or the
 *  argument network's (claim roles, relation kinds). */
function legendFor(which) {
  var arg = which === "argument";
  $("legend-thread").hidden = arg;
  $("legend-argument").hidden = !arg;
  $("f-kind").hidden = arg;
  $("f-role").hidden = !arg;
  $("f-relkind").hidden = !arg;
  $("f-rel-box").hidden = !arg || !CLAIM_EDGES.length;
}
function reset() {
  state.q = "";
  state.topic = "";
  state.minScore = 0;
  state.depth = null;
  collapsed.clear();
  Object.keys(state.stances).forEach(function (k) { state.stances[k] = true; });
  Object.keys(state.kinds).forEach(function (k) { state.kinds[k] = true; });
  Object.keys(state.roles).forEach(function (k) { state.roles[k] = true; });
  Object.keys(state.relKinds).forEach(function (k) { state.relKinds[k] = true; });
  applyRelationFilter();
  $("search").value = "";
  $("f-topic").value = "";
  $("f-score").value = "0";
  $("f-score-out").textContent = "0.00";
  $("f-depth").value = "";
  if (state.minRelation !== MIN_RELATION) {
    state.minRelation = MIN_RELATION;
    $("f-rel").value = String(MIN_RELATION);
    $("f-rel-out").textContent = MIN_RELATION.toFixed(2);
    applyRelationFilter();
  }
  document.querySelectorAll("input[data-filter]").forEach(function (b) { b.checked = true; });
  refresh();
}
