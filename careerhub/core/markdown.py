"""Markdown for editors' long text: rendered once, then sanitised.

markdown-it-py renders CommonMark (raw HTML disabled); nh3 then keeps only the
tags and attributes below, so a ``<script>`` typed by an editor never reaches a page.
``wrap_text`` lays the same Markdown out for the plain-text part of an email.
"""

import re
import textwrap

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True}).enable("table")

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"style"}, "th": {"style"}}


def render_markdown(text: str) -> str:
    if not text:
        return ""
    html = _md.render(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        filter_style_properties={"text-align"},
    )


# What starts a Markdown line before its words: indent, list marker, quote mark, heading hashes.
_LINE_START = re.compile(r"[ \t]*(?:(?:[-*+]|\d+[.)]|>|#{1,6})[ \t]+)*")


def wrap_text(markdown: str, width: int = 72) -> str:
    """Markdown as a plain-text email: lines of `width` at most (RFC 3676), broken between words only.

    A paragraph's lines are joined, then filled again; a word or link longer than a line keeps a
    line of its own. The next lines of a list item or a quote keep its indent or its mark. Headings
    and hard line breaks end a line; code blocks and table rows stay as written.
    """
    lines, in_code, goes_on = [], False, False
    for line in markdown.splitlines():
        fence = line.lstrip().startswith(("```", "~~~"))
        verbatim = in_code or fence or line.lstrip().startswith("|")
        in_code ^= fence
        start = _LINE_START.match(line).group()
        if goes_on and not verbatim and not start and line.strip():
            lines[-1][2] += " " + line  # the same paragraph: a soft line break is a space
        else:
            lines.append([verbatim, start, line[len(start) :]])
        goes_on = not verbatim and line.strip() and "#" not in start and not line.endswith(("  ", "\\"))
    return "".join(_fill(verbatim, start, words, width) + "\n" for verbatim, start, words in lines)


def _fill(verbatim, start, words, width):
    if verbatim or len(start + words) <= width:
        return start + words
    return textwrap.fill(
        words,
        width,
        initial_indent=start,
        subsequent_indent=re.sub(r"[^>\s]", " ", start),  # a quote's mark goes on, a list's marker does not
        break_long_words=False,
        break_on_hyphens=False,
    )
