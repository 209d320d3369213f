/* argmap page · image.js: Save PNG: the current view with its legend as an image.
 */
/* global $, DATA, K, KIND, LABELS, LINK, PAGE, RELATION, ROLE, STANCE, clip, el, state, views */
/* exported savePng */
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
  if (state.view === "net" && K) { // the argument network: claim roles and relation kinds
    var arg = [["title", DATA.meta.title || DATA.meta.thread_id || "Argument map"], ["gap"], ["head", "Box: claim role"]];
    LABELS.role.forEach(function (r) { arg.push(["role", r]); });
    arg.push(["head", "Arrow: claim → the claim it answers"]);
    LABELS.relation.forEach(function (r) { arg.push(["relation", r]); });
    arg.push(["head", "Width: the relation's probability"]);
    return arg;
  }
  var rows = [["title", DATA.meta.title || DATA.meta.thread_id || "Argument map"], ["gap"],
    ["head", "Stance toward the parent (colour, mark, line)"]];
  LABELS.stance.forEach(function (s) { rows.push(["stance", s]); });
  rows.push(["root"], ["head", "Shape: node kind"]);
  Object.keys(KIND).forEach(function (k) { rows.push(["kind", k]); });
  rows.push(["head", "Lines"], ["reply"], ["link", "cites", "cites a source"], ["link", "about", "is about a topic"]);
  return rows;
}
function drawLegend(g, x0, width) {
  var y = 14;
  var ink = PAGE.ink, muted = PAGE.muted;
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
      legendShape(g, row[1], sx + 20, cy, k.color || PAGE.swatch, k.color || PAGE["swatch-line"]);
      label = k.name + (row[1] === "paragraph" ? " (of an article)" : row[1] === "source" ? " (URL, footnote, outlet)" : "");
    } else if (row[0] === "reply") {
      legendLine(g, sx, sx + 40, cy, PAGE["swatch-line"], false, 2);
      g.fillStyle = PAGE["swatch-line"];
      g.beginPath();
      g.moveTo(sx, cy); g.lineTo(sx + 7, cy - 4); g.lineTo(sx + 7, cy + 4); g.closePath();
      g.fill();
      label = "reply → parent (style = stance)";
    } else if (row[0] === "role") {
      g.fillStyle = ROLE[row[1]].tint;
      g.strokeStyle = ROLE[row[1]].color;
      g.lineWidth = 2;
      g.fillRect(sx + 4, cy - 6, 34, 12);
      g.strokeRect(sx + 4, cy - 6, 34, 12);
      label = ROLE[row[1]].name;
    } else if (row[0] === "relation") {
      var rel = RELATION[row[1]];
      legendLine(g, sx, sx + 40, cy, rel.color, rel.dashes, 3);
      label = row[1];
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
  g.fillStyle = PAGE.bg;
  g.fillRect(x0, 0, LEGEND_W, out.height / ratio);
  g.strokeStyle = PAGE.line;
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
