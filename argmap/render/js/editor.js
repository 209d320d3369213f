/* argmap page · editor.js: Edit mode: corrections to stances, parents, claims and claim relations, undo, the review
 * queue, saving and restoring (window.argmap.edits).
 *
 * An edit is a plain record keyed by the dataset's ids (docs/corrections.md): the list of records is
 * the whole state. Each change replays the list over a pristine copy of the data, rebuilds the
 * reply forest and redraws the views, so undo is "drop the last record and replay". What "Save
 * edits" downloads is toJSON(); the list is also kept in localStorage (keyed by thread id) and
 * restored after a reload. All text is shown with textContent only.
 */
/* global $, CLAIMS, CLAIM_EDGES:writable, DATA, DX, EDGES, FIRST_SPARE, K, LABELS, LAZY, N, NODES, ROLE, STANCE, TIMINGS, buildTree, childrenOf, claimIndex, claimText, clip, depthOf, el, extra, forgetTexts, header, indexClaimEdges, indexOf, collapsed, isComment, makeClaimView, makeView, parentOf, preorder, recountReveals, refresh, revealPath, roleOf, select, showPanel, stanceKey, state, views */
/* exported claimEditor, editorPanel, editsApi, pickTarget, relationEditor, setupEditor */
var EDITS_FORMAT = "argmap.corrections";
var EDITS_VERSION = 1;
var editing = false; // edit mode on
var edits = []; // the records, oldest first
var unmatched = []; // records that no longer match this page (restored from elsewhere)
var ORIG = null; // pristine copies of what edits change, taken before the first edit
var pick = null; // a pending "click the target": {op: "parent", n} or {op: "relation", k, kind}
var reviewed = new Set(); // review items already shown by "Next to review"
var editMarks = { comments: new Set(), claims: new Set(), relations: new Set(), dropped: new Uint8Array(K),
  gone: new Uint8Array(N), splits: {} };
var nextSpare = FIRST_SPARE; // the next spare node slot (data.js) a split takes
var splitFrom = {}; // a split's new comment -> the comment it was split from
var editNote = "";
var STORE_KEY = "argmap.edits:" + (DATA.meta.thread_id || "");

// ---------------------------------------------------------------- ids and offsets
function commentIndex(id) {
  var n = indexOf.get(String(id));
  if (n === undefined || !isComment[n]) throw new Error("no comment with id " + JSON.stringify(id));
  return n;
}
/** Code points of ``text`` before UTF-16 offset ``u`` (the dataset's offsets count code points). */
function toPoints(text, u) { return Array.from(text.slice(0, u)).length; }
function toUnits(text, p) { return Array.from(text).slice(0, p).join("").length; }
function datasetClaimId(k) { return String(CLAIMS[k][5]).replace(/^claim:/, ""); }
/** The stable reference of claim ``k``: its dataset id, and its comment and span, which survive a re-map. */
function claimRef(k) {
  var text = String(NODES[CLAIMS[k][0]].t || "");
  return {
    claim_id: datasetClaimId(k), comment_id: NODES[CLAIMS[k][0]].id,
    start: toPoints(text, CLAIMS[k][1]), end: toPoints(text, CLAIMS[k][2]), text: claimText(k)
  };
}
/** Claim index of a dataset id (``c1:0``), a graph id (``claim:c1:0``) or a reference; -1 when none. */
function findClaim(ref) {
  if (ref === null || ref === undefined) return -1;
  if (typeof ref !== "object") {
    var v = claimIndex(String(ref).indexOf("claim:") === 0 ? String(ref) : "claim:" + ref);
    if (v === undefined) v = claimIndex(String(ref));
    return v === undefined ? -1 : v - N;
  }
  var n = indexOf.get(String(ref.comment_id));
  if (n !== undefined && typeof ref.start === "number") {
    var text = String(NODES[n].t || ""), a = toUnits(text, ref.start), b = toUnits(text, ref.end);
    for (var k = 0; k < K; k++) if (CLAIMS[k][0] === n && CLAIMS[k][1] === a && CLAIMS[k][2] === b) return k;
  }
  return ref.claim_id !== undefined ? findClaim(ref.claim_id) : -1;
}
function claimOf(ref) {
  var k = findClaim(ref);
  if (k < 0) throw new Error("no claim " + JSON.stringify(ref));
  return k;
}
function replyEdge(n) {
  for (var j = 0; j < EDGES.length; j++) if (EDGES[j][0] === n && EDGES[j][2] === "reply") return j;
  return -1;
}
function relationEdge(s, t) {
  for (var j = 0; j < CLAIM_EDGES.length; j++) if (CLAIM_EDGES[j][0] === s && CLAIM_EDGES[j][1] === t) return j;
  return -1;
}

