"""Use cases shared by the CLI and the GUI: they wire the store and the file formats together."""
