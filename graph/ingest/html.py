"""Take the article out of a report page saved from a government site (stdlib html.parser only).

:func:`extract` returns an :class:`Article`: the title, the metadata table (索引号, 发文单位, …)
and the article body as plain lines; :meth:`Article.text` renders them as the text that
:func:`govkg.ingest.parse` reads (a ``key:value`` metadata block, the title, the body).

How the body is chosen:

* scripts, styles, form controls and hidden elements are never text;
* navigation is dropped: ``nav/header/footer/aside`` elements, elements whose id or class
  names a menu, breadcrumb, share bar, footer, pager … (``mainNav``, ``bdsharebuttonbox``,
  ``dqwz``), small blocks holding page furniture (上一篇/下一篇, 版权所有, ICP备, 当前位置,
  打印本页 …) and link lists (mostly link text);
* the body is the deepest element holding at least 85% of the page's Chinese characters
  outside links and navigation (a text-density choice that never cuts the article in two);
  when a content container known from government CMSs (``zoom``, ``TRS_Editor``,
  ``Custom_UnionStyle``, ``xxgk_content``, ``pages_content`` …) inside it holds at least half
  of that text it is preferred; a page without such structure falls back to all its text;
* block elements (p, div, br, li, tr, h1-h6 …) end lines, table cells in a row are joined by
  a space, entities are unescaped, ``&nbsp;`` and U+3000 become spaces; a table (with no table
  inside) whose first row names projects (项目名称, 总投资 …) becomes one line per row,
  ``项目名称:X;总投资:5000万元;…。`` (:mod:`govkg.ingest.tables`), listed in ``Article.rows``.

The title is the first of ``<meta name="ArticleTitle">``, the first ``<h1>`` outside the
navigation, the 信息名称 metadata and the ``<title>`` segments that names a 工作报告 (else
that mentions a 报告, else the first one found).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from govkg.ingest import tables
from govkg.ingest.meta import META_DATES, meta_key, meta_value

VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
SKIP = frozenset("script style noscript template iframe svg math object embed select option button "
                 "input textarea canvas audio video map head".split())
BLOCK = frozenset("address article aside blockquote caption center dd details dialog dir div dl dt "
                  "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main menu "
                  "nav ol p pre section summary table tbody thead tfoot tr ul title body html".split())
CELL = frozenset({"td", "th"})
NAV_TAGS = frozenset({"nav", "header", "footer", "aside", "menu"})
CLOSES_P = BLOCK - {"html", "body", "title"}
# id/class words that mark page furniture: matched as whole words, or as a word's start or end
NAV_EXACT = frozenset("top bottom btm foot head side location position dqwz wz search login links link "
                      "friend print close tools tool pre prev next pagebar fx xgwz xgxx xgwj "
                      "ewm qrcode gotop backtop logo skip hide".split())
NAV_AFFIX = ("nav", "menu", "footer", "header", "breadcrumb", "crumb", "share", "copyright",
             "sidebar", "pagination", "pager", "toolbar", "banner", "friendlink", "jiathis")
# id/class substrings of article containers in government CMSs (TRS, 拓尔思, 大汉, 政府网站集约化平台)
CONTENT_MARKS = ("zoom", "trs_editor", "custom_unionstyle", "xxgk_content", "pages_content", "article",
                 "content", "artibody", "zhengwen", "wenzhang", "detail")
BOILER = re.compile(
    r"上一篇|下一篇|版权所有|ICP备|ICP证|网站标识码|公网安备|当前位置|您现在的位置|您的位置|打印本页|"
    r"关闭窗口|【打印】|【关闭】|分享到|扫一扫|字号[::]?\s*[\[【]?大|返回顶部")
WEAK_BOILER = re.compile(r"主办单位|承办单位|浏览次数|访问量|网站地图|联系我们|收藏本页|设为首页|加入收藏")
LINE_BOILER = re.compile(r"上一篇|下一篇|版权所有|ICP备|打印本页|关闭窗口|分享到|扫一扫|字号[::]?\s*[\[【]?大|返回顶部")
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SPACES = re.compile(r"[ \t\r\n\f\u00a0\u3000]+")
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_TITLE_SPLIT = re.compile(r"\s*(?:[_|｜]|--|——|(?<![0-9])-(?![0-9]))\s*")


class Node:
    """An element of the parsed page; children are Nodes or text strings."""

    __slots__ = ("tag", "attrs", "children", "parent", "drop", "nav", "clean", "han", "link_han", "links",
                 "length", "index")

    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []
        self.drop = self.nav = self.clean = False
        self.han = self.link_han = self.links = self.length = self.index = 0

    def words(self) -> list[str]:
        """Return the lower-case words of the id and class attributes ('mainNav' -> main, nav)."""
        raw = f"{self.attrs.get('id', '')} {self.attrs.get('class', '')}"
        raw = re.sub(r"([a-z])([A-Z])", r"\1 \2", raw)
        return [w for w in re.split(r"[^A-Za-z0-9]+", raw.lower()) if w]


class _TreeBuilder(HTMLParser):
    """Build a forgiving element tree: unknown end tags are ignored, open ones closed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.stack = [self.root]
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta" and a.get("name") and a.get("content"):
            self.meta.setdefault(a["name"].lower(), a["content"])
        if tag in CLOSES_P:
            self._close_p()
        if tag == "li":
            self._close_to("li", stop=("ul", "ol", "menu"))
        elif tag in CELL:
            self._close_to("td", stop=("tr", "table"))
            self._close_to("th", stop=("tr", "table"))
        elif tag == "tr":
            self._close_to("tr", stop=("table",))
        elif tag in ("dt", "dd"):
            self._close_to("dt", stop=("dl",))
            self._close_to("dd", stop=("dl",))
        node = Node(tag, a, self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":  # </br> is a line break in every browser
            self.handle_starttag("br", [])
            return
        for k in range(len(self.stack) - 1, 0, -1):
            if self.stack[k].tag == tag:
                del self.stack[k:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)

    def _close_p(self) -> None:
        for k in range(len(self.stack) - 1, 0, -1):
            t = self.stack[k].tag
            if t == "p":
                del self.stack[k:]
                return
            if t in BLOCK or t in CELL:
                return

    def _close_to(self, tag: str, stop: tuple[str, ...]) -> None:
        for k in range(len(self.stack) - 1, 0, -1):
            t = self.stack[k].tag
            if t == tag:
                del self.stack[k:]
                return
            if t in stop:
                return


@dataclass
class Article:
    """The part of a report page that is the report: title, metadata, body lines."""

    title: str = ""
    metadata: dict[str, str] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    rows: list[tables.Row] = field(default_factory=list)  # project-table rows, each one of the lines

    def text(self) -> str:
        """Render as report text: a 'key:value' metadata block, the title, the body."""
        out = [f"{k}:{v}" for k, v in self.metadata.items()]
        if out:
            out.append("")
        squeezed = [re.sub(r"\s+", "", ln) for ln in self.lines[:8]]
        if self.title and re.sub(r"\s+", "", self.title) not in squeezed:
            out += [self.title, ""]
        out += self.lines
        return "\n".join(out) + "\n"


def extract(html: str) -> Article:
    """Parse a page and return its article: title, metadata and body lines."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    root = builder.root
    nodes = _preorder(root)
    _mark(nodes)
    body = _choose_body(root, nodes)
    cells = _lines(root, cells=True, keep_nav=True)
    meta = _metadata(cells)
    for name, key in (("pubdate", "发布日期"), ("firstpublishedtime", "发布日期")):
        if name in builder.meta and key not in meta:
            value = meta_value(key, builder.meta[name])
            if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
                meta[key] = value
    rows: list[tables.Row] = []
    lines = [ln for ln in _lines(body, cells=False, keep_nav=False, skip_meta=True, rows=rows)
             if not (len(ln) < 60 and LINE_BOILER.search(ln))]
    lines = _front_lines(root, body) + lines
    title = _title(root, nodes, builder.meta, meta)
    return Article(title=title, metadata=meta, lines=lines, rows=rows)


def article_text(html: str) -> str:
    """Return the article of a page as report text (metadata block, title, body)."""
    return extract(html).text()


def _preorder(root: Node) -> list[Node]:
    out, stack = [], [root]
    while stack:
        n = stack.pop()
        n.index = len(out)
        out.append(n)
        stack.extend(c for c in reversed(n.children) if isinstance(c, Node))
    return out


def _is_nav(n: Node) -> bool:
    if n.tag in NAV_TAGS or n.attrs.get("role") in ("navigation", "banner", "contentinfo", "search", "menu"):
        return True
    for w in n.words():
        if w in NAV_EXACT or any(w.startswith(a) or w.endswith(a) for a in NAV_AFFIX):
            return True
    return False


def _mark(nodes: list[Node]) -> None:
    """Mark skipped and navigation elements and count text per element (bottom-up)."""
    for n in nodes:
        n.drop = n.tag in SKIP or "hidden" in n.attrs or bool(_HIDDEN.search(n.attrs.get("style", "")))
    _count(nodes)  # raw counts: nothing is navigation yet
    total = max(nodes[0].han, 1)
    for n in nodes:  # a "navigation" element holding most of the page's text is the page
        n.nav = _is_nav(n) and not (n.han >= 0.4 * total and n.link_han < n.han)
    _count(nodes)
    for n in nodes:  # small blocks of page furniture, and link lists (preorder: parents first)
        if n.drop or n.nav or n.han > 400:
            continue
        if n.links >= 3 and n.link_han >= 2 * n.han and n.han < 200:
            n.nav = True
            continue
        if n.length > 300 or n.tag in ("html", "body") or (n.parent is not None and n.parent.clean):
            n.clean = n.parent is not None and n.parent.clean
            continue
        text = _text(n)
        if BOILER.search(text) or ((n.links or n.length <= 60) and WEAK_BOILER.search(text)):
            n.nav = True
        else:  # nothing in here can match: the text of every descendant is part of this text
            n.clean = not WEAK_BOILER.search(text)
    _count(nodes)


def _count(nodes: list[Node]) -> None:
    """Set han (outside links), link_han, links and length for every element."""
    for n in reversed(nodes):
        han = link = links = length = 0
        if not (n.drop or n.nav):
            in_link = n.tag == "a"
            for c in n.children:
                if isinstance(c, str):
                    k = len(HAN.findall(c))
                    if in_link:
                        link += k
                    else:
                        han += k
                    length += len(c.strip())
                elif not (c.drop or c.nav):
                    if in_link:
                        link += c.han + c.link_han
                    else:
                        han += c.han
                        link += c.link_han
                    links += c.links
                    length += c.length
            links += in_link
        n.han, n.link_han, n.links, n.length = han, link, links, length


def _choose_body(root: Node, nodes: list[Node]) -> Node:
    """Pick the deepest element with 85% of the text, or a known content element inside it."""
    start = next((n for n in nodes if n.tag == "body"), root)
    total = start.han
    if total == 0:
        return start
    node = start
    while True:
        kids = [c for c in node.children if isinstance(c, Node) and not (c.drop or c.nav)]
        best = max(kids, key=lambda c: c.han, default=None)
        if best is None or best.han < 0.85 * total:
            break
        rest = [c for c in node.children if c is not best and (isinstance(c, str) or not (c.drop or c.nav))]
        if any(_has_sentence(c) for c in rest):  # the article goes on beside the child: keep both
            break
        node = best
    for n in _preorder_within(node):
        marks = f"{n.attrs.get('id', '')} {n.attrs.get('class', '')}".lower()
        if n is not node and n.han >= 0.5 * node.han and any(m in marks for m in CONTENT_MARKS):
            return n
    return node


_SENTENCE = re.compile(r"[\u3400-\u9fff][^。!?！？\n]{6,}[。!?！？]")


def _has_sentence(item: Node | str) -> bool:
    """Tell whether an element or text holds a sentence ending in 。!? (8+ characters)."""
    if isinstance(item, str):
        return bool(_SENTENCE.search(item))
    return item.han >= 4 and any(_SENTENCE.search(ln) for ln in _lines(item, cells=False, keep_nav=False))


def _preorder_within(top: Node, *, keep_nav: bool = False) -> list[Node]:
    out, stack = [], [top]
    while stack:
        n = stack.pop()
        if n.drop or (n.nav and not keep_nav):
            continue
        out.append(n)
        stack.extend(c for c in reversed(n.children) if isinstance(c, Node))
    return out


def _project_rows(table: Node) -> list[tables.Row]:
    """Return the rows of a project table (no table inside, a header naming projects), else []."""
    grid: list[list[str]] = []
    for n in _preorder_within(table):
        if n is not table and n.tag == "table":
            return []
        if n.tag == "tr":
            grid.append([" ".join(_lines(c, cells=False, keep_nav=False)) for c in n.children
                         if isinstance(c, Node) and c.tag in CELL and not (c.drop or c.nav)])
    grid = [r for r in grid if any(r)]
    if not grid or not tables.is_project_header([tables.cell_text(c) for c in grid[0]]):
        return []
    return tables.render(grid)


def _lines(top: Node, *, cells: bool, keep_nav: bool, skip_meta: bool = False,
           rows: list[tables.Row] | None = None) -> list[str]:
    """Render an element as lines; with cells=True every table cell is its own line.

    With ``rows`` (a list), a project table becomes one line per row, and its rows are added to it.
    """
    parts: list[str] = []
    stack: list[tuple[Node | str | None, bool]] = [(top, False)]
    while stack:
        item, pre = stack.pop()
        if item is None:
            parts.append("\n")
            continue
        if isinstance(item, str):
            if pre:
                parts.append("\n".join(_SPACES.sub(" ", ln) for ln in re.split(r"\r\n|\r|\n", item)))
            else:
                parts.append(_SPACES.sub(" ", item))
            continue
        n = item
        if n.drop or (n.nav and not keep_nav):
            continue
        if n.tag == "br" or n.tag == "hr":
            parts.append("\n")
            continue
        if skip_meta and n.tag in ("table", "ul", "ol", "dl") and n.length < 800 and _meta_keys(n) >= 2:
            continue
        if rows is not None and n.tag == "table":
            found = _project_rows(n)
            if found:
                rows.extend(found)
                parts.append("\n" + "\n".join(r.text for r in found) + "\n")
                continue
        block = n.tag in BLOCK or (cells and n.tag in CELL)
        if block:
            parts.append("\n")
            stack.append((None, pre))
        elif n.tag in CELL:
            parts.append(" ")
        inner = pre or n.tag in ("pre", "textarea", "plaintext", "xmp")
        stack.extend((c, inner) for c in reversed(n.children))
    lines = []
    for line in "".join(parts).split("\n"):
        line = _SPACES.sub(" ", line).strip()
        if line:
            lines.append(line)
    return lines


def _text(n: Node) -> str:
    return " ".join(_lines(n, cells=True, keep_nav=True))


def _labels(cell: str) -> list[tuple[int, int, str]]:
    """Return (label start, value start, canonical key) of each 'key:' in a cell."""
    out = []
    for colon in re.finditer(r"\s*[:：]\s*", cell):
        before = cell[max(0, colon.start() - 12): colon.start()]
        for k in range(min(len(before), 12), 1, -1):
            key = meta_key(before[-k:])
            if key and not before[-k].isspace():
                out.append((colon.start() - k, colon.end(), key))
                break
    return out


def _meta_keys(n: Node) -> int:
    return len({k for _, _, k in _labels(_text(n))})


def _metadata(cells: list[str]) -> dict[str, str]:
    """Read metadata from cell lines: '索引号:X' in one cell, or the key in one, the value next."""
    meta: dict[str, str] = {}
    for i, cell in enumerate(cells):
        bare = re.sub(r"\s+", "", cell).rstrip(":：")
        key = meta_key(bare)
        if key and i + 1 < len(cells) and not meta_key(re.split(r"[:：]", re.sub(r"\s+", "", cells[i + 1]))[0]):
            value = meta_value(key, cells[i + 1])
            if value and key not in meta:
                meta[key] = value
            continue
        found = _labels(cell)
        for j, (_, v0, k) in enumerate(found):
            raw = cell[v0: found[j + 1][0] if j + 1 < len(found) else len(cell)]
            value = meta_value(k, raw)
            if k in META_DATES and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
                continue
            if value and k not in meta:
                meta[k] = value
    return meta


_FRONT = re.compile(r"会议上\)?$|(?:长|主任)\s+[\u4e00-\u9fff·]{1,3}(?:\s?[\u4e00-\u9fff·]){0,2}$")


def _front_lines(root: Node, body: Node) -> list[str]:
    """Return meeting and speaker lines that sit before the body, outside navigation."""
    if any(_FRONT.search(ln) for ln in _lines(body, cells=False, keep_nav=False)[:12]):
        return []
    out = []
    for n in _preorder_within(root, keep_nav=True):  # article heads are often classed "head"
        if n is body:
            break
        if n.tag in BLOCK and not any(isinstance(c, Node) and c.tag in BLOCK for c in n.children):
            for ln in _lines(n, cells=False, keep_nav=True):
                if len(ln) <= 80 and _FRONT.search(ln) and ln not in out:
                    out.append(ln)
    return out


def _title(root: Node, nodes: list[Node], meta_tags: dict[str, str], meta: dict[str, str]) -> str:
    """Choose the title among ArticleTitle, <h1>, 信息名称 and <title> segments."""
    cands = [meta_tags.get("articletitle", "").strip()]
    visible = {id(n) for n in _preorder_within(root)}
    h1s = [n for n in nodes if n.tag == "h1"]
    cands += [" ".join(_lines(n, cells=False, keep_nav=False)) for n in h1s if id(n) in visible]
    cands.append(meta.get("信息名称", ""))
    head_title = next((n for n in nodes if n.tag == "title"), None)
    if head_title is not None:
        cands += _TITLE_SPLIT.split(" ".join(_lines(head_title, cells=False, keep_nav=True)))
    cands += [" ".join(_lines(n, cells=False, keep_nav=True)) for n in h1s if id(n) not in visible]
    cands = [_SPACES.sub(" ", c).strip() for c in cands if c and HAN.search(c)]
    for want in (r"工作[报報]告", r"[报報]告"):
        for c in cands:
            if re.search(want, c) and len(c) <= 80:
                return c
    return cands[0] if cands else ""
