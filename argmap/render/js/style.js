/* argmap page · style.js: The map's visual vocabulary: STYLE, argmap/render/style.json put in by the renderer (html.py):
 * stance colours, marks and dashes, node shapes, link styles, claim role colours, the page's colours, and the label
 * sets the page lists (LABELS: stance, role, relation, comment kinds), so the page holds no copy of them.
 */
/* global STYLE */
/* exported KIND, LABELS, LINK, PAGE, RELATION, ROLE, STANCE */
var STANCE = STYLE.stance;
var KIND = STYLE.kind;
var LINK = STYLE.link;
var ROLE = STYLE.role;
var PAGE = STYLE.page;
var LABELS = STYLE.labels;
/** Relation kind -> the stance style it is drawn in (supports: support, attacks: attack). */
var RELATION = {};
Object.keys(STYLE.relation).forEach(function (kind) { RELATION[kind] = STANCE[STYLE.relation[kind]]; });
