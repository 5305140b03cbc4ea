"""careerhub.core.markdown, output for output: what markdown-it renders and what nh3 must still remove.

markdown-it alone already escapes raw HTML and refuses javascript: links, so tests of those pass
without nh3; the cases below are the ones only the sanitiser handles (images, other URL schemes,
rel on links, style properties), each with the exact HTML that reaches the page.
"""

import pytest

from careerhub.core.markdown import render_markdown


@pytest.mark.parametrize(
    ("text", "html"),
    [
        # Images: markdown-it renders them; editors' images never reach a page (tracking, layout).
        ("![chart](https://example.com/chart.png)", "<p></p>\n"),
        ("![x](data:image/png;base64,AAAA)", "<p></p>\n"),
        # Only http, https and mailto links keep their target.
        ("[file](ftp://example.com/file)", '<p><a rel="noopener noreferrer">file</a></p>\n'),
        ("[call](tel:+441234567890)", '<p><a rel="noopener noreferrer">call</a></p>\n'),
        ("[web](http://example.com/a)", '<p><a href="http://example.com/a" rel="noopener noreferrer">web</a></p>\n'),
        (
            '[docs](https://example.com/docs "The docs")',
            '<p><a href="https://example.com/docs" title="The docs" rel="noopener noreferrer">docs</a></p>\n',
        ),
        (
            "[write](mailto:team@example.com)",
            '<p><a href="mailto:team@example.com" rel="noopener noreferrer">write</a></p>\n',
        ),
        # Raw HTML stays text, and a bare address is not turned into a link.
        ("<b>bold</b> see example.com", "<p>&lt;b&gt;bold&lt;/b&gt; see example.com</p>\n"),
        ("Read https://example.com/a today", "<p>Read https://example.com/a today</p>\n"),
        # Tables keep their column alignment (a style nh3 lets through, and only that one).
        (
            "| a | b |\n|--:|:-:|\n| 1 | 2 |",
            '<table>\n<thead>\n<tr>\n<th style="text-align:right">a</th>\n<th style="text-align:center">b</th>\n'
            '</tr>\n</thead>\n<tbody>\n<tr>\n<td style="text-align:right">1</td>\n'
            '<td style="text-align:center">2</td>\n</tr>\n</tbody>\n</table>\n',
        ),
        ("", ""),
    ],
)
def test_render_markdown(text, html):
    assert render_markdown(text) == html
