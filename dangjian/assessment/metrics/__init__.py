"""Registered metrics: what a metric indicator computes from records the platform holds.

Each metric takes the scheme's year, the day to score on and the units, and returns, for
every unit, a ``Measure``: the share of its rule met (0..1) and the evidence behind it
("which months"), or a share of ``None`` when there are no facts to judge by (缺项). Each runs
a fixed number of queries over all units together, never one per unit. Every metric names its
inputs; ``registry_errors`` checks them against the forbidden bases.

The registry is ``registry.py``; the metrics sit by what they read: ``records.py`` (meeting
rules, first agenda, discipline education), ``orgs.py`` (terms, branch setup), ``study.py``
(sit-ins, course seats), ``commitments.py`` (the secretaries' three-ones lists), ``rectification.py`` (overdue
problems).
"""
from . import commitments, orgs, records, rectification, study  # noqa: F401  (each registers its metrics)
from .registry import REGISTRY, Measure, Metric, capped, compute, metric, registry_errors

__all__ = ["REGISTRY", "Measure", "Metric", "capped", "compute", "metric", "registry_errors"]
