"""The Adjudication window, driven by keys as an adjudicator would; the gold standard is checked in the database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from annotator.core.span_ids import span_uid
from annotator.core.types import GOLD_CODER, DocumentId, Span, SpanRecord, Status, content_hash
from annotator.gui.project import Project
from annotator.gui.team.adjudication_window import AdjudicationWindow
from annotator.gui.team.gold_span_dialog import GoldSpanDialog
from annotator.store.annotations import get_annotation
from annotator.store.decisions import get_decisions
from annotator.store.spans import spans_for
from tests.coded import code, new_project

TEXT = "Talks with Minsk worked. Sanctions failed. Keep the pressure on."  # 0-24, 25-42, 43-64
ENG, ISO = "pro-engagement", "pro-isolation"
CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
TWO_PASSAGES, AGREED, ONE_CODER = DocumentId(1), DocumentId(2), DocumentId(3)


@pytest.fixture
def project(qtbot, tmp_path: Path) -> Iterator[Project]:
    """Document 1: a unanimous span and two disagreements, stances differ. Document 2: one disagreement,
    stances agree. Document 3: only alice is done (not adjudicated)."""
    db, ids = new_project(tmp_path / "p.annotator", [(f"Article {i}", f"{TEXT} ({i})") for i in range(3)])
    code(db, ids[0], "alice", stance=ENG, spans=[(0, 24, ENG, "author"), (25, 42, ISO, "author"), (43, 64, ISO)])
    code(db, ids[0], "bob", stance=ISO, spans=[(0, 24, ENG, "author"), (25, 42, ENG, "Kallas")])
    code(db, ids[1], "alice", stance=ISO, spans=[(43, 64, ISO)])
    code(db, ids[1], "bob", stance=ISO)
    code(db, ids[2], "alice", stance=ISO, spans=[(0, 24, ENG)])
    code(db, ids[2], "bob", stance=ISO, spans=[(0, 24, ENG)], done=False)
    opened = Project(db, "pi")
    yield opened
    opened.close()


@pytest.fixture
def window(qtbot, project: Project) -> AdjudicationWindow:
    win = AdjudicationWindow(project)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    return win


def start(qtbot, window: AdjudicationWindow, *, auto: bool = True) -> None:
    """Open the window's documents as `open_adjudication_window` does, and wait for the background load."""
    window.auto_box.setChecked(auto)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.start()


def gold(project: Project, document_id: DocumentId) -> list[tuple[int, int, str, str | None, str | None]]:
    with project.db.read() as tx:
        return [(s.start, s.end, s.label, s.holder, s.provenance) for s in spans_for(tx, document_id, GOLD_CODER)]


def gold_note(project: Project, document_id: DocumentId):  # noqa: ANN201
    with project.db.read() as tx:
        return get_annotation(tx, document_id, GOLD_CODER)


