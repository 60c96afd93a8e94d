"""The "Share my results with my instructor" button.

In a notebook::

    from stemimmune.engine.review import ShareButton
    ShareButton()

Above the button, one sentence says what a copy carries (or that sharing is not set up
here); pressing it calls :func:`stemimmune.engine.progress.share_results` and says, in a
live region that screen readers read out, what happened. It never raises and never makes
the learner wait more than a few seconds.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import ipywidgets as widgets

from ..figures import LiveRegion
from ..progress import Progress, SharingSetup, learner_name, share_results, sharing_setup
from ..progress.sharing import what_is_sent


class ShareButton:
    """A button that copies the learner's saved results to their instructor's folder."""

    LABEL = "Share my results with my instructor"

    def __init__(self, setup: SharingSetup | None = None, progress: Progress | None = None,
                 environ: Mapping[str, str] | None = None) -> None:
        self.setup = sharing_setup(environ) if setup is None else setup
        self.environ = environ
        self._progress = progress
        self.intro = widgets.HTML(f"<p>{html.escape(self.explanation())}</p>")
        self.button = widgets.Button(description=self.LABEL, icon="share",
                                     layout=widgets.Layout(width="auto"),
                                     tooltip="Send a copy of your saved quiz answers")
        self.status = LiveRegion()
        self.button.on_click(lambda _: self.share())
        self.widget = widgets.VBox([self.intro, self.button, self.status])
        self.widget.add_class("stemimmune-share")

    def explanation(self) -> str:
        """What pressing the button would send, or why it would send nothing."""
        text = what_is_sent(self.setup, learner_name(self.environ))
        return f"{text} {self.setup.problem[0].upper()}{self.setup.problem[1:]}." \
            if self.setup.problem else text

    def share(self) -> str:
        """Press the button: share, show what happened and return it."""
        try:
            progress = self._progress or Progress.load()
            outcome = share_results(progress, self.setup, environ=self.environ)
            message = outcome.message
        except Exception as err:  # noqa: BLE001 - the learner must never see a traceback
            message = (f"Sharing did not work ({type(err).__name__}); nothing was lost. "
                       "Please tell your instructor.")
        self.status.value = f"<p>{html.escape(message)}</p>"
        return message

    def _repr_mimebundle_(self, **kwargs: object) -> dict[str, object]:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        data = dict(bundle[0] if isinstance(bundle, tuple) else bundle)
        data["text/plain"] = f"[{self.LABEL}: run the notebook to use it]"
        data["text/html"] = (f"<p>{html.escape(self.explanation())}</p><p><i>Run the notebook "
                             f"to use the button “{self.LABEL}”.</i></p>")
        return data
