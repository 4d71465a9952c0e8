"""German sentence segmentation (SoMaJo) as character offsets into the clean text."""

from __future__ import annotations

import types
from dataclasses import dataclass
from functools import cache

import regex
from somajo import SoMaJo


@dataclass(frozen=True)
class Sentence:
    index: int
    paragraph: int
    start: int
    end: int
    n_tokens: int


@cache
def _tokenizer() -> SoMaJo:
    # split_camel_case stays off: it would cut glued artefacts such as "DeepSeekNach"
    # differently from the text, and offsets must follow the text as it is.
    tokenizer = SoMaJo("de_CMC", split_camel_case=False, character_offsets=True)
    inner = tokenizer._tokenizer
    inner._split_emojis = types.MethodType(_split_emojis, inner)
    return tokenizer


_CLUSTER = regex.compile(r"\X")
_EMOJI_IN_CLUSTER = regex.compile(r"[\p{Extended_Pictographic}\p{Emoji_Presentation}\uFE0F]")
_EMOJI = regex.compile(r"[\p{Extended_Pictographic}\p{Emoji_Presentation}]")


def _split_emojis(self, node, token_class: str = "emoticon") -> None:
    """SoMaJo's own Tokenizer._split_emojis with the same boundaries, made fast: it searched
    uncompiled patterns once per character, and the `regex` module's pattern cache overflows
    and recompiles them (more than half of the build's time). A token without any emoji
    character, nearly every one, is now passed over by one compiled search."""
    text = node.value.text
    boundaries = []
    if _EMOJI_IN_CLUSTER.search(text):
        for m in _CLUSTER.finditer(text):
            pattern = _EMOJI_IN_CLUSTER if m.end() - m.start() > 1 else _EMOJI
            if pattern.search(m.group()):
                boundaries.append((m.start(), m.end(), None))
    self._split_on_boundaries(node, boundaries, token_class)


def split_sentences(text: str, paragraphs: list[tuple[int, int]]) -> list[Sentence]:
    """Sentences never cross a paragraph boundary: each paragraph is segmented on its own."""
    sentences: list[Sentence] = []
    chunks = [text[start:end] for start, end in paragraphs]
    for number, tokens in _paragraph_sentences(chunks):
        offset = paragraphs[number][0]
        start = offset + tokens[0].character_offset[0]
        end = offset + tokens[-1].character_offset[1]
        sentences.append(Sentence(len(sentences), number, start, end, len(tokens)))
    return sentences


def _paragraph_sentences(chunks: list[str]):
    tokenizer = _tokenizer()
    for number, chunk in enumerate(chunks):
        for tokens in tokenizer.tokenize_text([chunk]):
            yield number, tokens

