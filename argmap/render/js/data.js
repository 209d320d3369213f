/* argmap page · data.js: The data: the JSON the renderer wrote, the reply forest built from it (parents, replies,
 * pre-order, depths) and the "N more replies" reveal state of big threads.
 */
/* global LABELS, STANCE */
/* exported BIG, FIRST_SPARE, DX, DY, LABEL_CHARS, LINE_CHARS, LIST_CAP, MATCH_CAP, SOURCE_DX, TIMINGS, UNIT, hiddenKids, recountReveals, revealMore, revealPath, stanceKey */
var T0 = performance.now();
var DATA = JSON.parse(document.getElementById("argmap-data").textContent);
var TIMINGS = { start: Math.round(T0), parsed: Math.round(performance.now() - T0) };
var NODES = DATA.nodes;
var EDGES = DATA.edges;
// Pasted text can be split in edit mode (editor.js): each new comment takes one of the spare slots
// kept after the nodes (one per line break of the comments, and a few more), so that the node
// count, and everything sized by it, stays as it is. A spare is no comment and is never drawn.
var FIRST_SPARE = NODES.length;
if (DATA.meta.format === "text") {
  var spares = 8;
  NODES.forEach(function (nd) { if (nd.k === "comment") spares += String(nd.t || "").split("\n").length - 1; });
  for (var sp = 0; sp < Math.min(spares, 5000); sp++) NODES.push({ id: "", k: "spare", t: "", l: "" });
}
var N = NODES.length;
var BIG = FIRST_SPARE > 1500;
var LABEL_CHARS = 46;
var LINE_CHARS = 26;
var LIST_CAP = 200;
var SOURCE_DX = 300; // px right of the comments citing it, where the tree draws a source
var UNIT = DATA.meta.format === "article" ? "claims" : "comments";

// ---------------------------------------------------------------- structure
var isComment = new Uint8Array(N);
var indexOf = new Map();
var linksOf = []; // comment -> [source/topic indices]; source/topic -> [comment indices]
var i;
for (i = 0; i < N; i++) {
  if (i < FIRST_SPARE) indexOf.set(NODES[i].id, i);
  isComment[i] = LABELS.comment.indexOf(NODES[i].k) >= 0 ? 1 : 0;
  linksOf.push([]);
}
EDGES.forEach(function (e) {
  if (e[2] !== "reply") {
    linksOf[e[0]].push(e[1]);
    linksOf[e[1]].push(e[0]);
  }
});
// The reply forest: parents, replies, comments in pre-order (parents before replies), depths and
// descendant counts. Built from the reply edges by buildTree(), again after an edit moves a comment
// (a reply edge whose parent is -1 has been moved to the top level).
var parentOf, childrenOf, preorder, depthOf, descendantCount;
function buildTree() {
  parentOf = new Int32Array(N).fill(-1);
  childrenOf = [];
  for (var a = 0; a <= N; a++) childrenOf.push([]);
  EDGES.forEach(function (e) {
    if (e[2] === "reply" && e[1] >= 0 && parentOf[e[0]] < 0) {
      parentOf[e[0]] = e[1];
      childrenOf[e[1]].push(e[0]);
    }
  });
  preorder = [];
  depthOf = new Int32Array(N);
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
  descendantCount = new Int32Array(N);
  for (j = preorder.length - 1; j >= 0; j--) {
    var p = parentOf[preorder[j]];
    if (p >= 0) descendantCount[p] += descendantCount[preorder[j]] + 1;
  }
  roots = preorder.filter(function (n) { return parentOf[n] < 0; });
  childrenOf[VROOT] = roots;
  childIndex = new Int32Array(N);
  for (j = 0; j <= N; j++) for (var c = 0; c < childrenOf[j].length; c++) childIndex[childrenOf[j][c]] = c;
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
var roots, childIndex;
buildTree();
var shownKids = new Int32Array(N + 1); // replies of each comment revealed in order (a prefix) ...
var extra = new Set(); // ... and those revealed one by one
var extraCount = new Int32Array(N + 1); // per comment: how many of its replies are in ``extra``
function up(n) { return parentOf[n] < 0 ? VROOT : parentOf[n]; }
function revealed(n) {
  return !LAZY || childIndex[n] < shownKids[up(n)] || extra.has(n);
}
function hiddenKids(p) { return LAZY ? Math.max(0, childrenOf[p].length - shownKids[p] - extraCount[p]) : 0; }
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
/** After buildTree() moved comments: keep what was revealed revealed (a prefix may now be longer
 *  than the replies, which an undo gives back; one-by-one reveals counted under their new parents). */
function recountReveals() {
  extraCount.fill(0);
  extra.forEach(function (n) {
    if (childIndex[n] < shownKids[up(n)]) extra.delete(n); else extraCount[up(n)]++;
  });
}

function stanceKey(n) {
  if (!isComment[n]) return null;
  if (parentOf[n] < 0) return "root";
  return STANCE[NODES[n].s] && NODES[n].s !== "root" && NODES[n].s !== "none" ? NODES[n].s : "none";
}
