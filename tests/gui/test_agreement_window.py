"""The Agreement window, driven as a PI would: figures worked out by hand, undefined values, the
disagreement list and its link to the main window."""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from annotator.core.types import DocumentId
from annotator.gui.project import Project
from annotator.gui.team.agreement_figures import FigureTable
from annotator.gui.team.agreement_window import AgreementWindow, open_agreement_window
from tests.coded import code, new_project

TEXT = "Talks with Minsk worked. Sanctions failed. Keep the pressure on."  # 0-24, 25-42, 43-64
ENG, ISO = "pro-engagement", "pro-isolation"


def texts(n: int) -> list[tuple[str, str]]:
    return [(f"Article {i}", f"{TEXT} ({i})") for i in range(n)]


@pytest.fixture
def opened(qtbot, tmp_path: Path) -> Iterator:
    """Open an Agreement window on a project built by `build(db, ids)` and wait for its report."""
    projects: list[Project] = []

    def open_(n_docs: int, build) -> AgreementWindow:  # noqa: ANN001
        db, ids = new_project(tmp_path / f"p{len(projects)}.annotator", texts(n_docs))
        build(db, ids)
        project = Project(db, "pi")
        projects.append(project)
        window = AgreementWindow(project)
        qtbot.addWidget(window)
        window.show()
        with qtbot.waitSignal(window.computed, timeout=10_000):
            window.compute()
        return window

    yield open_
    for project in projects:
        project.close()


def tables(window: AgreementWindow, *, intervals: bool = False) -> dict[str, dict[str, list[str]]]:
    """The figure tables of the Figures tab by the heading of their second column, each row by its first
    cell; values without their bracketed interval unless `intervals`."""
    found: dict[str, dict[str, list[str]]] = {}
    for table in window.figures.findChildren(FigureTable):
        rows = {}
        for r in range(table.rowCount()):
            cells = [table.item(r, c).text() for c in range(table.columnCount())]
            cells = cells if intervals else [c.split(" [")[0] for c in cells]
            rows[cells[0]] = cells[1:]
        found[table.horizontalHeaderItem(1).text()] = rows
    return found


def why_undefined(window: AgreementWindow) -> dict[str, str]:
    """The notes under the tables: where an undefined figure is ("row · column") and why, as shown."""
    found = {}
    for table in window.figures.findChildren(FigureTable):
        for r in range(table.rowCount()):
            for c in range(1, table.columnCount()):
                if table.item(r, c).text() == "undefined":
                    where = f"{table.item(r, 0).text()} · {table.horizontalHeaderItem(c).text()}"
                    found[where] = table.item(r, c).toolTip()
    page = " ".join(label.text() for label in window.figures.findChildren(QLabel))
    assert not found or "Undefined figures" in page
    for where, why in found.items():
        assert f"<b>{escape(where)}</b>: {escape(why)}" in page
    return found


def rows(window: AgreementWindow) -> dict[str, list[str]]:
    """Rows of the overall tables (stance measures, labels, holder) by their first cell."""
    t = tables(window)
    return {**t["Value"], **t["αu"], **t["Agreement"]}


def test_worked_example_of_stance_agreement(opened) -> None:
    """alice: E E I I, bob: E I I I. Agreement 3/4. Cohen: pe = (2·1 + 2·3)/16 = 1/2, κ = (3/4 - 1/2)/(1/2) = 0.5.
    Fleiss: π = (3/8, 5/8), pe = 17/32, κ = (3/4 - 17/32)/(15/32) = 7/15. Krippendorff (nominal): 8 values,
    n_E = 3, n_I = 5, D_o = 2/8, D_e = 2·3·5/(8·7), α = 1 - 112/240 = 8/15."""

    def build(db, ids) -> None:  # noqa: ANN001
        for doc, a, b in zip(ids, [ENG, ENG, ISO, ISO], [ENG, ISO, ISO, ISO], strict=True):
            code(db, doc, "alice", stance=a)
            code(db, doc, "bob", stance=b)

    window = opened(4, build)
    table = rows(window)
    assert table["Percent agreement"] == ["0.750", "4"]
    assert table["Fleiss' κ (Gwet 2014 form)"] == ["0.467", "4"]
    assert table["Krippendorff's α (nominal)"] == ["0.533", "4"]
    assert tables(window)["Cohen's κ"]["alice / bob"] == ["0.500", "0.750", "4"]


def test_identical_codings_give_one_and_unused_labels_are_undefined(opened) -> None:
    def build(db, ids) -> None:  # noqa: ANN001
        for doc, stance in zip(ids, [ENG, ISO], strict=True):
            for coder in ("alice", "bob"):
                code(db, doc, coder, stance=stance, spans=[(0, 24, ENG, "author"), (43, 64, ISO, "author")])

    window = opened(2, build)
    table = rows(window)
    assert table["Krippendorff's α (nominal)"] == ["1.000", "2"]
    assert table["All labels"][:3] == ["1.000", "1.000", "1.000"]  # αu, F1 exact, F1 overlap
    assert table[ENG][0] == "1.000"
    assert "ambivalent" not in table  # as in the CLI: with every label chosen, the labels the coders used
    assert table["Holder agreement"][0] == "1.000"
    assert window.disagreements.model.rowCount() == 0


