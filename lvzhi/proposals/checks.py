"""Help while writing a proposal: warnings for a missing part, a far too short text, several matters in one."""
from __future__ import annotations

import re
from typing import Any

from lvzhi.text.chinese import normalise, to_simplified

PARTS = (("situation", "情况"), ("analysis", "分析"), ("suggestions", "建议"))
DEFAULT_MIN_BODY = 300

# A numbered item at the start of a line or after a sentence end: 一、 （一） 1. 1、 (1) ①.
_ITEM_RE = re.compile(
    r"(?:^|(?<=[\n。；;！!？?]))\s*"
    r"(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．](?!\d)|[①-⑳])"
)
# Broad subjects; a proposal whose numbered suggestions fall under several of them probably holds several matters.
TOPICS: dict[str, tuple[str, ...]] = {
    "教育": ("学校", "教育", "教师", "学生", "幼儿园", "课程", "校园", "中小学", "托育", "招生"),
    "医疗卫生": ("医院", "医疗", "医保", "医生", "卫生", "患者", "疾病", "诊疗", "药品", "疫苗", "护理"),
    "养老": ("养老", "老年", "老人", "适老", "敬老院"),
    "交通": ("交通", "道路", "公交", "停车", "地铁", "拥堵", "车辆", "驾驶", "出行", "公路"),
    "生态环境": ("污染", "环保", "生态", "垃圾", "河道", "排放", "绿化", "水质", "秸秆", "空气"),
    "农业农村": ("农业", "农村", "农民", "乡村", "耕地", "粮食", "种植", "养殖", "村集体"),
    "就业社保": ("就业", "失业", "社保", "工资", "劳动", "用工", "技能培训", "农民工"),
    "住房城建": ("住房", "小区", "物业", "房地产", "棚户", "老旧小区", "城市更新", "管网", "供暖", "燃气"),
    "营商经济": ("营商", "民营企业", "招商", "产业", "税收", "融资", "中小企业", "商贸", "消费"),
    "文化旅游": ("文化", "旅游", "景区", "文物", "博物馆", "非遗", "体育", "图书馆"),
    "法治安全": ("法治", "执法", "司法", "诈骗", "治安", "消防", "安全生产", "食品安全"),
}


def body_length(*parts: str) -> int:
    """Characters of the body, not counting whitespace."""
    return sum(len("".join((p or "").split())) for p in parts)


def numbered_items(text: str) -> list[str]:
    """The numbered items of a text (一、…二、… or 1. 2. or （1）（2）), each stripped; [] if not numbered."""
    text = normalise(text or "")
    starts = [m.start() for m in _ITEM_RE.finditer(text)]
    if len(starts) < 2:
        return []
    items = []
    for a, b in zip(starts, [*starts[1:], len(text)], strict=True):
        item = _ITEM_RE.sub("", text[a:b], count=1).strip()
        if item:
            items.append(item)
    return items


def topics_of(text: str) -> set[str]:
    simplified = to_simplified(text or "")
    return {topic for topic, words in TOPICS.items() if any(w in simplified for w in words)}


def _dominant_topic(text: str) -> str | None:
    simplified = to_simplified(text)
    scores = {topic: sum(simplified.count(w) for w in words) for topic, words in TOPICS.items()}
    best = max(scores.values(), default=0)
    if best == 0:
        return None
    leaders = [t for t, s in scores.items() if s == best]
    return leaders[0] if len(leaders) == 1 else None


def several_matters(title: str, suggestions: str) -> list[str]:
    """Signs that one proposal raises several unrelated matters (一事一案)."""
    warnings: list[str] = []
    title = normalise(title or "")
    if re.search(r"同时|；|;|以及.*的(?:建议|提案)$", title) or title.count("关于") > 1:
        warnings.append("案由似乎包含不止一件事（如“同时”“以及”或多个“关于”），请按“一事一案”分别提出。")
    items = [i for i in numbered_items(suggestions) if len(i) >= 8]
    if len(items) >= 2:
        title_topics = topics_of(title)
        # An item touching the title's subject belongs to it; the others are labelled by their main subject.
        labels = set()
        for item in items:
            if topics_of(item) & title_topics:
                labels.add("")
            else:
                topic = _dominant_topic(item)
                if topic:
                    labels.add(topic)
        others = [t for t in TOPICS if t in labels]
        if len(labels) >= 3:
            names = "、".join(others)
            warnings.append(f"有几条建议分别涉及{names}等与案由不同的方面，似乎是几件事，请按“一事一案”拆分。"
                            if "" in labels else
                            f"各条建议分别涉及{names}等不同方面，似乎是几件事，请按“一事一案”拆分。")
    simplified = to_simplified(suggestions or "")
    extra = len(re.findall(r"(?:另外|此外|同时)[，,]?(?:还)?(?:建议|呼吁|希望)", simplified))
    if extra >= 2 and not any("一事一案" in w for w in warnings):
        warnings.append("建议中多次出现“另外建议”“同时建议”，可能夹带了其他事项，请按“一事一案”分别提出。")
    return warnings


def writing_warnings(
    *, title: str, situation: str, analysis: str, suggestions: str, min_body_chars: int = DEFAULT_MIN_BODY,
) -> list[str]:
    """Warnings, in Chinese, to show while the member writes; an empty list when nothing looks wrong."""
    warnings: list[str] = []
    title = normalise(title or "")
    if not title:
        warnings.append("尚未填写案由（标题）。")
    elif not (title.startswith("关于") and title.endswith(("建议", "提案"))):
        warnings.append("案由一般写作“关于……的建议”，点明一件具体的事。")
    values = {"situation": situation, "analysis": analysis, "suggestions": suggestions}
    missing = [label for key, label in PARTS if not normalise(values[key] or "")]
    if missing:
        warnings.append(f"缺少“{'”“'.join(missing)}”部分，提案应包括情况、分析和具体建议。")
    length = body_length(situation, analysis, suggestions)
    if length < min_body_chars:
        warnings.append(f"正文仅 {length} 字，明显过短（本会要求不少于 {min_body_chars} 字）。")
    elif 0 < body_length(suggestions) < 30:
        warnings.append("“建议”部分过于简略，请提出具体、可操作的建议。")
    warnings.extend(several_matters(title, suggestions))
    return warnings


def proposal_warnings(proposal: Any, *, min_body_chars: int) -> list[str]:
    """`writing_warnings` for a saved proposal, with its committee's minimum length (`proposal_defaults`)."""
    return writing_warnings(title=proposal.title, situation=proposal.situation, analysis=proposal.analysis,
                            suggestions=proposal.suggestions, min_body_chars=min_body_chars)
