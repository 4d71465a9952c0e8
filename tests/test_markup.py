"""Spans as nested HTML: for any text and any spans (nested, adjacent, equal, crossing, empty),
each character sits inside exactly the elements of the spans that cover it."""

import dataclasses
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from chip_export_news.export.markup import Span, markup


class _Reader(HTMLParser):
    """Which span keys are open at each character of the text, and the anchors seen."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.covering: list[frozenset] = []
        self.anchors: list[str] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.stack.append(attrs["data-k"])
        if "id" in attrs:
            self.anchors.append(attrs["id"])

    def handle_endtag(self, tag):
        self.stack.pop()

    def handle_data(self, data):
        self.text += data
        self.covering += [frozenset(self.stack)] * len(data)

    def parse(self, html: str):
        self.feed(html)
        self.close()
        return self


@st.composite
def texts_and_spans(draw):
    text = draw(st.text(alphabet="ab <&\"'\n", min_size=0, max_size=30))
    n = len(text)
    bounds = st.tuples(st.integers(0, n), st.integers(0, n)).map(sorted)
    spans = draw(st.lists(st.tuples(bounds, st.integers(0, 2)), max_size=8))
    return text, [Span(a, b, layer, "x", {"data-k": str(i)}, anchor=f"a{i}") for i, ((a, b), layer) in enumerate(spans)]


@settings(max_examples=300, deadline=None)
@given(texts_and_spans())
def test_each_character_is_inside_exactly_the_spans_covering_it(case):
    text, spans = case
    html = markup(text, spans)
    assert html == markup(text, [dataclasses.replace(s) for s in spans])  # the same for equal input
    reader = _Reader().parse(html)
    assert reader.text == text
    assert reader.stack == []
    expected = [frozenset(str(i) for i, s in enumerate(spans) if s.start <= p < s.end) for p in range(len(text))]
    assert reader.covering == expected
    # every span once by its anchor (on its first piece), empty spans included
    assert sorted(reader.anchors) == sorted(f"a{i}" for i in range(len(spans)))


def test_a_crossing_span_is_cut_into_pieces_that_keep_its_attributes():
    html = markup("abcdef", [Span(0, 4, 0, "e", {"data-k": "e"}), Span(2, 6, 0, "m", {"data-k": "m"})])
    assert html == ('<span class="e start" data-k="e">ab<span class="m start" data-k="m">cd</span></span>'
                    '<span class="m" data-k="m">ef</span>')
