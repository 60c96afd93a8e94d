"""The course engine: the parts of the course that do not depend on what it teaches.

- ``quizzes``: the quiz file model (TOML), grading, the quiz cards a learner answers, and
  the course map of scores across lessons;
- ``progress``: the learner's saved attempts, in one JSON file; the review schedule worked
  out from them; a copy shared, by the learner's choice, with their instructor;
- ``figures``: the course's figure style, showing a figure with its alt text, the
  interactive explorer and the accessible controls it uses;
- ``checking``: what every exercise checker shares (plain-language failures, calling a
  learner's function safely);
- ``data``: checks on the course's data tables;
- ``authoring``: the bibliography and citations, for the authoring tools (needs pybtex,
  which is in the developer set, not the learner's);
- ``review``: today's spaced review, the reminder in the welcome, the share button;
- ``check_widgets``: a command for hub admins, ``python -m stemimmune.engine.check_widgets``;
- ``class_report``: a command for instructors, ``python -m stemimmune.engine.class_report
  FOLDER``, over the results learners shared.

Import from a subpackage (``from stemimmune.engine.quizzes import Quiz``); each one's
``__init__`` lists what it offers. Nothing here imports ``stemimmune.lessons``.
"""
