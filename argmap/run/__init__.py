"""The orchestration layer: inputs → work items → the pipeline, on this process or on Ray → cache → outputs.

* :mod:`argmap.run.plan`: input arguments → work items (one per thread: where it comes from, its
  output name, its cache key);
* :mod:`argmap.run.cache`: the mapped threads of an output folder, keyed by content and settings;
* :mod:`argmap.run.schedule`: the one scheduler (batches or worker threads, errors, progress) that
  :func:`argmap.map_threads`, ``argmap map`` and the Ray engine (:mod:`argmap.engines.ray_engine`) use;
* :mod:`argmap.run.outputs`: the dataset, pages, images, exports, corpus page and manifest;
* :mod:`argmap.run.outdir`: an output folder's threads across runs;
* :mod:`argmap.run.corpus`: :func:`~argmap.run.corpus.map_corpus`, all of the above for one run
  (:func:`argmap.map_corpus`; ``argmap map``).
"""
