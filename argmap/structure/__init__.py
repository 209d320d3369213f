"""Pasted-text recovery: thread text with no authors or indentation -> comments with parent links.

- :mod:`argmap.structure.segment`: groups lines into comments and links each to a parent
  (:func:`segment_thread`, :func:`segment_lines`), with the weights in ``segment_model.json``;
- :mod:`argmap.structure.features`: the line and (comment, candidate parent) features it scores;
- :mod:`argmap.structure.boundary`: the cross-encoder reading two consecutive lines
  ("does this line start a new comment?"), weights in ``boundary_model/``.

Training and evaluation of these live in :mod:`argmap.lab` (``argmap lab train-structure``,
``train-boundary``, ``eval-structure``).
"""

from argmap.structure.segment import segment_lines, segment_thread

__all__ = ["segment_lines", "segment_thread"]
