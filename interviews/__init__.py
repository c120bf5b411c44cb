"""Phase 1 desktop analysis, interviews and findings (issue #4)."""
