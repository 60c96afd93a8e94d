"""nbgrader settings for this course, used by tools/make_exercises.py and by instructors
running nbgrader themselves, so both produce the same student notebooks."""

c = get_config()  # noqa: F821 (provided by nbgrader / traitlets when it loads this file)

# An unanswered exercise says so in one plain line instead of a NotImplementedError traceback.
c.ClearSolutions.code_stub = {
    "python": "# YOUR CODE HERE\nraise NotAnswered()",
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
