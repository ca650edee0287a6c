"""The shared view of one report that every extractor reads: text, tokens, tags, sentences."""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import NamedTuple

from graph.extract.base import Mention
from graph.ingest import Report

QUOTES = "“”\"'‘’「」『』《》〈〉"
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ALNUM = re.compile(r"[A-Za-z0-9]")
_TRIM = frozenset(QUOTES + " ")  # trimmed from both ends of a mention
_NO_QUOTES = str.maketrans("", "", QUOTES)


class Tok(NamedTuple):
    """A jieba token with its part-of-speech tag and character offsets into the report."""

    start: int
    end: int
    text: str
    tag: str


@lru_cache(maxsize=1)
def nlp():
    """Return the spaCy blank ``zh`` pipeline (jieba segmenter) whose vocab token patterns use."""
    import spacy  # noqa: PLC0415

    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})


_NUM = re.compile(r"\d[\d.,%]*|[零〇一二两三四五六七八九十百千万亿]+[个条家座处所项名户期批块宗间栋幢台张]?")
LEAD_CHARS = set("请让使给被把将在对向从于与和及或并")  # one-character words that never begin a name
FUNCTION_TAGS = {"p", "c", "u", "uj", "ul", "uz", "uv", "ud", "ug", "r", "d"}
_LATIN = re.compile(r"[A-Za-z]+[A-Za-z0-9]*")
_MISSING = object()


class TagTable:
    """jieba's word -> POS tag table, read from an SQLite copy beside jieba's own cache.

    ``import jieba.posseg`` rebuilds the table (350,000 words) from the dictionary text on every
    start, about 0.5 s, and even a marshal copy takes as long to load; a report uses a few
    thousand distinct words, so govkg looks each up once in an indexed SQLite file (built on
    first use, keyed by jieba's version and dictionary size, written to a temporary file and
    renamed into place) and remembers the answers. Lexicon words added at run time override it.
    """

    def __init__(self, jieba):
        import os  # noqa: PLC0415
        import tempfile  # noqa: PLC0415

        dict_file = jieba.get_dict_file()
        size = os.fstat(dict_file.fileno()).st_size
        dict_file.close()
        self.path = os.path.join(tempfile.gettempdir(), f"govkg-jieba-tags-{jieba.__version__}-{size}.sqlite")
        self.extra: dict[str, str] = {}
        self.known: dict[str, str | None] = {}  # every answer given so far (lexicon words first)
        self._conn = None
        self._pid = None
        if not os.path.exists(self.path):
            self._build(jieba)

    def _build(self, jieba) -> None:
        import os  # noqa: PLC0415
        import sqlite3  # noqa: PLC0415
        import tempfile  # noqa: PLC0415

        import jieba.posseg  # noqa: PLC0415

        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(self.path), prefix=".govkg-jieba-tags-")
        os.close(fd)
        try:
            conn = sqlite3.connect(tmp)
            conn.execute("CREATE TABLE tags (word TEXT PRIMARY KEY, tag TEXT) WITHOUT ROWID")
            conn.executemany("INSERT OR REPLACE INTO tags VALUES (?, ?)", jieba.posseg.dt.word_tag_tab.items())
            conn.commit()
            conn.close()
            os.replace(tmp, self.path)
        except (OSError, sqlite3.Error):
            if os.path.exists(tmp):
                os.unlink(tmp)
            self._memo_all = dict(jieba.posseg.dt.word_tag_tab)  # no cache file: keep the table in memory

    def _connection(self):
        import os  # noqa: PLC0415
        import sqlite3  # noqa: PLC0415

        if self._conn is None or self._pid != os.getpid():  # a forked worker opens its own
            self._conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._conn

    def add(self, word: str, tag: str) -> None:
        """Give a word added to jieba at run time its tag (overriding the dictionary's)."""
        self.extra[word] = self.known[word] = tag

    def get(self, word: str) -> str | None:
        """Return the tag of a dictionary word, or None for a word jieba's dictionary lacks."""
        try:
            return self.known[word]
        except KeyError:
            pass
        if word in self.extra:
            tag = self.extra[word]
        elif hasattr(self, "_memo_all"):
            tag = self._memo_all.get(word)
        else:
            row = self._connection().execute("SELECT tag FROM tags WHERE word = ?", (word,)).fetchone()
            tag = row[0] if row else None
        self.known[word] = tag
        return tag


def _guess(w: str) -> str:
    """Return the tag of a word jieba's dictionary lacks: a number, Latin letters, a name, or other."""
    return "m" if _NUM.fullmatch(w) else "eng" if _LATIN.fullmatch(w) else "nz" if _CJK.search(w) else "x"