// ---------------------------------------------------------------- applying records
function snapshot() {
  if (ORIG) return;
  ORIG = {
    edges: EDGES.map(function (e) { return e.slice(); }),
    nodes: NODES.map(function (n) { return [n.s, n.sc, n.x, n.y, n.t]; }),
    claims: CLAIMS.map(function (c) { return c.slice(); }),
    claimEdges: CLAIM_EDGES.map(function (e) { return e.slice(); })
  };
}
function restoreOriginal() {
  ORIG.edges.forEach(function (e, j) { EDGES[j] = e.slice(); });
  EDGES.length = ORIG.edges.length;
  ORIG.nodes.forEach(function (o, n) { NODES[n].s = o[0]; NODES[n].sc = o[1]; NODES[n].x = o[2]; NODES[n].y = o[3]; NODES[n].t = o[4]; });
  ORIG.claims.forEach(function (c, k) { CLAIMS[k] = c.slice(); });
  CLAIM_EDGES = ORIG.claimEdges.map(function (e) { return e.slice(); });
  editMarks.comments.clear();
  editMarks.claims.clear();
  editMarks.relations.clear();
  editMarks.dropped.fill(0);
  editMarks.gone.fill(0);
  editMarks.splits = {};
  for (var m = FIRST_SPARE; m < nextSpare; m++) { // the comments that splits made go
    indexOf.delete(NODES[m].id);
    isComment[m] = 0;
    collapsed.delete(m);
    extra.delete(m);
    NODES[m] = { id: "", k: "spare", t: "", l: "" };
  }
  nextSpare = FIRST_SPARE;
  splitFrom = {};
  forgetTexts(); // texts may change back
}
/** Apply one record to the working data; throws when it does not match this page. */
function applyRecord(r) {
  var n, j, k;
  if (r.op === "stance") {
    n = commentIndex(r.comment_id);
    if (LABELS.stance.indexOf(r.stance) < 0) throw new Error("unknown stance " + JSON.stringify(r.stance));
    j = replyEdge(n);
    if (j < 0 || EDGES[j][1] < 0) throw new Error("comment " + r.comment_id + " replies to nothing: it has no stance");
    NODES[n].s = r.stance;
    NODES[n].sc = 1;
    EDGES[j][3] = r.stance;
    EDGES[j][4] = 1;
    editMarks.comments.add(n);
  } else if (r.op === "parent") {
    n = commentIndex(r.comment_id);
    var p = r.parent_id === null || r.parent_id === undefined ? -1 : commentIndex(r.parent_id);
    for (var a = p; a >= 0; a = parentOf[a]) {
      if (a === n) throw new Error("comment " + r.comment_id + " cannot reply to itself or to its own reply");
    }
    j = replyEdge(n);
    var same = j >= 0 && EDGES[j][1] === p;
    if (j < 0 && p >= 0) EDGES.push([n, p, "reply", null, null]);
    else if (j >= 0) EDGES[j][1] = p;
    if (!same) { // its stance was toward the old parent: none now, until a stance edit sets one
      NODES[n].s = null;
      NODES[n].sc = null;
      if (j >= 0) { EDGES[j][3] = null; EDGES[j][4] = null; }
    }
    buildTree();
    editMarks.comments.add(n);
  } else if (r.op === "relation") {
    var s = claimOf(r.source), t = claimOf(r.target);
    if (s === t) throw new Error("a claim cannot support or attack itself");
    if (r.kind !== null && LABELS.relation.indexOf(r.kind) < 0) {
      throw new Error("unknown relation kind " + JSON.stringify(r.kind));
    }
    j = relationEdge(s, t);
    if (r.kind === null) { if (j >= 0) CLAIM_EDGES.splice(j, 1); }
    else if (j >= 0) { CLAIM_EDGES[j][2] = r.kind; CLAIM_EDGES[j][3] = 1; CLAIM_EDGES[j][4] = "human"; }
    else CLAIM_EDGES.push([s, t, r.kind, 1, "human"]);
    editMarks.relations.add(s + ">" + t);
  } else if (r.op === "claim") {
    k = claimOf(r.claim);
    if (r.role !== null && LABELS.role.indexOf(r.role) < 0) throw new Error("unknown role " + JSON.stringify(r.role));
    if (r.role === null) editMarks.dropped[k] = 1;
    else { CLAIMS[k][3] = r.role; CLAIMS[k][4] = 1; editMarks.dropped[k] = 0; }
    editMarks.claims.add(k);
  } else if (r.op === "split" || r.op === "merge") {
    n = commentIndex(r.comment_id);
    if (DATA.meta.format !== "text") throw new Error("only pasted text can be split or merged");
    if (editMarks.gone[n]) throw new Error("comment " + r.comment_id + " is merged already");
    if (r.op === "split") {
      if (!(r.line > 0 && r.line < String(NODES[n].t || "").split("\n").length)) {
        throw new Error("comment " + r.comment_id + " has no line " + r.line + " to split at");
      }
      split(n, r.line);
    } else {
      merge(n, commentIndex(r.into));
    }
  } else {
    throw new Error("unknown edit " + JSON.stringify(r.op));
  }
}
/** Comment ``n``'s lines from ``line`` on become a new comment ``<id>~<line>``, a reply to ``n``
 *  with the claims that lie there, as a re-map makes it (argmap/corrections.py); it takes a spare slot. */