def test_one_category_throughout_is_undefined_not_zero_or_one(opened) -> None:
    def build(db, ids) -> None:  # noqa: ANN001
        for doc in ids:
            code(db, doc, "alice", stance=ENG)
            code(db, doc, "bob", stance=ENG)

    window = opened(3, build)
    table = rows(window)
    assert table["Percent agreement"] == ["1.000", "3"]
    assert table["Fleiss' κ (Gwet 2014 form)"][0] == table["Krippendorff's α (nominal)"][0] == "undefined"
    assert tables(window)["Cohen's κ"]["alice / bob"][0] == "undefined"
    why = why_undefined(window)  # the reasons: in the notes under the tables and in each cell's tooltip
    assert why["Fleiss' κ (Gwet 2014 form) · Value"] == "every stance is the same category, so chance agreement is 1"
    assert why["Krippendorff's α (nominal) · Value"].startswith("every stance on the shared documents")
    assert why["alice / bob · Cohen's κ"].startswith("both coders gave every shared document")


def test_only_done_documents_count_and_the_choice_of_coders_is_used(opened, qtbot) -> None:
    def build(db, ids) -> None:  # noqa: ANN001
        code(db, ids[0], "alice", stance=ENG)
        code(db, ids[0], "bob", stance=ISO)
        code(db, ids[0], "carol", stance=ENG)
        code(db, ids[1], "alice", stance=ISO)
        code(db, ids[1], "bob", stance=ISO, done=False)  # not done: does not count
        code(db, ids[1], "carol", stance=ISO)

    window = opened(2, build)
    assert rows(window)["Percent agreement"] == ["0.667", "2"]  # doc 1: 1 of 3 pairs agree; doc 2: 1 of 1
    bob = window.coder_list.findItems("bob", Qt.MatchFlag.MatchExactly)[0]
    bob.setCheckState(Qt.CheckState.Unchecked)
    with qtbot.waitSignal(window.computed, timeout=10_000):
        qtbot.mouseClick(window.compute_button, Qt.MouseButton.LeftButton)
    assert window.result.report.coders == ("alice", "carol")
    assert rows(window)["Percent agreement"] == ["1.000", "2"]
    window.coder_list.findItems("carol", Qt.MatchFlag.MatchExactly)[0].setCheckState(Qt.CheckState.Unchecked)
    assert not window.compute_button.isEnabled() and "at least two coders" in window.status.text()


def test_a_label_choice_leaves_other_labels_out(opened, qtbot) -> None:
    def build(db, ids) -> None:  # noqa: ANN001
        code(db, ids[0], "alice", spans=[(0, 24, ENG), (43, 64, ISO)])
        code(db, ids[0], "bob", spans=[(0, 24, ENG)])

    window = opened(1, build)
    assert window.disagreements.model.rowCount() == 1  # bob missed the isolation span
    window.label_list.findItems(ISO, Qt.MatchFlag.MatchExactly)[0].setCheckState(Qt.CheckState.Unchecked)
    with qtbot.waitSignal(window.computed, timeout=10_000):
        window.compute()
    table = rows(window)
    assert ISO not in table and table["All labels"][:3] == ["1.000", "1.000", "1.000"]
    # chosen but used by nobody: no units, so no value (not 0, not 1), with the reason beside the table
    assert table["ambivalent"][:3] == ["undefined"] * 3
    why = why_undefined(window)
    assert why["ambivalent · αu"] and why["ambivalent · F1 exact"] == "no coder pair has a value"
    assert window.disagreements.model.rowCount() == 0


def test_double_click_on_a_disagreement_emits_its_passage_and_lanes_show_each_coder(opened, qtbot) -> None:
    def build(db, ids) -> None:  # noqa: ANN001
        code(db, ids[1], "alice", spans=[(25, 42, ENG)])
        code(db, ids[1], "bob", spans=[(25, 42, ISO)])
        code(db, ids[0], "alice", spans=[(0, 24, ENG)])
        code(db, ids[0], "bob", spans=[(0, 24, ENG)])

    window = opened(2, build)
    window.tabs.setCurrentWidget(window.disagreements)
    view = window.disagreements
    assert view.model.rowCount() == 1
    assert view.model.index(0, 1).data() == "Sanctions failed."
    assert view.model.index(0, 2).data() == "labels differ"
    assert view.model.index(0, 3).data() == f"alice: {ENG}; bob: {ISO}"
    assert [header.text().split("</b>")[0] for header, _ in view.lanes.lanes] == ["<b>alice", "<b>bob"]
    assert all("Sanctions failed." in lane.toPlainText() for _, lane in view.lanes.lanes)
    table = view.table
    rect = table.visualRect(view.model.index(0, 1))
    with qtbot.waitSignal(window.open_passage) as emitted:  # a real double click: press, release, double press
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert emitted.args == [int(DocumentId(2)), 25, 42]
    table.setFocus()
    with qtbot.waitSignal(window.open_passage) as emitted:  # the keyboard way
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert emitted.args == [int(DocumentId(2)), 25, 42]


