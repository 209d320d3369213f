"""The models of a run: each loaded on first use, then shared by every thread the run maps.

>>> m = Models(claims=False)
>>> m.keypoints, "encoder" in vars(m)  # nothing loads until a stage asks for it
(True, False)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argmap.nlp.arguing import ArgumentModel
    from argmap.nlp.claim_relations import RelationModel
    from argmap.nlp.claims import RoleModel
    from argmap.nlp.encoder import Encoder
    from argmap.nlp.keypoints import Matcher
    from argmap.nlp.stance import StanceModel


@dataclass
class Models:
    """The models of one run, each loaded on first use and then reused."""

    model: str | None = None  # encoder: local folder or hub id; None = the offline MiniLM package
    stance_model: str | None = None  # None = the stance model shipped in argmap
    device: str = "auto"
    topics: Sequence[str] | None = None  # fixed topic labels; None = discover
    info: dict[str, str] = field(default_factory=dict)
    claims: bool = True  # False (``--no-claims``): no claims or claim relations
    claims_model: str | None = None  # None = the claims models shipped in argmap (roles, arguing, relations)
    min_relation_score: float | None = None  # None = the relation model's thresholds (chosen on CMV-modes valid)
    keypoints: bool = True  # False (``--no-keypoints``, or ``--no-claims``): no key points
    keypoint_model: str | None = None  # None = the key point matcher shipped in argmap
    threads: int | None = None  # ONNX Runtime threads per model call (None: torch's); 1 for corpus workers

    @cached_property
    def encoder(self) -> Encoder:
        from argmap.nlp.encoder import Encoder

        enc = Encoder.get(self.model, self.device, threads=self.threads)
        self.info["encoder"] = enc.name
        return enc

    @cached_property
    def stance(self) -> StanceModel:
        from argmap.nlp.stance import StanceModel

        model = StanceModel.load(self.stance_model, self.device, threads=self.threads)
        self.info["stance_model"] = str(getattr(model, "name", self.stance_model or "argmap-stance"))
        return model

    @cached_property
    def roles(self) -> RoleModel:
        from argmap.nlp.claims import RoleModel

        return RoleModel.load(self.claims_model)

    @cached_property
    def matcher(self) -> Matcher:
        from argmap.nlp.keypoints import Matcher

        return Matcher.load(self.keypoint_model)

    @cached_property
    def arguing(self) -> ArgumentModel:
        from argmap.nlp.arguing import ArgumentModel

        return ArgumentModel.load(self.claims_model)

    @cached_property
    def relations(self) -> RelationModel:
        from argmap.nlp.claim_relations import RelationModel

        return RelationModel.load(self.claims_model)

    def fingerprints(self) -> dict[str, str]:
        """Each model's own fingerprint (:meth:`StanceModel.fingerprint <argmap.nlp.stance.StanceModel.fingerprint>`
        and the like): the SHA-256 of the files it loads, ``"off"`` for a stage the settings skip.

        >>> Models(claims=False, keypoints=False).fingerprints()["claims"]
        'off'
        """
        from argmap.nlp.arguing import ArgumentModel
        from argmap.nlp.claim_relations import RelationModel
        from argmap.nlp.claims import RoleModel
        from argmap.nlp.keypoints import Matcher
        from argmap.nlp.stance import StanceModel

        parts = (RoleModel, ArgumentModel, RelationModel) if self.claims else ()
        claims = "".join(m.fingerprint(self.claims_model) for m in parts)
        return {"stance": StanceModel.fingerprint(self.stance_model),
                "claims": claims if self.claims else "off",
                "keypoints": Matcher.fingerprint(self.keypoint_model) if self.claims and self.keypoints else "off"}

    def preload(self) -> Models:
        """Load every model the settings use now (before threads share them); returns ``self``."""
        _ = self.encoder, self.stance
        if self.claims:
            _ = self.roles, self.arguing, self.relations
            if self.keypoints:
                _ = self.matcher
        return self