function split(n, line) {
  var id = NODES[n].id + "~" + line;
  if (indexOf.has(id)) throw new Error("comment " + NODES[n].id + " is already split at line " + line);
  if (nextSpare >= N) throw new Error("no room for more splits in this page: save the edits and map it again");
  var lines = String(NODES[n].t || "").split("\n");
  var head = lines.slice(0, line).join("\n"), tail = lines.slice(line).join("\n"), cut = head.length + 1;
  var a = NODES[n], m = nextSpare++;
  NODES[m] = { id: id, k: a.k, l: tail.slice(0, 60), t: tail, a: a.a, c: a.c, d: (a.d || 0) + 1, s: null, sc: null,
    tp: a.tp, v: a.v, x: a.x + DX, y: a.y, rx: (a.rx || 0) + 40, ry: (a.ry || 0) + 40, h: 1 };
  a.t = head;
  a.l = head.slice(0, 60);
  isComment[m] = 1;
  indexOf.set(id, m);
  EDGES.push([m, n, "reply", null, null]);
  for (var k = 0; k < K; k++) {
    if (CLAIMS[k][0] === n && CLAIMS[k][1] >= cut) { CLAIMS[k][0] = m; CLAIMS[k][1] -= cut; CLAIMS[k][2] -= cut; }
  }
  editMarks.splits[n] = line;
  splitFrom[m] = n;
  editMarks.comments.add(n);
  editMarks.comments.add(m);
  forgetTexts();
  buildTree();
}
/** Comment ``n`` joins comment ``m`` (the one before it): its text after m's, its claims with it,
 *  its replies under m; n leaves the map. */
