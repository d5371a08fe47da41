"""The team windows: agreement, adjudication and coders' progress."""
