"""Ways of running the pipeline more than once, for the command line.

- :mod:`~compiler.runners.watch`: rebuild whenever a source, the volume or a style changes.
- :mod:`~compiler.runners.many`: several volumes side by side in worker processes.

They call :func:`compiler.pipeline.build` and must not reach into the stages: what one build
does is the pipeline's business.
"""
