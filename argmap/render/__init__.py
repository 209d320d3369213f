"""Renderers: the self-contained HTML argument map (:func:`render_html`)."""

from argmap.render.html import html_string, render_html

__all__ = ["html_string", "render_html"]
