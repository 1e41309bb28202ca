"""File › Connect to Server…: pick a recent connection or say where the portfolio is.

The dialog builds a ``postgresql://user@host:port/database`` URL from its fields, or
takes one pasted whole. A password typed into a URL is never kept: passwords come
from ~/.pgpass, PGPASSWORD, the keyring, or the prompt that follows a refusal.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from benefitdesk.store.connections import Connection, forget, saved_connections
from benefitdesk.store.credentials import forget_password
from benefitdesk.store.urls import (
    DEFAULT_PORT,
    ServerAddress,
    address_url,
    display_url,
    is_server_url,
    server_address,
)

URL_ROLE = Qt.ItemDataRole.UserRole + 1


class ConnectDialog(QDialog):
    """``url()`` and ``name()`` once accepted."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Connect to Server")
        self.setMinimumWidth(520)
        intro = QLabel(
            "Open a portfolio shared on a PostgreSQL server. Your role there (PMO, owner "
            "or viewer) decides what you can change.",
            self,
        )
        intro.setWordWrap(True)
        self.recent = QListWidget(self)
        self.recent.setObjectName("recent_connections")
        self.recent.setAlternatingRowColors(True)
        self.recent.currentItemChanged.connect(self._recent_chosen)
        self.recent.itemActivated.connect(lambda _item: self.accept_if_valid())
        self.forget_button = QPushButton("&Forget", self)
        self.forget_button.setToolTip("Remove the selected connection from this list")
        self.forget_button.clicked.connect(self._forget)

        self.paste = QLineEdit(self)
        self.paste.setPlaceholderText("postgresql://user@server:5432/database")
        self.paste.textEdited.connect(self._pasted)
        self.host = QLineEdit(self)
        self.host.setPlaceholderText("db.example.org")
        self.port = QSpinBox(self)
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = QLineEdit(self)
        self.database.setPlaceholderText("benefits")
        self.user = QLineEdit(self)
        self.save_as = QLineEdit(self)
        self.save_as.setPlaceholderText("optional, e.g. PMO benefits")
        self.remember = QCheckBox("Keep in the list of recent connections", self)
        self.remember.setChecked(True)
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #b91c1c;")
        for field in (self.host, self.database, self.user):
            field.textEdited.connect(self._fields_edited)
        self.port.valueChanged.connect(self._fields_edited)

        form = QFormLayout()
        form.addRow("&URL:", self.paste)
        form.addRow("&Server:", self.host)
        form.addRow("&Port:", self.port)
        form.addRow("&Database:", self.database)
        form.addRow("User &name:", self.user)
        form.addRow("Save &as:", self.save_as)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.connect_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.connect_button.setText("&Connect")
        buttons.accepted.connect(self.accept_if_valid)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel("<b>Recent connections</b>", self))
        layout.addWidget(self.recent)
        layout.addWidget(self.forget_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addLayout(form)
        layout.addWidget(self.remember)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self._fill_recent()
        if self.recent.count():
            self.recent.setCurrentRow(0)
        else:
            self.host.setFocus()
        self._check()

    # -- the list ---------------------------------------------------------------------------
    def _fill_recent(self) -> None:
        self.recent.clear()
        for connection in saved_connections():
            item = QListWidgetItem(self._label(connection), self.recent)
            item.setData(URL_ROLE, connection.url)
            item.setToolTip(connection.url)
        if not self.recent.count():
            placeholder = QListWidgetItem("No connections yet", self.recent)
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
        self.forget_button.setEnabled(bool(saved_connections()))

    @staticmethod
    def _label(connection: Connection) -> str:
        if connection.name == connection.url:
            return connection.url
        return f"{connection.name}  —  {connection.url}"

    def _recent_chosen(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        url = item.data(URL_ROLE) if item is not None else None
        if item is None or not url:
            return
        address = server_address(url)
        if address is not None:
            self._show_address(address)
        name = item.text().split("  —  ", 1)[0] if "  —  " in item.text() else ""
        self.save_as.setText(name)
        self.paste.setText(url)
        self._check()

    def _forget(self) -> None:
        item: QListWidgetItem | None = self.recent.currentItem()  # None: no row chosen
        url = item.data(URL_ROLE) if item is not None else None
        if url:
            forget(url)
            forget_password(url)  # a remembered password goes with it
            self._fill_recent()

    # -- the fields ---------------------------------------------------------------------------
    def _show_address(self, address: ServerAddress) -> None:
        self.port.blockSignals(True)  # the fields follow the URL, not the other way round
        self.port.setValue(address.port or DEFAULT_PORT)
        self.port.blockSignals(False)
        self.host.setText(address.host)
        self.database.setText(address.database)
        self.user.setText(address.username or "")

    def _pasted(self, text: str) -> None:
        address = server_address(text)
        if address is not None:
            self._show_address(address)
        self._check()

    def _fields_edited(self, *_args: object) -> None:
        self.paste.setText(self._built() or "")
        self._check()

    def _built(self) -> str | None:
        host, database = self.host.text().strip(), self.database.text().strip()
        if not host or not database:
            return None
        user = self.user.text().strip() or None
        return address_url(ServerAddress(host, self.port.value(), database, user))

    def _check(self) -> bool:
        text = self.paste.text().strip()
        problem = ""
        if not text:
            problem = "Give the server and the database (or paste a postgresql:// URL)"
        elif not is_server_url(text):
            problem = "A server URL starts with postgresql://"
        self.problem.setText(problem)
        self.connect_button.setEnabled(not problem)
        return not problem

    def accept_if_valid(self) -> None:
        if self._check():
            self.accept()

    # -- the answer --------------------------------------------------------------------------
    def url(self) -> str:
        """The URL to open, with any password typed into it (used once, never saved)."""
        return self.paste.text().strip()

    def name(self) -> str | None:
        return self.save_as.text().strip() or None

    def keep(self) -> bool:
        return self.remember.isChecked()


class PasswordDialog(QDialog):
    """Ask for a server password after the server refused (or wanted) one."""

    def __init__(
        self, parent: QWidget | None, url: str, message: str, *, can_remember: bool
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Server password")
        self.setMinimumWidth(440)
        text = QLabel(f"{message}<br><br>Password for <b>{display_url(url)}</b>:", self)
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox("&Remember in the system keyring", self)
        self.remember.setVisible(can_remember)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Sign In")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.password)
        layout.addWidget(self.remember)
        layout.addWidget(buttons)
        self.password.setFocus()
