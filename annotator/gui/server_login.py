"""Logging in to a server project: File → Open server project, and the password for a URL.

The password lives in the system keyring (if the coder wants it kept) or is asked each time; the
settings file holds only the URL, without any password.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLineEdit,
    QWidget,
)

from annotator.core.locations import is_server_url, redact

log = logging.getLogger(__name__)
KEYRING_SERVICE = "annotator"


def kept_password(url: str) -> str | None:
    """The password kept in the system keyring for this server project, if any (and if there is a keyring)."""
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, redact(url))
    except Exception as exc:  # noqa: BLE001 - no keyring on this system: the app asks instead
        log.info("no system keyring: %s", exc)
        return None


def keep_password(url: str, password: str) -> bool:
    """Keep the password in the system keyring; False when there is none (it is then asked each time)."""
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, redact(url), password)
    except Exception as exc:  # noqa: BLE001 - no keyring on this system
        log.info("cannot keep the password (no system keyring): %s", exc)
        return False
    return True


def password_for(parent: QWidget | None, url: str) -> str | None:
    """The password to log in with: in the URL, kept in the keyring, or asked (None: the coder cancelled)."""
    if redact(url) != url:
        return None  # the URL carries it (libpq reads it there)
    kept = kept_password(url)
    if kept is not None:
        return kept
    password, ok = QInputDialog.getText(parent, "Server password", f"Password for {redact(url)}:",
                                        QLineEdit.EchoMode.Password)
    return password if ok else None


class ServerProjectDialog(QDialog):
    """A server project's URL and password, and whether to keep the password in the keyring."""

    def __init__(self, parent: QWidget | None = None, url: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Open server project")
        self.url_edit = QLineEdit(url)
        self.url_edit.setPlaceholderText("postgresql://alice@dbhost/study")
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.keep_box = QCheckBox("Keep the password in the system keyring")
        self.keep_box.setChecked(True)
        self._build_layout()

    def _build_layout(self) -> None:
        form = QFormLayout(self)
        form.addRow("Connection line:", self.url_edit)
        form.addRow("Password:", self.password_edit)
        form.addRow(self.keep_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept_if_url)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _accept_if_url(self) -> None:
        if is_server_url(self.url()):
            self.accept()
        else:
            self.url_edit.setFocus()
            self.url_edit.setPlaceholderText("a postgresql:// line, as the PI sent it")

    def url(self) -> str:
        return self.url_edit.text().strip()

    def password(self) -> str | None:
        return self.password_edit.text() or None
