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
from functools import cached_property
from html import escape


@dataclass(frozen=True, eq=False)  # identity: two equal spans are still two elements
class Span:
    start: int
    end: int
    layer: int  # at equal extent, the lower layer is the outer element
    classes: str
    attributes: dict[str, str] = field(default_factory=dict)
    anchor: str = ""  # an HTML id, given to the first piece only

    def open(self, first: bool) -> str:
        classes = self.classes + (" start" if first else "")
        anchor = f' id="{escape(self.anchor)}"' if self.anchor and first else ""
        return f'<span class="{escape(classes)}"{anchor}{self._attributes}>'

    @cached_property  # a span crossed by others opens once per piece
    def _attributes(self) -> str:
        return "".join(f' {k}="{escape(v)}"' for k, v in self.attributes.items())


def markup(text: str, spans: list[Span]) -> str:
    if len(spans) == 1 and spans[0].start < spans[0].end:  # a mention in its sentence: the common case
        (span,) = spans
        return (escape(text[:span.start]) + span.open(first=True) + escape(text[span.start:span.end]) + "</span>"
                + escape(text[span.end:]))
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
            out.append(escape(text[here:following]))
    return "".join(out)


def _common_prefix(a: list, b: list) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] is b[n]:
        n += 1
    return n
