"""Character spans of a text as correctly nested HTML elements.

Spans may nest (a mention inside a longer one, mentions inside an evidence span) and may even
cross. The text is cut at every span boundary; each piece is wrapped in the elements of the
spans that cover it, outermost first, and an element is closed and reopened where a crossing
span forces it. Every element piece keeps its span's attributes, so the pieces of one span can
be found together again (and their text joins to the span's text).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from html import escape

# eq=False: identity, two equal spans are still two elements. Not frozen: a frozen dataclass's
# __init__ costs five times as much, and a batch of document pages makes tens of thousands of spans.
@dataclass(eq=False, slots=True)
class Span:
    start: int
    end: int
    layer: int  # at equal extent, the lower layer is the outer element
    classes: str
    attributes: dict[str, str] = field(default_factory=dict)
    anchor: str = ""  # an HTML id, given to the first piece only

    def open(self, first: bool) -> str:
        # One test for all the values, which seldom need escaping, instead of escaping each
        value = str if _plain(self.classes + self.anchor + "".join(self.attributes.values())) else escape
        classes = value(self.classes) + (" start" if first else "")
        anchor = f' id="{value(self.anchor)}"' if self.anchor and first else ""
        attributes = "".join([f' {k}="{value(v)}"' for k, v in self.attributes.items()])
        return f'<span class="{classes}"{anchor}{attributes}>'


def markup(text: str, spans: list[Span]) -> str:
    # Escaping is per character: a text without a character to escape needs none in its pieces.
    piece = str if _plain(text) else escape
    if len(spans) == 1 and spans[0].start < spans[0].end:  # a mention in its sentence: the common case
        (span,) = spans
        return (piece(text[:span.start]) + span.open(first=True) + piece(text[span.start:span.end]) + "</span>"
                + piece(text[span.end:]))
    nested = _nested(text, spans, piece)
    if nested is not None:
        return nested
    # Outer first; spans of equal extent and layer in the order given (so the output is stable).
    rank = {id(s): (s.start, -s.end, s.layer, i) for i, s in enumerate(spans)}
    order = lambda s: rank[id(s)]  # noqa: E731
    starts, ends, empty = defaultdict(list), defaultdict(list), defaultdict(list)
    for span in spans:
        (empty[span.start] if span.start == span.end else starts[span.start]).append(span)
        ends[span.end].append(span)
    bounds = sorted({0, len(text), *starts, *ends})
    active: set[Span] = set()
    opened: list[Span] = []
    out: list[str] = []
    for here, following in zip(bounds, bounds[1:] + [None]):
        active.difference_update(s for s in ends[here] if s.start != s.end)
        active.update(starts[here])
        wanted = sorted(active, key=order)
        keep = _common_prefix(opened, wanted)
        out += ["</span>"] * (len(opened) - keep)
        out += [s.open(first=True) + "</span>" for s in sorted(empty[here], key=order)]
        out += [s.open(first=s.start == here) for s in wanted[keep:]]
        opened = wanted
        if following is not None:
            out.append(piece(text[here:following]))
    return "".join(out)


def _plain(text: str) -> bool:
    """Whether the text has none of the characters html.escape replaces. Five substring tests:
    a regular expression takes ten times as long on a German (not ASCII) text."""
    return not ("&" in text or "<" in text or ">" in text or '"' in text or "'" in text)


def _nested(text: str, spans: list[Span], piece) -> str | None:
    """The markup of spans that lie in the text and nest without crossing (a document's mentions
    and evidence, mostly), in one pass over them with a stack of the open ones; None if two cross.
    The same elements as cutting the text at every boundary: at a position, the spans ending
    there close, then the empty ones there are written, then the ones starting there open."""
    out: list[str] = []
    stack: list[Span] = []
    at = 0  # the text is written up to here
    # empty spans before the others at a position; otherwise outer first, as in markup's order
    for start, _, minus_end, _, _, span in sorted((s.start, s.start != s.end, -s.end, s.layer, i, s)
                                                  for i, s in enumerate(spans)):
        end = -minus_end
        if not 0 <= start <= end <= len(text):
            return None
        while stack and stack[-1].end <= start:
            out += [piece(text[at:stack[-1].end]), "</span>"]
            at = stack.pop().end
        if stack and stack[-1].end < end:
            return None
        out += [piece(text[at:start]), span.open(first=True)]
        at = start
        if start == end:
            out.append("</span>")
        else:
            stack.append(span)
    while stack:
        out += [piece(text[at:stack[-1].end]), "</span>"]
        at = stack.pop().end
    out.append(piece(text[at:]))
    return "".join(out)


def _common_prefix(a: list, b: list) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] is b[n]:
        n += 1
    return n
