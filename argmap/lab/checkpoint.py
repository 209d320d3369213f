"""Saving a trained network the way argmap ships it: only what training changed, in fp16.

:func:`argmap.nlp.stance.load_network` reads what :func:`save_model` writes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from argmap.nlp.stance import CONFIG, WEIGHTS


def shipped_state(net: Any) -> dict[str, Any]:
    """The parameters training changed (the trainable ones), as fp16; frozen ones stay in the base."""
    return {k: v.detach().to("cpu").half().contiguous() for k, v in net.named_parameters() if v.requires_grad}


def save_model(
    net: Any, folder: str | Path, config: dict[str, Any], weights: str = WEIGHTS, config_name: str = CONFIG
) -> None:
    """Write the trained weights (fp16, ``stance.safetensors``) + the config (``stance_config.json``)
    into ``folder``."""
    from safetensors.torch import save_file

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    save_file(shipped_state(net), str(folder / weights))
    (folder / config_name).write_text(json.dumps(config, indent=2) + "\n")
