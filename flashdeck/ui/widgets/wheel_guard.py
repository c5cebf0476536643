"""No value changes under a scrolling wheel: spin boxes, date edits, combo boxes and sliders take the
wheel only once they have the keyboard focus.

Scrolling a long form (Settings) with the wheel used to change whatever field passed under the
pointer — the interview date among them. One application-wide event filter covers every widget,
including those built later (dialogs, editor fields). A wheel event refused here is handed on to
the nearest ancestor that takes it — the scroll area around the field scrolls instead — as Qt
itself would pass on an ignored event (Qt does that only for events from the window system; the
guard does it for every event, so a test's wheel and the user's behave the same).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractSlider, QAbstractSpinBox, QComboBox, QScrollBar, QWidget

__all__ = ["WheelGuard", "install_wheel_guard", "takes_wheel"]

_GUARD_NAME = "flashdeckWheelGuard"


def takes_wheel(widget: QObject) -> bool:
    """Whether ``widget`` may change its value under the wheel now: not a value widget, or focused."""
    if not isinstance(widget, QWidget):
        return True
    valued = isinstance(widget, QAbstractSpinBox | QComboBox) or (
        isinstance(widget, QAbstractSlider) and not isinstance(widget, QScrollBar))
    return not valued or widget.hasFocus()


class WheelGuard(QObject):
    """The event filter; ``install_wheel_guard`` puts one on the application."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel or takes_wheel(watched):
            return False
        assert isinstance(event, QWheelEvent) and isinstance(watched, QWidget)
        pass_on(watched, event)
        event.accept()  # handled here: Qt must not pass it on a second time
        return True


def pass_on(widget: QWidget, event: QWheelEvent) -> None:
    """Offer ``event`` to the ancestors of ``widget``, nearest first, until one takes it."""
    position = event.position()
    while not widget.isWindow() and not widget.testAttribute(Qt.WidgetAttribute.WA_NoMousePropagation):
        position += QPointF(widget.pos())
        parent = widget.parentWidget()
        if parent is None:
            return
        widget = parent
        if not takes_wheel(widget):
            continue
        copy = QWheelEvent(position, event.globalPosition(), event.pixelDelta(), event.angleDelta(),
                           event.buttons(), event.modifiers(), event.phase(), event.inverted())
        copy.ignore()  # as Qt delivers it: a widget that uses the wheel accepts it
        QCoreApplication.sendEvent(widget, copy)
        if copy.isAccepted():
            return


def install_wheel_guard() -> WheelGuard | None:
    """Install the guard on the running application once (later calls return the same guard)."""
    app = QCoreApplication.instance()
    if app is None:
        return None
    existing = app.findChild(WheelGuard, _GUARD_NAME)
    if existing is not None:
        return existing
    guard = WheelGuard(app)
    guard.setObjectName(_GUARD_NAME)
    app.installEventFilter(guard)
    return guard
