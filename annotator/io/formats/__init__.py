"""One small module per annotation format: readers, writers, and what they share (common)."""