@lru_cache(maxsize=1)
def _jieba():
    """Return a function that cuts text into a list of (word, tag) pairs.

    Words come from jieba's segmenter (with its HMM for unseen words); tags from jieba's own
    dictionary (the table jieba.posseg reads). Unseen words, which jieba's HMM finds, are nearly
    always names, so they are tagged "nz". This is about six times faster than jieba.posseg's
    own tagger with the same tags for every dictionary word.
    """
    import jieba  # noqa: PLC0415

    from graph.extract import lexicon  # noqa: PLC0415

    jieba.setLogLevel(60)
    table = TagTable(jieba)
    for word, tag in lexicon.jieba_words():
        jieba.add_word(word, freq=None, tag=None)
        table.add(word, tag)
    cut = jieba.dt.cut
    known = table.known

    def tagged(text: str) -> list[tuple[str, str | None]]:
        out: list[tuple[str, str | None]] = []
        append = out.append
        for w in cut(text):
            tag = known.get(w, _MISSING)
            if tag is _MISSING:
                tag = table.get(w)
            if tag is not None:
                append((w, tag))
            elif len(w) > 1 and _CJK.match(w):
                # an unseen word glued to a function word: "以团" + "河南村", "地下及": split it off
                head, tail = table.get(w[0]), table.get(w[-1])
                if head in FUNCTION_TAGS or w[0] in LEAD_CHARS:
                    append((w[0], head))
                    w = w[1:]
                if len(w) > 1 and tail in FUNCTION_TAGS:
                    append(_tag_unseen(w[:-1]))
                    append((w[-1], tail))
                else:
                    append(_tag_unseen(w))
            else:
                append((w, _guess(w)))
        return out

    def _tag_unseen(w: str) -> tuple[str, str]:
        tag = table.get(w)
        return w, tag if tag is not None else _guess(w)

    return tagged


class Context:
    """Tokens (with POS tags), sentence lookup and, on demand, spaCy docs for one report."""

    def __init__(self, report: Report):
        self.report = report
        self.text = text = report.text
        cut = _jieba()
        self.tokens: list[Tok] = []
        self.paragraph_tokens: list[tuple[int, int, int]] = []  # (paragraph start offset, first token, end token)
        append, new = self.tokens.append, tuple.__new__
        for p0, p1 in report.paragraphs:
            first, pos = len(self.tokens), p0
            for w, tag in cut(text[p0:p1]):
                end = pos + len(w)
                append(new(Tok, (pos, end, w, tag)))  # Tok(pos, end, w, tag), without the keyword handling
                pos = end
            self.paragraph_tokens.append((p0, first, len(self.tokens)))
        self.tok_starts = [t.start for t in self.tokens]
        self.tok_by_start = {t.start: t for t in self.tokens}
        self.tok_by_end = {t.end: t for t in self.tokens}
        self.sent_starts = [s.start for s in report.sentences]
        self._lexicon = None
        self._docs: dict[int, object] = {}

    def paragraphs_with(self, pattern: re.Pattern) -> list[int]:
        """Return the indexes of the paragraphs in which ``pattern`` is found."""
        paragraphs = self.report.paragraphs
        return [k for k, (p0, p1) in enumerate(paragraphs) if pattern.search(self.text, p0, p1)]

    def doc(self, k: int):
        """Return (start offset, spaCy Doc) of paragraph ``k``: its tokens, with tags on ``token.tag_``.

        Docs are made on demand: a token pattern (spaCy ``Matcher``) runs only on the paragraphs
        that hold its anchor word, so most paragraphs never become a Doc.
        """
        if k not in self._docs:
            from spacy.tokens import Doc  # noqa: PLC0415

            p0, i0, i1 = self.paragraph_tokens[k]
            toks = self.tokens[i0:i1]
            doc = Doc(nlp().vocab, words=[t.text for t in toks], spaces=[False] * len(toks), tags=[t.tag for t in toks])
            self._docs[k] = (p0, doc)
        return self._docs[k]

    def sentence_at(self, offset: int) -> int:
        """Return the index of the sentence holding ``offset`` (-1 when outside any)."""
        i = bisect.bisect_right(self.sent_starts, offset) - 1
        if i >= 0 and offset < self.report.sentences[i].end:
            return i
        return -1

    def token_at(self, offset: int) -> Tok | None:
        """Return the token covering ``offset``."""
        i = bisect.bisect_right(self.tok_starts, offset) - 1
        if i >= 0 and self.tokens[i].start <= offset < self.tokens[i].end:
            return self.tokens[i]
        return None

    def mention(self, start: int, end: int, type_: str, rule: str, name: str | None = None) -> Mention | None:
        """Make a mention of ``text[start:end]``; quotes around it are trimmed from the name.

        Return None for a span without a Chinese letter or alphanumeric, or outside every sentence
        (a mention's report and section are its sentence's).
        """
        text = self.text
        while start < end and text[start] in _TRIM:
            start += 1
        while end > start and text[end - 1] in _TRIM:
            end -= 1
        surface = text[start:end]
        if not _CJK.search(surface) and not _ALNUM.search(surface):
            return None
        sentence = self.sentence_at(start)
        if sentence < 0:
            return None
        clean = name if name is not None else surface.translate(_NO_QUOTES)
        return Mention(start, end, type_, surface, clean, rule, sentence)

    def lexicon_spans(self):
        """Return (start, end, label) of lexicon names, by a character search of the whole text.

        A character search also finds a name inside a longer token (中国共产党 in
        中国共产党成立100周年), so it finds every match a token-level phrase matcher would.
        """
        if self._lexicon is None:
            from graph.extract import lexicon  # noqa: PLC0415

            found = set()
            for label, words in lexicon.LEXICONS.items():
                for w in words:
                    i = self.text.find(w)
                    while i != -1:
                        found.add((i, i + len(w), label))
                        i = self.text.find(w, i + 1)
            self._lexicon = sorted(found)
        return self._lexicon
