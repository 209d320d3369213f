/* argmap page · main.js: Start: window.argmap (the scripting API) and the first drawing of the thread tree.
 */
/* global $, CLAIMS, DATA, LAZY, N, NODES, T0, TIMINGS, VROOT, claimIndex, controls, editsApi, header, hiddenKids, idOf, imageCanvas, indexOf, makeView, moreOn, preorder, refresh, revealMore, savePng, select, setupEditor, state, switchView, treeY, views */
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
/** Edit mode's operations, with the dataset's ids (docs/corrections.md). */
window.argmap.edits = editsApi;
window.argmap.timings = TIMINGS;
window.argmap.data = DATA; // parsed once; the Outline view reads it too
header();
controls();
refresh();
TIMINGS.setup = Math.round(performance.now() - T0);
var tree = makeView("tree");
setupEditor(); // restores unsaved edits (and redraws) when this browser holds some
var tDraw = performance.now();
$("noscript-note").hidden = true;
tree = views.tree;
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