function merge(n, m) {
  if (editMarks.gone[m] || m === n || parentOf[m] === n) throw new Error("cannot merge into that comment");
  var shift = String(NODES[m].t || "").length + 1;
  NODES[m].t = String(NODES[m].t || "") + "\n" + String(NODES[n].t || "");
  EDGES.forEach(function (e) { if (e[2] === "reply" && e[1] === n) e[1] = m; });
  var j = replyEdge(n);
  if (j >= 0) EDGES[j][1] = -1;
  for (var k = 0; k < K; k++) {
    if (CLAIMS[k][0] === n) { CLAIMS[k][0] = m; CLAIMS[k][1] += shift; CLAIMS[k][2] += shift; }
  }
  editMarks.gone[n] = 1;
  editMarks.comments.add(m);
  forgetTexts();
  buildTree();
}
/** Lay the tree out again after comments moved: as the Python layout does (argmap/render/layout.py). */
function relayoutTree() {
  if (LAZY) { preorder.forEach(function (n) { NODES[n].x = depthOf[n] * DX; }); return; }
  var next = 0, slot = new Float64Array(N), done = new Uint8Array(N);
  childrenOf[N].forEach(function (root) {
    if (editMarks.gone[root]) return;
    var stack = [[root, false]];
    while (stack.length) {
      var top = stack.pop(), n = top[0];
      if (top[1]) {
        var kids = childrenOf[n].filter(function (c) { return done[c]; });
        if (kids.length) slot[n] = (slot[kids[0]] + slot[kids[kids.length - 1]]) / 2;
        else slot[n] = next++;
        done[n] = 1;
        continue;
      }
      stack.push([n, true]);
      for (var c = childrenOf[n].length - 1; c >= 0; c--) stack.push([childrenOf[n][c], false]);
    }
    next += 0.5;
  });
  preorder.forEach(function (n) { NODES[n].x = depthOf[n] * 240; NODES[n].y = slot[n] * 70; });
}
/** Replay every record over the pristine data, then redraw. Records that fail are set aside. */
function replay() {
  snapshot();
  restoreOriginal();
  buildTree();
  var ok = [];
  edits.forEach(function (r) {
    try { applyRecord(r); ok.push(r); } catch (err) { unmatched.push({ edit: r, reason: String(err.message || err) }); }
  });
  edits = ok;
  var moved = edits.filter(function (r) { return r.op === "parent" || r.op === "merge" || r.op === "split"; });
  buildTree();
  recountReveals();
  // a moved comment stays on screen under its new parent (big threads show replies in part)
  moved.forEach(function (r) {
    var n = indexOf.get(r.op === "merge" ? r.into : r.op === "split" ? r.comment_id + "~" + r.line : r.comment_id);
    if (n !== undefined) revealPath(n);
  });
  if (state.selected >= 0 && !isComment[state.selected] && NODES[state.selected].k === "spare") state.selected = -1; // undone split
  if (moved.length) relayoutTree();
  indexClaimEdges();
  redraw();
}
function redraw() {
  var t0 = performance.now();
  var keep = {};
  Object.keys(views).forEach(function (name) {
    var v = views[name];
    keep[name] = { at: { position: v.network.getViewPosition(), scale: v.network.getScale() },
      seed: name === "net" ? v.network.getPositions() : null };
    v.network.destroy();
    delete views[name];
  });
  refresh(); // no views now: only what is visible, for the views made next
  Object.keys(keep).forEach(function (name) {
    var v = name === "tree" ? makeView("tree") : K ? makeClaimView(keep[name].seed) : makeView("net", keep[name].seed);
    v.network.moveTo({ position: keep[name].at.position, scale: keep[name].at.scale, animation: false });
  });
  refresh();
  header();
  if (state.selected >= 0) showPanel(state.selected);
  editorList();
  persist();
  if (window.argmap && window.argmap.outline && window.argmap.outline.reset) window.argmap.outline.reset();
  TIMINGS.lastEdit = Math.round(performance.now() - t0);
}
/** Record ``r`` (with what it replaces, ``was``) and show it; errors reach the caller. */
function addEdit(r) {
  snapshot();
  applyRecord(r); // throws on a bad edit before anything changes for good
  edits.push(r);
  replay();
  say(describe(r));
  return r;
}

