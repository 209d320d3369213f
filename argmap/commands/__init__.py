"""User subcommands (``argmap map``, ``argmap stance``): each module exposes ``register(subparsers)``.

Research commands live in :mod:`argmap.lab.commands` and are grouped under ``argmap lab``. Keep heavy
imports (torch, transformers, datasets) inside the handlers so ``argmap --help`` is fast.
"""
