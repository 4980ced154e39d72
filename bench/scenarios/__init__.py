"""The registered benchmark scenarios, one module each (see ``bench.registry``)."""
