"""careerhub.core.markdown.wrap_text: Markdown as a plain-text email, 72 columns, broken between words only."""

from careerhub.core.markdown import wrap_text

URL = "https://aicareerhub.example/newsletter/unsubscribe/eyJrIjoiYWJjZGVmZ2hpamtsbW5vcCJ9:1tXyZa:abcdefghijkl/"
LONG = "Agents need limits enforced in code: a step budget, a cost budget and a clear definition of done."


def too_long(text):
    """Lines over 72 columns that are more than one unbreakable token."""
    return [line for line in text.splitlines() if len(line) > 72 and len(line.split()) > 1]


def test_a_short_text_is_left_as_it_is():
    text = "## Title\n\nOne line.\n\n- one\n- two\n"
    assert wrap_text(text) == text


def test_a_paragraph_is_joined_and_filled_again_between_words():
    text = "Agents need limits enforced in code: a step budget, a cost budget and a clear\ndefinition of done. " * 3
    wrapped = wrap_text(text)
    assert too_long(wrapped) == []
    assert all(len(line) > 60 for line in wrapped.splitlines()[:-1])  # filled, not ragged
    assert wrapped.split() == text.split()  # every word kept, none broken
    assert "read-only" in wrap_text("x " * 30 + "read-only tools " * 3)  # nor at a hyphen


def test_a_long_link_is_never_broken_and_takes_a_line_of_its_own():
    wrapped = wrap_text(f"Unsubscribe with one click: <{URL}>\n")
    assert wrapped == f"Unsubscribe with one click:\n<{URL}>\n"
    # A Markdown link's last word and its target are one token: whole on one line.
    target = "https://aicareerhub.example/newsletter/issues/?page=2&sort=newest-first-please"
    lines = wrap_text(f"{LONG} Read [the archive]({target}) today.").splitlines()
    assert f"archive]({target})" in lines


def test_list_items_go_on_indented_and_quotes_keep_their_mark():
    text = f"- {LONG}\n  1. {LONG}\n> {LONG}\n10. {LONG}\n"
    lines = wrap_text(text).splitlines()
    assert too_long("\n".join(lines)) == []
    assert lines[:2] == [
        "- Agents need limits enforced in code: a step budget, a cost budget and",
        "  a clear definition of done.",
    ]
    assert lines[2:4] == [
        "  1. Agents need limits enforced in code: a step budget, a cost budget",
        "     and a clear definition of done.",
    ]
    assert lines[4:6] == [
        "> Agents need limits enforced in code: a step budget, a cost budget and",
        "> a clear definition of done.",
    ]
    assert lines[6:] == [
        "10. Agents need limits enforced in code: a step budget, a cost budget",
        "    and a clear definition of done.",
    ]


def test_a_heading_is_never_joined_to_the_text_under_it_nor_a_hard_break_to_the_next_line():
    text = f"## {LONG}\nText right under it.  \nAfter a hard break.\n"
    lines = wrap_text(text).splitlines()
    assert lines == [
        "## Agents need limits enforced in code: a step budget, a cost budget and",
        "   a clear definition of done.",
        "Text right under it.  ",
        "After a hard break.",
    ]


def test_code_blocks_and_table_rows_stay_as_written():
    code = f"```\n{LONG} {LONG}\nsecond_line = True\n```\n"
    table = f"| what | {LONG} |\n|---|---|\n"
    assert wrap_text(code + table) == code + table
    # After the block, wrapping starts again.
    after = wrap_text(code + LONG + " " + LONG + "\n").removeprefix(code)
    assert after.split() == (LONG + " " + LONG).split() and too_long(after) == []
