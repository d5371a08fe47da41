"""Widgets shared by the coding and team windows: text positions, span highlighting, span lanes, swatches, table model base."""