def press(qtbot, window: AdjudicationWindow, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    qtbot.keyClick(window.documents, key, modifiers)  # the focus is on the list: keys still reach the shortcuts


def decided(window: AdjudicationWindow, document_id: DocumentId) -> str:
    return window.model.index(window.model.row_of(document_id), 2).data()


def test_lists_documents_two_coders_finished_with_progress(qtbot, window: AdjudicationWindow) -> None:
    start(qtbot, window, auto=False)
    assert [p.document_id for p in window.model.rows] == [TWO_PASSAGES, AGREED]
    assert [window.model.index(r, 2).data() for r in range(2)] == ["0 / 2", "0 / 1"]
    assert [window.model.index(r, 3).data() for r in range(2)] == ["open", "agreed"]
    assert window.case.document_id == TWO_PASSAGES and window.index == 0
    assert [header.text().split("</b>")[0] for header, _ in window.lanes.lanes] == ["<b>1  alice", "<b>2  bob", "<b>gold"]
    assert "Kallas" in window.lanes.lanes[1][0].text()  # bob's holder is shown with his span


def test_auto_accept_on_opening_and_undo(qtbot, project: Project, window: AdjudicationWindow) -> None:
    assert window.auto_box.isChecked()  # on by default
    start(qtbot, window)
    assert gold(project, TWO_PASSAGES) == [(0, 24, ENG, None, "unanimous")]
    assert gold(project, AGREED) == [] and gold_note(project, AGREED).stance == ISO  # agreed stance only
    assert gold_note(project, TWO_PASSAGES).stance is None  # the coders differ: left to the adjudicator
    assert gold(project, ONE_CODER) == []
    assert "Accepted 1 unanimous span and 1 agreed stance" in window.message.text()
    with qtbot.assertNotEmitted(window.loader.started):  # its own auto-accept is no reason to load again
        project.look_for_changes()  # the job wrote on its own connection: the watch sees a commit
    assert "Accepted 1 unanimous span" in window.message.text()  # and no "changed elsewhere" notice
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert gold(project, TWO_PASSAGES) == [] and gold_note(project, AGREED).stance is None
    press(qtbot, window, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert gold(project, TWO_PASSAGES) == [(0, 24, ENG, None, "unanimous")]
    assert gold_note(project, AGREED).stance == ISO


def test_auto_accept_switched_off_leaves_gold_empty_until_asked(qtbot, project: Project, window: AdjudicationWindow) -> None:
    start(qtbot, window, auto=False)
    assert gold(project, TWO_PASSAGES) == []
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.mouseClick(window.auto_button, Qt.MouseButton.LeftButton)
    assert gold(project, TWO_PASSAGES) == [(0, 24, ENG, None, "unanimous")]
    assert window.case.gold_spans and window.model.index(1, 3).data() == "agreed"
    count = project.undo_stack.count()
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.auto_accept()  # nothing new: no empty step on the undo stack
    assert project.undo_stack.count() == count and "Accepted 0 unanimous spans" in window.message.text()


def test_accept_a_coder_by_number_key_then_undo_and_redo(qtbot, project: Project, window: AdjudicationWindow) -> None:
    start(qtbot, window)
    press(qtbot, window, Qt.Key.Key_2)  # bob's span of the first disagreement
    expected = [(0, 24, ENG, None, "unanimous"), (25, 42, ENG, "Kallas", "adjudicated by pi")]
    assert gold(project, TWO_PASSAGES) == expected
    assert decided(window, TWO_PASSAGES) == "1 / 2"
    assert window.index == 1  # on to the next open disagreement
    uid = [s.uid for s in window.case.gold_spans if s.start == 25]
    # an id from the span's place: another adjudicator choosing the same span gives it the same id
    assert uid == [span_uid(content_hash(window.case.text), GOLD_CODER, SpanRecord(25, 42, ENG))]
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert gold(project, TWO_PASSAGES) == expected[:1] and decided(window, TWO_PASSAGES) == "0 / 2"
    with project.db.read() as tx:
        assert get_decisions(tx, window.case.doc_id) == {}
    project.undo_stack.redo()
    assert gold(project, TWO_PASSAGES) == expected
    assert [s.uid for s in window.case.gold_spans if s.start == 25] == uid  # the same span came back


def test_accept_none_then_change_the_decision(qtbot, project: Project, window: AdjudicationWindow) -> None:
    start(qtbot, window)
    press(qtbot, window, Qt.Key.Key_0)
    assert gold(project, TWO_PASSAGES) == [(0, 24, ENG, None, "unanimous")]
    assert decided(window, TWO_PASSAGES) == "1 / 2" and window.case.passages[0].decision == "none"
    press(qtbot, window, Qt.Key.Key_P)
    assert window.index == 0
    press(qtbot, window, Qt.Key.Key_1)  # alice's isolation span instead
    assert gold(project, TWO_PASSAGES)[1:] == [(25, 42, ISO, "author", "adjudicated by pi")]
    assert window.index == 1  # on to the one still open
    press(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, Qt.Key.Key_2)  # and bob's after all: alice's is replaced, not kept beside it
    assert gold(project, TWO_PASSAGES)[1:] == [(25, 42, ENG, "Kallas", "adjudicated by pi")]
    assert window.index == 1  # the last one, still open
    press(qtbot, window, Qt.Key.Key_1)
    assert decided(window, TWO_PASSAGES) == "2 / 2"
    assert "press D" in window.message.text()


def test_edit_draws_the_gold_span(qtbot, project: Project, window: AdjudicationWindow) -> None:
    start(qtbot, window)

    def in_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, GoldSpanDialog)
        dialog.select(27, 40)  # "nctions faile": the dialog widens it to whole words
        dialog.label_box.setCurrentText(ISO)
        dialog.holder_edit.setText("one EU diplomat")
        dialog.accept()

    QTimer.singleShot(0, in_dialog)
    press(qtbot, window, Qt.Key.Key_E)
    assert gold(project, TWO_PASSAGES)[1:] == [(25, 41, ISO, "one EU diplomat", "adjudicated by pi")]
    assert window.case.passages[0].decision == "edited"
    assert TEXT[25:41] == "Sanctions failed"


def test_stance_by_coder_key_and_by_list_and_done(qtbot, project: Project, window: AdjudicationWindow) -> None:
    start(qtbot, window)
    assert window.model.index(0, 3).data() == "open"
    press(qtbot, window, Qt.Key.Key_2, ALT)  # bob's stance
    assert gold_note(project, TWO_PASSAGES).stance == ISO
    assert window.model.index(0, 3).data() == "decided"
    box = window.stance.gold_box
    box.activated.emit(box.findData(ENG))  # as a choice in the list
    assert gold_note(project, TWO_PASSAGES).stance == ENG
    project.undo_stack.undo()
    assert gold_note(project, TWO_PASSAGES).stance == ISO and box.currentData() == ISO
    press(qtbot, window, Qt.Key.Key_D)  # done, and on to the next document, as the main window's D
    assert gold_note(project, TWO_PASSAGES).status == Status.DONE
    assert window.model.index(0, 4).data() == "✓" and window.case.document_id == AGREED
    assert "“Article 0” marked done with 2 disagreements still open" in window.message.text()
    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # the undo shows the document it changed
    assert gold_note(project, TWO_PASSAGES).status != Status.DONE
    assert window.case.document_id == TWO_PASSAGES and not window.stance.done_box.isChecked()


def test_a_gold_stance_cleared_by_hand_is_not_set_again_by_auto_accept(qtbot, project: Project,
                                                                         window: AdjudicationWindow) -> None:
    start(qtbot, window)
    assert gold_note(project, AGREED).stance == ISO  # the coders agreed: auto-accepted
    press(qtbot, window, Qt.Key.Key_PageDown)
    assert window.case.document_id == AGREED
    press(qtbot, window, Qt.Key.Key_0, ALT)  # the adjudicator: no gold stance for this one
    assert gold_note(project, AGREED).stance is None
    start(qtbot, window)  # the window opened again: auto-accept runs again
    assert gold_note(project, AGREED).stance is None
    project.undo_stack.undo()  # the hand-made choice undone: back to the accepted stance
    assert gold_note(project, AGREED).stance == ISO


def test_an_undone_auto_accept_is_not_redone_when_the_window_opens_again(qtbot, project: Project,
                                                                         window: AdjudicationWindow) -> None:
    start(qtbot, window)
    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # the adjudicator does not want them
    assert gold(project, TWO_PASSAGES) == [] and gold_note(project, AGREED).stance is None
    start(qtbot, window)  # opened again, auto-accept on
    assert gold(project, TWO_PASSAGES) == [] and gold_note(project, AGREED).stance is None  # spans and stance alike
    press(qtbot, window, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)  # redo brings both back
    assert gold(project, TWO_PASSAGES) == [(0, 24, ENG, None, "unanimous")]
    assert gold_note(project, AGREED).stance == ISO


def test_work_merged_elsewhere_is_announced_and_f5_reloads(qtbot, project: Project, window: AdjudicationWindow) -> None:
    start(qtbot, window, auto=False)
    code(project.db, ONE_CODER, "bob", stance=ISO, spans=[(0, 24, ENG)])  # bob finishes the third document
    with qtbot.assertNotEmitted(window.loader.started):  # no load by itself: the list would keep churning
        assert project.look_for_changes()
    assert "changed in another window" in window.message.text()
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.keyClick(window.documents, Qt.Key.Key_F5)
    assert ONE_CODER in [p.document_id for p in window.model.rows]
    assert "changed in another window" not in window.message.text()  # reloaded: the notice is gone
    code(project.db, AGREED, "carol", stance=ISO)  # and the next change right after a load is announced too
    assert project.look_for_changes() and "changed in another window" in window.message.text()


def test_an_undo_from_another_document_shows_that_document(qtbot, project: Project, window: AdjudicationWindow) -> None:
    start(qtbot, window)
    press(qtbot, window, Qt.Key.Key_1)
    press(qtbot, window, Qt.Key.Key_PageDown)
    assert window.case.document_id == AGREED and window.index == 0
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert window.case.document_id == TWO_PASSAGES and decided(window, TWO_PASSAGES) == "0 / 2"


def test_gold_changes_do_not_reach_the_coders_span_signal(qtbot, project: Project) -> None:
    seen: list[Span] = []
    project.spans_changed.connect(lambda _d, old, new: seen.append(new or old))
    window = AdjudicationWindow(project)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=10_000):  # the auto-accept in the background
        window.start()
    assert gold(project, TWO_PASSAGES)
    window.decide("coder:alice")
    assert seen == [] and gold(project, TWO_PASSAGES)


