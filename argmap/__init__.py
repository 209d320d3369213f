"""argmap: turn online discussion threads into argument maps.

Read a thread (Reddit / Hacker News JSON, nested JSON, pasted text, an article), recover who
replies to whom, classify stance and topic, extract sources, build a networkx graph, render it
as an offline HTML page and export a Hugging Face dataset.
"""

__version__ = "0.6.0"

from argmap.load import load as load  # noqa: E402  (re-export: dataset folder -> {thread_id: graph})
