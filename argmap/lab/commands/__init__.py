"""``argmap lab`` subcommands: each module here exposes ``register(subparsers)`` and is found automatically.

Keep heavy imports (torch, transformers, datasets) inside the handlers so ``argmap --help`` is fast.
"""
