"""Result presentations and roadmap documents as PDFs (issue #6)."""