// ---------------------------------------------------------------- the operations (ids as the dataset writes them)
function setStance(commentId, stance) {
  var n = commentIndex(commentId);
  return addEdit({ op: "stance", comment_id: NODES[n].id, stance: stance,
    was: { stance: NODES[n].s === undefined ? null : NODES[n].s, score: typeof NODES[n].sc === "number" ? NODES[n].sc : null } });
}
function setParent(commentId, parentId) {
  var n = commentIndex(commentId);
  var p = parentId === null || parentId === undefined ? null : NODES[commentIndex(parentId)].id;
  return addEdit({ op: "parent", comment_id: NODES[n].id, parent_id: p, was: parentOf[n] >= 0 ? NODES[parentOf[n]].id : null });
}
function setRelation(source, target, kind) {
  var s = claimOf(source), t = claimOf(target), j = relationEdge(s, t);
  return addEdit({ op: "relation", source: claimRef(s), target: claimRef(t), kind: kind === undefined ? null : kind,
    was: j >= 0 ? { kind: CLAIM_EDGES[j][2], score: CLAIM_EDGES[j][3] } : null });
}
function setRole(claimId, role) {
  var k = claimOf(claimId);
  return addEdit({ op: "claim", claim: claimRef(k), role: role === undefined ? null : role,
    was: { role: editMarks.dropped[k] ? null : CLAIMS[k][3], score: CLAIMS[k][4] } });
}
function dropClaim(claimId) { return setRole(claimId, null); }
function splitComment(commentId, line) {
  var n = commentIndex(commentId);
  return addEdit({ op: "split", comment_id: NODES[n].id, line: line });
}
function mergeComment(commentId) {
  var n = commentIndex(commentId), k = preorder.indexOf(n);
  var before = null;
  if (splitFrom[n] !== undefined) before = splitFrom[n]; // a split's second part: back into the first
  for (var m = Math.min(n, FIRST_SPARE) - 1; m >= 0 && before === null; m--) if (isComment[m]) before = m;
  if (before === null || k < 0) throw new Error("comment " + commentId + " has no comment before it");
  return addEdit({ op: "merge", comment_id: NODES[n].id, into: NODES[before].id });
}
function undo() {
  if (!edits.length) return null;
  var r = edits.pop();
  replay();
  say("Undone: " + describe(r));
  return r;
}
function clearEdits() {
  edits = [];
  unmatched = [];
  if (ORIG) replay();
  try { localStorage.removeItem(STORE_KEY); } catch (err) { /* storage off */ }
}

// ---------------------------------------------------------------- words
function commentName(id) {
  var n = indexOf.get(id);
  if (n === undefined) return "comment " + id;
  return "“" + clip(NODES[n].t, 40) + "”" + (NODES[n].a ? " (" + NODES[n].a + ")" : "");
}
function describe(r) {
  if (r.op === "stance") return "Stance of " + commentName(r.comment_id) + " → " + r.stance;
  if (r.op === "parent") return "Moved " + commentName(r.comment_id) + (r.parent_id === null ? " to the top level" : " under " + commentName(r.parent_id));
  if (r.op === "relation") {
    return "“" + clip(r.source.text, 36) + "” " + (r.kind === null ? "no longer links to" : r.kind) + " “" + clip(r.target.text, 36) + "”";
  }
  if (r.op === "claim") return "“" + clip(r.claim.text, 40) + "” " + (r.role === null ? "is no claim" : "is a " + ROLE[r.role].name);
  if (r.op === "split") return "Split " + commentName(r.comment_id) + " at line " + r.line;
  if (r.op === "merge") return "Merged " + commentName(r.comment_id) + " into the one before";
  return r.op;
}
function say(text) {
  editNote = text;
  var box = $("edit-note");
  if (box) box.textContent = text;
}

