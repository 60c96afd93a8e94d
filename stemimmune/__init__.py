"""Code for the notebook course *Stem Cells and the Immune System*, in two parts.

``stemimmune.engine`` is the reusable course engine: quizzes and saved progress, figures and
interactive controls, and the helpers that check exercises. It knows nothing of stem cells
and could serve another course. ``stemimmune.lessons`` is this course's content: one
subpackage per lesson (``lesson01`` for ``01-understanding-stem-cells.ipynb`` and so on)
with that lesson's figures, models, fictional data and exercise checks. Content imports the
engine; the engine never imports content (``tests/test_architecture.py`` runs
import-linter's contracts from ``pyproject.toml`` to keep it so).
"""
