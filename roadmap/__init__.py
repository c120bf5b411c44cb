"""Phase 3 and 4: ideas, the digital roadmap and its implementation (issue #5)."""
