"""Daily assessment, clean-organ evaluation and report-and-review: schemes, ledger, results.

Today this package holds the engine's pure rules (``rules.py``) and the shared list of bases
that no indicator may score (``forbidden.py``); the models, services and pages of the
assessment issue build on them.
"""