// ---------------------------------------------------------------- saving and restoring
function version() { return DATA.meta.version || null; }
function toJSON() {
  var name = $("edit-name") ? $("edit-name").value.trim() : "";
  return {
    format: EDITS_FORMAT, version: EDITS_VERSION, argmap_version: version(), saved_at: new Date().toISOString(),
    editor: name || null,
    thread: { thread_id: DATA.meta.thread_id || "", title: DATA.meta.title || "", format: DATA.meta.format || "" },
    edits: edits.map(function (r) { return JSON.parse(JSON.stringify(r)); })
  };
}
function fileName() {
  var path = decodeURIComponent(String(location.pathname || "")).split("/").pop() || "";
  var base = /\.html?$/i.test(path) ? path.replace(/\.html?$/i, "") : String(DATA.meta.thread_id || "argmap");
  return (base.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 80) || "argmap") + ".corrections.json";
}
function save() {
  var doc = toJSON();
  var text = JSON.stringify(doc, null, 2) + "\n";
  var url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  var a = el("a");
  a.href = url;
  a.download = fileName();
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  window.argmap.lastSave = { name: a.download, edits: doc.edits.length };
  persist(true);
  say("Saved " + doc.edits.length + " edit" + (doc.edits.length === 1 ? "" : "s") + " as " + a.download);
  return doc;
}
function persist(saved) {
  try {
    if (!edits.length) { localStorage.removeItem(STORE_KEY); return; }
    var old = JSON.parse(localStorage.getItem(STORE_KEY) || "{}");
    localStorage.setItem(STORE_KEY, JSON.stringify({
      edits: edits, editor: $("edit-name") ? $("edit-name").value : "",
      saved: saved ? edits.length : (old.saved || 0)
    }));
  } catch (err) { /* storage off (private mode, file:// blocked): edits live until the page closes */ }
}
function restore() {
  var stored = null;
  try { stored = JSON.parse(localStorage.getItem(STORE_KEY) || "null"); } catch (err) { stored = null; }
  if (!stored || !Array.isArray(stored.edits) || !stored.edits.length) return;
  if ($("edit-name") && stored.editor) $("edit-name").value = stored.editor;
  edits = stored.edits.slice();
  replay();
  var lost = unmatched.length;
  var unsaved = edits.length - Math.min(stored.saved || 0, edits.length);
  var note = "Restored " + edits.length + " edit" + (edits.length === 1 ? "" : "s") + " from this browser" +
    (unsaved ? " (" + unsaved + " not saved yet)" : "") + (lost ? "; " + lost + " no longer match this map" : "") + ".";
  say(note);
  var banner = $("edit-restored");
  banner.textContent = note + " ";
  var b = el("button", "Review them");
  b.type = "button";
  b.addEventListener("click", function () { setEditing(true); });
  banner.appendChild(b);
  banner.hidden = false;
}

// ---------------------------------------------------------------- review queue
/** Stances and relations, least confident first (the model's scores; human labels are done). */
function reviewQueue() {
  var items = [];
  var src = ORIG ? ORIG : null;
  preorder.forEach(function (n) {
    if (parentOf[n] < 0) return;
    var score = src ? src.nodes[n][1] : NODES[n].sc;
    if (typeof score === "number") items.push({ kind: "stance", n: n, score: score, key: "s" + n });
  });
  (src ? src.claimEdges : CLAIM_EDGES).forEach(function (e) {
    if (typeof e[3] === "number") items.push({ kind: "relation", s: e[0], t: e[1], score: e[3], key: "r" + e[0] + ">" + e[1] });
  });
  items.sort(function (a, b) { return a.score - b.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0); });
  return items.filter(function (it) { // what a person labelled (now, or in the corrections mapped in) is done
    if (it.kind === "stance") return !editMarks.comments.has(it.n) && !NODES[it.n].h;
    var j = relationEdge(it.s, it.t);
    return !editMarks.relations.has(it.s + ">" + it.t) && !(j >= 0 && CLAIM_EDGES[j][4] === "human");
  });
}
function reviewItem(it) {
  return it.kind === "stance"
    ? { kind: "stance", comment_id: NODES[it.n].id, score: it.score }
    : { kind: "relation", source: datasetClaimId(it.s), target: datasetClaimId(it.t), score: it.score };
}
function nextToReview() {
  var queue = reviewQueue().filter(function (it) { return !reviewed.has(it.key); });
  if (!queue.length) { say("Nothing left to review: every stance and relation has been shown or edited."); return null; }
  var it = queue[0];
  reviewed.add(it.key);
  if (!editing) setEditing(true);
  if (it.kind === "stance") select(it.n, {});
  else select(CLAIMS[it.s][0], { claim: it.s });
  say("To review (" + (queue.length - 1) + " more after this): " + (it.kind === "stance"
    ? "the stance of this reply, " + NODES[it.n].s + " at " + it.score.toFixed(2)
    : "“" + clip(claimText(it.s), 40) + "” " + (relationKindNow(it.s, it.t) || "(removed)") + " “" + clip(claimText(it.t), 40) + "” at " + it.score.toFixed(2)));
  return reviewItem(it);
}
function relationKindNow(s, t) { var j = relationEdge(s, t); return j >= 0 ? CLAIM_EDGES[j][2] : null; }

