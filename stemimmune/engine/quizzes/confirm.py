"""A Yes / No pair of buttons that shows only while an action waits for confirmation.

Used where pressing one button would forget something (all quiz results, the review
schedule)::

    confirm = ConfirmRow("Yes, forget every result", "No, keep them",
                         on_yes=forget, on_no=keep, style="danger")
    confirm.ask()        # show the pair; each button hides it again, then calls its action

``confirm.row`` is the widget to place; ``yes_button`` and ``no_button`` are its buttons.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets


class ConfirmRow:
    """Two buttons, hidden until :meth:`ask`; pressing either hides them and acts."""

    def __init__(self, yes: str, no: str, on_yes: Callable[[], None],
                 on_no: Callable[[], None], style: str = "warning") -> None:
        self.yes_button = widgets.Button(description=yes, button_style=style,
                                         layout=widgets.Layout(width="auto"))
        self.no_button = widgets.Button(description=no)
        self.row = widgets.HBox([self.yes_button, self.no_button])
        self.row.layout.display = "none"
        self.yes_button.on_click(lambda _: self._answer(on_yes))
        self.no_button.on_click(lambda _: self._answer(on_no))

    def ask(self) -> None:
        """Show the two buttons."""
        self.row.layout.display = "flex"

    def _answer(self, action: Callable[[], None]) -> None:
        self.row.layout.display = "none"
        action()
