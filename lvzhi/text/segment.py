"""Chinese word segmentation (jieba) for search and similarity: Simplified, lower-cased, without stop-words."""
from __future__ import annotations

import logging
import re
import threading
from collections import Counter

import jieba

from lvzhi.text.chinese import normalise, to_simplified

# Words that occur in nearly every proposal or carry no meaning on their own; they are neither indexed nor
# searched. Kept short on purpose: a word missing here only costs a little ranking quality.
STOP_WORDS = frozenset("""
的 了 和 与 及 或 等 在 对 为 是 将 把 被 从 向 于 以 其 之 也 并 而 但 有 要 可 能 不 这 那 个 中 上 下 着 过
就 都 又 还 已 让 使 由 该 此 各 一 二 三 四 五 六 七 八 九 十 我 你 他 她 它 们 所 及其 以及 并且 而且 因此 但是
关于 建议 加强 进一步 推进 推动 工作 问题 情况 提高 切实 不断 积极 大力 提出 如下 几点 一是 二是 三是 四是 五是
方面 相关 有关 我们 通过 进行 开展 实施 做好 当前 目前 存在 主要 一些 一个 没有 已经 需要 可以 应当 应该 以下
同时 其中 并不 对于 根据 为了 由于 如果 以上 我市 我区 我县 我省 本市 全市 全区 全县 全省 有效 各类 各级
""".split())

# Terms of CPPCC work that jieba's general dictionary splits apart.
DOMAIN_WORDS = ("政协", "社情民意", "履职", "界别", "督办", "办复", "会办", "协商议政", "营商环境", "医养结合", "双减",
                "一网通办", "黑土地")

_WORD_RE = re.compile(r"[0-9a-z\u3400-\u4dbf\u4e00-\u9fff]")
_lock = threading.Lock()
_ready = False


def _tokenizer() -> jieba.Tokenizer:
    """jieba's default tokenizer, loaded once per process (about a second) without its log lines."""
    global _ready
    if not _ready:
        with _lock:
            if not _ready:
                jieba.setLogLevel(logging.WARNING)
                logging.getLogger("jieba").setLevel(logging.WARNING)
                jieba.initialize()
                for word in DOMAIN_WORDS:
                    jieba.add_word(word)
                _ready = True
    return jieba.dt


def prepare(text: str) -> str:
    """The text as it is segmented: NFKC, Simplified, lower-case; "協(xié)商" debris loses its pinyin."""
    text = to_simplified(normalise(text)).lower()
    return re.sub(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）]", "", text)


def _keep(token: str) -> bool:
    return bool(token) and token not in STOP_WORDS and bool(_WORD_RE.search(token))


def tokens(text: str) -> list[str]:
    """Every word of `text` in order, as indexed: search mode, so long words also yield their parts
    (社区养老服务 → 社区, 养老, 服务, 养老服务 ...)."""
    if not text:
        return []
    cut = _tokenizer().cut_for_search(prepare(text))
    return [t for t in (w.strip() for w in cut) if _keep(t)]


def search_terms(query: str) -> list[str]:
    """The distinct words a query must all match.

    The query is cut in search mode like the documents, then a word is dropped when smaller words of the
    query make it up (社区养老 → 社区 + 养老): a text may have been cut into the parts, never the other way.
    """
    terms = list(dict.fromkeys(tokens(query)))
    return [t for t in terms if not any(u != t and u in t for u in terms)]


def term_counts(text: str) -> Counter[str]:
    return Counter(tokens(text))
