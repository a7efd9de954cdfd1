"""Backchannel: a knowledge graph of the actors around a conflict.

The core package: the records (:mod:`kg.model`), partial dates
(:mod:`kg.time`), the derived facts (:mod:`kg.rules`), the stores
(:mod:`kg.store`), the graph projection the queries run on (:mod:`kg.graph`)
and the command line (:mod:`kg.cli`).
"""

__version__ = "0.2.0"
