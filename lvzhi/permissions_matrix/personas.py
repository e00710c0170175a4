"""The personas of the matrix and the groups a row names them by (`read=CITY_STAFF | LEADER`)."""
from __future__ import annotations

Who = frozenset[str]

ANONYMOUS = "anonymous"
ANON: Who = frozenset({ANONYMOUS})     # for the few pages anyone may open (the login page)
ALICE: Who = frozenset({"alice"})        # the member whose drafts, records and personal data the rows read
BOB: Who = frozenset({"bob"})            # another member: co-signer of alice's joint proposal, a special supervisor
DAN: Who = frozenset({"dan"})            # another member with nothing of alice's
CAROL: Who = frozenset({"carol"})        # city 办公室
PETE: Who = frozenset({"pete"})          # city 提案委
RITA: Who = frozenset({"rita"})          # city 研究室
SAM: Who = frozenset({"sam"})            # city 专委会
UMA: Who = frozenset({"uma"})            # staff of handling unit A (the proposal is assigned to it)
VIC: Who = frozenset({"vic"})            # staff of handling unit B
LEO: Who = frozenset({"leo"})            # city leader (reads the subtree)
OLGA: Who = frozenset({"olga"})          # 办公室 staff of a district: another committee's staff
SYSADMIN: Who = frozenset({"sysadmin"})
SECADMIN: Who = frozenset({"secadmin"})
AUDITOR: Who = frozenset({"auditor"})

MEMBERS = ALICE | BOB | DAN
CITY_STAFF = CAROL | PETE | RITA | SAM
UNITS = UMA | VIC
STAFF = CITY_STAFF | OLGA                # staff of some committee's offices
ADMINS = SYSADMIN | SECADMIN | AUDITOR
BUSINESS = MEMBERS | STAFF | UNITS | LEO  # every signed-in persona who is not one of the three administrators
EVERYONE = BUSINESS | ADMINS             # every signed-in persona
NOBODY: Who = frozenset()

# Order of the columns in failure messages.
PERSONAS: tuple[str, ...] = ("alice", "bob", "dan", "carol", "pete", "rita", "sam", "uma", "vic", "leo", "olga",
                             "sysadmin", "secadmin", "auditor", ANONYMOUS)