// ---------------------------------------------------------------- picking a target by clicking it
function startPick(p, text) {
  pick = p;
  document.body.classList.add("picking");
  say(text + " (Esc cancels)");
}
function cancelPick() {
  if (!pick) return;
  pick = null;
  document.body.classList.remove("picking");
  say("Cancelled.");
}
/** A node or claim was selected while a pick is pending: finish the edit. True when it did. */
function pickTarget(n, opts) {
  if (!pick || !editing) return false;
  var p = pick;
  try {
    if (p.op === "parent") {
      if (!isComment[n]) return false;
      pick = null;
      setParent(NODES[p.n].id, NODES[n].id);
    } else if (p.op === "relation") {
      if (opts.claim === undefined) { say("Pick a claim: click one in the argument network or in the comment text (Esc cancels)."); return false; }
      pick = null;
      setRelation(datasetClaimId(p.k), datasetClaimId(opts.claim), p.kind);
    }
  } catch (err) {
    pick = null;
    say("Not done: " + (err.message || err));
  }
  document.body.classList.remove("picking");
  return pick === null;
}

// ---------------------------------------------------------------- controls in the panel
function editButton(text, title, fn, pressed) {
  var b = el("button", text, "edit-btn");
  b.type = "button";
  if (title) b.title = title;
  if (pressed !== undefined) b.setAttribute("aria-pressed", String(pressed));
  b.addEventListener("click", function () {
    try { fn(); } catch (err) { say("Not done: " + (err.message || err)); }
  });
  return b;
}
/** The comment's edit box: stance, move, split / merge (pasted text). */
function editorPanel(n) {
  var box = el("section", null, "edit-box");
  box.setAttribute("aria-label", "Edit this comment");
  box.appendChild(el("h3", "Edit"));
  var id = NODES[n].id;
  if (parentOf[n] >= 0) {
    var row = el("div", null, "row edit-stance");
    row.appendChild(el("span", "Stance:", "hint"));
    LABELS.stance.forEach(function (s) {
      var b = editButton(STANCE[s].mark + " " + s, "set the stance toward the parent to " + s,
        function () { setStance(id, s); }, stanceKey(n) === s);
      b.setAttribute("data-stance", s);
      row.appendChild(b);
    });
    box.appendChild(row);
  }
  var move = el("div", null, "row");
  move.appendChild(editButton("Move under…", "then click (or search and open) the new parent",
    function () { startPick({ op: "parent", n: n }, "Click the comment it replies to"); }));
  if (parentOf[n] >= 0) move.appendChild(editButton("Make top level", "a reply to nothing", function () { setParent(id, null); }));
  box.appendChild(move);
  if (DATA.meta.format === "text") {
    var lines = String(NODES[n].t || "").split("\n");
    if (editMarks.splits[n] !== undefined) {
      var rest = indexOf.get(id + "~" + editMarks.splits[n]);
      box.appendChild(el("p", "✎ Split before line " + (editMarks.splits[n] + 1) + ": the lines from there on are the reply “" +
        clip(rest === undefined ? "" : NODES[rest].t, 40) + "”.", "hint"));
    }
    var tx = el("div", null, "row");
    if (lines.length > 1) {
      var sel = el("select");
      sel.setAttribute("aria-label", "line to split at");
      for (var l = 1; l < lines.length; l++) {
        var o = el("option", "before line " + (l + 1) + ": " + clip(lines[l], 30));
        o.value = String(l);
        sel.appendChild(o);
      }
      tx.appendChild(sel);
      tx.appendChild(editButton("Split", "a new comment starts at that line", function () { splitComment(id, Number(sel.value)); }));
    }
    tx.appendChild(editButton("Merge with the one before", "this comment continues the one before it", function () { mergeComment(id); }));
    box.appendChild(tx);
  }
  return box;
}
/** A claim's edit row: role (or no claim), and "supports… / attacks…" to draw a link to another claim. */
function claimEditor(k) {
  var row = el("div", null, "row edit-claim");
  var sel = el("select");
  sel.setAttribute("aria-label", "role of this claim");
  LABELS.role.concat(["none"]).forEach(function (r) {
    var o = el("option", r === "none" ? "no claim" : ROLE[r].name);
    o.value = r;
    sel.appendChild(o);
  });
  sel.value = editMarks.dropped[k] ? "none" : roleOf(k);
  sel.addEventListener("change", function () {
    try { setRole(datasetClaimId(k), sel.value === "none" ? null : sel.value); } catch (err) { say("Not done: " + err.message); }
  });
  row.appendChild(sel);
  LABELS.relation.forEach(function (kind) {
    row.appendChild(editButton(kind + "…", "then click the claim it " + kind, function () {
      startPick({ op: "relation", k: k, kind: kind }, "Click the claim that “" + clip(claimText(k), 30) + "” " + kind);
    }));
  });
  return row;
}
/** Buttons on a listed relation: flip its kind, remove it. */
function relationEditor(s, t, kind) {
  var span = el("span", null, "edit-rel");
  span.appendChild(editButton(kind === "supports" ? "→ attacks" : "→ supports", "change its kind", function () {
    setRelation(datasetClaimId(s), datasetClaimId(t), kind === "supports" ? "attacks" : "supports");
  }));
  span.appendChild(editButton("✕", "remove this link", function () { setRelation(datasetClaimId(s), datasetClaimId(t), null); }));
  return span;
}

