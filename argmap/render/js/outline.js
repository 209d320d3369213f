/* ---------------------------------------------------------------- Outline view (key points)
 *
 * Topics → key points (claims, authors or comments, ✔ supporting / ✘ attacking of their replies) →
 * their claims; a claim opens its comment in the thread tree. Built on first use from DATA.kp (and
 * DATA.kpdef, the sentence defining ✔ / ✘), with textContent only. The last of the page modules (html.py's
 * PAGE_MODULES), in its own function inside their scope: it takes util.js's helpers.
 */
/* global $, el */
(function () {
  "use strict";

  var built = false;
  var KP_STEP = 50; // key points listed per topic at first, and per click on "Show more"
  var TOPIC_STEP = 20; // topics listed at first, and per click
  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }
  function text(t) { return document.createTextNode(t); }

  function build() {
    var data = (window.argmap && window.argmap.data) || JSON.parse(document.getElementById("argmap-data").textContent);
    var box = $("outline");
    var kps = data.kp || [];
    box.appendChild(el("h2", "Key points"));
    if (!kps.length) {
      box.appendChild(el("p", "No key points: no claim is made more than once in this thread.", "hint"));
      return;
    }
    var kpdef = typeof data.kpdef === "string" ? data.kpdef : "";
    if (kpdef) box.appendChild(el("p", kpdef, "hint ol-def"));
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
      // Pasted threads have no authors: count the comments holding its claims instead.
      meta.appendChild(k.na ? el("span", plural(k.na, "author", "authors"), "ol-who")
        : el("span", plural(k.nc || 0, "comment", "comments"), "ol-who"));
      // "✔ 2 ✘ 10 of 31 replies": replies supporting / attacking its claims, each reply once.
      var counts = el("span", null, "ol-counts");
      if (kpdef) counts.title = kpdef;
      counts.appendChild(el("span", "✔ " + (k.su || 0), "chip support ol-pro"));
      counts.appendChild(text(" "));
      counts.appendChild(el("span", "✘ " + (k.at || 0), "chip attack ol-con"));
      counts.appendChild(text(" of " + plural(k.nr || 0, "reply", "replies")));
      meta.appendChild(counts);
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
  /** After an edit: build the Outline again when it is next shown (now, if it is on screen). */
  function reset() {
    if (!built) return;
    var box = $("outline");
    while (box.firstChild) box.removeChild(box.firstChild);
    built = false;
    if (!box.hidden) { build(); built = true; }
  }
  if (window.argmap) window.argmap.outline = { show: function () { button.click(); }, openComment: openComment, reset: reset };
})();
