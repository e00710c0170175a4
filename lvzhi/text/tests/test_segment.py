"""Word segmentation: Simplified and Traditional alike, stop-words out, query words found in indexed text."""
from __future__ import annotations

from lvzhi.text.segment import search_terms, tokens


def test_traditional_and_simplified_give_the_same_words() -> None:
    assert tokens("關於加強城市社區養老服務的建議") == tokens("关于加强城市社区养老服务的建议")
    assert "协商" in tokens("協商民主")


def test_stop_words_and_punctuation_are_dropped() -> None:
    words = tokens("关于进一步加强城市社区养老服务的建议。")
    assert {"社区", "养老", "服务"} <= set(words)
    assert not {"关于", "进一步", "加强", "的", "建议", "。"} & set(words)


def test_latin_words_are_lower_cased_and_pinyin_debris_removed() -> None:
    assert "5g" in tokens("推进5G基站建设")
    assert tokens("協(xié)商") == ["协商"]


def test_query_words_are_the_smallest_parts() -> None:
    assert search_terms("社区养老服务") == ["社区", "养老", "服务"]
    assert set(search_terms("社區養老")) <= set(tokens("城市社区养老服务"))
    assert search_terms("建议") == []
