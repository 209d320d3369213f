/* argmap page · panel.js: Selection and the side panel: the selected node's text, claims, sources, parent and replies.
 */
/* global $, BIG, LIST_CAP, NODES, STANCE, childrenOf, claimSection, clip, collapsed, commentText, depthOf, descendantCount, editMarks, editing, editorPanel, el, fmtScore, focusClaim, isComment, linksOf, parentOf, pickTarget, safeHref, selectClaims, stanceKey, state, toggleFold, unfoldTo, views, when */
// ---------------------------------------------------------------- selection and panel
function select(n, opts) {
  opts = opts || {};
  if (pickTarget(n, opts)) return; // edit mode: this click picked a new parent or a linked claim
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
  } else if (inView) {
    intoView(view, n);
  }
}
/** Pan (at the same zoom) so that node ``v`` is inside the drawing, clear of its edges and so
 *  never under the side panel; nothing moves when it already is. */
function intoView(view, v) {
  var box = view.network.body.container.getBoundingClientRect();
  var at = view.network.getPositions([v])[v];
  if (!at || !box.width) return;
  var dom = view.network.canvasToDOM(at);
  var mx = Math.min(140, box.width / 4), my = Math.min(50, box.height / 4);
  if (dom.x >= mx && dom.x <= box.width - mx && dom.y >= my && dom.y <= box.height - my) return;
  view.network.moveTo({ position: at, scale: view.network.getScale(), animation: BIG ? false : { duration: 300 } });
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
    stance.appendChild(document.createTextNode(" " + STANCE[st].name + (editMarks.comments.has(n) ? "" :
      (st !== "root" && typeof node.sc === "number" ? " (score " + fmtScore(node.sc) + ")" : ""))));
    if (editMarks.comments.has(n)) stance.appendChild(el("span", " ✎ edited", "edited-mark"));
    addRow(dl, "Author", node.a);
    addRow(dl, "Time", when(node.c));
    addRow(dl, "Votes", node.v);
    addRow(dl, st === "root" ? "Role" : "Stance", stance);
    addRow(dl, "Topic", node.tp);
    addRow(dl, "Depth", depthOf[n]);
    addRow(dl, "Id", node.id);
    body.appendChild(dl);
    if (editing) body.appendChild(editorPanel(n));
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
