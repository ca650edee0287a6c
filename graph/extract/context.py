"""The shared view of one report that every extractor reads: text, tokens, tags, sentences."""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from itertools import accumulate, compress, count, repeat
from typing import Iterable, NamedTuple

from govkg.extract.base import Mention
from govkg.ingest import Report

QUOTES = "“”\"'‘’「」『』《》〈〉"
HAN = re.compile(r"[\u4e00-\u9fff]")  # one Chinese character (the rules' range)
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


def _jieba_cache_key(jieba) -> str:
    """Return jieba's version and its dictionary's size: what a govkg copy of jieba's tables is keyed by."""
    import os  # noqa: PLC0415

    dict_file = jieba.get_dict_file()
    size = os.fstat(dict_file.fileno()).st_size
    dict_file.close()
    return f"{jieba.__version__}-{size}"


def load_prefix_dict(jieba) -> None:
    """Load jieba's prefix dictionary (word -> frequency, and every word's prefixes) from jieba's own
    cache file, read whole, then mark jieba initialised.

    jieba reads that cache with ``marshal.load`` on the open file, which reads it in small pieces:
    about 0.6 s, a third of a one-report build. ``marshal.loads`` of the file's bytes takes about
    0.2 s. With a custom jieba dictionary, or no cache file yet (jieba makes it), or a cache that
    does not read, jieba loads as it always does.
    """
    import marshal  # noqa: PLC0415
    import os  # noqa: PLC0415
    import tempfile  # noqa: PLC0415

    dt = jieba.dt
    if not dt.initialized and dt.dictionary == jieba.DEFAULT_DICT:
        path = os.path.join(dt.tmp_dir or tempfile.gettempdir(), dt.cache_file or "jieba.cache")
        try:
            with open(path, "rb") as f:
                freq, total = marshal.loads(f.read())
            if isinstance(freq, dict) and isinstance(total, int):
                dt.FREQ, dt.total, dt.initialized = freq, total, True
        except (OSError, ValueError, EOFError, TypeError):
            pass
    dt.check_initialized()


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

        self.path = os.path.join(tempfile.gettempdir(), f"govkg-jieba-tags-{_jieba_cache_key(jieba)}.sqlite")
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
    return "m" if _NUM.fullmatch(w) else "eng" if _LATIN.fullmatch(w) else "nz" if HAN.search(w) else "x"


_JIEBA_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")  # jieba's finalseg.re_skip: what its HMM keeps whole
_JOINED_ASCII = re.compile(r"[A-Za-z0-9][-._][A-Za-z0-9]")


def segmenter(jieba, words: list[str], *, rust: bool = True):
    """Return ``cut(text) -> list of words``: jieba's segmentation (its dictionary, its HMM for unseen
    words) with ``words`` added to the dictionary.

    It runs in jieba-rs (the ``rjieba`` package: jieba's dictionary and algorithm in Rust), about
    30 times faster than jieba's Python code and with the same words: the same tokens for the
    sample and every report of the bench corpus (``tests/test_segmenter.py``). With ``rust=False``,
    or without rjieba, jieba itself cuts (its prefix dictionary read by :func:`load_prefix_dict`).
    """
    try:
        if not rust:
            raise ImportError
        import rjieba  # noqa: PLC0415
    except ImportError:
        load_prefix_dict(jieba)
        for word in words:
            jieba.add_word(word, freq=None, tag=None)
        cut = jieba.dt.cut
        return lambda text: list(cut(text))
    rj = rjieba.Jieba()
    for word in words:
        rj.add_word(word, None, None)  # the frequency jieba would suggest, as jieba.add_word(word)
    rcut = rj.cut

    def cut(text: str) -> list[str]:
        # jieba-rs keeps A01-02, ZK-2021-000006 and www.gov.cn whole; jieba cuts them at the
        # hyphen, dot or underscore as its HMM step does (re_skip): so does govkg
        out: list[str] = []
        for t in rcut(text, True):
            if t.isascii() and len(t) > 1 and _JOINED_ASCII.search(t) and not _JIEBA_SKIP.fullmatch(t):
                out.extend(p for p in _JIEBA_SKIP.split(t) if p)
            else:
                out.append(t)
        return out

    return cut


@lru_cache(maxsize=1)
def _tag_table() -> TagTable:
    """Return jieba's tag table with the lexicon's words (and their tags) added."""
    import jieba  # noqa: PLC0415
    from govkg.extract import lexicon  # noqa: PLC0415

    jieba.setLogLevel(60)
    table = TagTable(jieba)
    for word, tag in lexicon.jieba_words():
        table.add(word, tag)
    return table


