"""The made-up people of the demo (no real people): names, and the few members who do nothing but attend."""
from __future__ import annotations

import random

from lvzhi.committees.models import Committee
from lvzhi.members.models import MemberRole, Membership

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏建国志新春梅海燕晓东宏波斌宇辉凤琳雪松峰欣怡博文思远嘉浩然子涵雨欣佳琪晨阳立群德胜永福振华继红淑珍秀英瑞丰"


def person_name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2, 2])))
        if name not in used:
            used.add(name)
            return name


QUIET_SHARE = 80  # one member in this many comes to the demo year's plenary and nothing else (a 年委员)


def quiet_members(committee: Committee) -> set[int]:
    """The person ids of the few ordinary members whom the demo lines leave out of everything but the plenary, so
    that the 年委员 list (members seen only at the annual plenary) has someone on it, as it has in life."""
    ordinary = Membership.objects.filter(committee=committee, role=MemberRole.MEMBER, is_active=True)
    count = max(1, ordinary.count() // QUIET_SHARE)
    return set(ordinary.order_by("-id").values_list("person_id", flat=True)[:count])
