"""Fast German sentence segmentation and token counting, compatible with SoMaJo ``de_CMC``.

The build used SoMaJo (GPL-3.0) to cut paragraphs into sentences and to count tokens. This
module reproduces the behaviour that matters for German news prose with its own rules and its
own word lists (nothing is copied from SoMaJo), at a fraction of the cost:

* A paragraph is cut at whitespace into chunks. A chunk's tokenization depends (almost) only on
  the chunk itself, so it is computed once and memoised; news prose repeats words heavily.
* Most chunks are plain words with some punctuation and take a fast path. The rest run through a
  staged tokenizer that imitates SoMaJo's order of precedence (URLs before abbreviations before
  dates before numbers before punctuation), because that order decides whether a "." is a token
  of its own, and only such a "." can end a sentence.
* Sentence boundaries follow SoMaJo's rule: a full stop, ellipsis, "?"/"!" cluster or one of
  "usw."/"etc."/"usf."/"uvam." ends a sentence when, after closing quotes and brackets, the next
  token starts with an upper-case letter or is a number.

Why not SoMaJo itself: it cost ~35 ms per article, three quarters of the build. This splitter
agrees with SoMaJo on every sentence and token count of the seeds, of 1,000 synthetic articles
and of held-out texts (tests/test_sentences.py checks it against SoMaJo; benchmarks/build_scale.py
prints it), at about 1 ms per article.

Known, deliberate gaps (rare in news text; none occurs in the corpus or the test texts):
* an abbreviation SoMaJo knows and _ABBREVIATIONS does not (about 230 against 1,200), followed
  by a capitalised word, ends a sentence here and not in SoMaJo: add it to the list;
* not reproduced: XML/HTML tags as tokens, Markdown links, obfuscated e-mails ("x [at] y"),
  ISBNs with separators, emoticons containing spaces, semester forms ("WS23/24");
* "Art. 5G": SoMaJo cuts "Art" "." (a stage locked "5G" first); here "Art." stays one token.
The input is expected in NFC (the build normalises it first; SoMaJo normalises it itself).
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate, chain
from dataclasses import dataclass

import regex

__all__ = ["Sentence", "split_sentences"]


@dataclass(frozen=True)
class Sentence:
    index: int        # 0-based across the document
    paragraph: int    # index into `paragraphs`
    start: int        # offset of the sentence's first token
    end: int          # offset just after its last token
    n_tokens: int     # tokens as SoMaJo de_CMC counts them


# --------------------------------------------------------------------------------------------
# Word lists (our own). Abbreviations are matched case-insensitively, like SoMaJo does, so a
# sentence-final "Min." or "Mo." does not end the sentence. Only multi-letter forms are listed:
# single letters ("S.", "J.") and dotted sequences ("z.B.", "U.S.") are handled by rule.
# The list was drafted from general knowledge and then thinned to the entries SoMaJo also treats
# as abbreviations (e.g. "Corp.", "Bio.", "Tab.", "so." are *not* abbreviations for SoMaJo).
# --------------------------------------------------------------------------------------------
_ABBREVIATIONS = """
abb. abg. abh. abk. abs. abschn. adr. allg. amtl. anh. anl. anm. anschl. apr. aufl. aug. ausg.
ausschl. az. bd. bde. bearb. bes. betr. bez. bgm. bhf. bsp. bspw. bzgl. bzw. ca. cf. chr. co.
dez. dgl. di. dipl. do. doz. dr. dt. dtsch. dtzd. ebd. ehem. eig. eigtl. einschl. einw. engl.
entspr. erg. erw. ev. evtl. exkl. fa. fam. feb. ff. fn. fr. frl. frz. geb. gebr. gegr. gem.
gen. ges. gesch. gest. ggf. ggfs. ggü. gr. hbf. hg. hl. hr. hrn. hrsg. inc. ing. inkl. insb.
int. jan. jg. jh. jhd. jhdt. jr. jul. jun. jährl. kap. kath. kfm. kl. lat. lfd. lt. ltd. mag.
max. md. med. mgl. mi. mia. mill. min. mind. mio. mitgl. mo. mr. mrd. mrs. mrz. ms. mtl. mwst.
mär. nachf. nat. nov. nr. okt. op. orig. pfd. pkt. pl. pos. prof. prot. präs. quart. rd. reg.
rel. rep. resp. röm. sa. sek. sen. sep. sept. sog. spez. sr. st. std. stellv. str. tel. tsd.
tägl. univ. urspr. verf. verh. vgl. vllt. vlt. vors. vs. wg. wiss. zb. zt. zus. zzgl. zzt.
österr. usw. usf. etc. uvam.
""".split()

# Abbreviations after which SoMaJo still lets a sentence end ("... Chips usw. Die ...").
_EOS_ABBREVIATIONS = frozenset({"usw.", "usf.", "etc.", "uvam."})

# Dotted or hyphenated abbreviations and names that stay one token.
_WHOLE_ABBREVIATIONS = [
    "Dipl.-Ing.", "Dipl.-Kfm.", "Dipl.-Inf.", "Priv.-Doz.", "Tel.-Nr.", "Best.-Nr.", "Art.-Nr.",
    "Kto.-Nr.", "Reg.-Bez.", "röm.-kath.", "E.ON", "Sat.1", "o.k.",
]

# Product names containing characters that would otherwise be cut off.
_SINGLE_TOKENS = [".NET", "tl;dr", "3G", "4G", "5G", "S/4", "R/3", "E/E"]

# Names with "&" or "+" inside that stay one token ("S&P 500", "AT&T").
_AMPERSAND_NAMES = frozenset("""
at&t s&p h&m m&a r&d p&g b&b q&a c&a f&e b&q d&g j&j l&t e&y t&t a&o
""".split())
_PLUS_NAMES = ["C++", "Google+", "Disney+", "Notepad++"]

# Units that SoMaJo splits off a preceding number ("5km" -> "5", "km"), case-insensitive.
_UNITS = r"""(?:
    (?:[kcdm]?m|qm)(?:[23²³]|\^[23])? | km/h | [km]?g | lb | ft | l | ml
  | h | min | s | sek | g?hz | bit | [gm]bit/s | cent | eur | f
)"""

_TLDS = "de|at|ch|eu|com|net|org|gov|edu|info|us|tv|me|be|cc|ly|live|pdf|txt|log|jpg|png|gif|docx?|xlsx?|pptx?"

# --------------------------------------------------------------------------------------------
# Token classes (bit flags cached per token).
# --------------------------------------------------------------------------------------------
_EOS = 1          # can end a sentence: ".", "...", "…", "?!", "usw."
_STARTER = 2      # can start one: upper-case initial, a pure number, @mention, #hashtag
_OPENING = 4      # opening quote, bracket or dash
_CLOSING = 8      # closing quote or bracket
_AMBIGUOUS = 16   # quote whose direction only the spacing around it tells
_EMOTICON = 32    # emoji and emoticons are attached to the sentence before them
_CHUNK_END = 64   # last token of a whitespace-delimited chunk, i.e. followed by a space

_EOS_PUNCT = regex.compile(r"\.+|…+\.*|[!?]+")
_OPENING_PUNCT = regex.compile(r"['\"¿¡\p{Pi}\p{Ps}–—]|-{2,}")
_CLOSING_PUNCT = regex.compile(r"['\"\p{Pf}\p{Pe}]")
# German quotes reuse the English opening/closing characters the other way round.
_AMBIGUOUS_QUOTES = frozenset({'"', "»", "«", "›", "‹", "“", "‘"})
_MENTION_OR_HASHTAG = regex.compile(r"@\w+|#\w(?:[\w-]*\w)?")


def _token_flags(text: str, emoticon: bool) -> int:
    flags = _EMOTICON if emoticon else 0
    if _EOS_PUNCT.fullmatch(text) or text.lower() in _EOS_ABBREVIATIONS:
        flags |= _EOS
    if text[0].isupper() or text.isnumeric() or _MENTION_OR_HASHTAG.fullmatch(text):
        flags |= _STARTER
    if _OPENING_PUNCT.fullmatch(text):
        flags |= _OPENING
    if _CLOSING_PUNCT.fullmatch(text):
        flags |= _CLOSING
    if text in _AMBIGUOUS_QUOTES:
        flags |= _AMBIGUOUS
    return flags


# --------------------------------------------------------------------------------------------
# Staged tokenizer for the chunks the fast path cannot take. Each stage turns the matches of one
# pattern into locked tokens; later stages only see what is still unlocked. With named groups,
# each group becomes a token of its own (dates "16.04.2025" -> "16." "04." "2025").
# --------------------------------------------------------------------------------------------
_FRACTION = r"\d{1,2}/(?:10|[1-9])"
_DECIMAL = r"[−+-]?(?:\d*[.,])?\d+(?:[eE][−+-]?\d+)?"
_GROUPED = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?"
_NUMBER = f"(?:{_FRACTION}|{_DECIMAL}|{_GROUPED})"
_NOT_AFTER_NUMBER = r"(?<!\w|\d[.,]?)"
_NOT_BEFORE_NUMBER = r"(?![.,]?\d)"


def _range(tag: str) -> str:
    """Numeric range with each side and the dash as separate named groups."""
    alternatives = []
    for n, part in enumerate((_FRACTION, _DECIMAL, _GROUPED)):
        alternatives.append(f"(?P<{tag}a{n}>{part})(?P<{tag}d{n}>[-–])(?P<{tag}b{n}>{part})")
    return "(?:" + "|".join(alternatives) + ")"


def _alternation(words) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


_EMOJI_CHAR = regex.compile(r"[\p{Extended_Pictographic}\p{Emoji_Presentation}]")
_EMOJI_IN_CLUSTER = regex.compile(r"[\p{Extended_Pictographic}\p{Emoji_Presentation}\uFE0F]")
_GRAPHEME = regex.compile(r"\X")



def _finder(pattern: str, ignore_case: bool = False, groups: bool = False):
    """`find(text) -> spans` for a pattern; with `groups`, one span per named group that took part."""
    compiled = regex.compile(pattern, regex.VERBOSE | (regex.IGNORECASE if ignore_case else 0))
    if not groups:
        return lambda text: [m.span() for m in compiled.finditer(text)]
    numbers = sorted(compiled.groupindex.values())

    def find(text):
        spans = []
        for m in compiled.finditer(text):
            spans.extend(m.span(g) for g in numbers if m.start(g) != -1)
        return spans
    return find


def _emoji_spans(text: str):
    """Emoji as SoMaJo sees them: whole grapheme clusters (ZWJ sequences, skin tones)."""
    if not _EMOJI_IN_CLUSTER.search(text):
        return []
    spans = []
    for m in _GRAPHEME.finditer(text):
        pattern = _EMOJI_IN_CLUSTER if m.end() - m.start() > 1 else _EMOJI_CHAR
        if pattern.search(m.group()):
            spans.append(m.span())
    return spans


_ABBREVIATION = regex.compile(
    r"(?<![\p{L}.])(?:(?:\p{L}\.){2,}|" + _alternation(_ABBREVIATIONS) + r")+(?!\p{L}{1,3}\.)", regex.IGNORECASE)
_DOTTED_SEQUENCE = regex.compile(r"(?:\p{L}+\.){2,}")


def _abbreviation_spans(text: str):
    """Known abbreviations; dotted sequences are cut after every dot ("z.B." -> "z." "B.")."""
    spans = []
    for m in _ABBREVIATION.finditer(text):
        if _DOTTED_SEQUENCE.fullmatch(m.group()):
            cursor = m.start()
            for i, char in enumerate(m.group(), start=m.start() + 1):
                if char == ".":
                    spans.append((cursor, i))
                    cursor = i
        else:
            spans.append(m.span())
    return spans


_AMPERSAND_CANDIDATE = regex.compile(r"\b\w+[&+]\w+\b")


def _ampersand_spans(text: str):
    return [m.span() for m in _AMPERSAND_CANDIDATE.finditer(text) if m.group().lower() in _AMPERSAND_NAMES]


_PS = regex.compile(r"\bps\.", regex.IGNORECASE)


def _ps_spans(text: str, after_digit: bool):
    # "PS." is an abbreviation, except as the unit in "500 PS."
    return [m.span() for m in _PS.finditer(text) if not (after_digit and m.start() == 0)]


_ARTICLE = regex.compile(r"\bArt.(?=\d)", regex.IGNORECASE)


def _article_spans(text: str, before_digit: bool):
    # "Art." is only an abbreviation in front of a number ("Art. 5").
    spans = [m.span() for m in _ARTICLE.finditer(text)]
    if before_digit and len(text) == 4 and text[:3].lower() == "art" and not spans:
        spans.append((0, 4))
    return spans


def _unit_after_number(text: str, after_number: bool):
    # "300 m." -- the unit belongs to the number in the previous chunk.
    if not after_number:
        return []
    m = _UNIT_START.match(text)
    return [m.span()] if m else []


def _number_before_unit(text: str, before_unit: bool):
    # "12:30 s" -- the number at the chunk's end belongs to the unit in the next chunk.
    if not before_unit:
        return []
    m = _NUMBER_AT_END.search(text)
    return [m.span()] if m else []


_ROMAN = r"\b(?=[MDCLXVI])M{0,4}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})\."
_UNIT_START = regex.compile(_UNITS + r"(?!\w)", regex.IGNORECASE | regex.VERBOSE)

# Context bits: facts about the neighbouring chunks that a few rules look at.
AFTER_NUMBER, AFTER_DIGIT, BEFORE_DIGIT, BEFORE_UNIT = 1, 2, 4, 8

_DIGITS = "0123456789"
_PUNCTUATION = "#<>%‰€$£₤¥°@~*„“”‚‘\"»«›‹,;:+×÷±≤≥=&–—"
_EMOJI_GATE = re.compile("[\u00a9\u00ae\u203c-\U0010ffff]")  # emoji, dingbats, flags live here
_EMOTICON_CHARACTERS = frozenset(":;8^\\")


def _maybe_emoji(chunk: str) -> bool:
    return _EMOJI_GATE.search(chunk) is not None


def _maybe_url(chunk: str) -> bool:
    return "://" in chunk or "www." in chunk.lower()


def _maybe_emoticon(chunk: str) -> bool:
    return not _EMOTICON_CHARACTERS.isdisjoint(chunk) or "xD" in chunk or "XD" in chunk or "oO" in chunk


# Stages in order of precedence: (gate: characters one of which must occur, or a test, or
# None; finder; emoticon?; context bit the finder needs). The gates only skip work; the order
# mirrors SoMaJo's, which decides e.g. that "16.04.2025" is a date, not "16.04" + ".2025".
_STAGES = [
    (_maybe_emoji, _emoji_spans, True, False),
    (_maybe_emoji, _finder(r"\p{Regional_Indicator}{2}\uFE0F?"), True, False),
    ("@", _finder(r"\b[\w.%+-]+@[\w.-]+\.\p{L}{2,}\b"), False, False),
    ("(", _finder(r"""\b(?:(?:https?|ftp|svn)://|(?:https?://)?www\.)[^\[\]<>\s]+?\(\S*?\)[^\[\]<>\s]*
                      (?=$|['.\s"!?,;])""", True), False, False),
    (_maybe_url, _finder(r"""\b(?:(?:https?|ftp|svn)://|(?:https?://)?www\.)[^\[\]<>\s]+[^\[\]<>\s'."!?,;:()]""",
                   True), False, False),
    (":", _finder(r"\bdoi:10\.\d+/\S+", True), False, False),
    (".", _finder(rf"\b[\w./-]+\.(?:{_TLDS})(?:-\w+)?\b", True), False, False),
    ("/", _finder(r"(?<!\w)/?[rlu](?:/\w+)+/?(?!\w)", True), False, False),
    ("&", _finder(r"&(?:quot|amp|apos|lt|gt|\#\d+|\#x[0-9a-f]+);", True), False, False),
    (".;/" + _DIGITS, _finder(rf"(?<![\w.])(?:{_alternation(_SINGLE_TOKENS)})(?!\p{{L}})", True), False, False),
    ("<^", _finder(r"(?:^|(?<=\D))[<^]3(?!\d)"), True, False),
    (_maybe_emoticon, _finder(r"""(?:[:;]|(?<!\d)8)['oO-]?(?:\)+|\(+|\*|([DPp])\1*(?!\w))
                               | \b[Xx]D+\b | \b(?:D'?:|oO)\b | (?<!\b\d{1,2}):\w+:(?!\d{2}\b)
                               | \^\^ | \^\.\^ | o\.O | \\o/ | :-?/ | :-?\| | :O"""), True, False),
    (_maybe_emoji, _finder(r"[\u2600-\u27BF]"), True, False),
    ("@", _finder(r"@\w+(?!\w)"), False, False),
    ("#", _finder(r"(?<!\w)\#\w(?:[\w-]*\w)?(?=(?:\#\w(?:[\w-]*\w)?)*(?!\w))"), False, False),
    ("*+", _finder(r"(?<!\w)(?P<o>[*+])(?P<w>[^\s*]+)(?P<c>\*)(?!\w)", groups=True), False, False),
    ("_", _finder(r"(?<!\w)(?P<l>_)\w[^_]+\w(?P<r>_)(?!\w)", groups=True), False, False),
    ("+", _finder(rf"(?<!\w)(?:{_alternation(_PLUS_NAMES)})(?!\w)", True), False, False),
    ("&+", _ampersand_spans, False, False),
    ("*:/", _finder(r"\b\p{L}+[*:/]in(?:nen)?\p{Ll}*\b", True), False, False),
    (None, _unit_after_number, False, AFTER_NUMBER),
    (_DIGITS, _number_before_unit, False, BEFORE_UNIT),
    (_DIGITS, _finder(rf"""{_NOT_AFTER_NUMBER}(?:(?P<n>{_NUMBER})|{_range('r')})[ ]?(?P<u>{_UNITS})(?!\w)""",
                   True, True), False, False),
    (".", _finder(r"(?<![\w.])(?P<l>\p{L})(?P<e>\.{3})(?!\.)", groups=True), False, False),
    (".", _finder(r"(?<![\w.])[\p{L}-]+str\.(?!\p{L})", True), False, False),
    (".", _finder(r"(?<![\w.])\w+\.-?Nr\.(?!\p{L}{1,3}\.)", True), False, False),
    (".", _finder(rf"(?<![\w.])(?:{_alternation(_WHOLE_ABBREVIATIONS)})(?!\p{{L}})", True), False, False),
    (".", _finder(r"(?<![\w.])\p{L}\.(?!\p{L}{1,3}\.)"), False, False),
    (".", _ps_spans, False, AFTER_DIGIT),
    (".", _abbreviation_spans, False, False),
    (".", _article_spans, False, BEFORE_DIGIT),
    (_DIGITS, _finder(r"(?<![\d.])(?P<y>\d{4})(?P<m>([/-])\d{1,2})(?P<d>\3\d{1,2})(?!\d)", groups=True), False, False),
    (_DIGITS, _finder(r"""(?<![\d.])(?P<d>(?:0?[1-9]|[12]\d|3[01])([./-]))(?P<m>(?:0?[1-9]|1[0-2])\2)
                       (?P<y>(?:\d\d){1,2})(?!\d)""", groups=True), False, False),
    (_DIGITS, _finder(r"""(?<![\d.])(?P<m>(?:0?[1-9]|1[0-2])([./-]))(?P<d>(?:0?[1-9]|[12]\d|3[01])\2)
                       (?P<y>(?:\d\d){1,2})(?!\d)""", groups=True), False, False),
    (_DIGITS, _finder(r"(?<![\d.])(?P<a>\d{1,2}([./-]))(?P<b>\d{1,2}\2)(?!\d)", groups=True), False, False),
    (":", _finder(r"(?<!\w)\d{1,2}(?::\d{2}){1,4}(?![\d:])"), False, False),
    (".", _finder(r"(?<![\w.])(?:\d{1,3}|\d{5,}|[3-9]\d{3})\.(?!\d)"), False, False),
    (".", _finder(_ROMAN), False, False),
    (_DIGITS, _finder(rf"{_NOT_AFTER_NUMBER}{_range('g')}{_NOT_BEFORE_NUMBER}", groups=True), False, False),
    ("/", _finder(r"(?<!\w)\d+/\d+(?![\d/])"), False, False),
    (_DIGITS, _finder(r"(?P<a>\d+(?:[,.]\d+)?)(?P<o>[+*x×÷−])(?P<b>\d+(?:[,.]\d+)?)", groups=True), False, False),
    ("-", _finder(r"(?<!\w)\d+[\d,.]*[,.]-(?!\w)"), False, False),
    (_DIGITS, _finder(r"(?<!\w-?)\d+-?[\p{L}@][\p{L}@-]*(?!\w)"), False, False),
    (_DIGITS, _finder(rf"(?<!\w-?|\d[.,]?){_NUMBER}{_NOT_BEFORE_NUMBER}"), False, False),
    (".", _finder(rf"{_NOT_AFTER_NUMBER}(?:\d{{1,3}}\.){{3}}\d{{1,3}}{_NOT_BEFORE_NUMBER}"), False, False),
    (".", _finder(rf"{_NOT_AFTER_NUMBER}(?:\d+\.)+\d+\.?{_NOT_BEFORE_NUMBER}"), False, False),
    ("!?", _finder(r"[!?]+"), False, False),
    ("-<" + "".join(map(chr, range(0x2190, 0x2200))), _finder(r"-+>|<-+|[\u2190-\u21ff]"), False, False),
    ("()[]{}", _finder(r"(?<=\w)\((?!inn?\))|(?<!\w)\(|(?<!.\(in|\(inn)\)|[\]\[{}]", True), False, False),
    ("/", _finder(r"/+(?!in(?:nen)?|en)"), False, False),
    ("'’", _finder(r"\b[dlo]['’]\p{L}+\b", True), False, False),
    ("`'", _finder(r"(?<!`)``(?!`)|(?<!')''(?!')"), False, False),
    ("`", _finder(r"(?<!`)(?P<l>`)[^`']+(?P<r>')(?!')", groups=True), False, False),
    ("QUOTES", None, False, False),  # paired straight single quotes, found paragraph-wide
    ("#", _finder(r"\b[acdfg]\#(?:-\p{L}+)?(?!\w)", True), False, False),
    (_PUNCTUATION, _finder(f"[{regex.escape(_PUNCTUATION)}]"), False, False),
    (".…", _finder(r"\.{2,}|…+(?:\.{2,})?"), False, False),
    (".", _finder(r"(?<=\p{Ll}{2})\.(?=\p{Lu}\p{Ll}{2})"), False, False),
    (".", _finder(r"\."), False, False),
]


_GATES = {t: frozenset(t) for t, *_ in _STAGES if t.__class__ is str}


class _Piece:
    __slots__ = ("start", "end", "locked", "emoticon")

    def __init__(self, start: int, end: int, locked: bool, emoticon: bool = False) -> None:
        self.start, self.end, self.locked, self.emoticon = start, end, locked, emoticon


def _split(piece: _Piece, spans, emoticon: bool) -> list[_Piece]:
    """`piece` cut into locked tokens at `spans` (chunk offsets) and unlocked remainders."""
    out, cursor = [], piece.start
    for start, end in spans:
        if start > cursor:
            out.append(_Piece(cursor, start, False))
        out.append(_Piece(start, end, True, emoticon))
        cursor = end
    if cursor < piece.end:
        out.append(_Piece(cursor, piece.end, False))
    return out


def _run(pieces: list[_Piece], chunk: str, find, emoticon: bool) -> list[_Piece]:
    result = []
    for piece in pieces:
        spans = None if piece.locked else find(chunk[piece.start:piece.end])
        if spans:
            result.extend(_split(piece, [(piece.start + s, piece.start + e) for s, e in spans], emoticon))
        else:
            result.append(piece)
    return result


def _staged(chunk: str, context: int, quotes: tuple) -> list[_Piece]:
    pieces = [_Piece(0, len(chunk), False)]
    for trigger, find, emoticon, needs in _STAGES:
        if trigger == "QUOTES":
            if quotes:
                pieces = _split_at(pieces, quotes)
            continue
        if trigger is not None:
            if trigger.__class__ is str:
                if _GATES[trigger].isdisjoint(chunk):
                    continue
            elif not trigger(chunk):
                continue
        if needs:
            pieces = _run(pieces, chunk, lambda t, f=find, c=bool(context & needs): f(t, c), emoticon)
        else:
            pieces = _run(pieces, chunk, find, emoticon)
    return pieces


def _split_at(pieces: list[_Piece], positions: tuple) -> list[_Piece]:
    result = []
    for piece in pieces:
        inside = [(p, p + 1) for p in positions if piece.start <= p < piece.end]
        result.extend(_split(piece, inside, False) if inside and not piece.locked else [piece])
    return result


# --------------------------------------------------------------------------------------------
# Fast path: a word (letters, inner hyphens) with opening punctuation before it and closing
# punctuation, "?"/"!" clusters and full stops after it. Anything else is staged.
# --------------------------------------------------------------------------------------------
# Emoticon look-alikes ("xD"), street names ("Hauptstr."), ellipses and ":)" need the stages.
_FAST_UNSAFE_WORD = regex.compile(r"(?:^|-)(?:[Xx]D+|oO|D)(?:-|$)")
_ROMAN_WORD = regex.compile(r"(?=[MDCLXVI])M{0,4}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})")
_ABBREVIATION_SET = frozenset(a.lower() for a in _ABBREVIATIONS)
_ROMAN_LETTERS = frozenset("MDCLXVI")


_FAST_PRE = frozenset("„\"»«([{‚‘“”›‹")
_FAST_POST = frozenset(".,;:)]}“”\"«»‹›‚‘!?")
_FAST_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def _fast(chunk: str):
    """(flags, spans) of a simple chunk, or None when the staged tokenizer is needed.

    Mostly plain str methods: a `regex` call costs microseconds, and this runs for every
    chunk not memoised yet. Every shortcut here was checked against the staged tokenizer."""
    n = len(chunk)
    if n == 1:
        emoticon = _maybe_emoji(chunk) and bool(_emoji_spans(chunk) or "\u2600" <= chunk <= "\u27bf")
        return (_flags_of(chunk, emoticon) | _CHUNK_END,), ((0, 1),)
    word_start = 0
    while word_start < n and chunk[word_start] in _FAST_PRE:
        word_start += 1
    word_end = n
    while word_end > word_start and chunk[word_end - 1] in _FAST_POST:
        word_end -= 1
    word = chunk[word_start:word_end]
    if not word or ".." in chunk or ":)" in chunk or ";)" in chunk:
        return None
    if word[0].isalpha():
        word_end = _fast_word_end(word, chunk, word_start, word_end)
        if word_end is None:
            return None
        word_flags = _STARTER if word[0].isupper() else 0
        if chunk[word_end - 1] == ".":
            word_flags = _flags_of(chunk[word_start:word_end], False)
    elif word[0].isdigit() and _FAST_NUMBER.fullmatch(word):
        if word_end < n and (chunk[word_end] == "." or (chunk[word_start] == "8" and chunk[word_end] == ")")):
            return None  # ordinals, "8)" emoticons
        word_flags = _STARTER if word.isnumeric() else 0
    else:
        return None
    flags = [_flags_of(c, False) for c in chunk[:word_start]]
    spans = [(i, i + 1) for i in range(word_start)]
    flags.append(word_flags)
    spans.append((word_start, word_end))
    i = word_end
    while i < n:
        j = i + 1
        if chunk[i] in "!?":
            while j < n and chunk[j] in "!?":
                j += 1
        flags.append(_flags_of(chunk[i:j], False))
        spans.append((i, j))
        i = j
    flags[-1] |= _CHUNK_END
    return tuple(flags), tuple(spans)


def _fast_word_end(word: str, chunk: str, word_start: int, word_end: int):
    """End of the token for a word starting with a letter (past its dot if the word is an
    abbreviation), or None if the word needs the staged tokenizer."""
    letters = word.replace("-", "")
    if "--" in word or word[0] == "-" or not letters.isalnum():
        return None
    if not letters.isalpha():
        # Digits inside a word ("H20-KI-Chips") are harmless unless they follow a hyphen
        # (ranges, dates, "LTE-5G"), form a product ("100x8") or an "8)" / "8P" emoticon.
        if "8" in word or "x" in word or not all(c.isalpha() or c.isdecimal() or c == "-" for c in word):
            return None
        if any(word[i].isdigit() for i in range(1, len(word)) if word[i - 1] == "-"):
            return None
        if word_end < len(chunk) and chunk[word_end] == ".":
            return None
    if ("D" in word or "oO" in word) and _FAST_UNSAFE_WORD.search(word):
        return None  # "XD", "oO", "D:" are emoticons
    if word_end < len(chunk) and chunk[word_end] == ".":
        # Whether the dot belongs to the word (abbreviation, Roman ordinal) is decided by
        # the word's last part; only the plain cases are settled here.
        last = word.rsplit("-", 1)[-1]
        if len(last) < 2 or last[-3:].lower() == "str" or last.lower() == "ps" or (
                _ROMAN_LETTERS.issuperset(last) and _ROMAN_WORD.fullmatch(last)):
            return None
        if last.lower() + "." in _ABBREVIATION_SET:
            if last != word:
                return None
            return word_end + 1
    return word_end


# --------------------------------------------------------------------------------------------
# Chunk tokenization, memoised: the result depends only on the chunk and its context bits.
# --------------------------------------------------------------------------------------------
_IGNORABLE = re.compile("[\u0000-\u001F\u007F-\u009F\u00AD\u061C\u200B-\u200F\u202A-\u202E"
                         "\u2060\u2066-\u2069\uFEFF]")
_CACHE: dict = {}
_CACHE_LIMIT = 200_000


def _tokens(chunk: str, context: int = 0, quotes: tuple = (), clean: bool = True):
    """The chunk's tokens as (flags, spans), spans relative to the chunk. `clean`: the caller
    knows there are no characters that SoMaJo deletes."""
    if chunk.isalpha() and not context and chunk[0] not in "XxoD":
        # Most chunks are plain words: one token, which can start a sentence if capitalised.
        cached = ((_STARTER | _CHUNK_END if chunk[0].isupper() else _CHUNK_END,), ((0, len(chunk)),))
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.clear()
        _CACHE[chunk] = cached
        return cached
    key = (chunk, context, quotes) if context or quotes else chunk
    cached = _CACHE.get(key)
    if cached is None:
        cached = None if context or quotes or not (clean or not _IGNORABLE.search(chunk)) else _fast(chunk)
        if cached is None:
            spans = _tokenize_chunk(chunk, context, quotes)
            flags = [_flags_of(chunk[s:e], emoticon) for s, e, emoticon in spans]
            if flags:
                flags[-1] |= _CHUNK_END
            cached = (tuple(flags), tuple((s, e) for s, e, _ in spans))
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.clear()
        _CACHE[key] = cached
    return cached


_FLAGS_CACHE: dict = {}


def _flags_of(text: str, emoticon: bool) -> int:
    flags = _FLAGS_CACHE.get(text)
    if flags is None:
        flags = _token_flags(text, False)
        if len(text) < 4:  # punctuation and short words: a small, closed set
            _FLAGS_CACHE[text] = flags
    return flags | _EMOTICON if emoticon else flags


def _tokenize_chunk(chunk: str, context: int, quotes: tuple):
    """(start, end, emoticon?) of the chunk's tokens."""
    if _IGNORABLE.search(chunk):
        return _tokenize_with_ignorables(chunk, context, quotes)
    return [(p.start, p.end, p.emoticon) for p in _staged(chunk, context, quotes)]


def _tokenize_with_ignorables(chunk: str, context: int, quotes: tuple):
    """Soft hyphens, zero-width and control characters vanish before tokenization (as in
    SoMaJo); the tokens are mapped back so that their offsets cover the original text."""
    kept = [i for i, c in enumerate(chunk) if not _IGNORABLE.match(c)]
    if not kept:
        return []
    clean = "".join(chunk[i] for i in kept)
    inner = _tokenize_chunk(clean, context, tuple(kept.index(p) for p in quotes if p in kept))
    return [(kept[s], kept[e - 1] + 1, emoticon) for s, e, emoticon in inner]


# --------------------------------------------------------------------------------------------
# Paragraph level.
# --------------------------------------------------------------------------------------------
_CHUNK = regex.compile(r"\S+")
_PAIRED_SINGLE_QUOTES = regex.compile(r"(?<!\p{L})(?P<l>')[^']+(?P<r>')(?!\p{L})")
_NUMBER_AT_END = regex.compile(rf"{_NOT_AFTER_NUMBER}{_NUMBER}\Z", regex.VERBOSE)
_CONTEXT_WORD = regex.compile(r"(?:art|ps)\.", regex.IGNORECASE)


def _quote_positions(paragraph: str) -> set:
    """Straight single quotes that pair up across the paragraph ('so'), as absolute offsets."""
    positions = set()
    for m in _PAIRED_SINGLE_QUOTES.finditer(paragraph):
        positions.update((m.start("l"), m.start("r")))
    return positions


def _context(paragraph: str, chunk: str, start: int, end: int, previous_end: int) -> int:
    """Context bits for the few rules that look past the chunk's own whitespace."""
    context = 0
    if previous_end and paragraph[previous_end - 1].isdigit():
        if _UNIT_START.match(chunk):
            previous_start = paragraph.rfind(" ", 0, previous_end) + 1
            if _NUMBER_AT_END.search(paragraph, previous_start, previous_end):
                context |= AFTER_NUMBER
        if _CONTEXT_WORD.match(chunk):
            context |= AFTER_DIGIT
    if chunk[-1].isdigit():
        following = _CHUNK.search(paragraph, end)
        if following and _UNIT_START.match(following.group()) and _NUMBER_AT_END.search(chunk):
            context |= BEFORE_UNIT
    if chunk[0] in "aA" and _CONTEXT_WORD.match(chunk):
        following = _CHUNK.search(paragraph, end)
        if following and following.group()[0].isdigit():
            context |= BEFORE_DIGIT
    return context


# Anything that makes a chunk's tokens depend on more than the chunk itself, or that
# str.split() and SoMaJo disagree about: straight single quotes (paired across the paragraph),
# characters SoMaJo deletes, "Art."/"PS." and a unit after a number ("300 m.").
_SPECIAL_CHARACTERS = re.compile(
    "['\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]"
    r"|[Aa][Rr][Tt]\.|[Pp][Ss]\.")  # the stdlib scans a character class much faster than `regex`
_UNIT_AFTER_NUMBER = regex.compile(r"\d\s+" + _UNITS + r"(?!\w)", regex.VERBOSE | regex.IGNORECASE)


class _Layout:
    """Where a paragraph's chunks and tokens are: token i lies in chunk bisect(counts, i)."""
    __slots__ = ("flags", "entries", "counts", "chunk_start")

    def __init__(self, flags, entries, counts, chunk_start) -> None:
        self.flags, self.entries, self.counts, self.chunk_start = flags, entries, counts, chunk_start

    def offset(self, token: int, edge: int) -> int:
        """Paragraph offset of a token's start (edge 0) or end (edge 1)."""
        n = bisect.bisect_right(self.counts, token)
        first_token = self.counts[n - 1] if n else 0
        return self.chunk_start(n) + self.entries[n][1][token - first_token][edge]


def _paragraph_layout(paragraph: str) -> _Layout:
    if _SPECIAL_CHARACTERS.search(paragraph) or _UNIT_AFTER_NUMBER.search(paragraph):
        return _careful_layout(paragraph)
    words = paragraph.split()
    get = _CACHE.get
    entries = [get(w) or _tokens(w) for w in words]
    flags = list(chain.from_iterable([e[0] for e in entries]))
    counts = list(accumulate([len(e[0]) for e in entries]))
    ends = list(accumulate(map(len, words)))
    if ends and ends[-1] + len(words) - 1 == len(paragraph):
        # Single spaces only: a chunk starts after the lengths of the chunks before it.
        def chunk_start(n):
            return ends[n] - len(words[n]) + n
    else:
        starts = [m.start() for m in _CHUNK.finditer(paragraph)]
        chunk_start = starts.__getitem__
    return _Layout(flags, entries, counts, chunk_start)


def _careful_layout(paragraph: str) -> _Layout:
    """Chunk by chunk, with context bits and paired quotes; for the rare special paragraphs."""
    quotes = sorted(_quote_positions(paragraph)) if "'" in paragraph else ()
    starts, entries = [], []
    previous_end = 0
    for m in _CHUNK.finditer(paragraph):
        chunk = m.group()
        start, end = m.span()
        context = _context(paragraph, chunk, start, end, previous_end)
        inside = tuple(p - start for p in quotes if start <= p < end)
        entry = _tokens(chunk, context, inside, clean=False)
        if entry[0]:
            starts.append(start)
            entries.append(entry)
        previous_end = end
    flags = list(chain.from_iterable([e[0] for e in entries]))
    counts = list(accumulate([len(e[0]) for e in entries]))
    return _Layout(flags, entries, counts, starts.__getitem__)


def _sentence_ends(flags: list[int]) -> list[int]:
    """Indices of the tokens that end a sentence (SoMaJo's rule, see the module docstring)."""
    n = len(flags)
    ends = set()
    for i in [i for i, f in enumerate(flags) if f & _EOS]:
        if i in ends or i == n - 1:
            continue
        end_at, previous = i, None
        for j in range(i + 1, n):
            f = flags[j]
            opening = closing = False
            if f & _AMBIGUOUS:
                # A quote after a space opens, one before a space or a closer closes.
                if flags[j - 1] & (_CHUNK_END | _OPENING):
                    opening = True
                elif j == n - 1 or f & _CHUNK_END or flags[j + 1] & _CLOSING:
                    closing = True
            if f & _STARTER:
                ends.add(end_at)
                break
            if f & _EMOTICON and previous != "opening":
                end_at = j
            elif opening or (f & _OPENING and not closing):
                previous = "opening"
            elif (closing or (f & _CLOSING and not opening)) and previous != "opening":
                end_at, previous = j, "closing"
            else:
                break
    if n:
        ends.add(n - 1)
    return sorted(ends)


def split_sentences(text: str, paragraphs: list[tuple[int, int]]) -> list[Sentence]:
    """Sentences never cross a paragraph boundary: each paragraph text[start:end] is segmented on its own."""
    sentences: list[Sentence] = []
    for number, (pstart, pend) in enumerate(paragraphs):
        layout = _paragraph_layout(text[pstart:pend])
        first = 0
        for last in _sentence_ends(layout.flags):
            start = pstart + layout.offset(first, 0)
            end = pstart + layout.offset(last, 1)
            sentences.append(Sentence(len(sentences), number, start, end, last - first + 1))
            first = last + 1
    return sentences
