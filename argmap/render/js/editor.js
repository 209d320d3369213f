/* argmap page · editor.js: Edit mode: corrections to stances, parents, claims and claim relations, undo, the review
 * queue, saving and restoring (window.argmap.edits).
 */