def test_stance_disagreements_are_listed_and_open_their_document(opened, qtbot) -> None:
    def build(db, ids) -> None:  # noqa: ANN001
        code(db, ids[0], "alice", stance=ENG)
        code(db, ids[0], "bob", stance=ENG)
        code(db, ids[1], "alice", stance=ENG)
        code(db, ids[1], "bob", stance=ISO)
        code(db, ids[2], "alice")  # done without a stance
        code(db, ids[2], "bob", stance=ISO)

    window = opened(3, build)
    window.tabs.setCurrentWidget(window.stance_disagreements)
    view = window.stance_disagreements
    assert [view.model.index(r, 0).data() for r in range(view.model.rowCount())] == ["Article 1", "Article 2"]
    assert view.model.index(0, 1).data() == f"alice: {ENG}; bob: {ISO}"
    assert view.model.index(1, 1).data() == f"alice: no stance; bob: {ISO}"
    assert "2 stance disagreements" in window.status.text()
    view.table.setFocus()
    view.table.selectRow(1)
    with qtbot.waitSignal(window.open_passage) as emitted:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert emitted.args == [int(DocumentId(3)), 0, 0]


def test_open_function_computes_at_once(qtbot, tmp_path: Path) -> None:
    db, ids = new_project(tmp_path / "p.annotator", texts(1))
    code(db, ids[0], "alice", stance=ENG)
    code(db, ids[0], "bob", stance=ISO)
    project = Project(db, "pi")
    try:
        window = open_agreement_window(project)
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: window.result is not None, timeout=10_000)
        assert rows(window)["Percent agreement"] == ["0.000", "1"]
        qtbot.waitUntil(lambda: window.job is None)
    finally:
        project.close()


def test_figures_carry_their_bootstrap_interval_and_the_methods_text_is_copied(opened, qtbot) -> None:
    from PySide6.QtGui import QGuiApplication

    from annotator.agreement.methods import methods_text

    def build(db, ids) -> None:  # noqa: ANN001
        for i, doc in enumerate(ids):
            code(db, doc, "alice", stance=ENG if i % 3 else ISO)
            code(db, doc, "bob", stance=ENG if i % 4 else ISO)

    window = opened(12, build)
    report = window.result.report
    alpha = report.documents.krippendorff_alpha
    cell = tables(window, intervals=True)["Value"]["Krippendorff's α (nominal)"][0]
    assert cell == f"{alpha.value:.3f} [{alpha.interval.low:.3f}, {alpha.interval.high:.3f}]"
    assert report.resampling.samples == 10_000 and report.resampling.seed == 0  # as the CLI by default
    assert window.methods_button.isEnabled()
    qtbot.mouseClick(window.methods_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == methods_text(report)
    assert "Copied" in window.status.text() or "copied" in window.status.text()


@pytest.mark.parametrize("keys", [(Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
                                  (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)], ids=["escape", "ctrl-w"])
def test_escape_and_ctrl_w_close_the_window(opened, qtbot, keys) -> None:
    def build(db, ids) -> None:  # noqa: ANN001
        code(db, ids[0], "alice", stance=ENG)
        code(db, ids[0], "bob", stance=ISO)

    window = opened(1, build)
    window.activateWindow()
    qtbot.keyClick(window.coder_list, *keys)
    assert not window.isVisible()


@pytest.mark.slow
def test_gamma_alignment_is_shown_under_the_passage(qtbot, tmp_path: Path, monkeypatch) -> None:
    from annotator.agreement import gamma

    if not gamma.available():
        pytest.skip("pygamma-agreement (optional extra 'gamma') not installed")
    monkeypatch.setattr(gamma, "SAMPLES", 5)  # the plumbing, not the package's estimate, is tested here
    monkeypatch.setattr(gamma, "PRECISION", 0.99)
    db, ids = new_project(tmp_path / "g.annotator", texts(2))
    for doc in ids:
        code(db, doc, "alice", stance=ENG, spans=[(0, 24, ENG, None), (25, 42, ISO, None)])
        code(db, doc, "bob", stance=ENG, spans=[(0, 20, ENG, None)])
    project = Project(db, "pi")
    window = AgreementWindow(project)
    qtbot.addWidget(window)
    window.show()
    window.gamma_box.setChecked(True)
    with qtbot.waitSignal(window.computed, timeout=300_000):
        window.compute()
    report = window.result.report
    assert report.gamma is not None and len(report.gamma.documents) == 2
    shown = window.disagreements.alignment
    assert not shown.isHidden()  # (its tab is not the current one)
    assert "γ alignment here" in shown.text() and "alice 0–24 pro-engagement ↔ bob 0–20 pro-engagement" in shown.text()
    project.close()