def test_n_after_the_last_disagreement_goes_to_the_next_document(qtbot, project: Project,
                                                                 window: AdjudicationWindow) -> None:
    start(qtbot, window)
    press(qtbot, window, Qt.Key.Key_N)
    assert (window.case.document_id, window.index) == (TWO_PASSAGES, 1)
    assert window.decisions.next_button.isEnabled()  # not greyed out at the last one: there is more to do
    press(qtbot, window, Qt.Key.Key_N)
    assert (window.case.document_id, window.index) == (AGREED, 0)
    press(qtbot, window, Qt.Key.Key_1)  # and deciding there works as anywhere
    assert gold(project, AGREED) == [(43, 64, ISO, None, "adjudicated by pi")]


def test_d_on_the_last_open_document_says_every_document_is_adjudicated(qtbot, project: Project,
                                                                         window: AdjudicationWindow) -> None:
    start(qtbot, window)
    press(qtbot, window, Qt.Key.Key_D)
    press(qtbot, window, Qt.Key.Key_D)
    assert gold_note(project, TWO_PASSAGES).status == gold_note(project, AGREED).status == Status.DONE
    assert window.case.document_id == AGREED and "Every document is adjudicated" in window.message.text()


@pytest.mark.parametrize("keys", [(Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier), (Qt.Key.Key_W, CTRL)],
                         ids=["escape", "ctrl-w"])
def test_escape_and_ctrl_w_close_the_window(qtbot, window: AdjudicationWindow, keys) -> None:
    start(qtbot, window)
    press(qtbot, window, *keys)
    assert not window.isVisible()
