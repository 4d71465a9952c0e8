"""German sentence segmentation (SoMaJo) as character offsets into the clean text."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

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
    return SoMaJo("de_CMC", split_camel_case=False, character_offsets=True)


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

