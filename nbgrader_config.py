"""nbgrader settings for this course, used by tools/make_exercises.py and by instructors
running nbgrader themselves, so both produce the same student notebooks."""

c = get_config()  # noqa: F821 (provided by nbgrader / traitlets when it loads this file)

# An unanswered exercise says so in one plain line instead of a NotImplementedError traceback.
c.ClearSolutions.code_stub = {
    "python": "# YOUR CODE HERE\nraise NotAnswered()",
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"


# Each notebook's reference anchors carry a tag of their own (see stemimmune/bibliography.py):
# a solution's are "s01-…", and the exercise made from it gets "e01-…", so that with both open
# in JupyterLab each one's citation links scroll its own reference list. This step runs before
# nbgrader's own, so the checksums it records are of the retagged cells;
# tools/make_exercises.py runs this same step, and tests/test_nbgrader_autograde.py checks that
# `nbgrader generate_assignment` releases exactly the committed exercises.
from pathlib import Path  # noqa: E402

from nbgrader.converters import GenerateAssignment  # noqa: E402
from nbgrader.preprocessors import NbGraderPreprocessor  # noqa: E402

from stemimmune.engine.authoring import anchor_tag, retag  # noqa: E402


class TagExerciseReferences(NbGraderPreprocessor):
    """Give an exercise's citation links and reference anchors the exercise's own tag."""

    def preprocess(self, nb, resources):
        tag = anchor_tag(Path("exercises") / f"{resources['nbgrader']['notebook']}.ipynb")
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                cell.source = retag(cell.source, tag)
        return nb, resources


c.GenerateAssignment.preprocessors = [
    TagExerciseReferences, *GenerateAssignment.class_traits()["preprocessors"].default()]
