"""Research code: training, distillation and evaluation of argmap's models, and their data loaders.

Run through ``argmap lab COMMAND`` against ``../shared/data``. Nothing outside this package imports
it: what ``argmap map`` runs lives in :mod:`argmap.nlp`, :mod:`argmap.structure` and the readers
(``tests/test_layout.py`` checks this).
"""
