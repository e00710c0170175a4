"""The rule tables a committee starts from (履职量化考核模板), modelled on published local tables; every figure is
editable afterwards on the rule-table screen.

A rule is (event, role or "" for any, outcome, level or "" for any, points, note). Every rule matching a record
counts, so a level-specific rule adds to an any-level one.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from lvzhi.duty.models import DutyEvent as E
from lvzhi.duty.models import DutyRole as R
from lvzhi.duty.models import Level as L
from lvzhi.duty.models import Outcome as O
from lvzhi.duty.models import ScoringPreset

RuleSpec = tuple[str, str, str, str, str, str]  # event, role, outcome, level, points, note


@dataclass(frozen=True)
class CategoryPreset:
    name: str
    cap: str | None
    rules: tuple[RuleSpec, ...]


@dataclass(frozen=True)
class Preset:
    name: str
    base: str
    notes: str
    categories: tuple[CategoryPreset, ...]
    bands: tuple[tuple[str, str], ...]
    minimums: tuple[tuple[str, tuple[str, ...], int], ...]

    @property
    def base_points(self) -> Decimal:
        return Decimal(self.base)


GRADES = (("优秀", "85"), ("称职", "60"), ("不称职", "0"))

# 三个一: attend the plenary; at least one proposal or 社情民意 report; at least one inspection or research trip.
THREE_ONES = (
    ("出席全体会议", (f"{E.PLENARY}:{O.ATTENDED}",), 1),
    ("提交提案或社情民意信息至少一件", (f"{E.PROPOSAL}:{O.SUBMITTED}", f"{E.OPINION}:{O.SUBMITTED}"), 1),
    ("参加视察或调研至少一次", (f"{E.INSPECTION}:{O.TOOK_PART}", f"{E.RESEARCH}:{O.TOOK_PART}"), 1),
)

BASE_BONUS = Preset(
    name="委员履职量化考核（基础分+加分）",
    base="70",
    notes="每位委员年度基础分70分；履职加分合计最多50分；缺席全体会议扣分不受上限影响。"
          "联名提案的联名人在提案立案时加2分，集体提案经办人加3分；重点提案加分只计第一提案人。"
          "优秀提案、优秀委员、先进个人以表彰记录计分。",
    categories=(
        CategoryPreset("履职加分", "50", (
            (E.PROPOSAL, R.FIRST, O.FILED, "", "5", "提案立案（第一提案人）"),
            (E.PROPOSAL, R.JOINT_FIRST, O.FILED, "", "5", "联名提案立案（第一提案人）"),
            (E.PROPOSAL, R.COSIGNER, O.FILED, "", "2", "提案立案（联名人）"),
            (E.PROPOSAL, R.COLLECTIVE, O.FILED, "", "3", "集体提案立案（经办人）"),
            (E.PROPOSAL, R.FIRST, O.KEY, "", "5", "列为重点提案"),
            (E.PROPOSAL, R.JOINT_FIRST, O.KEY, "", "5", "联名提案列为重点提案（第一提案人）"),
            (E.COMMENDATION, "", O.EXCELLENT, "", "10", "获评优秀提案"),
            (E.OPINION, "", O.ADOPTED, "", "3", "社情民意信息被采用"),
            (E.OPINION, "", O.ADOPTED, L.PROVINCE, "3", "被省级采用，另加"),
            (E.OPINION, "", O.ADOPTED, L.NATIONAL, "5", "被全国政协采用，另加"),
            (E.OPINION, "", O.INSTRUCTED, "", "5", "获领导批示"),
            (E.SPEECH, "", O.SPOKE_PLENARY, "", "5", "大会发言"),
            (E.SPEECH, "", O.SPOKE_WRITTEN, "", "3", "书面发言"),
            (E.SPEECH, "", O.SPOKE, "", "2", "其他会议发言"),
            (E.CONSULTATION, "", O.TOOK_PART, "", "2", "参加协商活动"),
            (E.INSPECTION, "", O.TOOK_PART, "", "2", "参加视察"),
            (E.RESEARCH, "", O.TOOK_PART, "", "2", "参加调研"),
            (E.SUPERVISION, "", O.TOOK_PART, "", "2", "参加民主监督"),
            (E.SPECIAL_SUPERVISOR, "", O.TOOK_PART, "", "2", "特约监督员履职"),
            (E.ATTEND_OUTSIDE, "", O.ATTENDED, "", "1", "列席会议、旁听庭审"),
            (E.STUDY, "", O.ATTENDED, "", "1", "参加学习培训"),
            (E.STATION, "", O.TOOK_PART, "", "1", "委员工作站活动"),
            (E.REPORTED, "", O.TOOK_PART, "", "1", "经审核的自报履职活动"),
            (E.COMMENDATION, "", O.EXCELLENT_OPINION, "", "5", "获评优秀社情民意信息"),
            (E.COMMENDATION, "", O.EXCELLENT_MEMBER, "", "10", "获评优秀委员"),
            (E.COMMENDATION, "", O.ADVANCED, "", "5", "获评先进个人"),
        )),
        CategoryPreset("缺勤扣分", None, (
            (E.PLENARY, "", O.ABSENT, "", "-30", "无故缺席全体会议"),
            (E.PLENARY, "", O.EXCUSED, "", "-10", "请假缺席全体会议"),
        )),
    ),
    bands=GRADES,
    minimums=THREE_ONES,
)

PER_ITEM = Preset(
    name="委员履职量化考核（逐项计分）",
    base="0",
    notes="不设基础分，逐项累计：会议最多50分，提案最多25分，活动最多10分，社情民意最多15分。"
          "联名提案的第一提案人、集体提案的牵头人按个人提案的一半计分，联名人每件2分。",
    categories=(
        CategoryPreset("会议", "50", (
            (E.PLENARY, "", O.ATTENDED, "", "20", "出席全体会议"),
            (E.STANDING, "", O.ATTENDED, "", "5", "出席常委会议"),
            (E.MEETING, "", O.ATTENDED, "", "5", "出席其他会议"),
            (E.STUDY, "", O.ATTENDED, "", "2", "参加学习培训"),
        )),
        CategoryPreset("提案", "25", (
            (E.PROPOSAL, R.FIRST, O.SUBMITTED, "", "10", "提交提案（第一提案人）"),
            (E.PROPOSAL, R.FIRST, O.FILED, "", "15", "提案立案（第一提案人）"),
            (E.PROPOSAL, R.JOINT_FIRST, O.SUBMITTED, "", "5", "联名提案第一提案人减半"),
            (E.PROPOSAL, R.JOINT_FIRST, O.FILED, "", "7.5", "联名提案立案，第一提案人减半"),
            (E.PROPOSAL, R.COLLECTIVE, O.SUBMITTED, "", "5", "集体提案牵头人减半"),
            (E.PROPOSAL, R.COLLECTIVE, O.FILED, "", "7.5", "集体提案立案，牵头人减半"),
            (E.PROPOSAL, R.COSIGNER, O.SUBMITTED, "", "2", "联名提案"),
        )),
        CategoryPreset("活动", "10", (
            (E.CONSULTATION, "", O.TOOK_PART, "", "2", "协商活动"),
            (E.INSPECTION, "", O.TOOK_PART, "", "2", "视察"),
            (E.RESEARCH, "", O.TOOK_PART, "", "2", "调研"),
            (E.SUPERVISION, "", O.TOOK_PART, "", "2", "民主监督"),
            (E.SPECIAL_SUPERVISOR, "", O.TOOK_PART, "", "2", "特约监督"),
            (E.ATTEND_OUTSIDE, "", O.ATTENDED, "", "2", "列席、旁听"),
            (E.STATION, "", O.TOOK_PART, "", "2", "委员工作站活动"),
            (E.REPORTED, "", O.TOOK_PART, "", "2", "经审核的自报履职活动"),
        )),
        CategoryPreset("社情民意", "15", (
            (E.OPINION, "", O.SUBMITTED, "", "10", "报送社情民意信息"),
            (E.OPINION, "", O.ADOPTED, "", "5", "被采用"),
        )),
    ),
    bands=GRADES,
    minimums=THREE_ONES,
)

BLANK = Preset(name="委员履职量化考核", base="0", notes="", categories=(), bands=GRADES, minimums=())

PRESETS: dict[str, Preset] = {
    ScoringPreset.BASE_BONUS: BASE_BONUS,
    ScoringPreset.PER_ITEM: PER_ITEM,
    ScoringPreset.BLANK: BLANK,
}
