"""Saving a trained network the way argmap ships it: only what training changed, in fp16.

:func:`argmap.nlp.stance.load_network` reads what :func:`save_model` writes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from argmap.nlp.stance import CONFIG, WEIGHTS


def shipped_state(net: Any, keep: Callable[[str], bool] | None = None) -> dict[str, Any]:
    """The parameters training changed (the trainable ones), as fp16; frozen ones stay in the base.
    ``keep(name)``, when given, picks the saved parameters instead (e.g. all but the embeddings of a
    network built on an adapted encoder, whose frozen layers are not the base's)."""
    pick = keep or (lambda name: dict(net.named_parameters())[name].requires_grad)
    return {k: v.detach().to("cpu").half().contiguous() for k, v in net.named_parameters() if pick(k)}


def save_model(
    net: Any, folder: str | Path, config: dict[str, Any], weights: str = WEIGHTS, config_name: str = CONFIG,
    keep: Callable[[str], bool] | None = None,
) -> None:
    """Write the trained weights (fp16, ``stance.safetensors``; ``keep`` as in :func:`shipped_state`)
    + the config (``stance_config.json``) into ``folder``."""
    from safetensors.torch import save_file

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    save_file(shipped_state(net, keep), str(folder / weights))
    (folder / config_name).write_text(json.dumps(config, indent=2) + "\n")
