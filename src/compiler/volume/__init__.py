"""What a volume says, as plain frozen data (:mod:`~compiler.volume.model`).

The loader in :mod:`compiler.config` produces it; every stage after it reads it. It must not
know YAML, the schema or any stage, and imports nothing from the compiler, so anything may
import it without pulling in more.
"""
