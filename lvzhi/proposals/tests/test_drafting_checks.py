"""Writing help: warnings for a missing part, a far too short text, several matters in one (一事一案)."""
from __future__ import annotations

from lvzhi.proposals.checks import numbered_items, proposal_warnings, writing_warnings
from lvzhi.proposals.services.common import proposal_defaults
from lvzhi.proposals.tests.review_support import ANALYSIS, SITUATION, SUGGESTIONS, TITLE, body, draft


def test_a_good_proposal_has_no_warning():
    assert writing_warnings(title=TITLE, **body()) == []


def test_missing_parts_are_named():
    warnings = writing_warnings(title=TITLE, situation=SITUATION, analysis="", suggestions="")
    assert "缺少“分析”“建议”部分，提案应包括情况、分析和具体建议。" in warnings


def test_far_too_short():
    warnings = writing_warnings(title=TITLE, situation="养老难。", analysis="设施少。", suggestions="多建养老院。")
    assert "正文仅 14 字，明显过短（本会要求不少于 300 字）。" in warnings


def test_title_form():
    assert "案由一般写作“关于……的建议”，点明一件具体的事。" in writing_warnings(
        title="社区养老", situation=SITUATION, analysis=ANALYSIS, suggestions=SUGGESTIONS)


def test_title_with_two_matters():
    warnings = writing_warnings(title="关于发展社区养老服务同时整治河道污染的建议", **body())
    assert any("案由似乎包含不止一件事" in w for w in warnings)


def test_numbered_suggestions_on_unrelated_subjects():
    suggestions = ("一、建设社区养老服务站，解决老人助餐和照护问题。二、整治城区河道污染，提高河道水质达标率。"
                   "三、延长地铁运营时间，增加夜间公交线路。")
    warnings = writing_warnings(title=TITLE, **body(suggestions=suggestions))
    assert warnings == ["有几条建议分别涉及交通、生态环境等与案由不同的方面，似乎是几件事，请按“一事一案”拆分。"]


def test_related_numbered_suggestions_are_fine():
    suggestions = ("1. 推进医养结合，支持医院为社区老人提供上门诊疗。2. 提高社区养老服务站补贴。"
                   "3. 培养养老护理员，落实岗位津贴。")
    assert writing_warnings(title=TITLE, **body(suggestions=suggestions)) == []


def test_repeated_other_suggestions():
    suggestions = SUGGESTIONS + "另外建议整治背街小巷的占道经营。同时建议增加中小学学位。"
    warnings = writing_warnings(title=TITLE, **body(suggestions=suggestions))
    assert "建议中多次出现“另外建议”“同时建议”，可能夹带了其他事项，请按“一事一案”分别提出。" in warnings


def test_traditional_text_is_understood():
    suggestions = "一、建設社區養老服務站。二、整治河道污染，提高水質。三、延長地鐵運營時間，增加公交線路。"
    assert any("一事一案" in w for w in writing_warnings(title=TITLE, **body(suggestions=suggestions)))


def test_numbered_items():
    assert numbered_items("（一）甲事。（二）乙事。") == ["甲事。", "乙事。"]
    assert numbered_items("只有一段，没有编号。") == []


def test_warnings_for_a_saved_draft(world):
    proposal = draft(world, analysis="")
    assert "缺少“分析”部分，提案应包括情况、分析和具体建议。" in proposal_warnings(
        proposal, min_body_chars=proposal_defaults(proposal.committee).min_body_chars)
