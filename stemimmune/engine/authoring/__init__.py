"""For authors and the build tools: the course's one bibliography and the citations into it.

:func:`load_bibliography` reads ``references.bib``; :func:`format_references` writes a
notebook's reference list; :func:`cited_keys` finds a notebook's citations, and
:func:`anchor_tag` and :func:`retag` give each notebook's anchors a tag of their own. This
subpackage needs pybtex, which is in the developer set; lessons never import it.
"""

from .bibliography import (
    BARE_URL,
    CITATION,
    TAG,
    CleanMarkdown,
    anchor_tag,
    cited_keys,
    format_references,
    identifiers,
    link_text,
    load_bibliography,
    retag,
)

__all__ = [
    "BARE_URL", "CITATION", "TAG", "CleanMarkdown", "anchor_tag", "cited_keys",
    "format_references", "identifiers", "link_text", "load_bibliography", "retag",
]
