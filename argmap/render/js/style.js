/* argmap page · style.js: The map's visual vocabulary: stance colours, marks and dashes, node shapes, link styles.
 * argmap/render/style.py reads these tables too (Python exports draw what the page draws).
 */
/* exported KIND, LINK, STANCE */
var STANCE = {
  support: { color: "#2e8b3e", tint: "#e3f3e6", dashes: false, mark: "✔", name: "support" },
  attack: { color: "#d1293d", tint: "#fbe4e7", dashes: [9, 5], mark: "✘", name: "attack" },
  neutral: { color: "#8a9099", tint: "#eef0f3", dashes: [2, 4], mark: "•", name: "neutral" },
  query: { color: "#2f6fdf", tint: "#e3ecfb", dashes: [10, 4, 2, 4], mark: "?", name: "query" },
  root: { color: "#34495e", tint: "#34495e", dashes: false, mark: "◆", name: "opening post" },
  none: { color: "#b8c0ca", tint: "#f4f5f7", dashes: false, mark: "", name: "no stance" }
};
var KIND = {
  comment: { shape: "box", name: "comment" },
  paragraph: { shape: "ellipse", name: "paragraph" },
  source: { shape: "diamond", name: "source", color: "#8e44ad" },
  topic: { shape: "hexagon", name: "topic", color: "#e08a00" }
};
var LINK = {
  cites: { color: "#8e44ad", dashes: [1, 3], width: 1.2, opacity: 0.9, length: 120 },
  about: { color: "#e08a00", dashes: [6, 3], width: 1, opacity: 0.45, length: 260 }
};
