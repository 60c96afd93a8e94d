"""The course's content: one subpackage per lesson, named by the lesson's number.

``lesson01`` belongs to ``notebooks/01-understanding-stem-cells.ipynb``, ``lesson02`` to
lesson 02, and so on up to ``lesson06``; lessons 00 and 07 need no code of their own. Each
subpackage holds that lesson's figures, models and fictional or simulated data, and its
exercise's checks (``checks``). Lessons import the engine (``stemimmune.engine``) and never
each other.
"""