// ---------------------------------------------------------------- the Edits list and edit mode
function editorList() {
  var list = $("edit-list");
  if (!list) return;
  while (list.firstChild) list.removeChild(list.firstChild);
  $("edit-count").textContent = String(edits.length);
  edits.forEach(function (r, j) {
    var li = el("li");
    var b = el("button", (j + 1) + ". " + describe(r), "edit-item");
    b.type = "button";
    b.addEventListener("click", function () {
      var n = r.comment_id !== undefined ? indexOf.get(r.comment_id) : r.claim ? indexOf.get(r.claim.comment_id) : indexOf.get(r.source.comment_id);
      if (n !== undefined) select(n, {});
    });
    li.appendChild(b);
    list.appendChild(li);
  });
  unmatched.forEach(function (u) {
    list.appendChild(el("li", "No longer matches: " + describe(u.edit) + " (" + u.reason + ")", "hint edit-unmatched"));
  });
  $("edit-undo").disabled = !edits.length;
  $("edit-save").disabled = !edits.length;
}
function setEditing(on) {
  editing = !!on;
  if (!editing) cancelPick();
  document.body.classList.toggle("editing", editing);
  $("edit-toggle").setAttribute("aria-pressed", String(editing));
  $("edit-toggle").classList.toggle("on", editing);
  $("editor").hidden = !editing;
  if (state.selected >= 0) showPanel(state.selected);
}
function setupEditor() {
  $("edit-toggle").addEventListener("click", function () { setEditing(!editing); });
  $("edit-undo").addEventListener("click", undo);
  $("edit-save").addEventListener("click", save);
  $("edit-next").addEventListener("click", nextToReview);
  $("edit-name").addEventListener("change", function () { persist(); });
  document.addEventListener("keydown", function (ev) {
    var typing = /^(INPUT|SELECT|TEXTAREA)$/.test((document.activeElement || {}).tagName || "");
    if (ev.key === "Escape" && pick) { cancelPick(); return; }
    if (typing || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === "e") setEditing(!editing);
    else if (editing && ev.key === "n") nextToReview();
    else if (editing && ev.key === "u") undo();
  });
  editorList();
  restore();
}

var editsApi = {
  setStance: setStance, setParent: setParent, setRelation: setRelation, dropClaim: dropClaim, setRole: setRole,
  split: splitComment, merge: mergeComment, undo: undo, clear: clearEdits, save: save, toJSON: toJSON,
  list: function () { return edits.map(function (r) { return { edit: JSON.parse(JSON.stringify(r)), text: describe(r) }; }); },
  unmatched: function () { return unmatched.map(function (u) { return { edit: u.edit, reason: u.reason, text: describe(u.edit) }; }); },
  reviewQueue: function () { return reviewQueue().map(reviewItem); },
  next: nextToReview,
  on: setEditing,
  isOn: function () { return editing; },
  note: function () { return editNote; },
  marks: function () {
    return { comments: Array.from(editMarks.comments).map(function (n) { return NODES[n].id; }),
      claims: Array.from(editMarks.claims).map(datasetClaimId) };
  }
};
