/* argmap page · util.js: Small helpers: DOM elements with text only, clipping, times, safe links, label wrapping.
 */
/* exported $, clip, el, fmtScore, safeHref, when, wrap */
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
