"""argmap: turn online discussion threads into argument maps.

Read a thread (Reddit, Hacker News, Discourse or Mastodon JSON or URL, a copied thread page,
nested JSON, pasted text, an article), recover who replies to whom, find the claims inside
comments and which claim supports or attacks which, the thread's key points, each reply's stance
and each comment's topic, extract sources, build a networkx graph, render it as an offline HTML
page and export a Hugging Face dataset.

The Python API (every name in ``__all__``; heavy modules load on first use, so ``import argmap``
stays fast)::

    import argmap

    g = argmap.map_thread("threads/ai-roi-debate.txt")  # a path, URL, Thread or the thread's text
    report = argmap.map_corpus(["threads/"], "outputs")  # what `argmap map threads/ -o outputs` writes
    argmap.to_html(g, "map.html")                      # the page `argmap map` writes
    argmap.show(g)                                     # the same page inline in a notebook
    argmap.to_png(g, "map.png")                        # the tree view as an image (headless Chromium)
    net = argmap.to_pyvis(g)                           # a pyvis Network drawn like the page
    argmap.save_pyvis(net, "pyvis.html")               # … saved so that it loads nothing remote

A graph needs no model to be drawn; the examples below build one by hand:

>>> import argmap
>>> from argmap.graph import build_graph
>>> from argmap.model import Comment, Thread
>>> g = build_graph(Thread("tea", [Comment("a", None, author="ann", text="Tea beats coffee."),
...                                Comment("b", "a", author="bob", text="Source?", stance="query",
...                                        stance_score=0.8)], title="Tea or coffee"))
>>> sorted(argmap.__all__)[:4]
['Comment', 'InputError', 'MapView', 'Thread']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

__version__ = "0.11.0"

from argmap.errors import InputError  # noqa: E402
from argmap.load import load as load  # noqa: E402  (re-export: dataset folder -> {thread_id: graph})
from argmap.model import Comment, Thread  # noqa: E402

if TYPE_CHECKING:
    import os

    import networkx as nx
    from pyvis.network import Network

    from argmap.render.notebook import MapView
    from argmap.run.corpus import Report

__all__ = [
    "Comment", "InputError", "MapView", "Thread", "load", "map_corpus", "map_thread", "map_threads", "save_pyvis",
    "show", "to_html", "to_png", "to_pyvis", "__version__", "apply_corrections",
]


def apply_corrections(graph: nx.MultiDiGraph, path: str | os.PathLike | dict) -> object:
    """Apply corrections saved from the map page (a ``.corrections.json`` file, a folder of them or a
    loaded document) to ``graph`` in place; human labels override the models' and are marked
    ``label_source = "human"``. Returns a :class:`argmap.corrections.CorrectionReport`: ``applied``,
    and ``unmatched`` (each edit that no longer matches, with the reason). See ``docs/corrections.md``.

    Raises:
        InputError: the file is not valid JSON, not a corrections file, or of a newer version.
    """
    from argmap.corrections import apply_corrections as apply

    return apply(graph, path)


def map_thread(
    source: Thread | str | os.PathLike,
    *,
    format: str | None = None,  # noqa: A002 - the CLI's --format
    topics: str | Sequence[str] | None = None,
    model: str | None = None,
    stance_model: str | None = None,
    device: str = "auto",
    name: str | None = None,
) -> nx.MultiDiGraph:
    """Map one thread: read it, recover its reply tree, classify stance and topics, extract sources.

    The same analysis as ``argmap map`` with the same options; the models load on the first call
    and are reused by every later call with the same ``model``, ``stance_model`` and ``device``.

    Args:
        source: what to map. A :class:`Thread`; a path (``str`` or :class:`os.PathLike`) to a thread
            file or a folder/ConvoKit corpus holding exactly one thread; an ``http(s)://`` URL
            (Hacker News, Reddit, Discourse, Mastodon: :mod:`argmap.readers.url`); or the thread's
            own text: any string containing a line break is read as pasted comments, an article or
            thread JSON, in memory.
        format: input format (one of :data:`argmap.readers.FORMATS`: ``text``, ``page``,
            ``article``, ``reddit``, ``hackernews``, ``discourse``, ``mastodon``, ``nested``,
            ``convokit``); default: sniffed from the content.
        topics: fixed topic labels (``"a,b,c"`` or a list); default: discover topics.
        model: encoder for topics and segmentation (local folder or hub id); default: the
            offline MiniLM package.
        stance_model: stance classifier folder or hub id; default: the model shipped in argmap.
        device: ``auto`` (CUDA when present), ``cpu``, ``cuda``, ``cuda:1`` …
        name: thread id of pasted text (default ``pasted``); ignored for other inputs.

    Returns:
        The thread's graph (node and edge vocabulary in :mod:`argmap.graph`).

    Raises:
        InputError: the input cannot be read (one line, as the CLI prints it), or holds several
            threads (use :func:`map_threads`).

    Example:
        >>> g = argmap.map_thread("threads/ai-roi-debate.txt")  # doctest: +SKIP
        >>> g.graph["thread_id"], g.number_of_nodes() > 20  # doctest: +SKIP
        ('ai-roi-debate', True)
        >>> text = "GPUs are a bubble.\\nNo, demand is real. Why would they keep buying?"
        >>> sorted({d["kind"] for _, d in argmap.map_thread(text).nodes(data=True)})  # doctest: +SKIP
        ['comment', 'topic']
    """
    from argmap import api
    from argmap.words import plural

    threads = api.read_input(source, format, name)
    if len(threads) != 1:
        raise InputError(getattr(threads[0], "origin", None) or str(source),
                         f"holds {plural(len(threads), 'thread')}: use argmap.map_threads")
    m = api.models(model, stance_model, device, api.topic_labels(topics))
    return api.analyse_threads(threads, m)[0]


def map_threads(
    inputs: Iterable[Thread | str | os.PathLike] | str | os.PathLike,
    *,
    format: str | None = None,  # noqa: A002 - the CLI's --format
    topics: str | Sequence[str] | None = None,
    model: str | None = None,
    stance_model: str | None = None,
    device: str = "auto",
    batch_comments: int = 1024,
    errors: str = "raise",
    workers: int = 1,
) -> list[nx.MultiDiGraph]:
    """Map many threads with one model load and model calls that span threads (each batch one thread's).

    Args:
        inputs: inputs as for :func:`map_thread`; a folder or glob pattern (``"threads/*.json"``)
            stands for every thread it holds (a ConvoKit corpus: one per conversation). A single
            path or string is one input, not a sequence of characters.
        format: as for :func:`map_thread` (applies to every input).
        topics: as for :func:`map_thread`.
        model: as for :func:`map_thread`.
        stance_model: as for :func:`map_thread`.
        device: as for :func:`map_thread`.
        batch_comments: comments per inference batch across threads (the CLI's ``--batch-comments``).
        errors: ``"raise"`` (default): the first bad input or failed analysis raises; ``"skip"``:
            it is reported with :func:`warnings.warn` and left out, as ``argmap map`` does.
        workers: threads mapped at once, each by itself with one ONNX Runtime thread per model call
            (the CLI's ``--workers``; one per core is fastest on a CPU); the graphs are the same.

    Returns:
        One graph per thread, in input order. (For corpora too big for memory, and for caching
        and resuming, use ``argmap map``.)

    Example:
        >>> graphs = argmap.map_threads(["threads/hn-rust-rewrite.json", "threads/ai-roi-debate.txt"])  # doctest: +SKIP
        >>> [g.graph["thread_id"] for g in graphs]  # doctest: +SKIP
        ['hn-rust-rewrite', 'ai-roi-debate']
    """
    import os
    import warnings

    from argmap import api

    api.check_errors(errors)
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    if isinstance(inputs, Thread | str | os.PathLike):
        inputs = [inputs]
    threads: list[Thread] = []
    for item in inputs:
        try:
            threads += api.read_input(item, format)
        except InputError as err:
            if errors == "raise":
                raise
            warnings.warn(str(err), stacklevel=2)
    m = api.models(model, stance_model, device, api.topic_labels(topics), 1 if workers > 1 else None)
    return api.analyse_threads(threads, m, batch_comments, errors, workers)


def map_corpus(
    inputs: Iterable[str | os.PathLike] | str | os.PathLike,
    out: str | os.PathLike = "outputs",
    *,
    format: str | None = None,  # noqa: A002 - the CLI's --format
    topics: str | Sequence[str] | None = None,
    model: str | None = None,
    stance_model: str | None = None,
    device: str = "auto",
    claims: bool = True,
    keypoints: bool = True,
    html: bool = True,
    png: bool = False,
    exports: Sequence[str] = (),
    corrections: str | os.PathLike | None = None,
    batch_comments: int = 1024,
    workers: int | None = None,
    engine: str = "local",
    fresh: bool = False,
    quiet: bool = False,
    **options: Any,
) -> Report:
    """Map a corpus into the folder ``out``, as ``argmap map INPUTS -o OUT`` does: one HTML page per
    thread, ``OUT/dataset`` for all of them, the corpus page, the exports asked for.

    The threads are cached in ``OUT/.cache`` (by content and settings), so a rerun maps only what is
    new or changed and an interrupted run resumes; a folder that holds a dataset keeps its threads,
    and a thread mapped again replaces its own. A thread that fails is reported on stderr and skipped.

    Args:
        inputs: files, folders, glob patterns, ConvoKit corpus folders or thread URLs (one string or
            path is one input).
        out: the output folder.
        format: as for :func:`map_thread` (applies to every input).
        topics: as for :func:`map_thread`.
        model: as for :func:`map_thread`.
        stance_model: as for :func:`map_thread`.
        device: as for :func:`map_thread`.
        claims: find claims and their relations (``--no-claims``: False).
        keypoints: find key points (needs ``claims``).
        html: write each thread's page and, for several threads, ``OUT/corpus.html``.
        png: also write ``OUT/<name>.png`` (needs headless Chromium).
        exports: any of ``graphml``, ``gexf``, ``aif``, ``convokit``, ``json`` (``OUT/exports/<fmt>/``).
        corrections: corrections saved from the map page, applied after the models.
        batch_comments: with one worker, comments per pipeline call.
        workers: threads mapped at once (default: one per core, at most 8).
        engine: ``local`` or ``ray`` (Ray Data; the options ``ray_address`` and ``ray_workers``).
        fresh: start ``out`` over first.
        quiet: no progress bar and no line per thread.
        options: the other options of ``argmap map``, by their Python names: ``captured_at``
            (POSIX seconds), ``claims_model``, ``min_relation_score``, ``keypoint_model``,
            ``ray_address``, ``ray_workers``.

    Returns:
        A :class:`argmap.run.corpus.Report`: ``mapped``, ``cached``, ``failed`` (inputs), ``comments``,
        ``seconds``, ``threads`` (in the folder), ``dataset`` (its path; None when nothing was mapped).

    Raises:
        InputError: no input matches, an option is out of range, or the run's one input cannot be read.

    Example:
        >>> report = argmap.map_corpus("threads/*.json", "outputs", exports=["graphml"])  # doctest: +SKIP
        >>> report.mapped + report.cached, report.dataset  # doctest: +SKIP
        (4, PosixPath('outputs/dataset'))
        >>> argmap.load(report.dataset)  # doctest: +SKIP
    """
    import os

    from argmap import api
    from argmap.run.corpus import map_corpus as run

    if isinstance(inputs, str | os.PathLike):
        inputs = [inputs]
    return run(list(inputs), out, format=format, topics=api.topic_labels(topics), model=model,
               stance_model=stance_model, device=device, claims=claims, keypoints=keypoints, html=html, png=png,
               exports=list(exports), corrections=corrections, batch_comments=batch_comments, workers=workers,
               engine=engine, fresh=fresh, quiet=quiet, **options)


def to_html(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write the interactive map of ``graph`` — the page ``argmap map`` writes — to ``path``.

    The file is self-contained and offline (vis-network inlined, a Content-Security-Policy that
    fetches nothing; comment text is only ever shown as text) and written atomically.

    Args:
        graph: a thread graph (:func:`map_thread`, :func:`load`).
        path: the ``.html`` file to write; its folder is created if needed.

    Returns:
        ``path`` as a :class:`~pathlib.Path`.

    Example:
        >>> import argmap, argmap.graph
        >>> g = argmap.graph.build_graph(argmap.Thread("tea", [argmap.Comment("a", None, text="Tea beats coffee."),
        ...     argmap.Comment("b", "a", text="Source?", stance="query", stance_score=0.8)]))
        >>> import tempfile
        >>> page = argmap.to_html(g, Path(tempfile.mkdtemp()) / "tea.html")
        >>> page.name, "Tea beats coffee." in page.read_text(encoding="utf-8")
        ('tea.html', True)
    """
    from argmap.render.html import render_html

    return render_html(graph, path)


def show(graph: nx.MultiDiGraph, height: int = 640) -> MapView:
    """Show the interactive map of ``graph`` inline in a Jupyter or VS Code notebook.

    The page :func:`to_html` writes, in an ``<iframe srcdoc="…">`` sandboxed with
    ``allow-scripts allow-downloads`` (never ``allow-same-origin``): no file, no server, no network.
    In a running IPython kernel it is displayed at once (also from inside a loop); elsewhere the
    returned object renders wherever ``_repr_html_`` is honoured.

    Args:
        graph: a thread graph.
        height: height of the frame in CSS pixels.

    Returns:
        A :class:`MapView`; ``view.page`` is the page's HTML, ``view._repr_html_()`` the iframe.

    Example:
        >>> import argmap, argmap.graph
        >>> g = argmap.graph.build_graph(argmap.Thread("tea", [argmap.Comment("a", None, text="Tea beats coffee."),
        ...     argmap.Comment("b", "a", text="Source?", stance="query", stance_score=0.8)]))
        >>> view = argmap.show(g, height=500)
        >>> view
        <argmap map 'tea': 2 comments>
        >>> frame = view._repr_html_()
        >>> frame.startswith('<iframe srcdoc="'), "allow-same-origin" in frame, "height: 500px" in frame
        (True, False, True)
    """
    from argmap.render.notebook import show as _show

    return _show(graph, height)


def to_pyvis(graph: nx.MultiDiGraph, *, links: bool = False, height: str = "800px",
             width: str = "100%") -> Network:
    """A :class:`pyvis.network.Network` of ``graph`` drawn like the page's thread-tree view.

    Same stance colours, marks and dashes, node shapes, plain-text hover titles, and the same
    precomputed tree positions (``x``, ``y``; physics off). ``cdn_resources="in_line"``, and the
    network is bound to an offline copy of pyvis's template (pyvis's own loads Bootstrap from a
    CDN): save it with :func:`save_pyvis` (or ``net.write_html``) and the file fetches nothing.

    Args:
        graph: a thread graph.
        links: also draw sources and topics with their ``cites`` / ``about`` lines.
        height: CSS height of the drawing.
        width: CSS width of the drawing.

    Returns:
        The network, ready to customise, ``show`` or save.

    Example:
        >>> import argmap, argmap.graph
        >>> g = argmap.graph.build_graph(argmap.Thread("tea", [argmap.Comment("a", None, text="Tea beats coffee."),
        ...     argmap.Comment("b", "a", text="Source?", stance="query", stance_score=0.8)]))
        >>> net = argmap.to_pyvis(g)
        >>> [(n["id"], n["label"], n["color"]["border"], n["x"], n["y"]) for n in net.nodes]
        [('a', '◆ Tea beats coffee.', '#34495e', 0.0, 0.0), ('b', '? Source?', '#2f6fdf', 110.0, 58.0)]
        >>> net.edges[0]["dashes"], net.options["physics"]["enabled"]
        ([10, 4, 2, 4], False)
    """
    from argmap.render.pyvis_export import to_pyvis as _to_pyvis

    return _to_pyvis(graph, links=links, height=height, width=width)


def save_pyvis(net: Network, path: str | Path) -> Path:
    """Write a pyvis network's page to ``path`` atomically, with no remote asset.

    Works for any pyvis network (it is rebound to argmap's offline template first): vis-network
    inlined, no Bootstrap, a Content-Security-Policy that blocks every fetch, node titles shown
    as text. Nothing but ``path`` is written (no ``lib/`` folder).

    Example:
        >>> import argmap, argmap.graph
        >>> g = argmap.graph.build_graph(argmap.Thread("tea", [argmap.Comment("a", None, text="Tea beats coffee."),
        ...     argmap.Comment("b", "a", text="Source?", stance="query", stance_score=0.8)]))
        >>> import tempfile
        >>> out = argmap.save_pyvis(argmap.to_pyvis(g), Path(tempfile.mkdtemp()) / "tea-pyvis.html")
        >>> "cdn.jsdelivr" in out.read_text(encoding="utf-8")
        False
    """
    from argmap.render.pyvis_export import save_pyvis as _save_pyvis

    return _save_pyvis(net, path)


def to_png(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write a PNG of ``graph``'s thread-tree view, legend included, to ``path`` atomically.

    The picture the page's "Save PNG" button makes, of the whole tree, drawn by headless Chromium
    (offline, throw-away profile). Needs ``chromium``, ``chromedriver`` and ``selenium``
    (``make browser``; ``pip install selenium``).

    Raises:
        InputError: Chromium, chromedriver or selenium is missing (one line saying what to install).

    Example:
        >>> argmap.to_png(g, "tea.png")  # doctest: +SKIP
        PosixPath('tea.png')
    """
    from argmap.render.png import to_png as _to_png

    return _to_png(graph, path)


def __getattr__(name: str) -> object:
    if name == "MapView":
        from argmap.render.notebook import MapView

        return MapView
    raise AttributeError(f"module 'argmap' has no attribute {name!r}")
