"""Phase 2 stakeholder surveys by e-mailed link (issue #3)."""