@lru_cache(maxsize=1)
def _jieba():
    """Return a function that cuts text into a list of words and the list of their tags.

    Words come from jieba's segmentation (:func:`segmenter`, with its HMM for unseen words); tags
    from jieba's own dictionary (the table jieba.posseg reads). Unseen words, which jieba's HMM finds, are nearly
    always names, so they are tagged "nz". This is about six times faster than jieba.posseg's
    own tagger with the same tags for every dictionary word.
    """
    import jieba  # noqa: PLC0415

    table = _tag_table()
    cut = segmenter(jieba, list(table.extra))  # the lexicon's words
    # A word's tokens depend on the word alone (the table is complete once the lexicon is in),
    # so each distinct word is tagged once: ``whole`` holds the tag (never None) of each word
    # that stays one token, ``pieces`` the words and tags that the others are cut into.
    whole: dict[str, str] = {}
    pieces: dict[str, tuple[tuple[str, ...], tuple[str | None, ...]]] = {}

    def tagged(text: str) -> tuple[list[str], list[str | None]]:
        words = cut(text)
        tags = list(map(whole.get, words))
        if None not in tags:  # every word seen before and kept whole: most paragraphs
            return words, tags
        out_words: list[str] = []
        out_tags: list[str | None] = []
        done = 0  # words[:done] are in the output
        for i in [i for i, tag in enumerate(tags) if tag is None]:
            out_words += words[done:i]
            out_tags += tags[done:i]
            w = words[i]
            ws, ts = pieces[w] if w in pieces else _cut_word(w)
            out_words += ws
            out_tags += ts
            done = i + 1
        out_words += words[done:]
        out_tags += tags[done:]
        return out_words, out_tags

    def _cut_word(word: str) -> tuple[tuple[str, ...], tuple[str | None, ...]]:
        """Return the words and tags that a word seen for the first time becomes, and remember them."""
        out: list[tuple[str, str | None]] = []
        append = out.append
        w = word
        tag = table.get(w)
        if tag is not None:
            append((w, tag))
        elif len(w) > 1 and HAN.match(w):
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
        ws, ts = zip(*out)
        if len(ws) == 1:  # the word itself, with a tag
            whole[word] = ts[0]
        else:
            pieces[word] = ws, ts
        return ws, ts

    def _tag_unseen(w: str) -> tuple[str, str]:
        tag = table.get(w)
        return w, tag if tag is not None else _guess(w)

    return tagged


def word_tag(word: str) -> str | None:
    """Return jieba's dictionary tag of a word (立 v, 山 n), or None for a word it lacks."""
    return _tag_table().get(word)


class Context:
    """Tokens (with POS tags), sentence lookup and, on demand, spaCy docs for one report."""

    def __init__(self, report: Report):
        self.report = report
        self.text = text = report.text
        cut = _jieba()
        tokens: list[Tok] = []
        all_tags: list[str | None] = []
        starts: list[int] = []
        ends: list[int] = []
        self.paragraph_tokens: list[tuple[int, int, int]] = []  # (paragraph start offset, first token, end token)
        for p0, p1 in report.paragraphs:
            words, tags = cut(text[p0:p1])
            offsets = list(accumulate(map(len, words), initial=p0))
            first = len(tokens)
            # Tok(start, end, word, tag) for each word, built in C (tuple.__new__ skips Tok's keyword handling)
            tokens += map(tuple.__new__, repeat(Tok), zip(offsets, offsets[1:], words, tags))
            all_tags += tags
            starts += offsets[:-1]
            ends += offsets[1:]
            self.paragraph_tokens.append((p0, first, len(tokens)))
        self.tokens = tokens
        self.tags = all_tags  # the tokens' tags, in order (for tag_indexes)
        self.tok_starts = starts
        self.tok_by_start = dict(zip(starts, tokens))
        self.tok_by_end = dict(zip(ends, tokens))
        self.sent_starts = [s.start for s in report.sentences]
        self._lexicon = None
        self._docs: dict[int, object] = {}
        self._tag_indexes: dict[frozenset[str], tuple[int, ...]] = {}

    def tag_indexes(self, tags: Iterable[str]) -> tuple[int, ...]:
        """Return the indexes of the tokens tagged with one of ``tags``, in order.

        The test runs in C over the list of tags, so a rule that only looks at a few tags does not
        walk every token in Python; the answer is kept for the next rule that asks.
        """
        key = frozenset(tags)
        if key not in self._tag_indexes:
            self._tag_indexes[key] = tuple(compress(count(), map(key.__contains__, self.tags)))
        return self._tag_indexes[key]

    def doc(self, k: int):
        """Return (start offset, spaCy Doc) of paragraph ``k``: its tokens, with tags on ``token.tag_``.

        Docs are made on demand: a token pattern (spaCy ``Matcher``) runs only on the paragraphs
        where it can match, so most paragraphs never become a Doc (and spaCy loads on the first).
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

    def tokens_in(self, start: int, end: int) -> list[Tok]:
        """Return the tokens that start in ``text[start:end]``."""
        starts = self.tok_starts
        return self.tokens[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]

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
        if not HAN.search(surface) and not _ALNUM.search(surface):
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
            starts, names = _lexicon_starts()
            text = self.text
            found = set()
            m = starts.search(text)
            while m is not None:  # at every offset where a name starts (names may overlap)
                i = m.start()
                for w, label in names[text[i]]:
                    if text.startswith(w, i):
                        found.add((i, i + len(w), label))
                m = starts.search(text, i + 1)
            self._lexicon = sorted(found)
        return self._lexicon


@lru_cache(maxsize=1)
def _lexicon_starts() -> tuple[re.Pattern, dict[str, list[tuple[str, str]]]]:
    """Return a regex that finds where some lexicon name starts, and the (name, label) pairs by first character.

    One search of the text for all names (an alternative per first character, which re skips
    to quickly) is about four times faster than a search for each name.
    """
    from govkg.extract import lexicon  # noqa: PLC0415

    names: dict[str, list[tuple[str, str]]] = {}
    for label, words in lexicon.LEXICONS.items():
        for w in words:
            names.setdefault(w[0], []).append((w, label))
    starts = re.compile("|".join(re.escape(c) + "(?:" + "|".join(re.escape(w[1:]) for w, _ in pairs) + ")"
                                 for c, pairs in names.items()))
    return starts, names
