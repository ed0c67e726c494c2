"""Small pieces shared by the study services."""
from dangjian.lib.edits import fields_assign  # noqa: F401  (shared with the registry and records)
