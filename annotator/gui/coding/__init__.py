"""The coding window's parts: the article reader, the span, document, stance and codebook panels, and the undo commands of a coder's edits."""
