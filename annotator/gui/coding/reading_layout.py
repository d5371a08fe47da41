"""How the reader lays an article out: its font, its line length and the space between paragraphs.

Typography only, no spans. The stored text has one `\n` between paragraphs: the space between them
comes from block formats, since inserting characters would shift every Qt position against the
stored offsets (and only QTextEdit's layout, not QPlainTextEdit's, honours those formats).
"""

from __future__ import annotations

import re

from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
)

from annotator.gui.widgets.text_positions import TextPositions

READING_FONTS = ["Source Serif 4", "Noto Serif", "Georgia", "DejaVu Serif", "Liberation Serif", "serif"]
DEFAULT_POINT_SIZE = 12
MAX_LINE_EMS = 38  # a line of ~75 characters: longer lines tire the eye
LINE_HEIGHT_PERCENT = 125  # of the font's own line spacing: about 1.45 em from baseline to baseline
PARAGRAPH_GAP_LINES = 0.7  # space after each paragraph, in lines of the current font
BLANK_LINE_PERCENT = 50  # a blank line between paragraphs: shown, but not as a second full gap
READABLE_CHARACTERS = 45  # the shortest line a coder should have to read (Bringhurst: 45-75)
WRAP_SLACK = 4  # characters a line loses on average by breaking between words
MEASURE_SAMPLE = ("Maximum pressure has not worked, one EU diplomat said. After five years of isolation, we have "
                  "not achieved our stated goals.")  # running news text: its average character width
_BLOCK_BREAKS = re.compile("[\n\r\u2029]")  # where QTextDocument.setPlainText starts a new block


def reading_font() -> QFont:
    font = QFont()
    font.setFamilies(READING_FONTS)
    font.setPointSize(DEFAULT_POINT_SIZE)
    return font


def paragraph_formats(font: QFont) -> tuple[QTextBlockFormat, QTextBlockFormat]:
    """The block formats of a paragraph and of a blank line for `font`.

    Line height and the space after a paragraph scale with the font (so zoom keeps them). Texts pasted
    with blank lines between paragraphs would otherwise get two gaps per break, so a blank block is
    half a line high with no gap of its own: still visible, spaced like the rest.
    """
    paragraph = QTextBlockFormat()
    paragraph.setLineHeight(LINE_HEIGHT_PERCENT, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    paragraph.setBottomMargin(round(QFontMetricsF(font).lineSpacing() * PARAGRAPH_GAP_LINES))
    blank = QTextBlockFormat(paragraph)
    blank.setBottomMargin(0)
    blank.setLineHeight(BLANK_LINE_PERCENT, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    return paragraph, blank


def set_paragraph_formats(document: QTextDocument, font: QFont, blank_lines: list[int]) -> None:
    """Give every block of `document` the paragraph format for `font` (the blank blocks at the Qt
    positions `blank_lines` the blank-line format), in one edit."""
    paragraph, blank = paragraph_formats(font)
    cursor = QTextCursor(document)
    cursor.beginEditBlock()  # one change for the layout and the highlighter, however many blocks
    cursor.select(QTextCursor.SelectionType.Document)
    cursor.setBlockFormat(paragraph)
    _format_blank_lines(cursor, blank, blank_lines)
    cursor.endEditBlock()


def replace_paragraphs(document: QTextDocument, text: str, font: QFont, positions: TextPositions) -> list[int]:
    """Replace the text of `document` with `text`, every block in its paragraph format, in one edit;
    the Qt positions of its blank blocks.

    What QTextDocument.setPlainText does (clear, then a cursor's insertText), with the cursor's block in
    the paragraph format, which every new block takes: setPlainText and then set_paragraph_formats would
    change the whole document twice, each change a layout and a highlighter pass over every block
    (~25 ms more on a 1 MB article). The clear comes first inside the edit, as in setPlainText: the
    layout then sees a new document and lays it out lazily, from the top (any other first step makes
    it lay out the whole text at once, ~0.5 s).
    """
    paragraph, blank = paragraph_formats(font)
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    document.clear()
    cursor.setBlockFormat(paragraph)
    cursor.insertText(text)
    blank_lines = blank_line_starts(text, document, positions)  # the blocks are there, within the edit
    _format_blank_lines(cursor, blank, blank_lines)
    cursor.endEditBlock()
    return blank_lines


def _format_blank_lines(cursor: QTextCursor, blank: QTextBlockFormat, blank_lines: list[int]) -> None:
    for position in blank_lines:
        cursor.setPosition(position)
        cursor.setBlockFormat(blank)


def blank_line_starts(text: str, document: QTextDocument, positions: TextPositions) -> list[int]:
    """The Qt positions of the blocks of `text` (shown in `document`) that hold nothing or only white
    space, found in the Python string (asking each QTextBlock for its text costs ~30 µs a block)."""
    starts, offset, lines = [], 0, _BLOCK_BREAKS.split(text)
    for line in lines:
        if not line or line.isspace():
            starts.append(offset)
        offset += len(line) + 1
    if len(lines) != document.blockCount():  # a break Qt reads otherwise: ask Qt itself
        block, starts = document.firstBlock(), []
        while block.isValid():
            if block.length() == 1 or block.text().isspace():  # length counts the paragraph separator
                starts.append(block.position())
            block = block.next()
        return starts
    return positions.to_qt_all(starts)


def width_for_characters(font: QFont, chrome: float, characters: int = READABLE_CHARACTERS) -> int:
    """Pixels a view needs to show lines of about `characters` characters of running text in `font`,
    `chrome` (margins, frame, scroll bar) included; lines break between words, so a few more are asked for."""
    per_character = QFontMetricsF(font).horizontalAdvance(MEASURE_SAMPLE) / len(MEASURE_SAMPLE)
    return int(per_character * (characters + WRAP_SLACK) + chrome) + 1


def column_side_margin(available: int, metrics: QFontMetrics) -> int:
    """The margin on each side that centres a column of at most MAX_LINE_EMS in `available` pixels."""
    return max(0, (available - metrics.horizontalAdvance("M") * MAX_LINE_EMS) // 2)
